import { calendarDate, dateParts } from '../../core/dates.ts';
import { useLocale } from '../i18n/locale.ts';

/**
 * A business date (`YYYY-MM-DD`) written so no reader can mistake day for month ("Jan 5, 2027").
 * It is formatted in UTC because a calendar date has no time zone to shift it.
 */
export function DateDisplay({ date }: { date: string }) {
  const locale = useLocale();
  return <time dateTime={date}>{formatCalendarDate(date, locale)}</time>;
}

/** The same words as `DateDisplay`, for a date inside a sentence. */
export function formatCalendarDate(date: string, locale: string): string {
  const { year, month, day } = dateParts(calendarDate(date));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
}
