import {
  addDays,
  type CalendarDate,
  calendarDate,
  compareDates,
  dateParts,
  daysBetween,
  daysInMonth,
} from './dates.ts';

/**
 * The ACH settlement calendar: the days FedACH and Fedwire settle. Holidays follow the Federal
 * Reserve's schedule (federalreserve.gov, "Holidays Observed by the Federal Reserve System"), which
 * differs from OPM's federal-employee rule: a holiday on a Sunday is observed the next Monday, but a
 * holiday on a Saturday is not moved — the Reserve Banks are open the Friday before.
 *
 * Holidays are computed by rule for any year from 1986, the first year of Martin Luther King Jr. Day.
 * Juneteenth counts from 2022: it became a federal holiday on June 17, 2021, and the Fed settled
 * normally on June 18, 2021, first observing it in 2022.
 */
export type FederalReserveHoliday = { date: CalendarDate; name: string };

const FIRST_YEAR = 1986;
const FIRST_JUNETEENTH = 2022;

const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;
const SUNDAY = 0;

const EPOCH = calendarDate('1970-01-01'); // a Thursday

/** 0 = Sunday … 6 = Saturday. */
function weekday(date: CalendarDate): number {
  return (((daysBetween(EPOCH, date) + THURSDAY) % 7) + 7) % 7;
}

function dateOf(year: number, month: number, day: number): CalendarDate {
  return calendarDate(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

/** The `n`th given weekday of a month (n = 1 for the first). */
function nthWeekday(year: number, month: number, day: number, n: number): CalendarDate {
  const first = dateOf(year, month, 1);
  return addDays(first, ((day - weekday(first) + 7) % 7) + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, day: number): CalendarDate {
  const last = dateOf(year, month, daysInMonth(year, month));
  return addDays(last, -((weekday(last) - day + 7) % 7));
}

/** A fixed-date holiday as the Fed observes it: Sunday moves to Monday, Saturday stays. */
function fixedHoliday(year: number, month: number, day: number): CalendarDate {
  const date = dateOf(year, month, day);
  return weekday(date) === SUNDAY ? addDays(date, 1) : date;
}

const holidaysByYear = new Map<number, readonly FederalReserveHoliday[]>();
const holidayDates = new Map<number, ReadonlySet<CalendarDate>>();

function holidaysOf(year: number): readonly FederalReserveHoliday[] {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > 9999) {
    throw new RangeError(`The Fed holiday rules are implemented for ${FIRST_YEAR}–9999, not ${year}.`);
  }
  const holidays: FederalReserveHoliday[] = [
    { date: fixedHoliday(year, 1, 1), name: "New Year's Day" },
    { date: nthWeekday(year, 1, MONDAY, 3), name: 'Birthday of Martin Luther King, Jr.' },
    { date: nthWeekday(year, 2, MONDAY, 3), name: "Washington's Birthday" },
    { date: lastWeekday(year, 5, MONDAY), name: 'Memorial Day' },
    ...(year >= FIRST_JUNETEENTH
      ? [{ date: fixedHoliday(year, 6, 19), name: 'Juneteenth National Independence Day' }]
      : []),
    { date: fixedHoliday(year, 7, 4), name: 'Independence Day' },
    { date: nthWeekday(year, 9, MONDAY, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 10, MONDAY, 2), name: 'Columbus Day' },
    { date: fixedHoliday(year, 11, 11), name: 'Veterans Day' },
    { date: nthWeekday(year, 11, THURSDAY, 4), name: 'Thanksgiving Day' },
    { date: fixedHoliday(year, 12, 25), name: 'Christmas Day' },
  ];
  holidays.sort((a, b) => compareDates(a.date, b.date));
  holidaysByYear.set(year, holidays);
  holidayDates.set(year, new Set(holidays.map((h) => h.date)));
  return holidays;
}

/**
 * The Fed's holidays of `year` on the dates it observes them, sorted. A holiday falling on a
 * Saturday is listed on that Saturday (as the Fed's own table does): it closes no business day.
 */
export function federalReserveHolidays(year: number): FederalReserveHoliday[] {
  return holidaysOf(year).map((h) => ({ ...h }));
}

function isHoliday(date: CalendarDate): boolean {
  const { year } = dateParts(date);
  holidaysOf(year);
  return holidayDates.get(year)?.has(date) ?? false;
}

export function isBusinessDay(date: CalendarDate): boolean {
  const day = weekday(date);
  return day !== SATURDAY && day !== SUNDAY && !isHoliday(date);
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: CalendarDate): CalendarDate {
  let next = addDays(date, 1);
  while (!isBusinessDay(next)) next = addDays(next, 1);
  return next;
}

/** The last business day strictly before `date`. */
export function previousBusinessDay(date: CalendarDate): CalendarDate {
  let previous = addDays(date, -1);
  while (!isBusinessDay(previous)) previous = addDays(previous, -1);
  return previous;
}

/** `date` itself when it is a business day, else the next one. */
export function businessDayOnOrAfter(date: CalendarDate): CalendarDate {
  return isBusinessDay(date) ? date : nextBusinessDay(date);
}

/**
 * The `n`th business day after `date` (not counting `date`). For n = 0 it is `date` when that is a
 * business day, else the next one — so the result is always a business day.
 */
export function addBusinessDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not a count of business days: ${n}`);
  if (n === 0) return businessDayOnOrAfter(date);
  let result = date;
  for (let i = 0; i < n; i++) result = nextBusinessDay(result);
  return result;
}

/**
 * Business days in (from, to]: `from` is not counted, `to` is. Negative when `to` is before `from`
 * (then it is minus the count in (to, from]).
 */
export function businessDaysBetween(from: CalendarDate, to: CalendarDate): number {
  if (compareDates(to, from) < 0) return -businessDaysBetween(to, from);
  // Whole weeks hold five weekdays each; walk only the leftover days, then take out weekday holidays.
  const span = daysBetween(from, to);
  let count = Math.floor(span / 7) * 5;
  for (let i = span - (span % 7) + 1; i <= span; i++) {
    const day = weekday(addDays(from, i));
    if (day !== SATURDAY && day !== SUNDAY) count++;
  }
  for (let year = dateParts(from).year; year <= dateParts(to).year; year++) {
    for (const { date } of holidaysOf(year)) {
      const day = weekday(date);
      if (date > from && date <= to && day !== SATURDAY && day !== SUNDAY) count--;
    }
  }
  return count;
}
