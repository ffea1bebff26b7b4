/**
 * Portal route files are a thin HTTP shell: parse, identify, one service verb, render. The verbs
 * own transactions, audit events and mails. This reads every `*.portal.ts` and fails on a
 * repository import, a transaction, an audit record or a mail call, so the shape holds as
 * modules with public pages are added.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const core = path.dirname(fileURLToPath(import.meta.url));
const portalFiles = readdirSync(core, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.portal.ts'))
  .map((f) => ({ file: f, source: readFileSync(path.join(core, f), 'utf8') }));

const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  // A row type may name what a page shows; a value import would be a query.
  { what: 'a repository import', pattern: /^import (?!type )[^;]*from '[^']*\.repo\.ts'/m },
  { what: 'a database handle', pattern: /\bdeps\.db\b|\bdeps\.database\b/ },
  { what: 'a transaction', pattern: /\.transaction\(|inPrivacyTransaction/ },
  { what: 'an audit record', pattern: /\baudit\.record|deps\.audit\b/ },
  { what: 'a mail call', pattern: /queueMail|mail\.service|deps\.mailer/ },
  { what: 'a decryption', pattern: /cipher\./ },
];

describe('portal route files', () => {
  it('exist (the check below is not vacuous)', () => {
    expect(portalFiles.map((f) => f.file).length).toBeGreaterThanOrEqual(3);
  });

  it.each(portalFiles.map((f) => [f.file, f.source] as const))('%s calls services only', (_file, source) => {
    for (const { what, pattern } of FORBIDDEN) expect(source, what).not.toMatch(pattern);
  });
});
