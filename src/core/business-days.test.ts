import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDayOnOrAfter,
  businessDaysBetween,
  federalReserveHolidays,
  isBusinessDay,
  nextBusinessDay,
} from './business-days.ts';
import { addDays, type CalendarDate, calendarDate } from './dates.ts';

const d = calendarDate;
const datesOf = (year: number) => federalReserveHolidays(year).map((h) => h.date);

/** Any date from 2000 through 2060, as the properties' input. */
const anyDate = fc.integer({ min: 0, max: 22_279 }).map((n) => addDays(d('2000-01-01'), n));

describe('federalReserveHolidays', () => {
  it('gives the Fed’s published 2026 schedule, Independence Day on its Saturday', () => {
    expect(datesOf(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-04',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it('gives the Fed’s published 2027 schedule: Sunday July 4 moves to Monday, Saturdays stay', () => {
    expect(datesOf(2027)).toEqual([
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-19',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-25',
    ]);
  });

  it('names each holiday', () => {
    expect(federalReserveHolidays(2027).find((h) => h.date === '2027-07-05')?.name).toBe('Independence Day');
    expect(federalReserveHolidays(2026)[1]).toEqual({
      date: '2026-01-19',
      name: 'Birthday of Martin Luther King, Jr.',
    });
  });

  it('observes Juneteenth from 2022 (on Monday June 20, 2022, as June 19 was a Sunday), not in 2021', () => {
    expect(datesOf(2022)).toContain('2022-06-20');
    expect(datesOf(2022)).not.toContain('2022-06-19');
    expect(datesOf(2021).filter((date) => date.startsWith('2021-06'))).toEqual([]);
    expect(datesOf(2021)).toHaveLength(10);
    expect(datesOf(2022)).toHaveLength(11);
  });

  it('moves a Sunday New Year’s Day and Christmas to the Monday', () => {
    expect(datesOf(2023)).toContain('2023-01-02');
    expect(datesOf(2022)).toContain('2022-12-26');
  });

  it('puts Memorial Day on the last Monday of May, also when May has five Mondays', () => {
    expect(datesOf(2026)).toContain('2026-05-25');
    expect(datesOf(2027)).toContain('2027-05-31');
  });

  it('returns a copy, so a caller cannot change the calendar', () => {
    const list = federalReserveHolidays(2026);
    list.length = 0;
    expect(federalReserveHolidays(2026)).toHaveLength(11);
  });

  it('refuses years the rules do not cover', () => {
    expect(() => federalReserveHolidays(1985)).toThrow(RangeError);
    expect(() => federalReserveHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2026-07-02', true], // Thursday
    ['2026-07-03', true], // Friday before a Saturday holiday: the Fed is open
    ['2026-07-04', false], // Saturday, Independence Day
    ['2026-07-06', true],
    ['2027-07-05', false], // Monday, Independence Day observed
    ['2027-06-18', true], // Friday before Saturday Juneteenth
    ['2027-12-24', true], // Friday before Saturday Christmas
    ['2021-06-18', true], // the OPM observed Juneteenth in 2021; the Fed settled
    ['2022-06-20', false],
    ['2026-11-26', false], // Thanksgiving
    ['2026-11-27', true], // Black Friday settles
    ['2026-03-07', false], // an ordinary Saturday
    ['2026-03-08', false], // an ordinary Sunday
  ] as const)('%s → %s', (date, expected) => {
    expect(isBusinessDay(d(date))).toBe(expected);
  });
});

describe('nextBusinessDay and businessDayOnOrAfter', () => {
  it.each([
    ['2026-07-02', '2026-07-03'],
    ['2026-07-03', '2026-07-06'],
    ['2027-07-02', '2027-07-06'], // Friday → over the weekend and the observed Monday
    ['2026-11-25', '2026-11-27'],
    ['2026-12-31', '2027-01-04'], // across the year and New Year's Day
  ] as const)('the business day after %s is %s', (date, expected) => {
    expect(nextBusinessDay(d(date))).toBe(expected);
  });

  it('keeps a business day and moves a non-business day forward', () => {
    expect(businessDayOnOrAfter(d('2026-07-03'))).toBe('2026-07-03');
    expect(businessDayOnOrAfter(d('2026-07-04'))).toBe('2026-07-06');
    expect(businessDayOnOrAfter(d('2027-07-05'))).toBe('2027-07-06');
  });
});

describe('addBusinessDays', () => {
  it.each([
    ['2026-07-01', 0, '2026-07-01'],
    ['2026-07-04', 0, '2026-07-06'],
    ['2026-07-01', 1, '2026-07-02'],
    ['2026-07-01', 2, '2026-07-03'],
    ['2026-07-01', 3, '2026-07-06'],
    ['2026-07-04', 1, '2026-07-06'], // counted from a Saturday, the first business day after it
    ['2026-12-23', 2, '2026-12-28'], // over Christmas and the weekend
    ['2026-12-31', 1, '2027-01-04'],
  ] as const)('%s + %i business days = %s', (date, n, expected) => {
    expect(addBusinessDays(d(date), n)).toBe(expected);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addBusinessDays(d('2026-07-01'), -1)).toThrow(RangeError);
    expect(() => addBusinessDays(d('2026-07-01'), 1.5)).toThrow(RangeError);
  });

  it('always lands on a business day', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 40 }), (date, n) => {
        expect(isBusinessDay(addBusinessDays(date, n))).toBe(true);
      }),
    );
  });
});

describe('businessDaysBetween', () => {
  it.each([
    ['2026-07-01', '2026-07-01', 0],
    ['2026-07-01', '2026-07-02', 1],
    ['2026-07-03', '2026-07-06', 1], // Saturday holiday and Sunday skipped
    ['2026-07-02', '2026-07-04', 1],
    ['2027-07-02', '2027-07-06', 1], // Monday holiday skipped
    ['2026-01-01', '2027-01-01', 251], // 261 weekdays less 10 weekday holidays; both Jan 1s are holidays
    ['2026-07-06', '2026-07-01', -3],
  ] as const)('(%s, %s] holds %i', (from, to, expected) => {
    expect(businessDaysBetween(d(from), d(to))).toBe(expected);
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 500 }), (from, days) => {
        const to = addDays(from, days);
        let count = 0;
        for (let date: CalendarDate = addDays(from, 1); date <= to; date = addDays(date, 1)) {
          if (isBusinessDay(date)) count++;
        }
        expect(businessDaysBetween(from, to)).toBe(count);
      }),
      { numRuns: 200 },
    );
  });

  it('counts back exactly the business days added (n ≥ 1)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 300 }), (date, n) => {
        expect(businessDaysBetween(date, addBusinessDays(date, n))).toBe(n);
      }),
    );
  });

  it('moves strictly forward: nextBusinessDay(d) > d, with no business day skipped', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const next = nextBusinessDay(date);
        expect(next > date).toBe(true);
        expect(businessDaysBetween(date, next)).toBe(1);
      }),
    );
  });
});
