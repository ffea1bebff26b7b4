import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage, messageKeys, negotiateLocale, t } from './index.ts';
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

describe('plurals', () => {
  it('uses the language’s plural rules: French 0 and 1 are singular, English 0 is plural', () => {
    const summary = (locale: 'fr' | 'en', count: number) => t(locale, 'complaints.portal.errorSummary', { count });
    expect([0, 1, 2].map((n) => summary('fr', n))).toEqual([
      'Le formulaire contient 0 erreur à corriger',
      'Le formulaire contient 1 erreur à corriger',
      'Le formulaire contient 2 erreurs à corriger',
    ]);
    expect([0, 1, 2].map((n) => summary('en', n))).toEqual(['There are 0 problems to fix', 'There is 1 problem to fix', 'There are 2 problems to fix']);
  });

  it('counts other than `count` go through nested plural keys, one per number', () => {
    const tries = (locale: 'fr' | 'en', n: number) => t(locale, 'privacy.portal.codeWrong', { tries: n });
    expect([0, 1, 2].map((n) => tries('fr', n))).toEqual([
      'Ce code est incorrect. Il vous reste 0 essai.',
      'Ce code est incorrect. Il vous reste 1 essai.',
      'Ce code est incorrect. Il vous reste 2 essais.',
    ]);
    expect([0, 1, 2].map((n) => tries('en', n))).toEqual([
      'This code is wrong. You have 0 attempts left.',
      'This code is wrong. You have 1 attempt left.',
      'This code is wrong. You have 2 attempts left.',
    ]);
    expect(t('fr', 'advisors.bo.handedOver', { customers: 1, complaints: 2 })).toBe('Passation faite : 1 client et 2 réclamations transférés.');
    expect(t('en', 'errors.rate_limited', { seconds: 1 })).toBe('Too many attempts. Try again in 1 second.');
  });

  it('a French count in the “many” category (exact millions) reads like other plurals, not as a key', () => {
    expect(t('fr', 'complaints.portal.errorSummary', { count: 1_000_000 })).toBe('Le formulaire contient 1000000 erreurs à corriger');
  });

  it('leaves values as they are (callers escape at output) and a missing value empty', () => {
    expect(t('en', 'errors.complaint.attachment_type', { filename: '<b>&' })).toMatch(/^“<b>&” is not/);
    expect(t('en', 'errors.complaint.attachment_type')).toMatch(/^“” is not/);
    expect(t('en', 'errors.no_such_key')).toBe('errors.no_such_key');
    expect(t('en', 'errors.auth')).toBe('errors.auth');
  });

  it('no message is left with a “(s)” plural, and every nested plural exists in both languages', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const ns of namespaces) {
        for (const key of messageKeys(locale, ns)) {
          const text = t(locale, `${ns}.${key}`);
          expect(text, `${locale} ${ns}.${key}`).not.toMatch(/\w\((s|es|ies|e)\)/);
          for (const [, nested] of text.matchAll(/\$t\(([^,)]+)/g)) {
            expect(hasMessage(`${ns}.${nested}`), `${locale} ${ns}.${key} -> ${nested}`).toBe(true);
          }
        }
      }
    }
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

describe('no plural written by hand', () => {
  it('no message writes "erreur(s)" or "essai(s)": counts go through i18next plural keys', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const ns of namespaces) {
        const handWritten = messageKeys(locale, ns).filter((key) => /\p{L}\((?:s|es|x)\)/u.test(t(locale, `${ns}.${key}`)));
        expect(handWritten, `${locale}/${ns}`).toEqual([]);
      }
    }
  });
});
