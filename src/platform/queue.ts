import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';

/**
 * The process's one pg-boss instance, on the portal's own database: PostgreSQL through its own small
 * pool, or the embedded PGlite client (pg-boss's PGlite backend), so the embedded default has the
 * same queue. The daily cycle (cycle/daily-cycle.jobs.ts) and outbox delivery (notifications/outbox.jobs.ts)
 * register their queues on it; stopping it stops both.
 */
export type JobQueue = PgBoss;

type Log = { error(details: object, message: string): void };

export async function startJobQueue(database: Database, log: Log): Promise<JobQueue> {
  const connection = database.queueConnection;
  const boss =
    connection.engine === 'pglite'
      ? new PgBoss({ db: fromPglite(connection.client), backend: 'pglite', schema: 'pgboss' })
      : new PgBoss({ connectionString: connection.connectionString, schema: 'pgboss', max: 4 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  return boss;
}

export const stopJobQueue = (boss: JobQueue) => boss.stop({ graceful: true, timeout: 30_000 });
