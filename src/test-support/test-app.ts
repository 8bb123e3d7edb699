import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { calendarDate } from '../core/dates.ts';
import { type Database, openEmbedded, openPostgres } from '../db/database.ts';
import { buildApp } from '../http/app.ts';
import { createApiKey } from '../identity/api-keys.ts';
import type { MovableClock } from '../platform/business-date.ts';
import { type Clock, fixedClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { loadConfig } from '../platform/config.ts';

/**
 * A fresh database for one test file: in-memory PGlite by default, or, when TEST_DATABASE_URL is
 * set, a new database created on that PostgreSQL server and dropped afterwards. Same migrations,
 * same queries, same tests on both.
 */
export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openEmbedded();
  const name = `autofin_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Five connections keep many test files in parallel within the server's limit; a benchmark asks for production's.
  const database = await openPostgres(url.toString(), { poolSize: options.poolSize ?? 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  clock: Clock;
  config: Config;
  close(): Promise<void>;
};

export const TEST_TODAY = calendarDate('2026-11-20');
/** A fixed secret key for tests (never a real one). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

export async function createTestApp(
  options: {
    clock?: Clock;
    movableClock?: MovableClock;
    timeTravel?: boolean;
    mfa?: 'required' | 'optional';
    beforeReady?: (app: FastifyInstance) => void;
    poolSize?: number;
  } = {},
): Promise<TestApp> {
  const database = await openTestDatabase({ poolSize: options.poolSize });
  const clock = options.clock ?? fixedClock(TEST_TODAY);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    AUTOFIN_WEB_DIST: '/nonexistent',
    AUTOFIN_TIME_TRAVEL: options.timeTravel ? '1' : '0',
    // Tests read the mail they cause in the demo mailbox (a real portal leaves it off).
    AUTOFIN_DEMO_MAILBOX: '1',
    AUTOFIN_MFA: options.mfa ?? 'required',
    // A cycle run by a test writes its ACH file here, never into the checkout.
    AUTOFIN_ACH_OUTGOING_DIR: path.join(tmpdir(), `autofin-test-ach-${randomUUID()}`),
    AUTOFIN_PRINT_DIR: path.join(tmpdir(), `autofin-test-print-${randomUUID()}`),
  });
  const app = await buildApp({
    config,
    database,
    clock,
    secretKey: TEST_SECRET_KEY,
    ...(options.movableClock ? { movableClock: options.movableClock } : {}),
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    database,
    clock,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export async function boardingKey(
  database: Database,
  role: 'boarding' | 'servicing' = 'boarding',
): Promise<string> {
  const { key } = await createApiKey(database.db, { role, label: 'test' });
  return key;
}

/** Boards one contract through the API (as an origination system would) and checks it was boarded. */
export async function boardContract(t: TestApp, key: string, contract: object): Promise<void> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/contracts',
    headers: { authorization: `Bearer ${key}` },
    payload: contract,
  });
  if (res.statusCode !== 201) throw new Error(`boarding failed: ${res.statusCode} ${res.body}`);
}
