import { useLocale } from '../i18n/locale.ts';

/**
 * A moment (an ISO timestamp from the API) in the reader's time zone, with the month in words so
 * day and month cannot be confused: "Nov 20, 2026, 3:45 PM".
 */
export function Instant({ value }: { value: string }) {
  const locale = useLocale();
  return <time dateTime={value}>{formatInstant(value, locale)}</time>;
}

/** The same words as `Instant`, for a moment inside a sentence. */
export function formatInstant(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    Date.parse(value),
  );
}
