import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'confiance-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A module hook, registered before the command's own (tsx), that writes down every module the
// process resolves: what a run loads, not how long it takes (timings are no assertion).
const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.CONFIANCE_TRACE_LOADS, result.url + '\\n');
  return result;
}`;
const preload = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;

/** Runs `confiance <args>` with `input` on stdin; returns its output and the repository files and packages it loaded. */
async function run(args: string[], input = ''): Promise<{ code: number | null; stdout: string; files: string[]; packages: string[] }> {
  const trace = path.join(scratch, `${args.join('-').replace(/\W+/g, '_')}.txt`);
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(preload)}`, path.join(repoRoot, 'bin/confiance.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, CONFIANCE_TRACE_LOADS: trace },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const root = pathToFileURL(repoRoot).href + '/';
  // Packages by node_modules' real path: in a git worktree it is a link to the main checkout's.
  const modules = pathToFileURL(realpathSync(path.join(repoRoot, 'node_modules'))).href + '/';
  const urls = readFileSync(trace, 'utf8').split('\n');
  const under = (prefix: string) => [...new Set(urls.filter((u) => u.startsWith(prefix)).map((u) => u.slice(prefix.length).replace(/\?.*$/, '')))];
  return {
    code,
    stdout,
    files: under(root).filter((f) => !f.startsWith('node_modules/')).sort(),
    packages: [...new Set(under(modules).map((f) => (f.startsWith('@') ? f.split('/').slice(0, 2).join('/') : f.split('/')[0]!)))].sort(),
  };
}

// The TypeScript loader and the argument parser: what every command needs before it runs.
const LOADER = ['commander', 'esbuild', 'tsx'];

describe('the confiance command loads only what a command needs', () => {
  it('--help loads the command definitions alone, not the runtime', { timeout: 60_000 }, async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rules');
    expect(result.files).toEqual(['bin/confiance.js', 'src/cli/main.ts']);
    expect(result.packages).toEqual(LOADER);
  });

  it('rules deadline loads the pure rules, not the runtime, the database or the modules', { timeout: 60_000 }, async () => {
    const lines = ['{"id":"a","kind":"dsr","from":"2026-01-31T10:00:00Z"}', '{"id":"b","kind":"breach-authority","from":"2026-03-01T10:00:00Z"}'];
    const result = await run(['rules', 'deadline', '--jsonl'], `${lines.join('\n')}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { id: 'a', due: '2026-03-02' },
      { id: 'b', due: '2026-03-04T10:00:00.000Z' },
    ]);
    expect(result.files.filter((f) => !f.startsWith('src/rules/'))).toEqual(['bin/confiance.js', 'src/cli/main.ts']);
    expect(result.files).toContain('src/rules/deadline-jsonl.ts');
    expect(result.packages).toEqual(LOADER);
  });
});

describe('confiance lint --jsonl', () => {
  it('loads the checker alone: not the module manifest, its routes or repository, drizzle or zod', { timeout: 60_000 }, async () => {
    const result = await run(['lint', '--jsonl'], '{"id":"a","text":"Dernière chance : plus que 2 places !","lang":"fr"}\n');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 'a', flagged: true });
    expect(result.files.filter((f) => !f.startsWith('src/rules/messages/'))).toEqual([
      'bin/confiance.js',
      'src/cli/main.ts',
      'src/core/messages/messages.check.ts',
      'src/core/messages/messages.classifier.ts',
      'src/core/messages/messages.cli.ts',
      'src/core/messages/messages.features.ts',
      'src/core/messages/messages.model.ts',
      'src/core/text.ts',
    ]);
    expect(result.packages).toEqual(LOADER);
  });
});

describe('confiance rules contact --jsonl', () => {
  const line = (id: string, at: string) => JSON.stringify({ id, channel: 'phone', purpose: 'prospecting', consent: 'given', at });

  it('loads the pure contact rules and zod, not the runtime, the database or the modules', { timeout: 60_000 }, async () => {
    const result = await run(['rules', 'contact', '--jsonl'], `${line('a', '2026-12-07T20:10:00+01:00')}\nnot json\n${line('b', '2026-12-07T10:00:00+01:00')}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { id: 'a', allowed: false, reasons: ['outside_calling_hours'], rules: ['C. consom. D.223-9 al. 1'] },
      { id: null, error: expect.stringMatching(/^Invalid JSON/) },
      { id: 'b', allowed: true, reasons: [], rules: [] },
    ]);
    expect(result.files.filter((f) => !f.startsWith('src/rules/'))).toEqual(['bin/confiance.js', 'src/cli/main.ts']);
    expect(result.files).toContain('src/rules/contact/jsonl.ts');
    expect(result.packages).toEqual([...LOADER, 'zod'].sort());
  });

  it('reads a file when one is given', { timeout: 60_000 }, async () => {
    const file = path.join(scratch, 'facts.jsonl');
    writeFileSync(file, `${line('f', '2026-12-05T11:00:00+01:00')}\n`);
    const result = await run(['rules', 'contact', '--jsonl', file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout) as unknown).toEqual({ id: 'f', allowed: false, reasons: ['outside_calling_days'], rules: ['C. consom. D.223-9 al. 1'] });
  });

  it('streams: each answer comes out before the next line is written', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), 'rules', 'contact', '--jsonl'], { cwd: repoRoot });
    const answers: unknown[] = [];
    let pending = '';
    let waiting: (() => void) | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const l of lines) answers.push(JSON.parse(l));
      waiting?.();
    });
    const nextAnswer = (count: number) =>
      new Promise<void>((resolve) => {
        waiting = () => answers.length >= count && resolve();
        waiting();
      });
    child.stdin.write(`${line('one', '2026-12-07T10:00:00+01:00')}\n`);
    await nextAnswer(1);
    expect(answers).toEqual([{ id: 'one', allowed: true, reasons: [], rules: [] }]);
    child.stdin.write('{"id": "two"}\n');
    await nextAnswer(2);
    expect(answers[1]).toEqual({ id: 'two', error: 'Missing field "at"' });
    child.stdin.end();
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
  });
});
