import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Advance,
  AprError,
  type AprResult,
  computeApr,
  isAprWithinTolerance,
  isIrregular,
  type PaymentFrequency,
  type PaymentStream,
} from './apr.ts';
import { addDays, addMonthsOnDueDay, type CalendarDate, calendarDate } from './dates.ts';
import { decimal } from './decimal.ts';
import { discloseLoan } from './loan.ts';
import { cents } from './money.ts';

const d = calendarDate;
const advance = (amount: number, date: string): Advance => ({ amount: cents(amount), date: d(date) });
const stream = (
  amount: number,
  count: number,
  firstDate: string,
  frequency: PaymentFrequency = 'monthly',
): PaymentStream => ({ amount: cents(amount), count, firstDate: d(firstDate), frequency });
const single = (amount: number, date: string): PaymentStream => stream(amount, 1, date, 'single');

/**
 * An oracle independent of the module: plain floating point and bisection on the Appendix J (b)(8)
 * equation, with the whole periods t and fractions f worked out by hand in each test.
 * Flows are [amount in dollars, t, f]: positive for payments, negative for advances.
 */
type OracleFlow = [amount: number, t: number, f: number];
function oracleAprPercent(flows: OracleFlow[], perYear: number): number {
  const value = (i: number) => flows.reduce((sum, [a, t, f]) => sum + a / ((1 + f * i) * (1 + i) ** t), 0);
  let low = 0;
  let high = 1;
  for (let step = 0; step < 200; step++) {
    const mid = (low + high) / 2;
    if (value(mid) > 0) low = mid;
    else high = mid;
  }
  return low * perYear * 100;
}
/** `count` payments of `amount` dollars at t = first, first + 1, ... with the same fraction f. */
function level(amount: number, count: number, firstT = 1, f = 0): OracleFlow[] {
  return Array.from({ length: count }, (_, k): OracleFlow => [amount, firstT + k, f]);
}

function expectMatchesOracle(result: AprResult, oracle: number) {
  expect(result.exact.minus(oracle).abs().toNumber()).toBeLessThan(1e-6);
  expect(result.aprPercent).toBe(oracle.toFixed(2));
}

describe('computeApr: the worked examples of Regulation Z, Appendix J (c)', () => {
  // The figures the appendix publishes for each example (advances and payments in cents).
  it.each([
    {
      example: '(c)(1)(i) monthly payments, regular first period',
      advances: [advance(500_000, '1978-01-10')],
      payments: [stream(23_000, 24, '1978-02-10')],
      apr: '9.69',
      perYear: 12,
    },
    {
      example: '(c)(1)(ii) monthly payments, long first period (1 month and 19 days: t = 1, f = 19/30)',
      advances: [advance(600_000, '1978-02-10')],
      payments: [stream(20_000, 36, '1978-04-01')],
      apr: '11.82',
      perYear: 12,
    },
    {
      example: '(c)(1)(iii) semimonthly payments on the 1st and 16th, short first period (f = 6/15)',
      advances: [advance(500_000, '1978-02-23')],
      payments: [stream(21_917, 24, '1978-03-01', 'semimonthly')],
      apr: '10.34',
      perYear: 24,
    },
    {
      example: '(c)(1)(iv) quarterly payments, long first period (4 months and 9 days = 129/90)',
      advances: [advance(1_000_000, '1978-05-23')],
      payments: [stream(38_500, 40, '1978-10-01', 'quarterly')],
      apr: '8.97',
      perYear: 4,
    },
    {
      example: '(c)(1)(v) weekly payments, long first period (32 days: t = 4, f = 4/7)',
      advances: [advance(50_000, '1978-03-20')],
      payments: [stream(1_760, 30, '1978-04-21', 'weekly')],
      apr: '14.96',
      perYear: 52,
    },
    {
      example: '(c)(2)(i) monthly payments, irregular first payment',
      advances: [advance(500_000, '1978-01-10')],
      payments: [single(25_000, '1978-02-10'), stream(23_000, 23, '1978-03-10')],
      apr: '10.08',
      perYear: 12,
    },
    {
      example: '(c)(2)(ii) payments every 4 weeks, long first period and irregular first payment',
      advances: [advance(40_000, '1978-03-18')],
      payments: [single(3_950, '1978-04-20'), stream(3_831, 11, '1978-05-18', 'four-weekly')],
      apr: '28.50',
      perYear: 13,
    },
    {
      example: '(c)(3)(i) monthly payments, irregular final payment',
      advances: [advance(500_000, '1978-01-10')],
      payments: [stream(23_000, 23, '1978-02-10'), single(28_000, '1980-01-10')],
      apr: '10.50',
      perYear: 12,
    },
    {
      example: '(c)(3)(ii) payments every 2 weeks, short first period and irregular final payment',
      advances: [advance(20_000, '1978-04-03')],
      payments: [stream(950, 19, '1978-04-11', 'biweekly'), single(3_000, '1979-01-02')],
      apr: '12.22',
      perYear: 26,
    },
    {
      example: '(c)(4)(i) monthly payments, irregular first and final payments',
      advances: [advance(500_000, '1978-01-10')],
      payments: [
        single(25_000, '1978-02-10'),
        stream(23_000, 22, '1978-03-10'),
        single(28_000, '1980-01-10'),
      ],
      apr: '10.90',
      perYear: 12,
    },
    {
      example: '(c)(4)(ii) payments every 2 months, short first period, irregular first and final payments',
      advances: [advance(800_000, '1978-01-10')],
      payments: [
        single(44_936, '1978-03-01'),
        stream(46_500, 18, '1978-05-01', 'bimonthly'),
        single(20_000, '1981-05-01'),
      ],
      apr: '7.30',
      perYear: 6,
    },
    {
      example: '(c)(5)(i) single advance, single payment after 255 days (365/255 unit-periods a year)',
      advances: [advance(100_000, '1978-01-03')],
      payments: [single(108_000, '1978-09-15')],
      apr: '11.45',
      perYear: 365 / 255,
    },
  ])('$example: $apr%', ({ advances, payments, apr, perYear }) => {
    const result = computeApr(advances, payments);
    expect(result.aprPercent).toBe(apr);
    expect(result.unitPeriodsPerYear).toBeCloseTo(perYear, 12);
  });
});

describe('computeApr: published and hand-checked figures', () => {
  it('gives 12.00% for $5,000 repaid by 36 monthly payments of $166.07 starting a month later', () => {
    const result = computeApr([advance(500_000, '2024-01-15')], [stream(16_607, 36, '2024-02-15')]);
    expect(result.aprPercent).toBe('12.00');
    expect(result.unitPeriodsPerYear).toBe(12);
    expectMatchesOracle(result, oracleAprPercent([[-5000, 0, 0], ...level(166.07, 36)], 12));
  });

  it('gives exactly 0.00% when the payments add up to the amount advanced', () => {
    const result = computeApr([advance(1_200_000, '2024-01-15')], [stream(100_000, 12, '2024-02-15')]);
    expect(result.aprPercent).toBe('0.00');
    expect(result.exact.isZero()).toBe(true);
  });

  it('counts weekly payments in weeks: $1,000 repaid by 52 weekly payments of $20.00 is 7.75%', () => {
    // Oracle: 1000 = Σ_{k=1..52} 20 / (1 + i)^k gives i = 0.0014906..., and 52 × i = 7.7509%.
    const result = computeApr([advance(100_000, '2024-01-15')], [stream(2_000, 52, '2024-01-22', 'weekly')]);
    expect(result.unitPeriodsPerYear).toBe(52);
    expect(result.aprPercent).toBe('7.75');
    expectMatchesOracle(result, oracleAprPercent([[-1000, 0, 0], ...level(20, 52)], 52));
  });

  it('counts biweekly payments in fortnights: $1,000 repaid by 26 payments of $40.00 is 7.61%', () => {
    const result = computeApr(
      [advance(100_000, '2024-01-15')],
      [stream(4_000, 26, '2024-01-29', 'biweekly')],
    );
    expect(result.unitPeriodsPerYear).toBe(26);
    expect(result.aprPercent).toBe('7.61');
    expectMatchesOracle(result, oracleAprPercent([[-1000, 0, 0], ...level(40, 26)], 26));
  });

  it('makes a single payment 6 whole months later one unit-period of 6 months: $1,000 → $1,044 is 8.80%', () => {
    // (b)(5)(vi): one unit-period, 12 / 6 = 2 a year; i = 4.4%, APR = 2 × 4.4%.
    const result = computeApr([advance(100_000, '1978-01-03')], [single(104_400, '1978-07-03')]);
    expect(result.unitPeriodsPerYear).toBe(2);
    expect(result.aprPercent).toBe('8.80');
    expect(result.exact.toFixed(10)).toBe('8.8000000000');
  });

  it('counts a single payment more than a year later in years and months: $1,000 → $1,200 after 18 months', () => {
    // (b)(5)(v): t = 1 year, f = 6/12. (1 + i/2)(1 + i) = 1.2 → i = −1.5 + √2.65 = 12.788%.
    const result = computeApr([advance(100_000, '2024-01-10')], [single(120_000, '2025-07-10')]);
    expect(result.unitPeriodsPerYear).toBe(1);
    expect(result.aprPercent).toBe('12.79');
    expect(result.exact.toNumber()).toBeCloseTo((-1.5 + Math.sqrt(2.65)) * 100, 8);
  });
});

describe('computeApr: round trip with the loan disclosure', () => {
  /** The schedule discloseLoan discloses: n − 1 level payments from a month after the contract, then the final one. */
  function roundTrip(amount: number, aprPercent: string, termMonths: number, contract: CalendarDate) {
    const disclosure = discloseLoan({ amountFinanced: cents(amount), aprPercent, termMonths });
    const result = computeApr(
      [{ amount: cents(amount), date: contract }],
      [
        {
          amount: disclosure.payment,
          count: termMonths - 1,
          firstDate: addMonthsOnDueDay(contract, 1),
          frequency: 'monthly',
        },
        {
          amount: disclosure.finalPayment,
          count: 1,
          firstDate: addMonthsOnDueDay(contract, termMonths),
          frequency: 'single',
        },
      ],
    );
    return { disclosure, result };
  }

  it.each([
    { amount: 2_000_000, apr: '5', term: 60, payment: 37_742, final: 37_774, shown: '5.00' },
    { amount: 1_000_000, apr: '6', term: 36, payment: 30_422, final: 30_418, shown: '6.00' },
  ])(
    'gives back $apr% for $amount cents over $term months (payment $payment, final $final)',
    ({ amount, apr, term, payment, final, shown }) => {
      const { disclosure, result } = roundTrip(amount, apr, term, d('2024-03-10'));
      expect([disclosure.payment, disclosure.finalPayment]).toEqual([payment, final]);
      expect(result.aprPercent).toBe(shown);
      expect(result.exact.minus(apr).abs().toNumber()).toBeLessThan(0.01);
    },
  );

  it('measures months due on the 31st from the last day of shorter months (App. J (b)(3)(iv))', () => {
    // Contract Dec 31, payments Jan 31, Feb 29, Mar 31, Apr 30...: every one is whole months from the
    // contract. Measured from the 29th or 30th instead, each would carry odd days and move the APR.
    const { result } = roundTrip(1_500_000, '7.5', 48, d('2023-12-31'));
    expect(result.aprPercent).toBe('7.50');
    expect(result.exact.minus('7.5').abs().toNumber()).toBeLessThan(0.0001);
  });

  it('gives back the disclosed APR within 0.01 for any amount, APR and term', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 100_000_000 }),
        fc.integer({ min: 50, max: 3_000 }).map((hundredths) => (hundredths / 100).toFixed(2)),
        fc.integer({ min: 12, max: 84 }),
        // Due days 1–28: a stream is due on its first date's day, so a contract on the 31st whose first
        // payment falls on Feb 28 would be a stream due on the 28th (see the test above for the 31st).
        fc.record({
          year: fc.integer({ min: 2000, max: 2040 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
        }),
        (amount, apr, term, { year, month, day }) => {
          const contract = d(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
          const { result } = roundTrip(amount, apr, term, contract);
          expect(result.exact.minus(apr).abs().toNumber()).toBeLessThanOrEqual(0.01);
          expect(decimal(result.aprPercent).minus(apr).abs().toNumber()).toBeLessThanOrEqual(0.01);
        },
      ),
    );
  });
});

describe('computeApr: odd first periods (App. J (b)(5))', () => {
  it('gives a lower APR when the first payment comes 45 days after the advance instead of 30', () => {
    const thirtyDays = computeApr([advance(500_000, '2024-01-15')], [stream(16_607, 36, '2024-02-14')]);
    const fortyFiveDays = computeApr([advance(500_000, '2024-01-15')], [stream(16_607, 36, '2024-02-29')]);
    // 30 days is a full unit-period by the 30-day month (t = 1, f = 0); 45 days, from Jan 15 to Feb 29
    // due on the 29th, is 1 month and 14 days: every payment k is t = k, f = 14/30.
    expect(thirtyDays.aprPercent).toBe('12.00');
    expectMatchesOracle(
      fortyFiveDays,
      oracleAprPercent([[-5000, 0, 0], ...level(166.07, 36, 1, 14 / 30)], 12),
    );
    expect(fortyFiveDays.aprPercent).toBe('11.68');
  });

  it('always lowers the APR when the advance comes earlier before the same payments', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 10_000_000 }),
        // From 0.50%: at 0.01% a level payment rounded down can repay exactly the advance, an APR of 0 either way.
        fc.integer({ min: 50, max: 3_000 }).map((hundredths) => (hundredths / 100).toFixed(2)),
        fc.integer({ min: 6, max: 72 }),
        fc.integer({ min: 1, max: 40 }),
        (amount, apr, term, extraDays) => {
          const firstPayment = d('2025-03-10');
          const disclosure = discloseLoan({
            amountFinanced: cents(amount),
            aprPercent: apr,
            termMonths: term,
          });
          const payments = [stream(disclosure.payment, term, firstPayment)];
          const regularAdvance = addMonthsOnDueDay(firstPayment, -1);
          const regular = computeApr([{ amount: cents(amount), date: regularAdvance }], payments);
          const long = computeApr(
            [{ amount: cents(amount), date: addDays(regularAdvance, -extraDays) }],
            payments,
          );
          expect(long.exact.lt(regular.exact)).toBe(true);
        },
      ),
    );
  });
});

describe('computeApr: several payment streams and advances', () => {
  it('handles 11 monthly payments of $300 and a final $500 as one monthly schedule', () => {
    const result = computeApr(
      [advance(350_000, '2024-01-15')],
      [stream(30_000, 11, '2024-02-15'), single(50_000, '2025-01-15')],
    );
    expect(result.unitPeriodsPerYear).toBe(12);
    expectMatchesOracle(result, oracleAprPercent([[-3500, 0, 0], ...level(300, 11), [500, 12, 0]], 12));
  });

  it('handles a step-up schedule: 6 payments of $300 then 6 of $500', () => {
    const result = computeApr(
      [advance(450_000, '2024-01-15')],
      [stream(30_000, 6, '2024-02-15'), stream(50_000, 6, '2024-08-15')],
    );
    expectMatchesOracle(result, oracleAprPercent([[-4500, 0, 0], ...level(300, 6), ...level(500, 6, 7)], 12));
  });

  it('discounts a later advance like a payment: $3,000 now and $2,000 two months later', () => {
    const result = computeApr(
      [advance(300_000, '2024-01-15'), advance(200_000, '2024-03-15')],
      [stream(30_000, 18, '2024-02-15')],
    );
    expectMatchesOracle(result, oracleAprPercent([[-3000, 0, 0], [-2000, 2, 0], ...level(300, 18)], 12));
  });

  it('takes the period that occurs most often as the unit-period: 3 monthly then 10 weekly payments is weekly', () => {
    const result = computeApr(
      [advance(100_000, '2024-01-01')],
      [stream(20_000, 3, '2024-02-01'), stream(5_000, 10, '2024-04-08', 'weekly')],
    );
    expect(result.unitPeriodsPerYear).toBe(52);
    // Days from the advance: Feb 1 = 31 (4 weeks + 3 days), Mar 1 = 60 (8 + 4), Apr 1 = 91 (13 + 0),
    // then Apr 8 = 98 = 14 weeks and on weekly.
    const flows: OracleFlow[] = [
      [-1000, 0, 0],
      [200, 4, 3 / 7],
      [200, 8, 4 / 7],
      [200, 13, 0],
      ...level(50, 10, 14),
    ];
    expectMatchesOracle(result, oracleAprPercent(flows, 52));
  });

  it('takes the shorter of two periods that occur equally often (App. J (b)(4)(i)(A))', () => {
    // 3 monthly periods (advance → Feb 1 → Mar 1 → Apr 1) and 3 biweekly (Apr 1 → 15 → 29 → May 13).
    const result = computeApr(
      [advance(100_000, '2024-01-01')],
      [stream(20_000, 3, '2024-02-01'), stream(15_000, 3, '2024-04-15', 'biweekly')],
    );
    expect(result.unitPeriodsPerYear).toBe(26);
  });

  it('rounds the average period to the nearest standard interval when no period recurs (App. J (b)(4)(i)(B))', () => {
    // Periods of 31 and 59 days average 45 days: nearest is 6 weeks (42), not 7 weeks (49) or a month.
    const result = computeApr(
      [advance(100_000, '2025-01-15')],
      [single(50_000, '2025-02-15'), single(55_000, '2025-04-15')],
    );
    expect(result.unitPeriodsPerYear).toBeCloseTo(52 / 6, 12);
  });

  it('takes the shorter standard interval when the average period is equally near two', () => {
    // Periods of 10 and 11 days average 10.5: as near 1 week as 2 weeks.
    const result = computeApr(
      [advance(100_000, '2025-01-01')],
      [single(50_000, '2025-01-11'), single(55_000, '2025-01-22')],
    );
    expect(result.unitPeriodsPerYear).toBe(52);
  });

  it('steps a semimonthly stream from the 16th to the 1st of the next month', () => {
    const advances = [advance(500_000, '1978-03-08')];
    const fromThe16th = computeApr(advances, [stream(21_917, 24, '1978-03-16', 'semimonthly')]);
    const spelledOut = computeApr(advances, [
      single(21_917, '1978-03-16'),
      stream(21_917, 23, '1978-04-01', 'semimonthly'),
    ]);
    expect(fromThe16th.unitPeriodsPerYear).toBe(24);
    expect(fromThe16th.exact.eq(spelledOut.exact)).toBe(true);
  });
});

describe('isIrregular (§1026.22(a)(3))', () => {
  it.each([
    { case: 'level monthly payments', payments: [stream(16_607, 36, '2024-02-15')], irregular: false },
    { case: 'an odd first period', payments: [stream(16_607, 36, '2024-03-01')], irregular: false },
    {
      case: 'an odd first payment',
      payments: [single(25_000, '2024-02-15'), stream(23_000, 23, '2024-03-15')],
      irregular: false,
    },
    {
      case: 'an odd final payment (11 × $300 then $500)',
      payments: [stream(30_000, 11, '2024-02-15'), single(50_000, '2025-01-15')],
      irregular: false,
    },
    {
      case: 'a step-up schedule (6 × $300 then 6 × $500)',
      payments: [stream(30_000, 6, '2024-02-15'), stream(50_000, 6, '2024-08-15')],
      irregular: true,
    },
    {
      case: 'a skipped month',
      payments: [stream(30_000, 6, '2024-02-15'), stream(30_000, 6, '2024-09-15')],
      irregular: true,
    },
    {
      case: 'monthly then weekly payments',
      payments: [stream(60_000, 3, '2024-02-15'), stream(15_000, 10, '2024-05-22', 'weekly')],
      irregular: true,
    },
  ])('is $irregular for a single advance with $case', ({ payments, irregular }) => {
    expect(isIrregular([advance(300_000, '2024-01-15')], payments)).toBe(irregular);
  });

  it('is true for multiple advances', () => {
    expect(
      isIrregular(
        [advance(300_000, '2024-01-15'), advance(200_000, '2024-03-15')],
        [stream(30_000, 18, '2024-02-15')],
      ),
    ).toBe(true);
  });
});

describe('isAprWithinTolerance (§1026.22(a)(2)–(3))', () => {
  const computed = (exact: string): AprResult => ({
    aprPercent: decimal(exact).toFixed(2),
    unitPeriodsPerYear: 12,
    exact: decimal(exact),
  });

  it.each([
    // 6.60 − 6.49 = 0.11: within 1/8 of a point even for a regular transaction.
    { disclosed: '6.49', exact: '6.60', irregular: false, accurate: true },
    { disclosed: '6.49', exact: '6.65', irregular: false, accurate: false },
    { disclosed: '6.49', exact: '6.65', irregular: true, accurate: true },
    { disclosed: '6.49', exact: '6.615', irregular: false, accurate: true },
    { disclosed: '6.49', exact: '6.6151', irregular: false, accurate: false },
    { disclosed: '6.49', exact: '6.365', irregular: false, accurate: true },
    { disclosed: '6.49', exact: '6.3649', irregular: false, accurate: false },
    { disclosed: '6.49', exact: '6.74', irregular: true, accurate: true },
    { disclosed: '6.49', exact: '6.7401', irregular: true, accurate: false },
    { disclosed: '6.49', exact: '6.24', irregular: true, accurate: true },
  ])(
    'disclosed $disclosed against $exact (irregular: $irregular) is accurate: $accurate',
    ({ disclosed, exact, irregular, accurate }) => {
      expect(isAprWithinTolerance(disclosed, computed(exact), irregular)).toBe(accurate);
    },
  );

  it('accepts a disclosure against a computed APR end to end', () => {
    const result = computeApr([advance(500_000, '2024-01-15')], [stream(16_607, 36, '2024-02-15')]);
    expect(isAprWithinTolerance('12.12', result, false)).toBe(true);
    expect(isAprWithinTolerance('12.13', result, false)).toBe(false);
  });

  it('rejects a disclosed APR that is not a percentage', () => {
    expect(() => isAprWithinTolerance('6.49%', computed('6.49'), false)).toThrow(
      expect.objectContaining({ name: 'AprError', field: 'disclosedPercent' }),
    );
  });
});

describe('computeApr: input with no APR', () => {
  const oneAdvance = [advance(500_000, '2024-01-15')];
  const monthly = [stream(16_607, 36, '2024-02-15')];
  const raw = (value: unknown) => value as never; // input the types forbid but a caller can still send

  it.each([
    {
      case: 'no advances',
      advances: [],
      payments: monthly,
      field: 'advances',
      reason: /at least one advance/i,
    },
    {
      case: 'no payments',
      advances: oneAdvance,
      payments: [],
      field: 'payments',
      reason: /at least one payment/i,
    },
    {
      case: 'a zero advance',
      advances: [advance(0, '2024-01-15')],
      payments: monthly,
      field: 'advances.0.amount',
      reason: /positive whole number of cents/,
    },
    {
      case: 'an advance in fractions of a cent',
      advances: [oneAdvance[0], { amount: raw(100.5), date: d('2024-02-01') }],
      payments: monthly,
      field: 'advances.1.amount',
      reason: /positive whole number of cents/,
    },
    {
      case: 'an advance on no calendar date',
      advances: [{ amount: cents(500_000), date: raw('2024-02-30') }],
      payments: monthly,
      field: 'advances.0.date',
      reason: /calendar date/,
    },
    {
      case: 'a negative payment',
      advances: oneAdvance,
      payments: [stream(-16_607, 36, '2024-02-15')],
      field: 'payments.0.amount',
      reason: /positive whole number of cents/,
    },
    {
      case: 'a count of 0',
      advances: oneAdvance,
      payments: [stream(16_607, 0, '2024-02-15')],
      field: 'payments.0.count',
      reason: /from 1 to 600/,
    },
    {
      case: 'a count of 601',
      advances: oneAdvance,
      payments: [stream(16_607, 601, '2024-02-15')],
      field: 'payments.0.count',
      reason: /from 1 to 600/,
    },
    {
      case: 'a count of 2.5',
      advances: oneAdvance,
      payments: [stream(16_607, 2.5, '2024-02-15')],
      field: 'payments.0.count',
      reason: /whole number/,
    },
    {
      case: 'a single payment counted twice',
      advances: oneAdvance,
      payments: [monthly[0], stream(50_000, 2, '2027-03-15', 'single')],
      field: 'payments.1.count',
      reason: /single payment has a count of 1/,
    },
    {
      case: 'an unknown frequency',
      advances: oneAdvance,
      payments: [stream(16_607, 36, '2024-02-15', raw('daily'))],
      field: 'payments.0.frequency',
      reason: /one of weekly, biweekly/,
    },
    {
      case: 'payments before the first advance',
      advances: oneAdvance,
      payments: [monthly[0], single(50_000, '2024-01-10')],
      field: 'payments.1.firstDate',
      reason: /after the first advance \(2024-01-15\)/,
    },
    {
      case: 'a payment on the day of the first advance',
      advances: oneAdvance,
      payments: [stream(16_607, 36, '2024-01-15')],
      field: 'payments.0.firstDate',
      reason: /after the first advance/,
    },
    {
      case: 'payments totalling less than the advances',
      advances: oneAdvance,
      payments: [stream(10_000, 36, '2024-02-15')],
      field: 'payments',
      reason: /\$3,600\.00, less than the \$5,000\.00 advanced: a negative finance charge/,
    },
  ])('rejects $case, naming $field', ({ advances, payments, field, reason }) => {
    for (const compute of [computeApr, isIrregular]) {
      let error: unknown;
      try {
        compute(advances as Advance[], payments as PaymentStream[]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AprError);
      expect(error).toMatchObject({ field, message: expect.stringMatching(reason) });
    }
  });
});
