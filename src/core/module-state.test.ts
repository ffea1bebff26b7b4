/**
 * Guard: no per-process state hides at module level. Queues, pools, caches and connections tied
 * to a database, a connection or a request stream are created by createRuntime, reach modules
 * through `deps.state` and are closed by Runtime.close (src/core/deps.ts). A module-level
 * `let`/`var`, or a Map, WeakMap, Set or WeakSet made at module level (in a variable or a static
 * class field), fails here unless it is listed below with the reason it may stay: a constant, or a
 * memo table of a pure computation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `file#name` (file relative to src/) -> why it may stay at module level. */
const ALLOWED: Record<string, string> = {
  'api/plugins/context.ts#UNSAFE': 'constant: the HTTP methods that need a CSRF token',
  'api/plugins/context.ts#ipHashes': 'memo of the keyed hash of a source address, a pure function of (salt, address), bounded',
  'config.ts#LOOPBACK': 'constant: the host names that only this machine can reach',
  'core/consent/consent.import.ts#PROOF_REQUIRED': 'constant: the collection methods whose proof lives elsewhere',
  'core/consent/consent.presenter.ts#decisionJson': 'memo of the JSON of a frozen Decision, keyed by it (pure)',
  'core/triage/triage.features.ts#STOPWORDS': 'constant: stop words per language',
  'core/triage/triage.features.ts#SIGNALS': 'constant: punctuation and token signals',
  'core/triage/triage.model.ts#predictors': 'memo of the predictor compiled from a model object, never changed once made (pure)',
  'core/random.ts#pool': 'entropy cache of the CSPRNG, as Node keeps for randomUUID: no database, connection or request behind it',
  'core/random.ts#offset': 'position in that entropy cache',
  'core/subject-keys/subject-keys.crypto.ts#derivedKeys': 'memo of HKDF derivations, a pure function of the master key (forgotten with it)',
  'core/triage/triage.ts#shipped': 'memo of the model file shipped in the repository, parsed once',
  'core/messages/messages.classifier.ts#shipped': 'memo of the message model files shipped in the repository (one per language), each parsed once',
  'rules/messages/index.ts#prefilters': "memo of each language's prefilter automaton, built from the constant rules on first use (pure)",
  'rules/calendar.ts#formatterCache': 'memo of Intl.DateTimeFormat per time zone (pure)',
  'rules/calendar.ts#offsetCache': 'memo of UTC offsets per zone and hour (pure)',
  'rules/holidays.ts#holidayCache': "memo of a year's French public holidays (pure)",
  'rules/local-date.ts#dayOfText': 'memo of local dates as epoch days, bounded (pure)',
  'rules/local-date.ts#textOfDay': 'memo of epoch days as local dates, bounded (pure)',
  'rules/contact/evaluate.ts#readings': 'memo of wall-clock readings per zone and instant, bounded (pure)',
  'rules/contact/evaluate.ts#inForceOn': 'memo of the rule versions in force per pack and local date, bounded (pure)',
  'rules/contact/next.ts#instants': 'memo of wall times as instants per zone, bounded (pure)',
  'rules/contact/evaluate.ts#decisions': 'memo of decisions by the facts they read (factsKey), bounded, frozen (pure)',
  'rules/contact/evaluate.ts#keyed': 'memo of the key of the latest facts asked (the decision and the next allowed instant ask it in turn) (pure)',
  'rules/contact/next.ts#nextByFacts': 'memo of next allowed instants by the facts they read (factsKey), bounded (pure)',
  'db/testing/runtime.ts#shared': "test harness: the runtime a test worker's files share, closed when the worker exits",
  'api/testing/probes.ts#AUDIT_TABLES': 'test harness, constant: the audit tables every probe digest leaves out (a denial writes to them by design)',
  'api/testing/route-inputs.ts#cache': 'test harness: memo of the JSON Schema converted from a route schema, keyed by it (pure)',
  'db/testing/factories.ts#passwordHash': 'test harness: memo of the argon2 hash of the one test password',
  'api/plugins/errors.ts#PORTAL_PAGE_ERRORS': 'constant: the error codes a portal page answers with a page of its own',
  'api/plugins/errors.ts#UNAVAILABLE_CODES': 'constant: the driver and network error codes that mean the database is unreachable',
  'core/contact/contact.presenter.ts#isoWritten': 'memo of the last few instants written as ISO text, bounded (pure)',
  'core/contact/contact.service.ts#NOT_LISTED': 'constant: the empty set of opposition list extracts, typed read-only and never added to',
  'core/contact/contact.service.ts#purposesCache': 'memo of the purposes a question reads, keyed by the (never changed) purposes list (pure)',
  'core/contact/contact.service.ts#extractsAsked': 'memo of the extract in force per zone for the latest (extracts list, instant) asked (pure)',
  'core/contact/contact.service.ts#declaredAsked': 'memo of the declared facts of the latest (question, zone) asked, shared read-only by its verdicts (pure)',
  'core/contact/contact.service.ts#phoneNeedAsked': 'memo of what a phone question reads for the latest (extracts list, instant) asked (pure)',
  'i18n/index.ts#namespaces': 'constant: the namespaces of the catalogues shipped in the repository, read once',
};

const STATEFUL = new Set(['Map', 'WeakMap', 'Set', 'WeakSet']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
}

/** Whether `node` builds a Map, WeakMap, Set or WeakSet when the module loads (function bodies run later: skipped). */
function makesCollection(node: ts.Node): boolean {
  if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && STATEFUL.has(node.expression.text)) return true;
  return ts.forEachChild(node, makesCollection) ?? false;
}

/** Module-level state of one parsed file: `[name, what]` for each declaration found. */
function stateOfSource(source: ts.SourceFile): [string, string][] {
  const found: [string, string][] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      const kind = flags & ts.NodeFlags.Let ? 'let' : flags & (ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.AwaitUsing) ? null : 'var';
      for (const decl of statement.declarationList.declarations) {
        const name = decl.name.getText(source);
        if (kind) found.push([name, kind]);
        else if (decl.initializer && makesCollection(decl.initializer)) found.push([name, 'collection']);
      }
    } else if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const isStatic = ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic && ts.isPropertyDeclaration(member) && member.initializer && makesCollection(member.initializer)) {
          found.push([`${statement.name?.text ?? 'class'}.${member.name.getText(source)}`, 'static collection']);
        }
      }
    }
  }
  return found;
}

const parse = (file: string, text: string) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

describe('module-level state', () => {
  const declared = sourceFiles(srcDir).flatMap((file) => stateOfSource(parse(file, readFileSync(file, 'utf8'))).map(([name, what]) => ({ key: `${path.relative(srcDir, file).split(path.sep).join('/')}#${name}`, what })));

  it('is only the constants and pure memo tables listed, each with its reason', () => {
    const unlisted = declared.filter((d) => !(d.key in ALLOWED)).map((d) => `${d.key} (${d.what})`);
    expect(unlisted, 'create it in createRuntime and pass it through deps.state, or list it here with why it may stay').toEqual([]);
  });

  it('lists nothing that is gone', () => {
    const keys = new Set(declared.map((d) => d.key));
    expect(Object.keys(ALLOWED).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('sees what it guards against', () => {
    const probe = [
      'let a = 1;',
      'const b = new Map();',
      'const c = Object.freeze({ s: new WeakSet() });',
      'const d = () => new Map();',
      'class E { static f = new Set(); g = new Map(); }',
      'export function h() { let i = new Set(); return i; }',
    ].join('\n');
    expect(stateOfSource(parse('probe.ts', probe))).toEqual([
      ['a', 'let'],
      ['b', 'collection'],
      ['c', 'collection'],
      ['E.f', 'static collection'],
    ]);
  });
});
