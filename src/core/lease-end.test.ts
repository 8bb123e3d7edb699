import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, daysBetween } from './dates.ts';
import { discloseLease } from './lease.ts';
import {
  earlyPurchaseQuote,
  excessMileageCharge,
  type LeaseBalanceTerms,
  LeaseEndError,
  leaseBalanceSchedule,
  leaseImpliedMonthlyRate,
  mileageAllowance,
  type OdometerReading,
  projectMileage,
  purchaseOptionAtMaturity,
  turnInCharges,
  unearnedRentCharge,
} from './lease-end.ts';
import { type Cents, cents } from './money.ts';

const d = calendarDate;

/** The field a LeaseEndError names, or a failure if `run` does not throw one. */
function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof LeaseEndError) return error.field;
    throw error;
  }
  throw new Error('expected a LeaseEndError');
}

// The project's worked lease (lease.test.ts): $30,000 gross, $2,000 down, $16,500 residual, MF 0.00125,
// 36 months → base payment $375.07, rent charge $2,002.52.
const worked: LeaseBalanceTerms = {
  adjustedCapCost: cents(2_800_000),
  residualValue: cents(1_650_000),
  basePayment: cents(37_507),
  termMonths: 36,
};

const turnIn = {
  odometerAtContract: 12,
  odometerAtTurnIn: 41_250,
  perYearMiles: 12_000,
  termMonths: 36,
  ratePerMileCents: cents(25),
};

describe('mileageAllowance', () => {
  it.each([
    [12_000, 36, 36_000],
    [10_000, 39, 32_500],
    [15_000, 27, 33_750],
    [12_000, 13, 13_000],
    [10_000, 13, 10_834], // 10,833⅓ rounds up, in the lessee's favor
    [10_000, 1, 834],
    [0, 36, 0],
  ])('%i miles a year over %i months allows %i', (perYear, months, expected) => {
    expect(mileageAllowance(perYear, months)).toBe(expected);
  });

  it('refuses a term of no months and fractional miles', () => {
    expect(fieldOf(() => mileageAllowance(12_000, 0))).toBe('termMonths');
    expect(fieldOf(() => mileageAllowance(12_000.5, 36))).toBe('perYearMiles');
  });
});

describe('excessMileageCharge', () => {
  it('charges 5,238 excess miles × $0.25 = $1,309.50 on the worked example', () => {
    expect(excessMileageCharge(turnIn)).toEqual({
      allowedMiles: 36_000,
      milesDriven: 41_238,
      excessMiles: 5_238,
      unusedMiles: 0,
      charge: 130_950,
      credit: 0,
    });
  });

  it.each([
    [36_011, 0, 1],
    [36_012, 0, 0],
    [36_013, 25, 0],
  ])('at %i on the odometer charges %i cents, with %i miles unused', (odometer, charge, unused) => {
    const result = excessMileageCharge({ ...turnIn, odometerAtTurnIn: odometer });
    expect(result.charge).toBe(charge);
    expect(result.unusedMiles).toBe(unused);
  });

  it('gives no credit for unused miles unless the contract has a credit rate', () => {
    const under = { ...turnIn, odometerAtTurnIn: 30_012 };
    expect(excessMileageCharge(under)).toMatchObject({ unusedMiles: 6_000, charge: 0, credit: 0 });
    expect(excessMileageCharge({ ...under, creditUnusedPerMileCents: cents(10) }).credit).toBe(60_000);
  });

  it('gives no credit when over the allowance, even with a credit rate', () => {
    expect(excessMileageCharge({ ...turnIn, creditUnusedPerMileCents: cents(10) }).credit).toBe(0);
  });

  it('refuses an odometer that went backwards and a negative rate', () => {
    expect(fieldOf(() => excessMileageCharge({ ...turnIn, odometerAtTurnIn: 11 }))).toBe('odometerAtTurnIn');
    expect(fieldOf(() => excessMileageCharge({ ...turnIn, ratePerMileCents: cents(-25) }))).toBe(
      'ratePerMileCents',
    );
  });

  it('always charges excess × rate, and excess − unused = driven − allowed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.integer({ min: 5_000, max: 25_000 }),
        fc.integer({ min: 12, max: 60 }),
        fc.integer({ min: 0, max: 50 }),
        (start, driven, perYear, months, rate) => {
          const r = excessMileageCharge({
            odometerAtContract: start,
            odometerAtTurnIn: start + driven,
            perYearMiles: perYear,
            termMonths: months,
            ratePerMileCents: cents(rate),
          });
          expect(r.charge).toBe(r.excessMiles * rate);
          expect(r.excessMiles - r.unusedMiles).toBe(driven - r.allowedMiles);
          expect(Math.min(r.excessMiles, r.unusedMiles)).toBe(0);
        },
      ),
    );
  });
});

describe('projectMileage', () => {
  // 2026-01-15 to 2029-01-15 is 1,096 days (it holds Feb 29, 2028).
  const lease = {
    odometerAtContract: 12,
    contractDate: d('2026-01-15'),
    maturityDate: d('2029-01-15'),
    perYearMiles: 12_000,
    termMonths: 36,
    ratePerMileCents: cents(25),
  };
  const reading = (date: string, odometer: number): OdometerReading => ({ date: d(date), odometer });

  it('projects the pace to date linearly to maturity', () => {
    // 7,500 miles in 181 days → 7,500 × 1,096 / 181 = 45,414.36 → 45,414; 9,414 over × $0.25.
    // Allowance to date: 36,000 × 181 / 1,096 = 5,945.26 → 5,946, rounded up for the lessee.
    expect(projectMileage({ ...lease, readings: [reading('2026-07-15', 7_512)] })).toEqual({
      asOf: '2026-07-15',
      milesUsedToDate: 7_500,
      allowanceToDate: 5_946,
      allowedMiles: 36_000,
      projectedMilesAtMaturity: 45_414,
      projectedExcessMiles: 9_414,
      projectedCharge: 235_350,
    });
  });

  it('projects no excess for a lessee under pace', () => {
    const p = projectMileage({ ...lease, readings: [reading('2027-01-15', 10_012)] });
    expect(p.projectedMilesAtMaturity).toBe(30_027); // 10,000 × 1,096 / 365 = 30,027.4
    expect(p.projectedExcessMiles).toBe(0);
    expect(p.projectedCharge).toBe(0);
  });

  it('uses the latest reading by date, whatever order the readings come in', () => {
    const p = projectMileage({
      ...lease,
      readings: [reading('2026-07-15', 7_512), reading('2026-03-01', 2_000), reading('2026-05-01', 5_000)],
    });
    expect(p.asOf).toBe('2026-07-15');
    expect(p.milesUsedToDate).toBe(7_500);
  });

  it('projects exactly the miles driven for a reading on the maturity date', () => {
    const p = projectMileage({ ...lease, readings: [reading('2029-01-15', 40_012)] });
    expect(p).toMatchObject({
      projectedMilesAtMaturity: 40_000,
      allowanceToDate: 36_000,
      projectedCharge: 100_000,
    });
  });

  it.each([
    [
      'going backwards in date order',
      [reading('2026-03-01', 3_000), reading('2026-05-01', 2_900)],
      'readings.1.odometer',
    ],
    [
      'going backwards, given out of order',
      [reading('2026-05-01', 2_900), reading('2026-03-01', 3_000)],
      'readings.0.odometer',
    ],
    ['below the odometer at contract', [reading('2026-03-01', 11)], 'readings.0.odometer'],
    [
      'before the contract date',
      [reading('2026-03-01', 3_000), reading('2026-01-14', 20)],
      'readings.1.date',
    ],
    ['after maturity', [reading('2029-01-16', 40_000)], 'readings.0.date'],
    ['of a fraction of a mile', [reading('2026-03-01', 3_000.5)], 'readings.0.odometer'],
    ['none at all', [], 'readings'],
    ['only on the contract date', [reading('2026-01-15', 12)], 'readings'],
  ])('refuses readings %s, naming %s', (_, readings, field) => {
    expect(fieldOf(() => projectMileage({ ...lease, readings }))).toBe(field);
  });

  it('refuses a maturity date that is not after the contract date', () => {
    const readings = [reading('2026-03-01', 3_000)];
    expect(fieldOf(() => projectMileage({ ...lease, maturityDate: lease.contractDate, readings }))).toBe(
      'maturityDate',
    );
  });

  it('prorates the allowance in the lessee’s favor, never by more than a mile', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_096 }), fc.integer({ min: 0, max: 100_000 }), (days, miles) => {
        const p = projectMileage({
          ...lease,
          readings: [reading(addDays(lease.contractDate, days), 12 + miles)],
        });
        const exact = (36_000 * days) / 1_096;
        expect(p.allowanceToDate).toBeGreaterThanOrEqual(exact);
        expect(p.allowanceToDate - exact).toBeLessThan(1);
        expect(Math.abs(p.projectedMilesAtMaturity - (miles * 1_096) / days)).toBeLessThanOrEqual(0.5);
        expect(daysBetween(lease.contractDate, p.asOf)).toBe(days);
      }),
    );
  });
});

describe('turnInCharges', () => {
  const charges = {
    excessMileageCharge: cents(130_950),
    dispositionFeeCents: cents(39_500),
    excessWearCents: cents(25_000),
    pastDueCents: cents(0),
    waiveDisposition: false,
  };

  it('itemizes and totals the end-of-term charges', () => {
    expect(turnInCharges(charges)).toEqual({
      items: [
        { kind: 'EXCESS_MILEAGE', amount: 130_950, waived: false },
        { kind: 'DISPOSITION_FEE', amount: 39_500, waived: false },
        { kind: 'EXCESS_WEAR', amount: 25_000, waived: false },
        { kind: 'PAST_DUE', amount: 0, waived: false },
      ],
      total: 195_450,
    });
  });

  it('shows a waived disposition fee at zero, marked waived', () => {
    const result = turnInCharges({ ...charges, waiveDisposition: true });
    expect(result.items[1]).toEqual({ kind: 'DISPOSITION_FEE', amount: 0, waived: true });
    expect(result.total).toBe(155_950);
  });

  it('refuses a negative charge', () => {
    expect(fieldOf(() => turnInCharges({ ...charges, excessWearCents: cents(-1) }))).toBe('excessWearCents');
  });
});

describe('purchaseOptionAtMaturity', () => {
  it('is the residual plus the purchase-option fee', () => {
    expect(
      purchaseOptionAtMaturity({
        residualValueCents: cents(1_650_000),
        purchaseOptionFeeCents: cents(35_000),
      }),
    ).toEqual({
      items: [
        { kind: 'RESIDUAL_VALUE', amount: 1_650_000 },
        { kind: 'PURCHASE_OPTION_FEE', amount: 35_000 },
      ],
      total: 1_685_000,
    });
  });
});

describe('leaseBalanceSchedule (actuarial method, payments in advance)', () => {
  const schedule = leaseBalanceSchedule(worked);

  it('solves the rate the payment carries, close to 2 × the money factor', () => {
    expect(leaseImpliedMonthlyRate(worked).toFixed(12)).toBe('0.002514579279');
  });

  it('takes the first payment off before the first period’s rent accrues', () => {
    // (28,000.00 − 375.07) × 0.0025145793 = 69.465 → $69.47; 375.07 − 69.47 = 305.60 off the balance.
    expect(schedule[0]).toEqual({
      period: 1,
      rentCharge: 6_947,
      depreciation: 30_560,
      balanceAfter: 2_769_440,
    });
    expect(schedule[1]).toEqual({
      period: 2,
      rentCharge: 6_870,
      depreciation: 30_637,
      balanceAfter: 2_738_803,
    });
  });

  it('adds up to the disclosed rent charge of $2,002.52 and ends on the residual exactly', () => {
    expect(schedule).toHaveLength(36);
    expect(schedule.reduce((sum, row) => sum + row.rentCharge, 0)).toBe(200_252);
    expect(schedule.at(-1)?.balanceAfter).toBe(1_650_000);
    // The exact last-period rent is 41.386…; the rounding residue it absorbs is a few cents.
    expect(schedule.at(-1)?.rentCharge).toBe(4_143);
  });

  it('earns rent front-loaded: each period less than the one before', () => {
    for (let i = 1; i < schedule.length - 1; i++) {
      expect(schedule[i]!.rentCharge).toBeLessThan(schedule[i - 1]!.rentCharge);
    }
  });

  it('has no rent at a zero money factor', () => {
    const free = { ...worked, residualValue: cents(1_720_000), basePayment: cents(30_000) };
    expect(leaseImpliedMonthlyRate(free).isZero()).toBe(true);
    expect(
      leaseBalanceSchedule(free).every((row) => row.rentCharge === 0 && row.depreciation === 30_000),
    ).toBe(true);
  });

  it('handles the few cents of negative rent that rounding the payment down can leave', () => {
    // MF 0: 11,499.99 / 36 = 319.444… → 319.44, so the payments fall 0.15 short of the depreciation.
    const short = { ...worked, residualValue: cents(1_650_001), basePayment: cents(31_944) };
    const rows = leaseBalanceSchedule(short);
    expect(rows.reduce((sum, row) => sum + row.rentCharge, 0)).toBe(-15);
    expect(rows.at(-1)?.balanceAfter).toBe(1_650_001);
  });

  it('refuses a residual at or above the adjusted capitalized cost', () => {
    expect(fieldOf(() => leaseBalanceSchedule({ ...worked, residualValue: cents(2_800_000) }))).toBe(
      'adjustedCapCost',
    );
  });
});

describe('unearnedRentCharge', () => {
  it.each([
    [0, 0],
    [1, 4_143],
    [12, 55_145],
    [24, 122_008],
    [36, 200_252],
  ])('with %i payments remaining is %i cents', (remaining, expected) => {
    expect(unearnedRentCharge(worked, remaining)).toBe(expected);
  });

  it('refuses more remaining payments than the term', () => {
    expect(fieldOf(() => unearnedRentCharge(worked, 37))).toBe('remainingBasePayments');
  });
});

describe('earlyPurchaseQuote', () => {
  const quoteWith = (remaining: number, extra: { monthlyTaxCents?: Cents } = {}) =>
    earlyPurchaseQuote({
      remainingBasePayments: remaining,
      basePaymentCents: worked.basePayment,
      residualValueCents: worked.residualValue,
      rentChargeRemainingCents: unearnedRentCharge(worked, remaining),
      purchaseOptionFeeCents: cents(35_000),
      pastDueCents: cents(39_757),
      feesDueCents: cents(2_500),
      ...extra,
    });

  it('itemizes remaining payments + residual − unearned rent + fee + past due + fees', () => {
    // 12 × 375.07 + 16,500.00 − 551.45 + 350.00 + 397.57 + 25.00 = 21,221.96
    expect(quoteWith(12)).toEqual({
      items: [
        { kind: 'REMAINING_BASE_PAYMENTS', amount: 450_084 },
        { kind: 'RESIDUAL_VALUE', amount: 1_650_000 },
        { kind: 'UNEARNED_RENT_CHARGE', amount: -55_145 },
        { kind: 'PURCHASE_OPTION_FEE', amount: 35_000 },
        { kind: 'PAST_DUE', amount: 39_757 },
        { kind: 'FEES_DUE', amount: 2_500 },
      ],
      total: 2_122_196,
    });
  });

  it('adds tax on the remaining payments only when given', () => {
    const taxed = quoteWith(12, { monthlyTaxCents: cents(2_250) });
    expect(taxed.items[1]).toEqual({ kind: 'TAX_ON_REMAINING_PAYMENTS', amount: 27_000 });
    expect(taxed.total).toBe(2_149_196);
  });

  it('with no payments remaining is the purchase option at maturity plus past due and fees', () => {
    const atMaturity = purchaseOptionAtMaturity({
      residualValueCents: worked.residualValue,
      purchaseOptionFeeCents: cents(35_000),
    });
    expect(quoteWith(0).total).toBe(atMaturity.total + 39_757 + 2_500);
  });

  it('comes to the actuarial lease balance on the due date (plus fee, past due and fees)', () => {
    const schedule = leaseBalanceSchedule(worked);
    expect(quoteWith(12).total - 35_000 - 39_757 - 2_500).toBe(schedule[23]!.balanceAfter);
    expect(quoteWith(36).total - 35_000 - 39_757 - 2_500).toBe(worked.adjustedCapCost);
  });

  it('refuses a fractional count of payments', () => {
    expect(fieldOf(() => quoteWith(1.5))).toBe('remainingBasePayments');
  });
});

describe('actuarial lease properties', () => {
  const anyLease = fc
    .record({
      gross: fc.integer({ min: 500_000, max: 20_000_000 }),
      reductionPermille: fc.integer({ min: 0, max: 90 }),
      residualPct: fc.integer({ min: 10, max: 80 }),
      moneyFactor: fc.integer({ min: 0, max: 40_000 }).map((n) => (n / 10_000_000).toFixed(7)),
      termMonths: fc.integer({ min: 12, max: 60 }),
    })
    .map(({ gross, reductionPermille, residualPct, moneyFactor, termMonths }): LeaseBalanceTerms => {
      const capCostReduction = Math.floor((gross * reductionPermille) / 1000);
      const residualValue = cents(Math.floor(((gross - capCostReduction) * residualPct) / 100));
      const disclosure = discloseLease({
        grossCapCost: cents(gross),
        capCostReduction: cents(capCostReduction),
        residualValue,
        moneyFactor,
        termMonths,
        taxRatePercent: '0',
      });
      return {
        adjustedCapCost: disclosure.adjustedCapCost,
        residualValue,
        basePayment: disclosure.basePayment,
        termMonths,
      };
    });

  it('sums the rent charges to the disclosed rent charge and ends on the residual', () => {
    fc.assert(
      fc.property(anyLease, (terms) => {
        const rows = leaseBalanceSchedule(terms);
        const disclosedRent =
          terms.basePayment * terms.termMonths - (terms.adjustedCapCost - terms.residualValue);
        expect(rows.reduce((sum, row) => sum + row.rentCharge, 0)).toBe(disclosedRent);
        expect(rows.at(-1)?.balanceAfter).toBe(terms.residualValue);
        for (const row of rows) expect(row.rentCharge + row.depreciation).toBe(terms.basePayment);
      }),
      { numRuns: 100 },
    );
  });

  it('lowers the early purchase quote with every payment made', () => {
    fc.assert(
      fc.property(anyLease, fc.nat(), (terms, pick) => {
        // Solving the rate takes milliseconds, so the unearned rent comes from one schedule's tail,
        // checked against unearnedRentCharge at one count per lease.
        const rents = leaseBalanceSchedule(terms).map((row) => row.rentCharge);
        const unearned = (remaining: number) =>
          cents(rents.slice(terms.termMonths - remaining).reduce((sum, rent) => sum + rent, 0));
        const checked = pick % (terms.termMonths + 1);
        expect(unearnedRentCharge(terms, checked)).toBe(unearned(checked));
        const totals: number[] = [];
        for (let remaining = terms.termMonths; remaining >= 0; remaining--) {
          totals.push(
            earlyPurchaseQuote({
              remainingBasePayments: remaining,
              basePaymentCents: terms.basePayment,
              residualValueCents: terms.residualValue,
              rentChargeRemainingCents: unearned(remaining),
              purchaseOptionFeeCents: cents(35_000),
              pastDueCents: cents(0),
              feesDueCents: cents(0),
            }).total,
          );
        }
        for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeLessThan(totals[i - 1]!);
      }),
      { numRuns: 100 },
    );
  });
});
