import { describe, expect, it } from 'vitest';
import { addDays, addMonthsOnDueDay, ageOn, calendarDate, daysBetween, isCalendarDate } from './dates.ts';

const d = calendarDate;

describe('calendar dates', () => {
  it.each(['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1'])(
    'rejects %s',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
    },
  );

  it('accepts leap days only in leap years', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
  });

  it('adds days across months, years and daylight-saving changes', () => {
    expect(addDays(d('2026-03-07'), 2)).toBe('2026-03-09');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
    expect(daysBetween(d('2026-01-01'), d('2027-01-01'))).toBe(365);
    expect(daysBetween(d('2028-01-01'), d('2029-01-01'))).toBe(366);
  });

  it('rolls a due day of 29–31 to the last day of a shorter month, then back', () => {
    expect(addMonthsOnDueDay(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonthsOnDueDay(d('2027-01-31'), 13)).toBe('2028-02-29');
    expect(addMonthsOnDueDay(d('2026-02-28'), 1, 31)).toBe('2026-03-31');
    expect(addMonthsOnDueDay(d('2026-01-30'), 3)).toBe('2026-04-30');
    expect(addMonthsOnDueDay(d('2026-11-15'), 2)).toBe('2027-01-15');
    expect(addMonthsOnDueDay(d('2026-03-15'), -3)).toBe('2025-12-15');
  });

  it('counts age in whole years, turning on the birthday', () => {
    expect(ageOn(d('2008-03-02'), d('2026-03-01'))).toBe(17);
    expect(ageOn(d('2008-03-02'), d('2026-03-02'))).toBe(18);
    expect(ageOn(d('2008-02-29'), d('2026-02-28'))).toBe(17);
  });
});
