import type { CalendarDate } from '../core/dates.ts';

/** Time as the services see it: an instant and the lender's business date. Tests pass a fixed one. */
export type Clock = {
  now(): Date;
  today(): CalendarDate;
};

/** The real clock; the business date is the calendar date in the lender's time zone. */
export function systemClock(timeZone: string): Clock {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return {
    now: () => new Date(),
    today: () => format.format(new Date()) as CalendarDate,
  };
}

export function fixedClock(today: CalendarDate, now = new Date(`${today}T15:00:00Z`)): Clock {
  return { now: () => now, today: () => today };
}
