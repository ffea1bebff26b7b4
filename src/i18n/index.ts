/**
 * Server-side messages: the same fr/en JSON catalogues (i18next format, `{{name}}` placeholders)
 * serve API errors, portal pages, e-mails and the back office. Each file is a namespace: the key
 * `errors.not_found` is `not_found` in `locales/<lang>/errors.json`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, type Locale } from '../core/context.ts';

type Tree = { [key: string]: string | Tree };

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

function load(locale: Locale): Tree {
  const tree: Tree = {};
  for (const file of readdirSync(path.join(root, locale)).filter((f) => f.endsWith('.json'))) {
    tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(root, locale, file), 'utf8')) as Tree;
  }
  return tree;
}

const catalogues: Record<Locale, Tree> = { fr: load('fr'), en: load('en') };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The message for `key` in `locale`, falling back to French, then to the key itself. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = lookup(catalogues[locale], key) ?? lookup(catalogues.fr, key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** True when the key exists in every language (guard tests). */
export function hasMessage(key: string): boolean {
  return LOCALES.every((locale) => lookup(catalogues[locale], key) !== undefined);
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
