import { addDays, type CalendarDate, compareDates } from './dates.ts';
import { addCents, type Cents, cents } from './money.ts';
import { roundAccruedInterest, roundPerDiemForStatement } from './rounding.ts';
import { accrueInterest, type DayCount, perDiem } from './simple-interest.ts';

/**
 * A payoff quote for a simple-interest loan: principal, interest posted and unpaid, interest that will
 * accrue through the good-through date, unpaid fees, less money held unapplied. The per diem lets the
 * payer add a day's interest for each day the money arrives after the good-through date.
 */
export const DEFAULT_PAYOFF_VALID_DAYS = 10;

export type LoanBalances = { principal: Cents; interest: Cents; fees: Cents; unapplied: Cents };

export type PayoffQuote = {
  quoteDate: CalendarDate;
  goodThrough: CalendarDate;
  principal: Cents;
  /** Posted and unpaid, plus accrued from the last posting through the good-through date. */
  interest: Cents;
  fees: Cents;
  unapplied: Cents;
  payoff: Cents;
  perDiem: Cents;
};

export function quotePayoff(input: {
  balances: LoanBalances;
  aprPercent: string;
  dayCount: DayCount;
  /** The date interest has been posted through. */
  accruedThrough: CalendarDate;
  quoteDate: CalendarDate;
  goodThrough?: CalendarDate;
}): PayoffQuote {
  const goodThrough = input.goodThrough ?? addDays(input.quoteDate, DEFAULT_PAYOFF_VALID_DAYS);
  if (compareDates(goodThrough, input.quoteDate) < 0)
    throw new RangeError('The good-through date is before the quote date.');
  const { principal, fees, unapplied } = input.balances;
  const from = compareDates(input.accruedThrough, goodThrough) < 0 ? input.accruedThrough : goodThrough;
  const accrued = roundAccruedInterest(
    accrueInterest(principal, input.aprPercent, from, goodThrough, input.dayCount),
  );
  const interest = addCents(input.balances.interest, accrued);
  const owed = addCents(principal, interest, fees) - unapplied;
  return {
    quoteDate: input.quoteDate,
    goodThrough,
    principal,
    interest,
    fees,
    unapplied,
    payoff: cents(Math.max(0, owed)),
    perDiem: roundPerDiemForStatement(perDiem(principal, input.aprPercent, goodThrough, input.dayCount)),
  };
}
