/**
 * Server-side messages through i18next: the same fr/en JSON catalogues serve API errors, portal
 * pages, e-mails and the back office. Each file is a namespace: the key `errors.not_found` is
 * `not_found` in `locales/<lang>/errors.json`. Plurals are i18next's (`_one`, `_other`, chosen
 * by the language's CLDR rules from `count`; a message counting something else nests a plural
 * key: `$t(key, {"count": {{n}} })`).
 *
 * Values are interpolated as they are, never HTML-escaped here: every caller escapes at output
 * (the portal's html`` template, React in the back office), and e-mails are plain text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { LOCALES, type Locale } from '../core/context.ts';
import { withAllPluralForms, type MessageTree } from './plurals.ts';
import { createDateFormatter, type DateFormatter } from './dates.ts';

type Tree = MessageTree;

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

function load(locale: Locale): Tree {
  const tree: Tree = {};
  for (const file of readdirSync(path.join(root, locale)).filter((f) => f.endsWith('.json'))) {
    tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(root, locale, file), 'utf8')) as Tree;
  }
  return tree;
}

/** The catalogues as written (guard tests compare their keys). */
const catalogues: Record<Locale, Tree> = { fr: load('fr'), en: load('en') };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const namespaces = new Set(Object.keys(catalogues.fr));
const i18n = i18next.createInstance();
// Bundled resources and initAsync off: the instance is ready when init returns.
void i18n.init({
  resources: Object.fromEntries(
    LOCALES.map((locale) => [locale, Object.fromEntries(Object.entries(catalogues[locale]).map(([ns, tree]) => [ns, withAllPluralForms(locale, tree as Tree)]))]),
  ),
  lng: 'fr',
  fallbackLng: 'fr',
  supportedLngs: [...LOCALES],
  ns: [...namespaces],
  // The namespace is the key's first segment, split off below and passed as an option.
  nsSeparator: false,
  interpolation: { escapeValue: false },
  // A placeholder without a value reads as nothing, not as `{{name}}`.
  missingInterpolationHandler: () => '',
  // A key naming a group of messages is as good as missing: the caller gets the key back.
  returnedObjectHandler: (key, _value, options) => (typeof options?.defaultValue === 'string' ? options.defaultValue : key),
  initAsync: false,
});

/** The message for `key` in `locale`, falling back to French, then to the key itself. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const dot = key.indexOf('.');
  const ns = key.slice(0, dot);
  if (dot < 1 || !namespaces.has(ns)) return key;
  // The language per call on one instance (getFixedT adds a copy of every option per call).
  // Values go in `replace`, so no value is read as an i18next option; a nested message gets
  // `replace` as its options, hence the language and namespace there too.
  const options = { lng: locale, ns, defaultValue: key, replace: { ...params, lng: locale, ns }, ...(typeof params.count === 'number' ? { count: params.count } : {}) };
  return i18n.t(key.slice(dot + 1), options);
}

/** True when the key exists in every language, as one message or as plural forms (guard tests). */
export function hasMessage(key: string): boolean {
  return LOCALES.every((locale) => lookup(catalogues[locale], key) !== undefined || lookup(catalogues[locale], `${key}_other`) !== undefined);
}

/** All keys of a namespace in a language, dotted (guard tests compare fr and en). */
export function messageKeys(locale: Locale, namespace: string): string[] {
  const out: string[] = [];
  const walk = (node: string | Tree, prefix: string) => {
    if (typeof node === 'string') out.push(prefix);
    else for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  const ns = catalogues[locale][namespace];
  if (ns) walk(ns, '');
  return out.sort();
}

/** Picks fr or en from a cookie value or an Accept-Language header; French by default. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined, fallback: Locale = 'fr'): Locale {
  if (cookie === 'fr' || cookie === 'en') return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...rest] = part.trim().split(';');
        const q = rest.find((r) => r.trim().startsWith('q='));
        return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
      })
      .sort((a, b) => b.q - a.q);
    for (const { lang } of ranked) if (lang === 'fr' || lang === 'en') return lang;
  }
  return fallback;
}

/**
 * The date and time formatter of `locale` for an organisation in `timeZone` (src/i18n/dates.ts),
 * worded from the catalogues: every server page, document and e-mail formats dates through it.
 */
export function dateFormatter(locale: Locale, timeZone: string): DateFormatter {
  return createDateFormatter(locale, timeZone, (key, params) => t(locale, key, params));
}
