import type { Db } from '../db/database.ts';

/**
 * Counts the statements a Drizzle handle sends (through its session's logger), transactions
 * included, so a test can prove a read costs a fixed number of queries whatever the data's size.
 */
export function countQueries(db: Db) {
  const session = (db as unknown as { session: { logger: unknown; options: { logger?: unknown } } }).session;
  const saved = { logger: session.logger, options: session.options.logger };
  const statements: string[] = [];
  const logger = { logQuery: (query: string) => statements.push(query) };
  session.logger = logger;
  session.options.logger = logger;
  return {
    statements,
    stop: () => {
      session.logger = saved.logger;
      session.options.logger = saved.options;
    },
  };
}
