import { describe, expect, it } from 'vitest';
import { calendarDate as d } from './dates.ts';
import { cents } from './money.ts';
import { roundAccruedInterest } from './rounding.ts';
import { accrueInterest, perDiem } from './simple-interest.ts';

describe('daily simple interest', () => {
  it('accrues APR / 365 a day on principal: $20,000 at 5% for 31 days is $84.93', () => {
    // 2,000,000 × 0.05 × 31 / 365 = 8,493.15… cents.
    const exact = accrueInterest(cents(2_000_000), '5', d('2026-01-10'), d('2026-02-10'));
    expect(exact.toFixed(4)).toBe('8493.1507');
    expect(roundAccruedInterest(exact)).toBe(8_493);
  });

  it('uses 365 in a leap year under actual/365, and 366 under actual/actual', () => {
    const from = d('2028-01-01');
    const to = d('2029-01-01');
    expect(roundAccruedInterest(accrueInterest(cents(1_000_000), '6', from, to))).toBe(60_164); // 366/365 of a year
    expect(roundAccruedInterest(accrueInterest(cents(1_000_000), '6', from, to, 'actual/actual'))).toBe(
      60_000,
    );
  });

  it('splits actual/actual across a year end by each year’s length', () => {
    // Dec 31 → Jan 2 counts Jan 1 and Jan 2, both days of 2028: 2 × 366,000 / 366.
    expect(
      accrueInterest(cents(3_660_000), '10', d('2027-12-31'), d('2028-01-02'), 'actual/actual').toFixed(2),
    ).toBe('2000.00');
    // Dec 30 → Jan 1 counts Dec 31 (of a 365-day year) and Jan 1 (of a 366-day year).
    const mixed = accrueInterest(cents(3_660_000), '10', d('2027-12-30'), d('2028-01-01'), 'actual/actual');
    expect(mixed.toFixed(4)).toBe('2002.7397');
  });

  it('accrues nothing on the same day or on zero principal, and refuses to run backwards', () => {
    expect(accrueInterest(cents(100_000), '5', d('2026-01-10'), d('2026-01-10')).isZero()).toBe(true);
    expect(accrueInterest(cents(0), '5', d('2026-01-10'), d('2026-03-10')).isZero()).toBe(true);
    expect(() => accrueInterest(cents(100_000), '5', d('2026-01-10'), d('2026-01-09'))).toThrow(RangeError);
  });

  it('gives the per diem, one day of interest', () => {
    expect(roundAccruedInterest(perDiem(cents(2_000_000), '5', d('2026-01-10')))).toBe(274);
    expect(perDiem(cents(3_650_000), '10', d('2026-06-01')).toFixed(2)).toBe('1000.00');
  });
});
