import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discloseLease, LeaseTermsError } from './lease.ts';
import { cents } from './money.ts';

const example = {
  grossCapCost: cents(3_000_000),
  capCostReduction: cents(200_000),
  residualValue: cents(1_650_000),
  moneyFactor: '0.00125',
  termMonths: 36,
  taxRatePercent: '6',
};

describe('discloseLease (Regulation M §1013.4(f))', () => {
  it('computes every disclosed figure of a worked example', () => {
    // Depreciation 28,000 − 16,500 = 11,500; per month 319.444…; rent per month (28,000 + 16,500) × 0.00125 = 55.625;
    // base 375.069… → 375.07; tax 6% of 375.07 = 22.5042 → 22.50; total 397.57.
    expect(discloseLease(example)).toEqual({
      adjustedCapCost: 2_800_000,
      depreciation: 1_150_000,
      rentCharge: 37_507 * 36 - 1_150_000,
      totalOfBasePayments: 37_507 * 36,
      basePayment: 37_507,
      tax: 2_250,
      payment: 39_757,
      aprEquivalentPercent: '3.00',
    });
  });

  it('has no rent charge at a zero money factor, and no tax at a zero rate', () => {
    const d = discloseLease({
      ...example,
      moneyFactor: '0',
      taxRatePercent: '0',
      residualValue: cents(1_720_000),
    });
    expect(d.basePayment).toBe(30_000);
    expect(d.rentCharge).toBe(0);
    expect(d.tax).toBe(0);
  });

  it('shows the APR equivalent as money factor × 2400 to two decimals', () => {
    expect(discloseLease({ ...example, moneyFactor: '0.00210' }).aprEquivalentPercent).toBe('5.04');
    expect(discloseLease({ ...example, moneyFactor: '0.000891' }).aprEquivalentPercent).toBe('2.14');
  });

  it('refuses a residual at or above the adjusted capitalized cost', () => {
    expect(() => discloseLease({ ...example, residualValue: cents(2_800_000) })).toThrow(LeaseTermsError);
  });

  it('always adds up: depreciation + rent charge = base payment × term, and payment = base + tax', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500_000, max: 50_000_000 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 10, max: 80 }),
        fc.integer({ min: 0, max: 40_000 }).map((n) => (n / 10_000_000).toFixed(7)),
        fc.integer({ min: 12, max: 60 }),
        fc.integer({ min: 0, max: 1_200 }).map((n) => (n / 100).toFixed(2)),
        (gross, reductionPct, residualPct, moneyFactor, termMonths, taxRatePercent) => {
          const capCostReduction = Math.floor((gross * reductionPct) / 1000);
          const adjusted = gross - capCostReduction;
          const residualValue = Math.max(1, Math.floor((adjusted * residualPct) / 100));
          const d = discloseLease({
            grossCapCost: cents(gross),
            capCostReduction: cents(capCostReduction),
            residualValue: cents(residualValue),
            moneyFactor,
            termMonths,
            taxRatePercent,
          });
          expect(d.depreciation + d.rentCharge).toBe(d.basePayment * termMonths);
          expect(d.payment).toBe(d.basePayment + d.tax);
          expect(d.rentCharge).toBeGreaterThanOrEqual(-termMonths); // only rounding can make it negative at MF 0
        },
      ),
      { numRuns: 300 },
    );
  });
});
