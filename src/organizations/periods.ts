import { addDays, addMonthsOnDueDay, type CalendarDate, calendarDate, compareDates } from '../core/dates.ts';

/**
 * The calendar periods the analytics and the reports count money in: months, named by their key
 * ("2026-11") in the answers, and tax years.
 */

export const firstOfMonth = (date: CalendarDate) => addMonthsOnDueDay(date, 0, 1);
export const lastOfMonth = (date: CalendarDate) => addDays(addMonthsOnDueDay(date, 1, 1), -1);
export const monthKey = (date: CalendarDate) => date.slice(0, 7);

/** `months` whole calendar months ending with the month of `asOf`, through `asOf` itself. */
export function monthsThrough(asOf: CalendarDate, months: number): { from: CalendarDate; to: CalendarDate } {
  return { from: addMonthsOnDueDay(asOf, -(months - 1), 1), to: asOf };
}

/** The key of every month from `from`'s through `through`'s, oldest first. */
export function monthKeysBetween(from: CalendarDate, through: CalendarDate): string[] {
  const keys: string[] = [];
  for (let m = firstOfMonth(from); compareDates(m, through) <= 0; m = addMonthsOnDueDay(m, 1, 1))
    keys.push(monthKey(m));
  return keys;
}

/** A tax year: January 1 through December 31. */
export function taxYearDates(taxYear: number): { from: CalendarDate; to: CalendarDate } {
  return { from: calendarDate(`${taxYear}-01-01`), to: calendarDate(`${taxYear}-12-31`) };
}
