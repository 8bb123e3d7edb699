import { performance } from 'node:perf_hooks';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CalendarDate } from '../src/core/dates.ts';
import type { ContractRange } from '../src/db/contract-range.ts';
import { findContract } from '../src/db/contracts.ts';
import type { Db } from '../src/db/database.ts';
import { contracts, statements } from '../src/db/schema.ts';
import { generatedContracts } from '../src/demo/demo-data.ts';
import { renderStatement } from '../src/documents/statement-pdf.ts';
import { statementSnapshot } from '../src/documents/statements.schemas.ts';
import { cutStatements } from '../src/documents/statements.ts';
import { type Clock, fixedClock } from '../src/platform/clock.ts';
import { boardContracts } from '../src/servicing/boarding.ts';
import { postPayment } from '../src/servicing/payment-posting.ts';
import { loanPayoff, positionOf } from '../src/servicing/servicing.ts';
import { openTestDatabase } from '../src/test-support/test-app.ts';
import { type LatencyReport, latencyReport } from './latency.ts';

/**
 * Issue 7's statement figures: the daily cycle's statement step for `contracts` generated contracts
 * (every chunk of 1,000 contract ids in turn, as one worker runs them: snapshots only, PDFs render on
 * demand), the same step run again (nothing left to cut: what a rerun costs), then `renders` PDF
 * renders of the statements cut, one after another in this process (one core). The generated
 * contracts are due on every day of the month, so a day's step cuts about 1/30 of them; and one loan
 * in a hundred is paid off on the day (posted before the step, as the cycle's payments stage would),
 * so the step also cuts those loans' final statements.
 */
export type StatementBenchOptions = {
  contracts: number;
  renders: number;
  today: CalendarDate;
  engine: string;
};

const BATCH = 1_000;
const CHUNK = 1_000;
const audit = { actor: { type: 'system' as const, id: 'bench' } };

/** The cycle's chunks (as daily-cycle.ts plans them): every CHUNK-th contract id starts one. */
async function chunksOf(db: Parameters<typeof cutStatements>[0]): Promise<ContractRange[]> {
  const numbered = db
    .select({ id: contracts.id, n: sql<number>`row_number() over (order by ${contracts.id}) - 1`.as('n') })
    .from(contracts)
    .as('numbered');
  const starts = await db
    .select({ id: numbered.id })
    .from(numbered)
    .where(sql`${numbered.n} % ${CHUNK} = 0 and ${numbered.n} > 0`)
    .orderBy(numbered.id);
  const bounds = [null, ...starts.map((r) => r.id), null];
  return bounds.slice(0, -1).map((fromId, i) => ({ fromId, beforeId: bounds[i + 1] ?? null }));
}

/** Pays off every hundredth loan on `day` (its exact payoff, as a customer's payoff payment would). */
async function payOffOnePercent(db: Db, clock: Clock, day: CalendarDate): Promise<number> {
  const loans = await db
    .select({ contractNumber: contracts.contractNumber })
    .from(contracts)
    .where(eq(contracts.kind, 'retail_installment'))
    .orderBy(contracts.contractNumber);
  let paid = 0;
  for (const { contractNumber } of loans.filter((_, i) => i % 100 === 0)) {
    const contract = await findContract(db, contractNumber);
    if (contract?.kind !== 'retail_installment') continue;
    const { payoff } = loanPayoff(contract, await positionOf(db, contract, day), day, day);
    await postPayment(
      db,
      clock,
      contractNumber,
      { amountCents: payoff, receivedOn: day, channel: 'ach', intent: 'payoff' },
      { scope: 'bench-statements', key: contractNumber },
      audit,
    );
    paid += 1;
  }
  return paid;
}

export async function benchStatements(options: StatementBenchOptions) {
  const database = await openTestDatabase({ poolSize: 10 });
  const { db } = database;
  const clock = fixedClock(options.today);
  try {
    const boardStarted = performance.now();
    for (let from = 1; from <= options.contracts; from += BATCH) {
      const batch = generatedContracts(from, Math.min(BATCH, options.contracts - from + 1), options.today);
      await boardContracts(db, clock, batch, audit);
    }
    const boardSeconds = (performance.now() - boardStarted) / 1000;
    const paidOff = await payOffOnePercent(db, clock, options.today);
    // A portfolio in service has its planner statistics (autovacuum keeps them); a database loaded a
    // moment ago may not yet, and the step's figure would then depend on when auto-analyze ran.
    await db.execute(sql`analyze`);
    const ranges = await chunksOf(db);

    const step = async () => {
      const latencies: number[] = [];
      let cut = 0;
      const started = performance.now();
      for (const range of ranges) {
        const t0 = performance.now();
        cut += (await cutStatements(db, clock, options.today, range)).cut;
        latencies.push(performance.now() - t0);
      }
      return { latencies, cut, wallMs: performance.now() - started };
    };
    const first = await step();
    const again = await step();
    const finals = await db
      .select({ id: statements.id })
      .from(statements)
      .where(and(eq(statements.closingDate, options.today), isNull(statements.dueDate)));

    const rows = await db
      .select({ snapshot: statements.snapshot })
      .from(statements)
      .where(eq(statements.closingDate, options.today));
    const snapshots = rows.map((r) => statementSnapshot.parse(r.snapshot));
    await renderStatement(snapshots[0]!); // warm-up: fonts load once per process
    const renderLatencies: number[] = [];
    const renderStarted = performance.now();
    let bytes = 0;
    // The day's statements in turn, as many times over as it takes to render `renders` of them.
    for (let i = 0; i < options.renders && snapshots.length > 0; i++) {
      const t0 = performance.now();
      bytes += (await renderStatement(snapshots[i % snapshots.length]!)).length;
      renderLatencies.push(performance.now() - t0);
    }
    const renderWall = performance.now() - renderStarted;

    const perStatement = (ms: number, count: number) => (count === 0 ? 0 : Number((ms / count).toFixed(2)));
    const reports: LatencyReport[] = [
      latencyReport('PDF render of one statement (one core)', renderLatencies, renderWall),
    ];
    return {
      setup: {
        engine: options.engine,
        contracts: options.contracts,
        chunks: ranges.length,
        'board s': Number(boardSeconds.toFixed(1)),
        'paid off on the day': paidOff,
        'statement date': options.today,
      },
      step: [
        {
          task: `db (${options.engine}): statement step, ${ranges.length} chunks`,
          'statements cut': first.cut,
          'of which final': finals.length,
          's total': Number((first.wallMs / 1000).toFixed(2)),
          'statements/s': Math.round((first.cut / first.wallMs) * 1000),
          'ms per statement': perStatement(first.wallMs, first.cut),
          'chunk p50 ms': latencyReport('', first.latencies, first.wallMs).p50,
          'chunk p99 ms': latencyReport('', first.latencies, first.wallMs).p99,
        },
        {
          task: `db (${options.engine}): the same step again (nothing to cut)`,
          'statements cut': again.cut,
          'of which final': 0,
          's total': Number((again.wallMs / 1000).toFixed(2)),
          'statements/s': 0,
          'ms per statement': 0,
          'chunk p50 ms': latencyReport('', again.latencies, again.wallMs).p50,
          'chunk p99 ms': latencyReport('', again.latencies, again.wallMs).p99,
        },
      ],
      render: reports.map((r) => ({
        task: r.task,
        'renders/s': r.perSecond,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        count: r.count,
        'mean KB': r.count === 0 ? 0 : Math.round(bytes / r.count / 1024),
      })),
    };
  } finally {
    await database.close();
  }
}
