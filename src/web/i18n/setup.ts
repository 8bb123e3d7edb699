import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Messages } from './en/index.ts';
import { es } from './es/index.ts';
import { isLanguage, LANGUAGES, type Language } from './locale.ts';

const resources: Record<Language, { translation: Messages }> = {
  en: { translation: en },
  es: { translation: es },
};

/** Where the language a person chose is kept, so it outlasts a reload and wins over the browser's. */
const STORAGE_KEY = 'autofin.language';

/** The language chosen on this browser before, if any. Storage can be switched off, so that is no error. */
function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY) ?? undefined;
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The first of the browser's preferred languages that the portal speaks. */
function preferredLanguage(): Language {
  for (const tag of navigator.languages) {
    const language = LANGUAGES.find((l) => l === tag.split('-')[0]);
    if (language) return language;
  }
  return 'en';
}

/** Shows the portal in `language` and remembers the choice on this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Without storage the choice still holds until the page is reloaded.
  }
  await i18next.changeLanguage(language);
}

// Screen readers choose their voice from <html lang>, so it follows the language.
i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

await i18next.use(initReactI18next).init({
  resources,
  lng: storedLanguage() ?? preferredLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  // React escapes what it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  initAsync: false,
});
