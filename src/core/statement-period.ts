import { addDays, type CalendarDate, compareDates } from './dates.ts';
import type { Installment } from './installments.ts';

/**
 * Monthly statement periods. Each installment has one statement, cut on its statement date: the due
 * date less a configured number of days (AUTOFIN_STATEMENT_DAYS_BEFORE_DUE). That date closes the
 * statement; its period runs from the day after the previous closing date (the contract date for the
 * first) through the closing date, so the periods of a contract cover every day once.
 */
export const DEFAULT_STATEMENT_DAYS_BEFORE_DUE = 20;
export const MIN_STATEMENT_DAYS_BEFORE_DUE = 1;
/**
 * Due dates are at least 28 days apart (February), so at most 27 days before the due date keeps each
 * closing date after the previous installment's due date: every statement can say whether it was paid.
 */
export const MAX_STATEMENT_DAYS_BEFORE_DUE = 27;

export type StatementPeriod = {
  installmentNumber: number;
  dueDate: CalendarDate;
  periodStart: CalendarDate;
  closingDate: CalendarDate;
};

/**
 * The statement cut when a contract is paid in full: from the day after the last statement's closing
 * date (the contract date if it had none) through the payoff date, with nothing due. A payoff dated
 * on or before a statement already cut (a payment posted late) closes the day after that statement.
 */
export type FinalStatementPeriod = { final: true; periodStart: CalendarDate; closingDate: CalendarDate };

export function finalStatementPeriod(
  contractDate: CalendarDate,
  lastClosingDate: CalendarDate | null,
  paidOffOn: CalendarDate,
): FinalStatementPeriod {
  if (lastClosingDate === null) return { final: true, periodStart: contractDate, closingDate: paidOffOn };
  const periodStart = addDays(lastClosingDate, 1);
  const closingDate = compareDates(paidOffOn, lastClosingDate) > 0 ? paidOffOn : periodStart;
  return { final: true, periodStart, closingDate };
}

export function statementDate(dueDate: CalendarDate, daysBeforeDue: number): CalendarDate {
  return addDays(dueDate, -daysBeforeDue);
}

/**
 * The statement of every installment whose statement date falls on or after the contract date, in
 * order. An installment due within `daysBeforeDue` days of signing has none: its first bill is the
 * contract itself, and its days belong to the next statement's period.
 */
export function statementPeriods(
  contractDate: CalendarDate,
  installments: readonly Pick<Installment, 'number' | 'dueDate'>[],
  daysBeforeDue: number,
): StatementPeriod[] {
  const periods: StatementPeriod[] = [];
  let periodStart = contractDate;
  for (const installment of installments) {
    const closingDate = statementDate(installment.dueDate, daysBeforeDue);
    if (compareDates(closingDate, contractDate) < 0) continue;
    periods.push({
      installmentNumber: installment.number,
      dueDate: installment.dueDate,
      periodStart,
      closingDate,
    });
    periodStart = addDays(closingDate, 1);
  }
  return periods;
}

/** The statement whose installment falls due on `dueDate`, if it has one. */
export function statementPeriodDueOn(
  contractDate: CalendarDate,
  installments: readonly Pick<Installment, 'number' | 'dueDate'>[],
  daysBeforeDue: number,
  dueDate: CalendarDate,
): StatementPeriod | undefined {
  return statementPeriods(contractDate, installments, daysBeforeDue).find((p) => p.dueDate === dueDate);
}
