import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messageKeys, negotiateLocale, t } from './index.ts';
import { ERROR_STATUS } from '../core/errors.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');
const namespaces = readdirSync(path.join(root, 'fr')).map((f) => f.replace(/\.json$/, ''));

describe('message catalogues', () => {
  it('French and English have the same files and the same keys', () => {
    expect(readdirSync(path.join(root, 'en')).sort()).toEqual(readdirSync(path.join(root, 'fr')).sort());
    for (const ns of namespaces) expect(messageKeys('en', ns), ns).toEqual(messageKeys('fr', ns));
  });

  it('every error code has a message in both languages', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      for (const locale of ['fr', 'en'] as const) expect(t(locale, `errors.${code}`), `${locale} ${code}`).not.toBe(`errors.${code}`);
    }
  });

  it('fills placeholders', () => {
    expect(t('en', 'errors.rate_limited', { seconds: 42 })).toBe('Too many attempts. Try again in 42 seconds.');
  });
});

describe('negotiateLocale', () => {
  it('prefers an explicit choice, then the browser language, then French', () => {
    expect(negotiateLocale('en', 'fr-FR')).toBe('en');
    expect(negotiateLocale(undefined, 'de-DE,en-US;q=0.8,fr;q=0.5')).toBe('en');
    expect(negotiateLocale(undefined, 'de-DE')).toBe('fr');
    expect(negotiateLocale('zz', ';;;q=abc,,')).toBe('fr');
    expect(negotiateLocale(undefined, undefined)).toBe('fr');
  });
});
