import { describe, expect, it } from 'vitest';
import { calendarDate as d } from './dates.ts';
import { cents } from './money.ts';
import { quotePayoff } from './payoff.ts';

const balances = { principal: cents(1_970_591), interest: cents(0), fees: cents(0), unapplied: cents(0) };

describe('quotePayoff', () => {
  it('adds interest through the good-through date (10 days after the quote by default) and gives the per diem', () => {
    const q = quotePayoff({
      balances,
      aprPercent: '5',
      dayCount: 'actual/365',
      accruedThrough: d('2026-02-10'),
      quoteDate: d('2026-02-20'),
    });
    // 20 days from Feb 10 to Mar 2: 1,970,591 × 0.05 × 20 / 365 = 5,398.88 → 5,399.
    expect(q).toEqual({
      quoteDate: '2026-02-20',
      goodThrough: '2026-03-02',
      principal: 1_970_591,
      interest: 5_399,
      fees: 0,
      unapplied: 0,
      payoff: 1_975_990,
      perDiem: 270,
    });
  });

  it('includes unpaid fees and posted interest, less money held unapplied', () => {
    const q = quotePayoff({
      balances: {
        principal: cents(100_000),
        interest: cents(300),
        fees: cents(2_500),
        unapplied: cents(1_000),
      },
      aprPercent: '0',
      dayCount: 'actual/365',
      accruedThrough: d('2026-02-10'),
      quoteDate: d('2026-02-10'),
      goodThrough: d('2026-02-10'),
    });
    expect(q.payoff).toBe(100_000 + 300 + 2_500 - 1_000);
  });

  it('refuses a good-through date before the quote date', () => {
    expect(() =>
      quotePayoff({
        balances,
        aprPercent: '5',
        dayCount: 'actual/365',
        accruedThrough: d('2026-02-10'),
        quoteDate: d('2026-02-20'),
        goodThrough: d('2026-02-19'),
      }),
    ).toThrow(RangeError);
  });
});
