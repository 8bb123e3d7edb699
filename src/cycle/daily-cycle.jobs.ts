import type { CalendarDate } from '../core/dates.ts';
import type { Db } from '../db/database.ts';
import type { PaymentGateway } from '../payments/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { JobQueue } from '../platform/queue.ts';
import { secretBox } from '../platform/secret-box.ts';
import {
  type CycleDeps,
  type CycleStep,
  dueCycleDate,
  nextSteps,
  planCycle,
  runStep,
} from './daily-cycle.ts';

/**
 * The daily cycle's workers, on pg-boss (the same queue on PostgreSQL and on embedded PGlite). A
 * tick (every minute, and at start) plans the cycle that is due and hands out the steps of its
 * current stage as jobs; whoever finishes a stage's last step hands out the next stage, and the close
 * of a date starts the next date, so missed days catch up in order. Any number of processes on any
 * number of machines may run `startCycleWorkers`: the queue is `exclusive` per step (one job queued
 * or active for each), and a step's work is idempotent besides (cycle/daily-cycle.ts), so a job
 * retried after a crash, or a tick re-sending a stalled step, only finishes what was left.
 */
const STEP_QUEUE = 'daily-cycle-step';
const TICK_QUEUE = 'daily-cycle-tick';

export type CycleWorkers = {
  /** Plans the due cycle, if any, and hands out its pending steps. */
  tick(): Promise<CalendarDate | undefined>;
};

type Log = { error(details: object, message: string): void; info(details: object, message: string): void };

/** What the cycle needs, from the configuration: one place for the portal, the CLI worker and time travel. */
export function cycleDeps(
  config: Config,
  parts: { clock: Clock; secretKey: Buffer; gateway?: PaymentGateway | undefined },
): CycleDeps {
  return {
    clock: parts.clock,
    box: secretBox(parts.secretKey),
    gateway: parts.gateway,
    achOutgoingDir: config.payments.achOutgoingDir,
    printDir: config.statements.printDir,
    statementDaysBeforeDue: config.statements.daysBeforeDue,
  };
}

export async function startCycleWorkers(
  boss: JobQueue,
  db: Db,
  deps: CycleDeps,
  log: Log,
  options: { concurrency?: number } = {},
): Promise<CycleWorkers> {
  await boss.createQueue(STEP_QUEUE, {
    policy: 'exclusive',
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 3_600,
    // A worker that dies mid-step stops beating: its job fails and is retried within a minute.
    heartbeatSeconds: 30,
  });
  await boss.createQueue(TICK_QUEUE, { policy: 'exclusive' });

  const keyOf = (step: CycleStep) => `${step.businessDate}:${step.stage}:${step.chunk}`;
  const handOut = async (date: CalendarDate) => {
    for (const step of await nextSteps(db, date)) {
      await boss.send(STEP_QUEUE, step, { singletonKey: keyOf(step) });
    }
  };
  const tick = async () => {
    const date = await dueCycleDate(db, deps.clock);
    if (!date) return undefined;
    if (await planCycle(db, deps, date)) log.info({ date }, 'daily cycle planned');
    await handOut(date);
    return date;
  };

  // A stage's steps are handed out when the one before ends: poll often so a date takes seconds.
  await boss.work<CycleStep>(
    STEP_QUEUE,
    { localConcurrency: options.concurrency ?? 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      const step = job!.data;
      const outcome = await runStep(db, deps, step);
      if (!outcome.stageDone) return;
      if (step.stage === 'close') {
        log.info({ date: step.businessDate }, 'daily cycle done');
        await tick();
      } else {
        await handOut(step.businessDate);
      }
    },
  );
  await boss.work(TICK_QUEUE, async () => {
    await tick();
  });
  // The tick also resumes a cycle whose jobs were lost (a crash between a stage's end and the hand-out).
  await boss.schedule(TICK_QUEUE, '* * * * *');
  await tick();
  return { tick };
}
