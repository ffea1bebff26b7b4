import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales', 'fr');

type Tree = { [key: string]: string | Tree };

function strings(tree: Tree, prefix: string): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}.${key}`, value] as [string, string]] : strings(value, `${prefix}.${key}`),
  );
}

function subtree(namespace: string, keyPath: string): Array<[string, string]> {
  let tree = JSON.parse(readFileSync(path.join(root, `${namespace}.json`), 'utf8')) as Tree;
  for (const key of keyPath.split('.')) tree = tree[key] as Tree;
  return strings(tree, `${namespace}.${keyPath}`);
}

/**
 * The parts of the French catalogue typeset so far: the back office's shared components (forms,
 * tables) and the screens of the 2026-12 review (change campaigns, offers, consent import, ethics
 * audits). The rest of the catalogue still has plain spaces and is to follow.
 */
const TYPESET = [
  ['backoffice', 'common'],
  ['backoffice', 'form'],
  ['backoffice', 'ui.table'],
  ['change_campaigns', 'bo'],
  ['offers', 'bo'],
  ['consent', 'bo'],
  ['audits', 'ethicsAudit.bo'],
] as const;

describe('French typography', () => {
  it('a no-break space, never a plain one, before : ; ! ? » and after « (a line never starts with the sign)', () => {
    const wrong = TYPESET.flatMap(([namespace, keyPath]) => subtree(namespace, keyPath)).filter(([, text]) => /[ ][:;!?»]|«[ ]/.test(text));
    expect(wrong).toEqual([]);
  });

  it('a sign of two parts is never glued to the word before it ("Vide: aujourd’hui")', () => {
    // Times (10:24) and codes (phone_canvassing_consent@2026-08-11) are not French punctuation.
    const glued = TYPESET.flatMap(([namespace, keyPath]) => subtree(namespace, keyPath)).filter(([, text]) => /[\p{L})][:;!?](?![\d/])/u.test(text));
    expect(glued).toEqual([]);
  });
});
