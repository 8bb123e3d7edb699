import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discloseLoan } from './loan.ts';
import { cents } from './money.ts';

describe('discloseLoan', () => {
  // Published figures: the level payment of a fully amortizing monthly loan.
  it.each([
    { amount: 2_000_000, apr: '5', term: 60, payment: 37_742 },
    { amount: 1_000_000, apr: '6', term: 36, payment: 30_422 },
    { amount: 2_500_000, apr: '0', term: 50, payment: 50_000 },
  ])(
    '$amount cents at $apr percent for $term months pays $payment cents a month',
    ({ amount, apr, term, payment }) => {
      expect(discloseLoan({ amountFinanced: cents(amount), aprPercent: apr, termMonths: term }).payment).toBe(
        payment,
      );
    },
  );

  it('lets the final payment absorb the rounding residue', () => {
    const d = discloseLoan({ amountFinanced: cents(2_000_000), aprPercent: '5', termMonths: 60 });
    expect(d.finalPayment).toBe(37_774);
    expect(d.totalOfPayments).toBe(37_742 * 59 + 37_774);
    expect(d.financeCharge).toBe(264_552);
    expect(d.schedule[0]).toEqual({
      number: 1,
      payment: 37_742,
      interest: 8_333,
      principal: 29_409,
      balanceAfter: 1_970_591,
    });
  });

  it('charges exactly nothing at 0%, even when the amount does not divide evenly', () => {
    const d = discloseLoan({ amountFinanced: cents(1_000_000), aprPercent: '0', termMonths: 36 });
    expect(d.payment).toBe(27_778);
    expect(d.finalPayment).toBe(1_000_000 - 27_778 * 35);
    expect(d.financeCharge).toBe(0);
  });

  it('rounds each month’s interest half up: $1,000.00 at 6% is exactly $5.00, $1,001.00 is $5.005 → $5.01', () => {
    expect(
      discloseLoan({ amountFinanced: cents(100_000), aprPercent: '6', termMonths: 2 }).schedule[0]?.interest,
    ).toBe(500);
    expect(
      discloseLoan({ amountFinanced: cents(100_100), aprPercent: '6', termMonths: 2 }).schedule[0]?.interest,
    ).toBe(501);
  });

  it('keeps the final payment positive for the smallest loan at the highest APR over the longest term', () => {
    const d = discloseLoan({ amountFinanced: cents(100_000), aprPercent: '39.9999', termMonths: 96 });
    expect(d.finalPayment).toBeGreaterThan(d.payment / 2);
  });

  it('always repays the amount financed exactly, with finance charge = total of payments − amount financed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 399_999 }).map((tenThousandths) => (tenThousandths / 10_000).toFixed(4)),
        fc.integer({ min: 1, max: 96 }),
        (amount, apr, term) => {
          const d = discloseLoan({ amountFinanced: cents(amount), aprPercent: apr, termMonths: term });
          const principal = d.schedule.reduce((sum, row) => sum + row.principal, 0);
          const interest = d.schedule.reduce((sum, row) => sum + row.interest, 0);
          expect(principal).toBe(amount);
          expect(interest).toBe(d.financeCharge);
          expect(d.totalOfPayments).toBe(amount + d.financeCharge);
          expect(d.schedule.at(-1)?.balanceAfter).toBe(0);
          expect(d.schedule).toHaveLength(term);
          expect(d.finalPayment).toBeGreaterThan(0);
          // Each month moves at most a cent into the final payment (half from rounding the level payment, half
          // from rounding that month's interest), plus the interest that residue earns. A float bound is
          // fine here: it is a tolerance, not an amount.
          const growth = (1 + Number(apr) / 1200) ** term;
          expect(Math.abs(d.finalPayment - d.payment)).toBeLessThanOrEqual(Math.ceil(term * growth) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
