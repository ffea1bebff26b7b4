/// <reference types="vite/client" />
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { withAllPluralForms, type MessageTree } from '../../../src/i18n/plurals.ts';

/**
 * Every namespace file of the shared catalogues (src/i18n/locales/<lang>/<namespace>.json), each
 * loaded on demand and one language at a time (one chunk per language and namespace, see
 * vite.config.ts): the first page downloads only {@link CORE_NAMESPACES}; a page's own namespaces
 * arrive with its code (components/lazy-page.tsx). Bundling every namespace of a language in the
 * first page cost about 36 KB gzip (issue 10); the portal's and the server's (`portal`, `errors`)
 * are never downloaded by the back office.
 */
const catalogueLoaders = import.meta.glob<MessageTree>('../../../src/i18n/locales/*/*.json', { import: 'default' });

/**
 * What the shell, sign-in and every page's common parts (status, forms, dates) use: loaded
 * before the first render. scripts/bundle-size.js counts them in the first page.
 */
export const CORE_NAMESPACES = ['backoffice', 'dates'] as const;

/** Namespaces asked for so far, in any language: a language switch loads them all again. */
const wantedNamespaces = new Set<string>(CORE_NAMESPACES);

/** Adds the catalogues of `namespaces` in `lang` to i18next, each once. */
async function loadCatalogues(lang: Language, namespaces: Iterable<string>): Promise<void> {
  await Promise.all(
    [...namespaces]
      .filter((namespace) => !i18next.hasResourceBundle(lang, namespace))
      .map(async (namespace) => {
        const load = catalogueLoaders[`../../../src/i18n/locales/${lang}/${namespace}.json`];
        if (!load) throw new Error(`no catalogue ${lang}/${namespace}.json`);
        // Plural forms the catalogues leave to `_other` (French `_many`), as on the server.
        i18next.addResourceBundle(lang, namespace, withAllPluralForms(lang, await load()), true, true);
      }),
  );
}

/**
 * Loads the catalogues a page needs in the language shown (and remembers them for a language
 * switch). lazyPage awaits it with the page's code, so a page never renders a raw key.
 */
export async function loadNamespaces(namespaces: readonly string[]): Promise<void> {
  for (const namespace of namespaces) wantedNamespaces.add(namespace);
  await loadCatalogues(currentLanguage(), namespaces);
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
  // Every namespace the pages opened so far use, so the page shown switches without raw keys.
  await loadCatalogues(lang, wantedNamespaces);
  await i18next.changeLanguage(lang);
}

// WCAG 3.1.1: assistive technologies pronounce the page with the language set on <html>.
i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = asLanguage(lng) ?? 'fr';
});

/** Resolves once the interface language's core catalogues are loaded: render after it. */
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
  await loadCatalogues(lng, CORE_NAMESPACES);
  document.documentElement.lang = currentLanguage();
})();

export { i18next as i18n };
