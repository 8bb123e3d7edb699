import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonthsOnDueDay, type CalendarDate, calendarDate, compareDates } from '../core/dates.ts';
import { runCyclesInProcess } from '../cycle/daily-cycle.ts';
import { findContract, type ServicedContract } from '../db/contracts.ts';
import type { Database } from '../db/database.ts';
import { contractPositions, payments } from '../db/schema.ts';
import { movableClock } from '../platform/business-date.ts';
import { secretBox } from '../platform/secret-box.ts';
import { leaseContract, loanContract } from '../test-support/contracts.ts';
import { openTestDatabase, TEST_SECRET_KEY } from '../test-support/test-app.ts';
import { boardContracts } from './boarding.ts';
import { assessLateFees } from './late-fees.ts';
import { checkLedger } from './ledger.ts';
import { postPayment, reversePayment } from './payment-posting.ts';
import { summaryOf } from './position-store.ts';
import {
  contractStatus,
  leaseOutstanding,
  loanPayoff,
  positionOf,
  statusOf,
  summarizePosition,
} from './servicing.ts';

/**
 * The stored position is the recomputation: random histories of payments (random amounts, dated
 * back within what posting allows), reversals, late fees and days of the daily cycle on a loan and a
 * lease; after every step each contract's stored row is as of today and equals its position
 * recomputed from the ledger, and `contractStatus` (which reads the row) answers the recomputation.
 * Every operation generated is one servicing accepts, so any refusal fails the property too.
 * Each history gets its own database, so the cycle runs only that history's days.
 */
const system = { actor: { type: 'system' as const, id: 'positions-property' } };

const payOp = fc.record({
  kind: fc.constant('pay' as const),
  lease: fc.boolean(),
  daysBack: fc.integer({ min: 0, max: 20 }),
  amountCents: fc.integer({ min: 1, max: 150_000 }),
  intent: fc.constantFrom(
    'regular' as const,
    'regular' as const,
    'principal_only' as const,
    'payoff' as const,
  ),
});
const reverseOp = fc.record({
  kind: fc.constant('reverse' as const),
  lease: fc.boolean(),
  pick: fc.nat(),
  reason: fc.constantFrom('returned' as const, 'posted_in_error' as const),
});
const lateFeesOp = fc.record({
  kind: fc.constant('lateFees' as const),
  daysBack: fc.integer({ min: 1, max: 40 }),
});
const cycleOp = fc.record({ kind: fc.constant('cycle' as const), days: fc.integer({ min: 1, max: 16 }) });
const op = fc.oneof(payOp, payOp, reverseOp, lateFeesOp, cycleOp, cycleOp);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

async function history(start: CalendarDate, ops: Op[]) {
  const database: Database = await openTestDatabase();
  const { db } = database;
  const clock = movableClock(start);
  const deps = {
    clock,
    box: secretBox(TEST_SECRET_KEY),
    achOutgoingDir: mkdtempSync(path.join(tmpdir(), 'autofin-positions-ach-')),
    printDir: mkdtempSync(path.join(tmpdir(), 'autofin-positions-print-')),
  };
  try {
    await boardContracts(
      db,
      clock,
      [
        loanContract({
          contractDate: start,
          firstPaymentDate: addMonthsOnDueDay(start, 1),
        }),
        leaseContract({ contractDate: start, firstPaymentDate: start }),
      ],
      system,
    );
    const numbers = { loan: 'RIC-000001', lease: 'LSE-000001' };

    /** Every contract's stored row is as of today and is its recomputation; the read path answers it. */
    const expectStoredIsRecomputed = async (step: string) => {
      const today = clock.today();
      for (const number of Object.values(numbers)) {
        const contract = (await findContract(db, number))!;
        const recomputed = summarizePosition(contract, await positionOf(db, contract, today), today);
        const [row] = await db
          .select()
          .from(contractPositions)
          .where(eq(contractPositions.contractId, contract.id));
        expect(row ? summaryOf(row) : undefined, `${number} after ${step}`).toEqual(recomputed);
        expect(await contractStatus(db, clock, number)).toEqual(statusOf(contract, recomputed));
      }
    };
    await expectStoredIsRecomputed('boarding');

    for (const [i, o] of ops.entries()) {
      const today = clock.today();
      const contract: ServicedContract = (await findContract(
        db,
        'lease' in o && o.lease ? numbers.lease : numbers.loan,
      ))!;
      if (o.kind === 'pay' && contract.status === 'active') {
        // As far back as posting allows: not before the contract, nor before a loan's last posting.
        const earliest =
          contract.kind === 'retail_installment' ? contract.interestPostedThrough : contract.contractDate;
        const wanted = addDays(today, -o.daysBack);
        const receivedOn = compareDates(wanted, earliest) < 0 ? earliest : wanted;
        const cap =
          contract.kind === 'retail_installment'
            ? loanPayoff(contract, await positionOf(db, contract, receivedOn), receivedOn, receivedOn).payoff
            : leaseOutstanding(await positionOf(db, contract, receivedOn));
        const intent = contract.kind === 'lease' ? 'regular' : o.intent;
        const amountCents = intent === 'payoff' ? cap : Math.min(o.amountCents, cap);
        if (amountCents > 0) {
          await postPayment(
            db,
            clock,
            contract.contractNumber,
            { amountCents, receivedOn, channel: 'check', intent },
            { scope: 'positions-property', key: `positions-pay-${i}` },
            system,
          );
        }
      } else if (o.kind === 'reverse') {
        const posted = await db
          .select({ id: payments.id, status: payments.status })
          .from(payments)
          .where(eq(payments.contractId, contract.id))
          .orderBy(payments.createdAt);
        const live = posted.filter((p) => p.status === 'posted');
        if (live.length > 0) {
          await reversePayment(
            db,
            clock,
            contract.contractNumber,
            live[o.pick % live.length]!.id,
            o.reason,
            system,
          );
        }
      } else if (o.kind === 'lateFees') {
        await assessLateFees(db, addDays(today, -o.daysBack), undefined, today);
      } else if (o.kind === 'cycle') {
        clock.moveTo(addDays(today, o.days));
        await runCyclesInProcess(db, deps);
      }
      await expectStoredIsRecomputed(`step ${i + 1}: ${JSON.stringify(o)}`);
    }
    const ledger = await checkLedger(db);
    expect(ledger.positionMismatches).toEqual([]);
    expect(ledger.balanceMismatches).toEqual([]);
  } finally {
    await database.close();
  }
}

describe('stored positions', () => {
  it('equal the recomputation after every payment, reversal, late fee and cycle day, for a loan and a lease', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Due days that roll at a short month's end (29–31) among them.
        fc.constantFrom('2026-01-10', '2026-01-31', '2025-12-29', '2026-02-16').map(calendarDate),
        fc.array(op, { minLength: 1, maxLength: 9 }),
        history,
      ),
      { numRuns: 12 },
    );
  }, 600_000);
});
