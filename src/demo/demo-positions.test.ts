import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import type { Database } from '../db/database.ts';
import { contractPositions } from '../db/schema.ts';
import { sandboxPaymentGateway } from '../payments/index.ts';
import { fixedClock } from '../platform/clock.ts';
import { countContracts } from '../servicing/boarding.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { openTestDatabase, TEST_SECRET_KEY } from '../test-support/test-app.ts';
import { seedDemoData } from './demo-data.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('demo data', () => {
  // Boards the whole demo portfolio with its payment history: slow on a busy two-core machine.
  it('leaves every contract a stored position equal to its recomputation', async () => {
    const clock = fixedClock(calendarDate('2026-11-20'));
    await seedDemoData(database.db, clock, {
      secretKey: TEST_SECRET_KEY,
      gateway: sandboxPaymentGateway(TEST_SECRET_KEY, clock),
    });
    const [stored] = await database.db.select({ n: sql<number>`count(*)::int` }).from(contractPositions);
    expect(stored?.n).toBe(await countContracts(database.db));
    const check = await checkLedger(database.db);
    expect(check.positionMismatches).toEqual([]);
    expect(check.balanceMismatches).toEqual([]);
  }, 120_000);
});
