/// <reference types="vite/client" />
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { withAllPluralForms, type MessageTree } from '../../../src/i18n/plurals.ts';

/**
 * Every namespace file of the shared catalogues (src/i18n/locales/<lang>/<namespace>.json), so a
 * module's own namespace (e.g. complaints.json) is available as `t('complaints:...')` with no
 * change here. Loaded on demand, one language at a time (one chunk per language, see
 * vite.config.ts): bundling both languages in the first page cost about 11 KB gzip.
 */
const catalogueLoaders = import.meta.glob<MessageTree>('../../../src/i18n/locales/*/*.json', { import: 'default' });

/** Adds a language's catalogues to i18next, once. */
async function loadLanguage(lang: Language): Promise<void> {
  if (i18next.hasResourceBundle(lang, 'backoffice')) return;
  const files = Object.entries(catalogueLoaders).filter(([file]) => file.includes(`/locales/${lang}/`));
  await Promise.all(
    files.map(async ([file, load]) => {
      const namespace = /\/([\w-]+)\.json$/.exec(file)?.[1];
      if (!namespace) return;
      // Plural forms the catalogues leave to `_other` (French `_many`), as on the server.
      i18next.addResourceBundle(lang, namespace, withAllPluralForms(lang, await load()), true, true);
    }),
  );
}

/** Languages the back office is translated into; French first. */
export const LANGUAGES = ['fr', 'en'] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** Cookie shared with the server so its pages and error messages use the same language. */
const LANG_COOKIE = 'confiance_lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Narrows any string to a supported language, or undefined. */
export function asLanguage(value: string | null | undefined): Language | undefined {
  return value === 'fr' || value === 'en' ? value : undefined;
}

/** The language the user chose explicitly (cookie), if any. */
export function readLanguageCookie(): Language | undefined {
  const match = document.cookie.split('; ').find((part) => part.startsWith(`${LANG_COOKIE}=`));
  return asLanguage(match?.slice(LANG_COOKIE.length + 1));
}

function writeLanguageCookie(lang: Language): void {
  // Not HttpOnly on purpose: it is a preference, not a credential, and the SPA must read it.
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
}

/** Explicit choice first, then an English browser, otherwise French (the reference language). */
function detectLanguage(): Language {
  const chosen = readLanguageCookie();
  if (chosen) return chosen;
  const browser = navigator.languages?.[0] ?? navigator.language;
  return browser?.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** The language currently displayed. */
export function currentLanguage(): Language {
  return asLanguage(i18next.resolvedLanguage) ?? asLanguage(i18next.language) ?? 'fr';
}

/** Records an explicit language choice and switches the interface to it. */
export async function chooseLanguage(lang: Language): Promise<void> {
  writeLanguageCookie(lang);
  await loadLanguage(lang);
  await i18next.changeLanguage(lang);
}

// WCAG 3.1.1: assistive technologies pronounce the page with the language set on <html>.
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = asLanguage(lng) ?? 'fr';
});

/** Resolves once the interface language's catalogues are loaded: render after it. */
export const i18nReady: Promise<void> = (async () => {
  const lng = detectLanguage();
  await i18next.use(initReactI18next).init({
    resources: {},
    lng,
    fallbackLng: 'fr',
    supportedLngs: [...LANGUAGES],
    ns: ['backoffice'],
    defaultNS: 'backoffice',
    // Server-provided keys (nav labels) and permission codes never carry a namespace prefix.
    nsSeparator: false,
    // React already escapes text; escaping twice would show "&amp;" to users.
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    initAsync: false,
  });
  await loadLanguage(lng);
  document.documentElement.lang = currentLanguage();
})();

export { i18next as i18n };
