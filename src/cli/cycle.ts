import type { Writable } from 'node:stream';
import { type CycleSummary, cycleDeps, cycleProgress, startCycleWorkers } from '../cycle/index.ts';
import type { Database } from '../db/database.ts';
import { sandboxPaymentGateway } from '../payments/index.ts';
import { storedBusinessDate } from '../platform/business-date.ts';
import { systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { startJobQueue, stopJobQueue } from '../platform/queue.ts';
import { loadSecretKey } from '../platform/secret-key.ts';

/** `cycle status`: the latest business dates' cycles, a few lines each (the staff page shows the same). */
export async function cycleStatusCommand(database: Database, out: Writable, limit: number): Promise<void> {
  const cycles = await cycleProgress(database.db, { limit });
  if (cycles.length === 0) {
    out.write('No daily cycle has run yet.\n');
    return;
  }
  for (const cycle of cycles) out.write(describe(cycle));
}

function describe(cycle: CycleSummary): string {
  const took = cycle.finishedAt
    ? ` in ${((cycle.finishedAt.getTime() - cycle.startedAt.getTime()) / 1000).toFixed(1)} s`
    : '';
  const lines = [
    `${cycle.date}  ${cycle.status}${took}  (${cycle.contractCount} contracts, ${cycle.chunkCount} chunks)`,
  ];
  for (const stage of cycle.stages) {
    const counts = Object.entries(stage.counts)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    lines.push(`  ${stage.stage.padEnd(10)} ${`${stage.done}/${stage.total}`.padStart(9)}  ${counts}`);
  }
  for (const e of cycle.errors)
    lines.push(`  ! ${e.stage} chunk ${e.chunk}: ${e.attempts} attempts: ${e.error}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `cycle work`: a worker process for the daily cycle, beside the portal's own (on PostgreSQL, any
 * number on any machines). Runs until stopped, or with `untilIdle` until no cycle is due or running.
 */
export async function cycleWorkCommand(
  config: Config,
  database: Database,
  options: { concurrency: number; untilIdle: boolean },
  out: Writable,
): Promise<void> {
  // With time travel the business date is the one the portal stored; it is read once, at start.
  const real = systemClock(config.timeZone);
  const stored = config.timeTravel ? await storedBusinessDate(database.db) : undefined;
  const clock = stored ? { now: real.now, today: () => stored } : real;
  const secretKey = loadSecretKey(config);
  const log = {
    info: (details: object, message: string) => out.write(`${message} ${JSON.stringify(details)}\n`),
    error: (details: object, message: string) =>
      process.stderr.write(`${message} ${String((details as { err?: unknown }).err ?? '')}\n`),
  };
  const jobs = await startJobQueue(database, log);
  const workers = await startCycleWorkers(
    jobs,
    database.db,
    cycleDeps(config, { clock, secretKey, gateway: sandboxPaymentGateway(secretKey, clock) }),
    log,
    { concurrency: options.concurrency },
  );
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  if (options.untilIdle) {
    for (;;) {
      const due = await workers.tick();
      if (!due) break;
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 1_000))]);
    }
  } else {
    await stopped;
  }
  await stopJobQueue(jobs);
}
