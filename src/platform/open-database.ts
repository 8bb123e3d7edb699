import { type Database, openEmbedded, openPostgres } from '../db/database.ts';
import type { Config } from './config.ts';

/** PostgreSQL when DATABASE_URL is set, otherwise the embedded database in AUTOFIN_DATA_DIR. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openEmbedded(config.dataDir);
}
