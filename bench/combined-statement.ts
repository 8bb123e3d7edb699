import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import { getDocumentProxy } from 'unpdf';
import type { CalendarDate } from '../src/core/dates.ts';
import { organizationStatements } from '../src/db/schema.ts';
import {
  buildCombinedStatement,
  cutOrganizationStatements,
  organizationStatementDate,
} from '../src/organizations/combined-statement.ts';
import { renderCombinedStatement } from '../src/organizations/combined-statement-pdf.ts';
import { combinedStatementSnapshot } from '../src/organizations/statements.schemas.ts';
import { fixedClock } from '../src/platform/clock.ts';
import { openTestDatabase } from '../src/test-support/test-app.ts';
import { benchBusiness, boardBusinessFleet } from './business-fleet.ts';
import { latencyReport } from './latency.ts';

/**
 * The organization's combined statement at fleet size (issue 15): one business holding `contracts`
 * generated contracts (loans and leases, due on every day of the month). Timed: reading the fleet's
 * figures for the statement (as of the day the positions are stored for, and as of the month's last
 * business day, when they are recomputed set-based), the cut itself (the close stage's step, the
 * snapshot written) and the same cut again (nothing to cut), then `renders` PDF renders of that
 * statement, one after another on one core.
 */

const party = benchBusiness('BENCH-COMBINED', 'Bench Combined Fleet LLC');

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t0 };
}

export async function benchCombinedStatement(options: {
  contracts: number;
  renders: number;
  today: CalendarDate;
  engine: string;
}) {
  const database = await openTestDatabase({ poolSize: 10 });
  const { db } = database;
  const clock = fixedClock(options.today);
  const closing = organizationStatementDate(options.today);
  try {
    const boarded = await timed(() => boardBusinessFleet(db, clock, options.today, party, options.contracts));
    const org = { id: boarded.value };

    const read = async (date: CalendarDate) => {
      const runs: number[] = [];
      let lines = 0;
      for (let i = 0; i < 3; i++) {
        const { value, ms } = await timed(() => buildCombinedStatement(db, org.id, date));
        runs.push(ms);
        lines = value!.snapshot.lines.length;
      }
      return { lines, best: Math.min(...runs) };
    };
    const stored = await read(options.today);
    const recomputed = await read(closing);
    const first = await timed(() => cutOrganizationStatements(db, clock, closing));
    const again = await timed(() => cutOrganizationStatements(db, clock, closing));

    const [row] = await db
      .select({ snapshot: organizationStatements.snapshot })
      .from(organizationStatements)
      .where(eq(organizationStatements.organizationId, org.id));
    const snapshot = combinedStatementSnapshot.parse(row!.snapshot);
    await renderCombinedStatement(snapshot); // warm-up: fonts load once per process
    const latencies: number[] = [];
    let pdf = Buffer.alloc(0);
    const started = performance.now();
    for (let i = 0; i < options.renders; i++) {
      const { value, ms } = await timed(() => renderCombinedStatement(snapshot));
      pdf = value;
      latencies.push(ms);
    }
    const wall = performance.now() - started;
    const pages = (await getDocumentProxy(new Uint8Array(pdf))).numPages;
    const render = latencyReport('', latencies, wall);
    return {
      setup: {
        engine: options.engine,
        contracts: options.contracts,
        'board s': seconds(boarded.ms),
        'closing date': closing,
      },
      cut: [
        {
          task: `db (${options.engine}): the fleet's figures, positions stored for the date (best of 3)`,
          contracts: stored.lines,
          ms: Math.round(stored.best),
        },
        {
          task: `db (${options.engine}): the fleet's figures, recomputed for the closing date (best of 3)`,
          contracts: recomputed.lines,
          ms: Math.round(recomputed.best),
        },
        {
          task: `db (${options.engine}): the close stage's cut (snapshot written)`,
          contracts: snapshot.lines.length,
          ms: Math.round(first.ms),
        },
        {
          task: `db (${options.engine}): the same cut again (nothing to cut)`,
          contracts: again.value.cut,
          ms: Math.round(again.ms),
        },
      ],
      render: [
        {
          task: `PDF render of the combined statement, ${snapshot.lines.length.toLocaleString('en-US')} contracts (one core)`,
          'p50 ms': render.p50,
          'max ms': Math.round(Math.max(...latencies)),
          renders: render.count,
          pages,
          MB: Number((pdf.length / 1024 / 1024).toFixed(1)),
        },
      ],
    };
  } finally {
    await database.close();
  }
}
