/**
 * Guard tests over the layers of every module, present and future (docs/ARCHITECTURE.md, request
 * flow): routes and portal pages take their permission decisions from the module's pure policy,
 * portal routes are a thin HTTP shell over service verbs (no repository, transaction, audit, mail
 * or decryption of their own), and presenters are pure functions of what a query file has read. Read from the source with the
 * TypeScript parser, so comments and strings never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const CORE = fileURLToPath(new URL('.', import.meta.url));
const files = (suffix: string) =>
  readdirSync(CORE, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(CORE, f))
    .sort();
const parse = (file: string, text = readFileSync(file, 'utf8')) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
const where = (node: ts.Node) => {
  const source = node.getSourceFile();
  return `${relative(CORE, source.fileName)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
};
function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Where `source` calls `hasPermission(...)`, directly or as a member (`context.hasPermission(...)`). */
function permissionCalls(source: ts.SourceFile): string[] {
  const found: string[] = [];
  walk(source, (n) => {
    if (!ts.isCallExpression(n)) return;
    const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
    if (ts.isIdentifier(callee) && callee.text === 'hasPermission') found.push(where(n));
  });
  return found;
}

/** What in a presenter reads or waits: `await`, dynamic imports, and imports of readers. */
function impurities(source: ts.SourceFile): string[] {
  const found: string[] = [];
  walk(source, (n) => {
    if (ts.isAwaitExpression(n) || (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword)) found.push(`${where(n)} ${n.getText().slice(0, 40)}`);
    if (ts.isFunctionLike(n) && ts.getModifiers(n as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) found.push(`${where(n)} async function`);
    if (!ts.isImportDeclaration(n) || !ts.isStringLiteral(n.moduleSpecifier)) return;
    const from = n.moduleSpecifier.text;
    const typeOnly = n.importClause?.isTypeOnly === true;
    // Row types of a repo are fine; calling it is not. The db client and the deps (cipher) are never needed.
    if ((/\.repo\.ts$/.test(from) && !typeOnly) || /\/db\/client\.ts$/.test(from) || /\/deps\.ts$/.test(from)) found.push(`${where(n)} imports ${from}`);
  });
  return found;
}

/** Services a portal route reaches around its verbs for, and the calls that write or decrypt. */
const DEPS_OFF_LIMITS = new Set(['db', 'database', 'audit', 'cipher', 'mailer', 'jobs']);
const CALLS_OFF_LIMITS = new Set(['transaction', 'inPrivacyTransaction', 'queueMail', 'queueMails', 'enqueue']);

/** What in a portal route file belongs in a service verb: repository imports, the database, transactions, audit, mail, decryption. */
function serviceWork(source: ts.SourceFile): string[] {
  const found: string[] = [];
  walk(source, (n) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && /\.repo\.ts$/.test(n.moduleSpecifier.text) && n.importClause?.isTypeOnly !== true) {
      found.push(`${where(n)} imports ${n.moduleSpecifier.text}`);
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'deps' && DEPS_OFF_LIMITS.has(n.name.text)) found.push(`${where(n)} deps.${n.name.text}`);
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
      if (ts.isIdentifier(callee) && CALLS_OFF_LIMITS.has(callee.text)) found.push(`${where(n)} ${callee.text}()`);
    }
  });
  return found;
}

describe('layers', () => {
  const routes = [...files('.routes.ts'), ...files('.portal.ts')];
  const presenters = files('.presenter.ts');

  it('finds the files it guards', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(presenters.length).toBeGreaterThan(3);
  });

  it('routes and portal pages never decide permissions by hand: abilities come from the module policy', () => {
    expect(routes.flatMap((f) => permissionCalls(parse(f)))).toEqual([]);
  });

  it('portal routes call service verbs: no repository, database, transaction, audit, mail or decryption of their own', () => {
    expect(files('.portal.ts').flatMap((f) => serviceWork(parse(f)))).toEqual([]);
  });

  it('presenters are pure and synchronous: no await, no repo call, no db client, no deps', () => {
    expect(presenters.flatMap((f) => impurities(parse(f)))).toEqual([]);
  });

  it('the checks see what they look for, and not in comments or strings', () => {
    const probe = (text: string) => parse(join(CORE, 'probe.ts'), text);
    expect(
      serviceWork(probe("import type { Row } from './a.repo.ts';\nimport { findRow } from './a.repo.ts';\n// deps.db.transaction()\nawait deps.db.transaction(async (tx) => deps.audit.record(tx));\nqueueMail(deps, tx, m);")).map((s) => s.split(' ')[0]),
    ).toEqual(['probe.ts:2', 'probe.ts:4', 'probe.ts:4', 'probe.ts:4', 'probe.ts:5']);
    expect(permissionCalls(probe("// hasPermission(a)\nconst s = 'hasPermission(b)';\nx.hasPermission(c);\nhasPermission(d);"))).toEqual(['probe.ts:3', 'probe.ts:4']);
    expect(impurities(probe("import type { Row } from './a.repo.ts';\n// await x\nexport const f = (r: Row) => r;"))).toEqual([]);
    expect(
      impurities(
        probe(
          "import { findRow } from './a.repo.ts';\nimport type { Db } from '../../db/client.ts';\nimport type { Deps } from '../deps.ts';\nexport async function f() { return await import('./b.ts'); }",
        ),
      ).map((s) => s.split(' ')[0]),
    ).toEqual(['probe.ts:1', 'probe.ts:2', 'probe.ts:3', 'probe.ts:4', 'probe.ts:4', 'probe.ts:4']);
  });
});
