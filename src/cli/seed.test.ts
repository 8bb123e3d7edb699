import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import type { Database } from '../db/database.ts';
import { contractPositions } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { checkLedger } from '../servicing/index.ts';
import { openTestDatabase } from '../test-support/test-app.ts';
import { seedContracts } from './seed.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('cli seed', () => {
  it('leaves every generated contract a stored position, and the ledger check passes', async () => {
    // The progress bar and the summary line are for a terminal.
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await seedContracts(database.db, fixedClock(calendarDate('2026-11-20')), 40);
    } finally {
      quiet.mockRestore();
    }
    const [stored] = await database.db.select({ n: sql<number>`count(*)::int` }).from(contractPositions);
    expect(stored?.n).toBe(40);
    const check = await checkLedger(database.db);
    expect(check.positionMismatches).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  });
});
