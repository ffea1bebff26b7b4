import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language } from '../i18n.ts';
import { useChangeLanguage } from '../session.ts';

/** Each language is named in itself, so people who cannot read the current one still find theirs. */
const NATIVE_NAMES: Record<Language, string> = { fr: 'Français', en: 'English' };

/**
 * FR / EN toggle buttons; the pressed one is the language in use. `compactBelow` (the header of
 * the signed-in screens) shows, under that breakpoint, only the button of the other language:
 * on a 390 px phone the pair, the brand, the burger and the account button do not fit on one line
 * and the pair covered the brand (issue 10). The hidden variant is `display: none`, out of the
 * accessibility tree.
 */
export function LanguageSwitch({ compactBelow }: { compactBelow?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const active = currentLanguage();
  const button = (lang: Language) => (
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
  );
  const other = LANGUAGES.find((lang) => lang !== active) ?? LANGUAGES[0];
  return (
    <>
      <Button.Group aria-label={t('language.switch')} {...(compactBelow ? { visibleFrom: compactBelow } : {})}>
        {LANGUAGES.map(button)}
      </Button.Group>
      {compactBelow ? (
        <Button.Group aria-label={t('language.switch')} hiddenFrom={compactBelow}>
          {button(other)}
        </Button.Group>
      ) : null}
    </>
  );
}
