import { useTranslation } from 'react-i18next';

export const LANGUAGES = ['en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The Intl locale of each language. Customers are in the US, so amounts are US dollars in every language. */
const LOCALES: Record<Language, string> = { en: 'en-US' };

function isLanguage(value: string | undefined): value is Language {
  return LANGUAGES.some((l) => l === value);
}

/** The locale to format amounts, numbers and dates with, following the page's language. */
export function useLocale(): string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return isLanguage(language) ? LOCALES[language] : LOCALES.en;
}
