/**
 * Modules meet only through each other's index.ts (DESIGN.md "Request flow"). Read from the
 * sources with the TypeScript parser, so comments and strings never count:
 * - no source file outside a module imports that module's inner files (its index.ts and its table
 *   files, referenced for foreign keys and joins, are the exceptions; tests and test factories are
 *   outside the rule, and web/ uses the shared contract);
 * - a module may also have a command-line entry, `<module>.cli.ts`, which only src/cli imports.
 *   Why a second door: index.ts carries the module's manifest, so importing it loads the routes,
 *   the repository, drizzle and zod; a command that needs none of them (`confiance lint`, whose
 *   contract promises the first answer in under 1 s, issue 12) paid seconds for them. The entry
 *   must stay lean to be worth its exception: what it loads, followed file by file, holds no
 *   module's index.ts, repository, routes, tables or schemas, and no package but Node's own;
 * - the modules' imports of one another form no circle;
 * - the kernel (src/core/*.ts) imports modules for their types only, and no module imports the
 *   module list (src/modules.ts): the composition root hands modules what others contribute.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const core = path.join(src, 'core');

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** An import of a package (a bare specifier: `zod`, `node:fs`). */
interface PackageImport {
  from: string;
  name: string;
  typeOnly: boolean;
}

const isSource = (file: string) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file) && !file.includes(`${path.sep}testing${path.sep}`) && !file.includes(`${path.sep}migrations${path.sep}`);
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .map((f) => path.join(src, f))
  .filter(isSource);

const packageImports: PackageImport[] = [];

function importsOf(file: string): Import[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteral(spec)) return;
    if (spec.text.startsWith('.')) found.push({ from: file, to: path.resolve(path.dirname(file), spec.text), typeOnly });
    else packageImports.push({ from: file, name: spec.text, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const allTypes = clause?.isTypeOnly || Boolean(clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, Boolean(allTypes));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The module a file belongs to (its folder under src/core), or null outside modules. */
function moduleOf(file: string): string | null {
  const rel = path.relative(core, file);
  if (rel.startsWith('..') || !rel.includes(path.sep)) return null;
  return rel.split(path.sep)[0] ?? null;
}

const imports = sources.flatMap(importsOf);

const isCli = (file: string) => !path.relative(path.join(src, 'cli'), file).startsWith('..');

/** The source files and packages a file loads when it runs, followed through its value imports. */
function loadedBy(entry: string): { files: string[]; packages: string[] } {
  const files = new Set([entry]);
  const packages = new Set<string>();
  for (const file of files) {
    for (const i of imports) if (i.from === file && !i.typeOnly) files.add(i.to);
    for (const p of packageImports) if (p.from === file && !p.typeOnly) packages.add(p.name);
  }
  return { files: [...files], packages: [...packages] };
}
const label = (i: Import) => `${path.relative(src, i.from)} -> ${path.relative(src, i.to)}`;

describe('module boundaries', () => {
  it('reads the sources (the checks below are not vacuous)', () => {
    expect(imports.filter((i) => moduleOf(i.to) !== null && moduleOf(i.from) !== moduleOf(i.to)).length).toBeGreaterThan(50);
  });

  it("nobody imports another module's inner files: only its index.ts, or its table files (and src/cli its command-line entry)", () => {
    const reaching = imports.filter((i) => {
      const target = moduleOf(i.to);
      if (!target || target === moduleOf(i.from)) return false;
      const base = path.basename(i.to);
      if (base === `${target}.cli.ts` && isCli(i.from)) return false;
      return base !== 'index.ts' && !base.endsWith('.tables.ts');
    });
    expect(reaching.map(label)).toEqual([]);
  });

  it("a module's command-line entry loads no manifest, repository, routes, tables, schemas, nor any package but Node's own", () => {
    const entries = sources.filter((f) => moduleOf(f) !== null && path.basename(f) === `${moduleOf(f)}.cli.ts`);
    expect(entries.map((f) => path.relative(src, f))).toContain('core/messages/messages.cli.ts');
    // The walk follows imports through files and reads packages (the checks below are not vacuous).
    const lint = loadedBy(path.join(core, 'messages/messages.cli.ts'));
    expect(lint.files.map((f) => path.relative(src, f))).toEqual(expect.arrayContaining(['core/messages/messages.check.ts', 'core/messages/messages.model.ts', 'rules/messages/index.ts']));
    expect(lint.packages).toContain('node:readline');
    for (const entry of entries) {
      const { files, packages } = loadedBy(entry);
      const heavy = files.filter((f) => /\.(repo|routes|tables|schemas)\.ts$/.test(f) || (moduleOf(f) !== null && path.basename(f) === 'index.ts'));
      expect(heavy.map((f) => path.relative(src, f)), path.relative(src, entry)).toEqual([]);
      expect(packages.filter((p) => !p.startsWith('node:')), path.relative(src, entry)).toEqual([]);
    }
  });

  it('the modules form no import circle (table references aside)', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of imports) {
      const [a, b] = [moduleOf(i.from), moduleOf(i.to)];
      if (!a || !b || a === b || i.to.endsWith('.tables.ts')) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (m: string, trail: string[]) => {
      if (state.get(m) === 'done') return;
      if (state.get(m) === 'open') {
        circles.push([...trail.slice(trail.indexOf(m)), m].join(' -> '));
        return;
      }
      state.set(m, 'open');
      for (const next of edges.get(m) ?? []) walk(next, [...trail, m]);
      state.set(m, 'done');
    };
    for (const m of edges.keys()) walk(m, []);
    expect(circles).toEqual([]);
  });

  it('the kernel imports modules for their types only, and only the composition root reads the module list', () => {
    const kernelValues = imports.filter((i) => path.dirname(i.from) === core && moduleOf(i.to) !== null && !i.typeOnly);
    expect(kernelValues.map(label)).toEqual([]);
    const registry = path.join(src, 'modules.ts');
    const readers = imports.filter((i) => i.to === registry).map((i) => path.relative(src, i.from));
    expect(readers).toEqual(['runtime.ts']);
  });
});
