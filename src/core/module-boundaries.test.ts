/**
 * Modules meet only through each other's index.ts (DESIGN.md "Request flow"). Read from the
 * sources with the TypeScript parser, so comments and strings never count:
 * - no source file outside a module imports that module's inner files (its index.ts and its table
 *   files, referenced for foreign keys and joins, are the exceptions; tests and test factories are
 *   outside the rule, and web/ uses the shared contract);
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

const isSource = (file: string) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file) && !file.includes(`${path.sep}testing${path.sep}`) && !file.includes(`${path.sep}migrations${path.sep}`);
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .map((f) => path.join(src, f))
  .filter(isSource);

function importsOf(file: string): Import[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: Import[] = [];
  const add = (spec: ts.Expression | undefined, typeOnly: boolean) => {
    if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) found.push({ from: file, to: path.resolve(path.dirname(file), spec.text), typeOnly });
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
const label = (i: Import) => `${path.relative(src, i.from)} -> ${path.relative(src, i.to)}`;

describe('module boundaries', () => {
  it('reads the sources (the checks below are not vacuous)', () => {
    expect(imports.filter((i) => moduleOf(i.to) !== null && moduleOf(i.from) !== moduleOf(i.to)).length).toBeGreaterThan(50);
  });

  it("nobody imports another module's inner files: only its index.ts, or its table files", () => {
    const reaching = imports.filter((i) => {
      const target = moduleOf(i.to);
      if (!target || target === moduleOf(i.from)) return false;
      const base = path.basename(i.to);
      return base !== 'index.ts' && !base.endsWith('.tables.ts');
    });
    expect(reaching.map(label)).toEqual([]);
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
