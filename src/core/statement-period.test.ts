import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonthsOnDueDay, type CalendarDate, calendarDate as d, daysBetween } from './dates.ts';
import { installmentSchedule } from './installments.ts';
import { cents } from './money.ts';
import {
  finalStatementPeriod,
  MAX_STATEMENT_DAYS_BEFORE_DUE,
  MIN_STATEMENT_DAYS_BEFORE_DUE,
  statementPeriodDueOn,
  statementPeriods,
} from './statement-period.ts';

const loan = installmentSchedule(d('2026-02-10'), 10, 4, cents(37_742));

describe('statementPeriods', () => {
  it('closes each statement 20 days before its due date, the first period starting on the contract date', () => {
    expect(statementPeriods(d('2026-01-10'), loan, 20)).toEqual([
      { installmentNumber: 1, dueDate: '2026-02-10', periodStart: '2026-01-10', closingDate: '2026-01-21' },
      { installmentNumber: 2, dueDate: '2026-03-10', periodStart: '2026-01-22', closingDate: '2026-02-18' },
      { installmentNumber: 3, dueDate: '2026-04-10', periodStart: '2026-02-19', closingDate: '2026-03-21' },
      { installmentNumber: 4, dueDate: '2026-05-10', periodStart: '2026-03-22', closingDate: '2026-04-20' },
    ]);
  });

  it('gives an installment due within the lead time of signing no statement; its days go to the next one', () => {
    const periods = statementPeriods(d('2026-01-25'), loan, 20);
    expect(periods[0]).toEqual({
      installmentNumber: 2,
      dueDate: '2026-03-10',
      periodStart: '2026-01-25',
      closingDate: '2026-02-18',
    });
  });

  it('closes on the contract date itself when that is the statement date', () => {
    expect(statementPeriods(d('2026-01-21'), loan, 20)[0]).toMatchObject({
      installmentNumber: 1,
      periodStart: '2026-01-21',
      closingDate: '2026-01-21',
    });
  });

  it('rolls a due day of 31 to the month end, and the statement date with it', () => {
    const monthEnd = installmentSchedule(d('2026-01-31'), 31, 3, cents(100));
    expect(statementPeriods(d('2026-01-01'), monthEnd, 20).map((p) => p.closingDate)).toEqual([
      '2026-01-11',
      '2026-02-08',
      '2026-03-11',
    ]);
  });

  it('finds the statement of the installment due on a date, and none for a date nothing is due', () => {
    expect(statementPeriodDueOn(d('2026-01-10'), loan, 20, d('2026-03-10'))?.closingDate).toBe('2026-02-18');
    expect(statementPeriodDueOn(d('2026-01-10'), loan, 20, d('2026-03-11'))).toBeUndefined();
  });

  it('covers every day from the contract date to the last closing date once, one statement per installment', () => {
    const arbitraryContract = fc.record({
      contractDay: fc.integer({ min: 0, max: 3_000 }),
      leadDays: fc.integer({ min: 0, max: 45 }),
      dueDay: fc.integer({ min: 1, max: 31 }),
      count: fc.integer({ min: 1, max: 84 }),
      daysBeforeDue: fc.integer({ min: MIN_STATEMENT_DAYS_BEFORE_DUE, max: MAX_STATEMENT_DAYS_BEFORE_DUE }),
    });
    fc.assert(
      fc.property(arbitraryContract, ({ contractDay, leadDays, dueDay, count, daysBeforeDue }) => {
        const contractDate = addDays(d('2024-01-01'), contractDay);
        // The first payment falls on the due day of the month `leadDays` after signing.
        const first = addMonthsOnDueDay(addDays(contractDate, leadDays), 0, dueDay);
        const firstDue = first < contractDate ? addMonthsOnDueDay(first, 1, dueDay) : first;
        const installments = installmentSchedule(firstDue, dueDay, count, cents(100));
        const periods = statementPeriods(contractDate, installments, daysBeforeDue);

        let expectedStart: CalendarDate = contractDate;
        for (const p of periods) {
          expect(p.periodStart).toBe(expectedStart);
          expect(daysBetween(p.periodStart, p.closingDate)).toBeGreaterThanOrEqual(0);
          expect(daysBetween(p.closingDate, p.dueDate)).toBe(daysBeforeDue);
          expectedStart = addDays(p.closingDate, 1);
        }
        const numbers = periods.map((p) => p.installmentNumber);
        expect(new Set(numbers).size).toBe(numbers.length);
        // Only installments whose statement date is before signing go without one.
        const missing = installments.filter((i) => !numbers.includes(i.number));
        for (const i of missing) expect(daysBetween(contractDate, i.dueDate)).toBeLessThan(daysBeforeDue);
        // Every closing date after the first follows the previous installment's due date.
        for (let k = 1; k < periods.length; k++) {
          expect(daysBetween(periods[k - 1]!.dueDate, periods[k]!.closingDate)).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('finalStatementPeriod', () => {
  it('runs from the day after the last statement through the payoff date', () => {
    expect(finalStatementPeriod(d('2026-01-10'), d('2026-02-18'), d('2026-03-01'))).toEqual({
      final: true,
      periodStart: '2026-02-19',
      closingDate: '2026-03-01',
    });
  });

  it('starts on the contract date when no statement was cut before the payoff', () => {
    expect(finalStatementPeriod(d('2026-01-10'), null, d('2026-01-15'))).toEqual({
      final: true,
      periodStart: '2026-01-10',
      closingDate: '2026-01-15',
    });
  });

  it('closes the day after the last statement when the payoff is dated on or before it (posted late)', () => {
    for (const paidOffOn of ['2026-02-18', '2026-02-10'] as const) {
      expect(finalStatementPeriod(d('2026-01-10'), d('2026-02-18'), d(paidOffOn))).toEqual({
        final: true,
        periodStart: '2026-02-19',
        closingDate: '2026-02-19',
      });
    }
  });

  it('never overlaps the statements before it and never ends before it starts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: -60, max: 60 }), (last, payoff) => {
        const contractDate = d('2026-01-10');
        const lastClosing = addDays(contractDate, last);
        const period = finalStatementPeriod(contractDate, lastClosing, addDays(lastClosing, payoff));
        expect(daysBetween(lastClosing, period.periodStart)).toBe(1);
        expect(daysBetween(period.periodStart, period.closingDate)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
