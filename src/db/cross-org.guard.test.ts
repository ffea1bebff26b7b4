/**
 * Guard: every query on a tenant table stays within one organisation, except those listed below
 * with why (docs/OPERATIONS.md, "Distribution key"). `org_id` is the distribution key: on a
 * distributed PostgreSQL (Citus), a query that names one organisation goes to one node, and one
 * that does not fans out to all of them. A new query that does not name the organisation fails
 * here until it does, or until it is listed with its reason.
 *
 * How it reads the code: the TypeScript syntax tree of every source file, each Drizzle
 * `.from(table)`, `.update(table)`, `.delete(table)` and each raw `sql` text naming a tenant table;
 * the query counts as scoped when its function mentions the organisation (`orgId` or `org_id`).
 * A function that takes the organisation and forgets it in one of its queries is not caught
 * here: the tenant-isolation test probes that from outside.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { getTableColumns, getTableName, isTable, type Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..');

/** Queries that read or write across organisations on purpose: `file > function > table`, with why. */
const CROSS_ORGANISATION: Record<string, string> = {
  // Signing in: the organisation is what the answer tells; before it, only unique keys are known.
  'core/auth/auth.repo.ts > findUserByEmail > users': 'sign-in by e-mail, unique across the installation: the user row names the organisation',
  'core/auth/auth.repo.ts > insertLoginChallenge > login_challenges': 'two-step sign-in, by the user id the password check just found',
  'core/auth/auth.repo.ts > attemptLoginChallenge > login_challenges': 'the challenge id (random UUID) is the only thing the second step brings',
  'core/auth/auth.repo.ts > deleteLoginChallenge > login_challenges': 'by the challenge id (random UUID), once used',
  'core/auth/auth.repo.ts > replacePasswordReset > password_resets': 'by the user id of the account that asked',
  'core/auth/auth.repo.ts > deleteSession > sessions': 'sign-out by the session id (random UUID) of the cookie',
  'core/auth/auth.repo.ts > touchToken > api_tokens': 'last use of the token that just authenticated, by its id',
  'core/consent/consent.repo.ts > isPortalSessionRevoked > portal_session_revocations': 'by the session id (random UUID) a signed portal cookie carries',
  // Housekeeping over every organisation, by time alone; each row deleted or handled names its own.
  'core/auth/auth.repo.ts > deleteExpiredCredentials > sessions': 'sweep of expired sessions, by expiry time',
  'core/auth/auth.repo.ts > deleteExpiredCredentials > login_challenges': 'sweep of expired challenges, by expiry time',
  'core/auth/auth.repo.ts > deleteExpiredCredentials > password_resets': 'sweep of expired reset links, by expiry time',
  'core/dsr/dsr.repo.ts > findOpenRequestsAllOrgs > dsr_requests': 'the daily reminder job finds open requests of every organisation, then works per organisation',
  // Not across organisations: the condition comes from the caller.
  'core/customers/customers.retention.ts > selectIds > customers': 'its condition is built by its callers with the organisation (`expired(orgId, cutoff)`)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !full.includes(`${path.sep}testing${path.sep}`) ? [full] : [];
  });
}

/** Every table module: `*.tables.ts` of each capability and the shared schema. */
async function tenantTables(): Promise<{ byExport: Map<string, { sqlName: string; tenant: boolean }>; tenantSqlNames: Set<string> }> {
  const files = sourceFiles(SRC).filter((f) => f.endsWith('.tables.ts') || f.endsWith(`db${path.sep}schema.ts`));
  const byExport = new Map<string, { sqlName: string; tenant: boolean }>();
  const tenantSqlNames = new Set<string>();
  for (const file of files) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (!isTable(value)) continue;
      const table = value as Table;
      const tenant = Object.values(getTableColumns(table)).some((c) => c.name === 'org_id');
      byExport.set(`${path.relative(SRC, file)}#${name}`, { sqlName: getTableName(table), tenant });
      if (tenant) tenantSqlNames.add(getTableName(table));
    }
  }
  return { byExport, tenantSqlNames };
}

function enclosingFunction(node: ts.Node): ts.Node | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
      // An arrow inside a query (a `.map(...)` or a transaction callback) is not the function that owns the query.
      if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && !ts.isVariableDeclaration(n.parent) && !ts.isPropertyAssignment(n.parent)) continue;
      return n;
    }
  }
  return null;
}

function functionName(fn: ts.Node | null): string {
  if (!fn) return '(module)';
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return fn.name.getText();
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText();
  return '(anonymous)';
}

const mentionsOrganisation = (text: string) => /\borgId\b|\borg_id\b|\borgIds\b/.test(text);

/** The queries on tenant tables whose function never names the organisation: `file > function > table`. */
async function unscopedQueries(): Promise<string[]> {
  const { byExport, tenantSqlNames } = await tenantTables();
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    if (file.endsWith('.tables.ts') || file.endsWith(`db${path.sep}schema.ts`) || file.includes(`${path.sep}migrations${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    // Local names of imported tables: `import { consentEvents as ledger } from './consent.tables.ts'`.
    const tables = new Map<string, { sqlName: string; tenant: boolean }>();
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings || !ts.isNamedImports(statement.importClause.namedBindings)) continue;
      const from = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (!from.endsWith('.tables.ts') && !from.endsWith('schema.ts')) continue;
      const target = path.relative(SRC, path.resolve(path.dirname(file), from));
      for (const spec of statement.importClause.namedBindings.elements) {
        const table = byExport.get(`${target}#${(spec.propertyName ?? spec.name).text}`);
        if (table) tables.set(spec.name.text, table);
      }
    }
    // Tables declared in the file itself (a module may query its own).
    for (const [key, table] of byExport) if (key.startsWith(`${path.relative(SRC, file)}#`)) tables.set(key.split('#')[1] ?? '', table);

    const report = (node: ts.Node, table: string) => {
      const fn = enclosingFunction(node);
      if (mentionsOrganisation((fn ?? source).getText())) return;
      found.add(`${path.relative(SRC, file)} > ${functionName(fn)} > ${table}`);
    };
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ['from', 'update', 'delete', 'innerJoin', 'leftJoin'].includes(node.expression.name.text)) {
        const arg = node.arguments[0];
        const table = arg && ts.isIdentifier(arg) ? tables.get(arg.text) : undefined;
        if (table?.tenant) report(node, table.sqlName);
      }
      if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'sql') {
        const raw = node.template.getText();
        const match = /\b(?:from|join|update|into)\s+"?([a-z_]+)"?/gi;
        for (const m of raw.matchAll(match)) if (m[1] && tenantSqlNames.has(m[1])) report(node, m[1]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...found].sort();
}

describe('queries across organisations', () => {
  it('every query on a tenant table names the organisation, or is listed with why', { timeout: 60_000 }, async () => {
    const unscoped = await unscopedQueries();
    const unlisted = unscoped.filter((q) => !(q in CROSS_ORGANISATION));
    expect(unlisted, 'new queries across organisations: name the organisation (org_id is the distribution key), or list them with why').toEqual([]);
    const stale = Object.keys(CROSS_ORGANISATION).filter((q) => !unscoped.includes(q));
    expect(stale, 'listed queries that no longer exist: remove them from the list').toEqual([]);
  });
});
