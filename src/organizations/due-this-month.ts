import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { type CalendarDate, dateParts, daysInMonth } from '../core/dates.ts';

/**
 * "Due this month", the one rule the fleet dashboard's filter and total and the bulk payment's
 * "everything due this month" share: what is past due, unpaid fees, and the next installment when
 * it falls due by the last day of the business date's month.
 */

/** The last day of the business date's month: "due this month" means by then. */
export function monthEnd(today: CalendarDate): CalendarDate {
  const { year, month } = dateParts(today);
  return `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}` as CalendarDate;
}

export type DuePosition = {
  pastDueCents: AnyColumn | SQL.Aliased;
  feesCents: AnyColumn | SQL.Aliased;
  nextDueDate: AnyColumn | SQL.Aliased;
  nextDueAmountCents: AnyColumn | SQL.Aliased;
};

/** The amount due this month of one position row, in cents (0 when nothing is). */
export function dueThisMonthCents(p: DuePosition, end: CalendarDate): SQL<number> {
  return sql<number>`(${p.pastDueCents} + ${p.feesCents}
    + case when ${p.nextDueDate} <= ${end} then ${p.nextDueAmountCents} else 0 end)`;
}
