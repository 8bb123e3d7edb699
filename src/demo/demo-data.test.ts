import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../core/dates.ts';
import type { Database } from '../db/database.ts';
import { users } from '../db/schema.ts';
import { verifyPassword } from '../identity/passwords.ts';
import { fixedClock } from '../platform/clock.ts';
import { secretBox } from '../platform/secret-box.ts';
import { countContracts, validateBoardingRows } from '../servicing/boarding.ts';
import { checkLedger } from '../servicing/ledger.ts';
import { contractStatus } from '../servicing/servicing.ts';
import { openTestDatabase, TEST_SECRET_KEY } from '../test-support/test-app.ts';
import { DEMO_PASSWORD, demoContracts, generatedContracts, seedDemoData } from './demo-data.ts';

const today = calendarDate('2026-11-20');
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('demo data', () => {
  // Boards some seventy contracts with their payment history: slow on a busy two-core machine.
  it('boards a loan with a co-signer, a lease and a 30-vehicle fleet, with logins, once', async () => {
    const logins = await seedDemoData(database.db, fixedClock(today), secretBox(TEST_SECRET_KEY));
    expect(logins?.map((l) => l.userId)).toEqual([
      'maria.garcia',
      'james.smith',
      'aisha.johnson',
      'keystone.fleet',
      'agent.rivera',
      'supervisor.chen',
    ]);
    expect(await countContracts(database.db)).toBe(72);
    const [maria] = await database.db.select().from(users).where(sql`login_id = 'maria.garcia'`);
    expect(maria?.customerId).toBeTruthy();
    expect(await verifyPassword(maria!.passwordHash!, DEMO_PASSWORD)).toBe(true);
    expect(await seedDemoData(database.db, fixedClock(today), secretBox(TEST_SECRET_KEY))).toBeUndefined();
    expect(await countContracts(database.db)).toBe(72);
    // Each demo customer paid every installment on time except the lease customer's latest one.
    const clock = fixedClock(today);
    expect(await contractStatus(database.db, clock, 'RIC-1001-2025')).toMatchObject({
      pastDueCents: 0,
      bucket: 'current',
    });
    const lease = await contractStatus(database.db, clock, 'LSE-2001-2025');
    expect(lease.pastDueCents).toBeGreaterThan(0);
    const ledger = await checkLedger(database.db);
    expect(ledger.unbalancedEntries).toEqual([]);
    expect(ledger.balanceMismatches).toEqual([]);
  }, 120_000);

  it('is deterministic for a business date', () => {
    expect(demoContracts(today)).toEqual(demoContracts(today));
  });

  it('generates scale-test contracts that pass boarding validation', () => {
    const { errors, valid } = validateBoardingRows(generatedContracts(1, 500, today), today);
    expect(errors).toEqual([]);
    expect(valid).toHaveLength(500);
  });
});
