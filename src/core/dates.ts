/**
 * Business dates are calendar dates written `YYYY-MM-DD`, apart from instants. They are computed
 * in UTC day numbers so no time zone or daylight-saving change can move them.
 */
export type CalendarDate = string & { readonly __brand: 'CalendarDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(text: string): text is CalendarDate {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function calendarDate(text: string): CalendarDate {
  if (!isCalendarDate(text)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${text}"`);
  return text;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

type Parts = { year: number; month: number; day: number };

export function dateParts(date: CalendarDate): Parts {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function fromParts({ year, month, day }: Parts): CalendarDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as CalendarDate;
}

function dayNumber(date: CalendarDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date((dayNumber(date) + days) * 86_400_000);
  return fromParts({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The date `months` after `date` on `dueDay` of that month; a due day of 29–31 rolls to the last
 * day of a shorter month (a contract due on the 31st is due Feb 28 or 29).
 */
export function addMonthsOnDueDay(
  date: CalendarDate,
  months: number,
  dueDay = dateParts(date).day,
): CalendarDate {
  const { year, month } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  return fromParts({ ...target, day: Math.min(dueDay, daysInMonth(target.year, target.month)) });
}

/** Whole years between a birth date and a later date (the age a person had on `on`). */
export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const birth = dateParts(birthDate);
  const then = dateParts(on);
  const hadBirthday = then.month > birth.month || (then.month === birth.month && then.day >= birth.day);
  return then.year - birth.year - (hadBirthday ? 0 : 1);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
