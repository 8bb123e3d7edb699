import { addMonthsOnDueDay, type CalendarDate, compareDates, daysBetween } from './dates.ts';
import { type Cents, cents } from './money.ts';

/**
 * Installments fall due monthly on the contract's due day (29–31 roll to a shorter month's last day).
 * Due dates are computed apart from amounts (as Fineract keeps its date generator apart from its
 * amount strategies).
 */
export type Installment = { number: number; dueDate: CalendarDate; amount: Cents };

export function installmentDueDates(
  firstPaymentDate: CalendarDate,
  dueDay: number,
  count: number,
): CalendarDate[] {
  return Array.from({ length: count }, (_, i) => addMonthsOnDueDay(firstPaymentDate, i, dueDay));
}

/** The disclosed installments: `count − 1` regular payments and the final payment. */
export function installmentSchedule(
  firstPaymentDate: CalendarDate,
  dueDay: number,
  count: number,
  payment: Cents,
  finalPayment: Cents = payment,
): Installment[] {
  return installmentDueDates(firstPaymentDate, dueDay, count).map((dueDate, i) => ({
    number: i + 1,
    dueDate,
    amount: i === count - 1 ? finalPayment : payment,
  }));
}

export const DELINQUENCY_BUCKETS = ['current', '1-29', '30-59', '60-89', '90+'] as const;
export type DelinquencyBucket = (typeof DELINQUENCY_BUCKETS)[number];

/** Buckets by days past due, counted from the oldest unpaid due date (as credit reporting counts them). */
export function delinquencyBucket(daysPastDue: number): DelinquencyBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue < 30) return '1-29';
  if (daysPastDue < 60) return '30-59';
  if (daysPastDue < 90) return '60-89';
  return '90+';
}

export type InstallmentStatus = Installment & { paid: Cents; unpaid: Cents };

export type DueStatus = {
  installments: InstallmentStatus[];
  /** The first installment not fully paid, or undefined when every installment is paid. */
  nextDue: InstallmentStatus | undefined;
  /** Unpaid amounts of installments whose due date is before `asOf` (on the due date it is due, not late). */
  pastDue: Cents;
  /** Past due plus the unpaid part of the next installment due on or after `asOf`: the current bill. */
  billDue: Cents;
  daysPastDue: number;
  bucket: DelinquencyBucket;
};

/**
 * Applies the money credited to installments (regular payments' interest and principal, net of
 * reversals) to the installments in order, oldest first: paying more than is due pays ahead.
 */
export function dueStatus(
  installments: readonly Installment[],
  credited: Cents,
  asOf: CalendarDate,
): DueStatus {
  let left = credited as number;
  const statuses = installments.map((inst) => {
    const paid = Math.max(0, Math.min(left, inst.amount));
    left -= paid;
    return { ...inst, paid: cents(paid), unpaid: cents(inst.amount - paid) };
  });
  const unpaid = statuses.filter((s) => s.unpaid > 0);
  const late = unpaid.filter((s) => compareDates(s.dueDate, asOf) < 0);
  const current = unpaid.find((s) => compareDates(s.dueDate, asOf) >= 0);
  const pastDue = late.reduce((sum, s) => sum + s.unpaid, 0);
  const daysPastDue = late[0] ? daysBetween(late[0].dueDate, asOf) : 0;
  return {
    installments: statuses,
    nextDue: unpaid[0],
    pastDue: cents(pastDue),
    billDue: cents(pastDue + (current?.unpaid ?? 0)),
    daysPastDue,
    bucket: delinquencyBucket(daysPastDue),
  };
}
