import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate } from '../core/dates.ts';
import { LEDGER_ACCOUNTS } from '../core/ledger.ts';
import { cents } from '../core/money.ts';
import type { Balances, ServicedLease } from '../db/contracts.ts';
import { installmentsOwed, leaseOwed } from './payment-posting.ts';
import { type LeasePosition, leaseOutstanding, positionFrom, summarizePosition } from './servicing.ts';

/**
 * A payment is judged and split on a contract's position as its summary is stored (what a row of
 * `contract_positions` holds), not on the position recomputed from the ledger: a lease's
 * installments owed and credited are read back from its next one due, and for any money credited,
 * fees, money held and date they are the recomputed installments' sums.
 */
const common = {
  id: '00000000-0000-4000-8000-000000000001',
  contractNumber: 'PROP-1',
  status: 'active' as const,
  governingState: 'TX',
  contractDate: calendarDate('2026-03-15'),
  firstPaymentDate: calendarDate('2026-03-15'),
  maturityDate: calendarDate('2029-02-15'),
  dueDay: 15,
  termMonths: 36,
};
const lease: ServicedLease = {
  ...common,
  kind: 'lease',
  payment: cents(39_757),
  totalOfPayments: cents(39_757 * 36),
  grossCapCost: cents(3_000_000),
  capCostReduction: cents(200_000),
  adjustedCapCost: cents(2_800_000),
  residualValue: cents(1_650_000),
  depreciation: cents(1_150_000),
  rentCharge: cents(200_252),
  moneyFactor: '0.00125',
  basePayment: cents(37_507),
  monthlyTax: cents(2_250),
  mileageAllowancePerYear: 12_000,
  excessMileageRateCents: 25,
  dispositionFee: cents(39_500),
  purchaseOptionPrice: cents(1_685_000),
};
function balances(parts: Partial<Record<(typeof LEDGER_ACCOUNTS)[number], number>>): Balances {
  return Object.fromEntries(LEDGER_ACCOUNTS.map((a) => [a, cents(parts[a] ?? 0)])) as Balances;
}

const history = fc.record({
  credited: fc.integer({ min: 0, max: 39_757 * 40 }),
  fees: fc.integer({ min: 0, max: 20_000 }),
  held: fc.integer({ min: 0, max: 50_000 }),
  days: fc.integer({ min: 0, max: 36 * 31 + 60 }),
});

describe('a payment judged on a stored position summary', () => {
  it('a lease owes, and has been credited, what its recomputed installments say', () => {
    fc.assert(
      fc.property(history, ({ credited, fees, held, days }) => {
        const asOf = addDays(common.contractDate, days);
        const position = positionFrom(
          lease,
          {
            balances: balances({ fees, unapplied: -held }),
            credited: cents(credited),
            interestPostedThrough: common.contractDate,
          },
          asOf,
        ) as LeasePosition;
        const summary = summarizePosition(lease, position, asOf);
        const { installments } = position.due;
        expect(installmentsOwed(lease, summary)).toEqual({
          owed: installments.reduce((sum, i) => sum + i.unpaid, 0),
          credited: installments.reduce((sum, i) => sum + i.paid, 0),
        });
        expect(leaseOwed(lease, summary)).toBe(leaseOutstanding(position));
      }),
    );
  });
});
