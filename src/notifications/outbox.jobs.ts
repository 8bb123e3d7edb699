import type { Db } from '../db/database.ts';
import type { Clock } from '../platform/clock.ts';
import type { JobQueue } from '../platform/queue.ts';
import { deliverOutbox, type MailTransport } from './mail.ts';

/**
 * Outbox delivery on pg-boss. The outbox row is the message (written in the transaction of what it
 * reports, notifications/mail.ts), so sending one enqueues nothing: a delivery job sends whatever is due.
 * The queue is `stately` (at most one job waiting and one running, on every process together), and
 * each run queues the next one 10 seconds on, so mail leaves within seconds as before; a schedule
 * every minute starts that chain again if a process died holding it. Retries and their backoff are
 * the outbox's own (`next_attempt_at`); after MAX_DELIVERY_ATTEMPTS a message is dead (staff see and
 * retry it, notifications/notify.ts).
 */
export const DELIVERY_QUEUE = 'outbox-delivery';
const FOLLOW_UP_SECONDS = 10;
const BATCH_SIZE = 50;

type Log = { error(details: object, message: string): void };

export type OutboxDelivery = {
  /** Delivers what is due now, batch after batch until fewer than a batch were due. */
  runOnce(): Promise<{ sent: number; failed: number }>;
};

export async function startOutboxDelivery(
  boss: JobQueue,
  db: Db,
  clock: Clock,
  transport: MailTransport,
  options: { from: string },
  log: Log,
): Promise<OutboxDelivery> {
  await boss.createQueue(DELIVERY_QUEUE, { policy: 'stately', retryLimit: 0, expireInSeconds: 600 });

  const runOnce = async () => {
    const total = { sent: 0, failed: 0 };
    for (;;) {
      const run = await deliverOutbox(db, clock, transport, {
        from: options.from,
        batchSize: BATCH_SIZE,
      });
      total.sent += run.sent;
      total.failed += run.failed;
      if (run.sent + run.failed < BATCH_SIZE) return total;
    }
  };

  await boss.work(DELIVERY_QUEUE, async () => {
    try {
      await runOnce();
    } catch (error) {
      log.error({ err: error }, 'mail delivery failed');
    } finally {
      await boss.send(DELIVERY_QUEUE, {}, { startAfter: FOLLOW_UP_SECONDS });
    }
  });
  await boss.schedule(DELIVERY_QUEUE, '* * * * *');
  await boss.send(DELIVERY_QUEUE, {});
  return { runOnce };
}
