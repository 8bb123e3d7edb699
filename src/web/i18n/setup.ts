import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { LANGUAGES, type Language } from './locale.ts';

const resources: Record<Language, { translation: typeof en }> = {
  en: { translation: en },
};

/** The first of the browser's preferred languages that the portal speaks. */
function preferredLanguage(): Language {
  for (const tag of navigator.languages) {
    const language = LANGUAGES.find((l) => l === tag.split('-')[0]);
    if (language) return language;
  }
  return 'en';
}

// Screen readers choose their voice from <html lang>, so it follows the language.
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

await i18next.use(initReactI18next).init({
  resources,
  lng: preferredLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  initAsync: false,
});
