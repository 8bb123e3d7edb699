import { CalendarDateTime, fromDate, toZoned } from '@internationalized/date';
import { addBusinessDays, businessDayOnOrAfter, isBusinessDay } from './business-days.ts';
import { addDays, type CalendarDate, calendarDate, compareDates } from './dates.ts';

/**
 * When a payment takes effect. A payment made on a business day before the cut-off takes effect
 * that day; after it, or on a weekend or Federal Reserve holiday, the next business day. Time zone
 * rules (DST) come from the ICU data behind Intl, through @internationalized/date.
 */
export type PaymentCutoff = { hour: number; minute: number; timeZone: string };

/** How far ahead a payment may be scheduled, in calendar days from today. */
export const MAX_DAYS_AHEAD = 30;

/** Reads a configured cut-off ("HH:MM" on a 24-hour clock, IANA zone); throws on a bad one. */
export function paymentCutoff(time: string, timeZone: string): PaymentCutoff {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`Not a cut-off time (HH:MM, 24-hour): "${time}"`);
  new Intl.DateTimeFormat('en-US', { timeZone }); // throws RangeError for an unknown zone
  return { hour: Number(match[1]), minute: Number(match[2]), timeZone };
}

export const DEFAULT_PAYMENT_CUTOFF: PaymentCutoff = paymentCutoff('20:00', 'America/New_York');

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar date an instant falls on in a time zone. */
export function dateInZone(instant: Date, timeZone: string): CalendarDate {
  const zoned = fromDate(instant, timeZone);
  return calendarDate(`${String(zoned.year).padStart(4, '0')}-${pad(zoned.month)}-${pad(zoned.day)}`);
}

/**
 * The instant of the cut-off on `date`. Should the cut-off fall in a DST gap it is the first instant
 * after it; in a repeated hour, the first of the two.
 */
export function cutoffInstant(date: CalendarDate, cutoff: PaymentCutoff): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const local = new CalendarDateTime(year, month, day, cutoff.hour, cutoff.minute);
  return toZoned(local, cutoff.timeZone, 'compatible').toDate();
}

/** Whether `instant` is before the cut-off of its own day in the cut-off's zone (exactly at it is late). */
export function isBeforeCutoff(instant: Date, cutoff: PaymentCutoff): boolean {
  return instant.getTime() < cutoffInstant(dateInZone(instant, cutoff.timeZone), cutoff).getTime();
}

/** The effective date of a payment made now for "today". */
export function effectiveDateForToday(instant: Date, cutoff: PaymentCutoff): CalendarDate {
  const today = dateInZone(instant, cutoff.timeZone);
  return isBusinessDay(today) && isBeforeCutoff(instant, cutoff) ? today : addBusinessDays(today, 1);
}

/** The dates a payer may pick now: from today through today + MAX_DAYS_AHEAD, in the cut-off's zone. */
export function paymentDateWindow(
  instant: Date,
  cutoff: PaymentCutoff,
): { today: CalendarDate; earliestEffectiveDate: CalendarDate; latestDate: CalendarDate } {
  const today = dateInZone(instant, cutoff.timeZone);
  return {
    today,
    earliestEffectiveDate: effectiveDateForToday(instant, cutoff),
    latestDate: addDays(today, MAX_DAYS_AHEAD),
  };
}

export type PaymentDateChoice =
  | { ok: true; requestedDate: CalendarDate; effectiveDate: CalendarDate }
  | { ok: false; reason: 'past' | 'too_far'; today: CalendarDate; latestDate: CalendarDate };

/**
 * The effective date of a payment requested for `requestedDate`, judged at `instant`: today follows
 * the cut-off rule; a later date moves to the next business day when it is not one.
 */
export function choosePaymentDate(
  requestedDate: CalendarDate,
  instant: Date,
  cutoff: PaymentCutoff,
): PaymentDateChoice {
  const { today, latestDate } = paymentDateWindow(instant, cutoff);
  if (compareDates(requestedDate, today) < 0) return { ok: false, reason: 'past', today, latestDate };
  if (compareDates(requestedDate, latestDate) > 0) return { ok: false, reason: 'too_far', today, latestDate };
  const effectiveDate =
    requestedDate === today ? effectiveDateForToday(instant, cutoff) : businessDayOnOrAfter(requestedDate);
  return { ok: true, requestedDate, effectiveDate };
}

/**
 * "Now" as the date rules need it: the instant, and the business date. The business date is the
 * calendar date in the lender's zone, except with time travel, which moves it by hand: it may then
 * be ahead of the calendar or behind it (the real days pass while it stays).
 */
export type BusinessNow = { instant: Date; businessDate: CalendarDate };

/**
 * The instant the date rules judge: the same time of day, in the cut-off's zone, on the business
 * date. With time travel a payment "today" is then dated on the business date (not before the
 * contract's last posting), and the judged instant always falls on the business date, so it is past
 * the cut-off of every date whose cycle may have run. Without time travel it is the instant itself.
 */
export function judgedInstant(now: BusinessNow, cutoff: PaymentCutoff): Date {
  if (dateInZone(now.instant, cutoff.timeZone) === now.businessDate) return now.instant;
  const zoned = fromDate(now.instant, cutoff.timeZone);
  const [year, month, day] = now.businessDate.split('-').map(Number) as [number, number, number];
  const local = new CalendarDateTime(
    year,
    month,
    day,
    zoned.hour,
    zoned.minute,
    zoned.second,
    zoned.millisecond,
  );
  return toZoned(local, cutoff.timeZone, 'compatible').toDate();
}

/**
 * Until when a payment effective `effectiveDate` may be changed or cancelled (exactly at it is too
 * late): the cut-off of the file that carries it. The cycle of business date D posts every payment
 * effective by D and writes D's NACHA file, once D is over (cycle/daily-cycle.ts); a payment made
 * after D's cut-off is already dated the next business day. So a payment effective E rides in E's
 * file, closed at E's cut-off: not the business day before, which for a payment made on a weekend
 * was before it existed.
 *
 * The answer is on the calendar clock, as the API, the mail and the page (which compares it with its
 * own clock) use it: E's cut-off moved by as much as the judged instant is off `now.instant`. So
 * `now.instant < answer` exactly when the judged instant is before E's cut-off; a payment dated by
 * `choosePaymentDate` at the judged instant is changeable when it is made; and one effective before
 * the business date, which a cycle may be carrying, is not.
 */
export function changeWindowEnd(effectiveDate: CalendarDate, cutoff: PaymentCutoff, now: BusinessNow): Date {
  const ahead = judgedInstant(now, cutoff).getTime() - now.instant.getTime();
  return new Date(cutoffInstant(effectiveDate, cutoff).getTime() - ahead);
}
