import { addDays, type CalendarDate, calendarDate, dateParts, daysBetween } from './dates.ts';
import { Decimal, decimal } from './decimal.ts';
import type { Cents } from './money.ts';

/**
 * Daily simple interest on a retail installment contract: interest accrues on unpaid principal only,
 * at APR / 365 a day ("actual/365 fixed": 365 also in leap years, as most US auto lenders disclose),
 * or APR / (days in that year) for contracts that say actual/actual. It is never charged on interest
 * or fees (no compounding). Amounts stay exact here; `roundAccruedInterest` rounds when they post.
 */
export const DAY_COUNTS = ['actual/365', 'actual/actual'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

function daysInYear(year: number): number {
  return daysBetween(calendarDate(`${year}-01-01`), calendarDate(`${year + 1}-01-01`));
}

/** Exact interest in cents on `principal` for each day after `from` up to and including `to`. */
export function accrueInterest(
  principal: Cents,
  aprPercent: string,
  from: CalendarDate,
  to: CalendarDate,
  dayCount: DayCount = 'actual/365',
): Decimal {
  const days = daysBetween(from, to);
  if (days < 0) throw new RangeError(`Interest cannot accrue backwards (${from} → ${to}).`);
  if (days === 0 || principal <= 0) return new Decimal(0);
  const annual = decimal(principal).mul(aprPercent).div(100);
  if (dayCount === 'actual/365') return annual.mul(days).div(365);
  // actual/actual: each day at the length of the year it falls in. The days counted are those after
  // `from` up to and including `to`, so a segment runs to the end of the year of the day after the cursor.
  let total = new Decimal(0);
  let cursor = from;
  while (cursor < to) {
    const { year } = dateParts(addDays(cursor, 1));
    const yearEnd = calendarDate(`${year}-12-31`);
    const segmentEnd = yearEnd < to ? yearEnd : to;
    total = total.plus(annual.mul(daysBetween(cursor, segmentEnd)).div(daysInYear(year)));
    cursor = segmentEnd;
  }
  return total;
}

/** One day's interest (the "per diem") on `principal` on a day of `year`. */
export function perDiem(
  principal: Cents,
  aprPercent: string,
  on: CalendarDate,
  dayCount: DayCount = 'actual/365',
): Decimal {
  const year = dateParts(on).year;
  const divisor = dayCount === 'actual/365' ? 365 : daysInYear(year);
  return decimal(principal).mul(aprPercent).div(100).div(divisor);
}
