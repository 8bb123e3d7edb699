import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { lockDataFolder } from './data-folder-lock.ts';
import * as schema from './schema.ts';

/** One Drizzle handle for both engines: services are written against this and never know which. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Database = {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Where the data lives, for logs: a folder, "memory", or the server's host and database. */
  location: string;
  close(): Promise<void>;
  /** How the job queue (pg-boss) reaches the same database: its own pool, or the one embedded client. */
  queueConnection: { engine: 'postgres'; connectionString: string } | { engine: 'pglite'; client: PGlite };
};

const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

// Any fixed number: every process that migrates the same PostgreSQL takes this advisory lock first,
// so two portal processes starting together do not apply the same migration twice.
const MIGRATION_LOCK_KEY = 7_265_001;

// PostgreSQL answers bigint as text by default; our bigints are cents and ids, all safe integers,
// and the row mappers check that. (int8 = oid 20.)
pg.types.setTypeParser(20, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint out of safe range: ${value}`);
  return n;
});

export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection the server closes (a restart, a terminated backend, a dropped test database)
  // is an 'error' event on the pool, which would otherwise crash the process: pg has already removed
  // it, and the next query opens a new one. Queries in flight still fail with their own errors.
  pool.on('error', () => {});
  const db = drizzleNodePostgres(pool, { schema });
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateNodePostgres(drizzleNodePostgres(client, { schema }), {
      migrationsFolder: MIGRATIONS_FOLDER,
    });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
  const { host, port, pathname } = new URL(url);
  return {
    db: db as unknown as Db,
    engine: 'postgres',
    location: `${host}${port ? `:${port}` : ''}${pathname}`,
    close: () => pool.end(),
    queueConnection: { engine: 'postgres', connectionString: url },
  };
}

/** Embedded PostgreSQL (PGlite) in `dataDir`, or in memory when `dataDir` is undefined (tests). */
export async function openEmbedded(dataDir?: string): Promise<Database> {
  let releaseLock = async () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = await lockDataFolder(dataDir);
  }
  try {
    const client = await PGlite.create(dataDir ? path.resolve(dataDir) : undefined);
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      db: db as unknown as Db,
      engine: 'pglite',
      location: dataDir ? path.resolve(dataDir) : 'memory',
      queueConnection: { engine: 'pglite', client },
      close: async () => {
        await client.close();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

export async function isReachable(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
