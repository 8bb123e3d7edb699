import { useTranslation } from 'react-i18next';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The Intl locale of each language. Customers are in the US, so amounts are US dollars in every
 * language; es-US also keeps the US "$1,234.56" (plain `es` would write "1234,56 US$").
 */
const LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-US' };

export function isLanguage(value: string | undefined): value is Language {
  return LANGUAGES.some((l) => l === value);
}

/** The language the page is shown in. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return isLanguage(language) ? language : 'en';
}

/** The locale to format amounts, numbers and dates with, following the page's language. */
export function useLocale(): string {
  return LOCALES[useLanguage()];
}
