import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../core/dates.ts';
import { findContract } from '../db/contracts.ts';
import type { Database } from '../db/database.ts';
import { contractPositions, contracts, ledgerChecks } from '../db/schema.ts';
import { fixedClock } from '../platform/clock.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { openTestDatabase } from '../test-support/test-app.ts';
import { boardContracts } from './boarding.ts';
import { checkLedger, latestLedgerCheck, recordLedgerCheck } from './ledger.ts';
import { refreshPositions } from './positions.ts';
import { contractStatus, positionOf, summarizePosition } from './servicing.ts';

// The fixture loan ($20,000 at 5%, 60 × $377.42 due on the 10th from 2026-02-10) and lease
// (36 × $397.57 from 2026-03-15), boarded on 2026-04-20 with nothing paid: both past due.
const today = calendarDate('2026-04-20');
const clock = fixedClock(today);
let database: Database;
const system = { actor: { type: 'system' as const, id: 'positions-test' } };

beforeAll(async () => {
  database = await openTestDatabase();
  await boardContracts(database.db, clock, [loanContract(), leaseContract()], system);
});
afterAll(() => database.close());

const storedRow = async (contractNumber: string) => {
  const [row] = await database.db
    .select({ position: contractPositions })
    .from(contractPositions)
    .innerJoin(contracts, eq(contracts.id, contractPositions.contractId))
    .where(eq(contracts.contractNumber, contractNumber));
  return row?.position;
};

describe('a stored position', () => {
  it('is written at boarding, as of the business date, with what the pages show', async () => {
    expect(await storedRow('RIC-000001')).toMatchObject({
      asOf: '2026-04-20',
      principalCents: 2_000_000,
      feesCents: 0,
      unappliedCents: 0,
      leaseReceivableCents: 0,
      // Installments of 2026-02-10, 03-10 and 04-10 unpaid and late; the bill adds 05-10's.
      pastDueCents: 3 * 37_742,
      amountDueCents: 4 * 37_742,
      daysPastDue: 69,
      bucket: '60-89',
      nextDueDate: '2026-02-10',
      nextDueAmountCents: 37_742,
    });
    expect(await storedRow('LSE-000001')).toMatchObject({
      asOf: '2026-04-20',
      principalCents: 0,
      leaseReceivableCents: 36 * 37_507,
      // 2026-03-15's and 04-15's payments, with tax.
      pastDueCents: 2 * 39_757,
      daysPastDue: 36,
      bucket: '30-59',
    });
    // The payoff is the customer's quote that day: the loan's good through today.
    const status = await contractStatus(database.db, clock, 'RIC-000001');
    const loan = (await findContract(database.db, 'RIC-000001'))!;
    const position = await positionOf(database.db, loan, today);
    expect((await storedRow('RIC-000001'))!.payoffCents).toBe(
      summarizePosition(loan, position, today).payoff,
    );
    expect((await storedRow('RIC-000001'))!.accruedInterestCents).toBe(status.balances.accruedInterestCents);
  });

  it('is brought to the day the cycle runs by its refresh, once per date', async () => {
    const tomorrow = addDays(today, 1);
    expect(await refreshPositions(database.db, today)).toBe(0);
    expect(await refreshPositions(database.db, tomorrow)).toBe(2);
    expect(await refreshPositions(database.db, tomorrow)).toBe(0);
    expect(await storedRow('RIC-000001')).toMatchObject({ asOf: '2026-04-21', daysPastDue: 70 });
    // Answers the same as the recomputation, stored or not.
    const nextDay = fixedClock(tomorrow);
    const stored = await contractStatus(database.db, nextDay, 'LSE-000001');
    await database.db.delete(contractPositions);
    expect(await contractStatus(database.db, nextDay, 'LSE-000001')).toEqual(stored);
    expect(await refreshPositions(database.db, tomorrow)).toBe(2);
  });
});

describe('the ledger check of positions', () => {
  it('finds none wrong when each is its recomputation', async () => {
    expect((await checkLedger(database.db)).positionMismatches).toEqual([]);
  });

  it('names a stored position that differs from its recomputation, the field and both values', async () => {
    const loan = (await findContract(database.db, 'RIC-000001'))!;
    await database.db
      .update(contractPositions)
      .set({ amountDueCents: sql`${contractPositions.amountDueCents} + 1` })
      .where(eq(contractPositions.contractId, loan.id));
    try {
      const { check, stored } = await recordLedgerCheck(database.db, clock, 'test');
      const expected = {
        contractId: loan.id,
        contractNumber: 'RIC-000001',
        asOf: '2026-04-21',
        fields: [{ field: 'amountDue', stored: 4 * 37_742 + 1, recomputed: 4 * 37_742 }],
      };
      expect(check.positionMismatches).toEqual([expected]);
      expect(stored).toMatchObject({
        positionMismatchCount: 1,
        findings: { positionMismatches: [expected] },
      });
      expect(await latestLedgerCheck(database.db)).toEqual(stored);
    } finally {
      await refreshPositions(database.db, addDays(today, 2));
    }
    expect((await checkLedger(database.db)).positionMismatches).toEqual([]);
  });

  it('names a contract with no stored position', async () => {
    const lease = (await findContract(database.db, 'LSE-000001'))!;
    await database.db.delete(contractPositions).where(eq(contractPositions.contractId, lease.id));
    expect((await checkLedger(database.db)).positionMismatches).toEqual([
      { contractId: lease.id, contractNumber: 'LSE-000001', asOf: null, fields: [] },
    ]);
    await refreshPositions(database.db, addDays(today, 2));
  });

  it('reads a check kept before positions were proved as not having looked at them', async () => {
    await database.db.insert(ledgerChecks).values({
      checkedAt: clock.now(),
      checkedBy: 'cli',
      entryCount: 2,
      unbalancedEntryCount: 0,
      balanceMismatchCount: 0,
      findings: { unbalancedEntries: [], balanceMismatches: [] },
      durationMs: 1,
    });
    expect(await latestLedgerCheck(database.db)).toMatchObject({
      positionMismatchCount: null,
      findings: { unbalancedEntries: [], balanceMismatches: [], positionMismatches: [] },
    });
  });
});
