import { Button } from 'react-aria-components';
import { LANGUAGES, type Language, useLanguage } from '../i18n/locale.ts';
import { chooseLanguage } from '../i18n/setup.ts';

/** Each language's name in that language, which is how a reader looks for it, whatever the page's language. */
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

/**
 * Offers the portal in the other language(s), on every page and before signing in. The label is
 * marked with its own language, so a screen reader says "Español" with a Spanish voice.
 */
export function LanguageSwitcher() {
  const current = useLanguage();
  return (
    <div className="language-switcher">
      {LANGUAGES.filter((language) => language !== current).map((language) => (
        <Button
          key={language}
          className="language-switcher__button"
          onPress={() => void chooseLanguage(language)}
        >
          <span lang={language}>{LANGUAGE_NAMES[language]}</span>
        </Button>
      ))}
    </div>
  );
}
