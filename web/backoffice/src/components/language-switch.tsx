import { Button } from '@mantine/core';
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
    <Button.Group aria-label={t('language.switch')}>
      {LANGUAGES.map((lang) => (
        <Button
          key={lang}
          size="xs"
          variant={lang === active ? 'filled' : 'default'}
          lang={lang}
          aria-pressed={lang === active}
          onClick={() => void changeLanguage(lang)}
        >
          {NATIVE_NAMES[lang]}
        </Button>
      ))}
    </Button.Group>
  );
}
