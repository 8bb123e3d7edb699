import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonthsOnDueDay, type CalendarDate, calendarDate } from '../core/dates.ts';
import { discloseLoan } from '../core/loan.ts';
import { cents } from '../core/money.ts';
import { findContract, type ServicedLoan } from '../db/contracts.ts';
import type { Database } from '../db/database.ts';
import { movableClock } from '../platform/business-date.ts';
import { loanContract } from '../test-support/contracts.ts';
import { openTestDatabase } from '../test-support/test-app.ts';
import { boardContracts } from './boarding.ts';
import { checkLedger } from './ledger.ts';
import { postPayment, reversePayment } from './payment-posting.ts';
import { contractPayoff, positionOf, unappliedOf } from './servicing.ts';

/**
 * Properties of servicing over random histories of payments and reversals on random loans:
 * every entry balances and every cached balance equals its postings; no balance goes negative;
 * reversing a payment on its day restores exactly the position before it; paying the payoff leaves
 * nothing owed.
 */
const start = calendarDate('2024-01-15');
const clock = movableClock(start);
let database: Database;
let runs = 0;
const system = { actor: { type: 'system' as const, id: 'property-test' } };

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function boardLoan(amount: number, apr: string, term: number): Promise<string> {
  const contractNumber = `PROP-${String(++runs).padStart(6, '0')}`;
  const d = discloseLoan({ amountFinanced: cents(amount), aprPercent: apr, termMonths: term });
  const contract = loanContract({
    contractNumber,
    contractDate: start,
    firstPaymentDate: addMonthsOnDueDay(start, 1),
    termMonths: term,
    amountFinancedCents: amount,
    cashPriceCents: amount + 100_000,
    downPaymentCents: 100_000,
    aprPercent: apr,
    paymentCents: d.payment,
    finalPaymentCents: d.finalPayment,
    financeChargeCents: d.financeCharge,
    totalOfPaymentsCents: d.totalOfPayments,
    parties: [{ ...loanContract().parties[0], customerNumber: `PROP-C-${runs}` }],
  });
  clock.moveTo(start);
  await boardContracts(database.db, clock, [contract], system);
  return contractNumber;
}

async function snapshot(contractNumber: string, asOf: CalendarDate) {
  const loan = (await findContract(database.db, contractNumber)) as ServicedLoan;
  const p = await positionOf(database.db, loan, asOf);
  return {
    principal: p.balances.principal,
    interestOwed: p.accruedInterest,
    fees: p.balances.fees,
    unapplied: unappliedOf(p.balances),
    pastDue: p.due.pastDue,
    nextDue: p.due.nextDue?.dueDate,
    status: loan.status,
  };
}

const action = fc.record({
  daysLater: fc.integer({ min: 0, max: 75 }),
  amountCents: fc.integer({ min: 1, max: 150_000 }),
  intent: fc.constantFrom('regular' as const, 'regular' as const, 'principal_only' as const),
  reverse: fc.constantFrom('no' as const, 'no' as const, 'returned' as const, 'posted_in_error' as const),
});

describe('servicing properties', () => {
  it('keeps the ledger balanced and never negative; a same-day reversal restores the prior position; a payoff clears the loan', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 500_000, max: 5_000_000 }),
        fc.constantFrom('0', '3.9', '6.49', '11.25', '24.99'),
        fc.constantFrom(24, 36, 60, 72),
        fc.array(action, { minLength: 1, maxLength: 6 }),
        async (amount, apr, term, actions) => {
          const contractNumber = await boardLoan(amount, apr, term);
          let date = start;
          for (const [i, a] of actions.entries()) {
            date = addDays(date, a.daysLater);
            clock.moveTo(date);
            const before = await snapshot(contractNumber, date);
            const quote = await contractPayoff(database.db, clock, contractNumber, date);
            const amountCents = Math.min(a.amountCents, quote.payoff);
            if (amountCents <= 0) break;
            const posted = await postPayment(
              database.db,
              clock,
              contractNumber,
              { amountCents, receivedOn: date, channel: 'check', intent: a.intent },
              { scope: 'property', key: `prop-${contractNumber}-${i}` },
              system,
            );
            const after = await snapshot(contractNumber, date);
            for (const value of [after.principal, after.interestOwed, after.fees, after.unapplied]) {
              expect(value).toBeGreaterThanOrEqual(0);
            }
            if (a.reverse !== 'no') {
              const reversal = await reversePayment(
                database.db,
                clock,
                contractNumber,
                posted.body.paymentId,
                a.reverse,
                system,
              );
              const restored = await snapshot(contractNumber, date);
              expect(restored).toEqual({ ...before, fees: before.fees + reversal.returnedPaymentFeeCents });
            }
          }
          // Paying the payoff on the last date leaves nothing owed.
          const payoff = await contractPayoff(database.db, clock, contractNumber, date);
          if (payoff.payoff > 0) {
            await postPayment(
              database.db,
              clock,
              contractNumber,
              { amountCents: payoff.payoff, receivedOn: date, channel: 'wire', intent: 'payoff' },
              { scope: 'property', key: `prop-${contractNumber}-payoff` },
              system,
            );
          }
          const final = await snapshot(contractNumber, date);
          expect(final).toMatchObject({ principal: 0, interestOwed: 0, fees: 0, status: 'paid_off' });
          const ledger = await checkLedger(database.db);
          expect(ledger.unbalancedEntries).toEqual([]);
          expect(ledger.balanceMismatches).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  }, 300_000); // 40 generated histories against a database: minutes on a busy two-core machine

  // Found by the property above (seed -2053123150): a principal-only payment one cent over the
  // principal leaves that cent held while a day's interest is owed; the payoff quote counts the cent,
  // so the payoff must apply it too, or a cent of interest stays owed and the loan stays active.
  it('applies money held with the next payment, so a payoff quoted net of it pays the loan off', async () => {
    const contractNumber = await boardLoan(500_000, '3.9', 24);
    const pay = (
      on: CalendarDate,
      amountCents: number,
      intent: 'regular' | 'principal_only' | 'payoff',
      i: number,
    ) => {
      clock.moveTo(on);
      return postPayment(
        database.db,
        clock,
        contractNumber,
        { amountCents, receivedOn: on, channel: 'check', intent },
        { scope: 'property', key: `held-${contractNumber}-${i}` },
        system,
      );
    };
    await pay(start, 353_922, 'regular', 1);
    const nextDay = addDays(start, 1);
    const over = await pay(nextDay, 146_079, 'principal_only', 2);
    expect(over.body.allocation).toMatchObject({ principalCents: 146_078, unappliedCents: 1 });
    expect(await snapshot(contractNumber, nextDay)).toMatchObject({
      principal: 0,
      interestOwed: 16,
      unapplied: 1,
    });
    const payoff = await contractPayoff(database.db, clock, contractNumber, nextDay);
    expect(payoff.payoff).toBe(15);
    const paid = await pay(nextDay, payoff.payoff, 'payoff', 3);
    // The 15 cents and the cent held pay the 16 cents of interest.
    expect(paid.body.allocation).toMatchObject({ interestCents: 16, unappliedCents: -1 });
    expect(await snapshot(contractNumber, nextDay)).toMatchObject({
      principal: 0,
      interestOwed: 0,
      fees: 0,
      unapplied: 0,
      status: 'paid_off',
    });
    const ledger = await checkLedger(database.db);
    expect(ledger.unbalancedEntries).toEqual([]);
    expect(ledger.balanceMismatches).toEqual([]);
  });
});
