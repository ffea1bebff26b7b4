import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language } from '../i18n.ts';
import { useChangeLanguage } from '../session.ts';

/** Each language is named in itself, so people who cannot read the current one still find theirs. */
const NATIVE_NAMES: Record<Language, string> = { fr: 'Français', en: 'English' };

/** FR / EN toggle buttons; the pressed one is the language in use. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const active = currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.switch')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={lang === active}
          onClick={() => void changeLanguage(lang)}
        >
          {NATIVE_NAMES[lang]}
        </button>
      ))}
    </div>
  );
}
