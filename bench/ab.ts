/**
 * `npm run bench:ab -- <ref> <bench...> [--rounds N] [--per-process R] [--harness current|own]`
 *
 * Runs benches on an older commit (`<ref>`, e.g. the tag arch-baseline) and on this tree,
 * alternately, round by round, in one run, so both meet the same machine load: the round order
 * swaps every round (baseline first, then current first, ...). Each tree runs in child processes of
 * its own (bench/ab-child.ts): a process opens the bench (data loaded, servers started, warm-up)
 * and runs R rounds (`--per-process`, default 1: a fresh process for every round). A fresh process
 * per round is the default because a process carries noise of its own that its rounds all share
 * (the consent-decision bench measured 2x apart in two processes of the same code, its rounds
 * within a few per cent in each): rounds of one process would show a spread too small.
 * Prints each figure's rounds for both trees, their medians and spread, and whether the
 * difference of the medians exceeds the spread of the rounds.
 *
 * What is compared. `<ref>` is checked out into a temporary git worktree with node_modules
 * symlinked to this tree's: both trees run on the same installed packages (a dependency upgrade is
 * not part of the comparison; a package the baseline needs and node_modules lacks stops the run).
 * - `--harness current` (default): the harness of this tree (the top-level files of bench/: bench
 *   files, lib.ts, ab-child.ts) is copied over the baseline's, so the same measuring code runs on
 *   both sides and only the code under test differs: src/ of each tree, and bench/servers/ of each
 *   tree (the programs a bench starts, assembled from that tree's src/ its own way; a server the
 *   baseline lacks is taken from this tree). This needs the baseline's src/ to export what the
 *   bench files import; if it does not, the baseline side fails to load and the run says so.
 * - `--harness own`: each tree runs its own bench/ as it is. Only for baselines whose bench/
 *   already has ab-child.ts (commits after this runner); use it when the bench had to change with
 *   the API. Then a difference may come from the harness too.
 *
 * Verdict per figure, on the difference of the two trees' medians against the spread of their rounds:
 * - "within the spread": no more than the larger of the two interquartile ranges;
 * - "beyond the IQR, within the range: run more rounds": more than that, no more than the larger of
 *   the two ranges (max - min); identical code lands here now and then (5 rounds of the same
 *   consent-decision code differed by 6.5 % against IQRs of 5 % at load 14);
 * - "EXCEEDS the range of rounds": more than either tree's whole range: a real difference.
 * Also printed: the ratio current/baseline of each round pair (run back to back), its median and a
 * bootstrap 95 % interval (too narrow below ~8 rounds).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { describeSpread, fmt, medianInterval, spreadOf, treeRoot, type MetricSpec } from './lib.ts';

/** A failure the runner explains itself: printed without a stack. */
class AbError extends Error {}

type Message =
  | { type: 'ready'; title: string; metrics: Record<string, MetricSpec>; describe: string; check: string | null }
  | { type: 'round'; figures: Record<string, number> }
  | { type: 'closed' };

/** One tree's child process for one bench, spoken to line by line (protocol in bench/ab-child.ts). */
class Side {
  private readonly child: ChildProcess;
  private readonly inbox: Message[] = [];
  private readonly waiting: { resolve(message: Message): void; reject(error: Error): void }[] = [];
  private readonly stderrTail: string[] = [];
  private ended: Error | null = null;

  constructor(
    readonly label: string,
    root: string,
    readonly bench: string,
  ) {
    this.child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', path.join('bench', 'ab-child.ts'), bench], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A child that died makes writes to its stdin fail; its 'close' below reports why.
    this.child.stdin!.on('error', () => {});
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.startsWith('@ab ')) this.deliver(JSON.parse(line.slice(4)) as Message);
      else console.error(`  [${label}] ${line}`);
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 30) this.stderrTail.shift();
      console.error(`  [${label}] ${line}`);
    });
    // 'close' rather than 'exit': it comes after the last stdout line has been read.
    this.child.once('close', (code, signal) => {
      this.ended = new AbError(
        `the ${label} side of ${bench} stopped (${signal ?? `exit code ${code}`}). Its last error output:\n${this.stderrTail.map((l) => `    ${l}`).join('\n')}${hint(this.stderrTail)}`,
      );
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.ended);
    });
  }

  private deliver(message: Message) {
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(message);
    else this.inbox.push(message);
  }

  /** The next message of the child (or its failure). */
  next<T extends Message['type']>(type: T): Promise<Extract<Message, { type: T }>> {
    const queued = this.inbox.shift();
    const message = queued
      ? Promise.resolve(queued)
      : this.ended
        ? Promise.reject(this.ended)
        : new Promise<Message>((resolve, reject) => this.waiting.push({ resolve, reject }));
    return message.then((m) => {
      if (m.type !== type) throw new AbError(`the ${this.label} side of ${this.bench} answered ${m.type} instead of ${type}`);
      return m as Extract<Message, { type: T }>;
    });
  }

  round(): Promise<Record<string, number>> {
    this.child.stdin!.write('round\n');
    return this.next('round').then((m) => m.figures);
  }

  /** Asks the bench to close (servers stopped, scratch database dropped) and waits for the exit. */
  async close(): Promise<void> {
    if (this.ended) return;
    const gone = new Promise((resolve) => this.child.once('close', resolve));
    this.child.stdin!.end('close\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await gone;
    clearTimeout(timer);
  }
}

/** What a load failure most likely means, when the error output says so. */
function hint(stderr: string[]): string {
  const text = stderr.join('\n');
  if (/ERR_MODULE_NOT_FOUND|does not provide an export named|Cannot find module/.test(text))
    return (
      '\n  The bench imports a module or export this tree does not have. With --harness current the bench files of the ' +
      "current tree run against the baseline's src/: that works only while the source they import keeps its path and API. " +
      "Compare with --harness own if the baseline's bench/ has ab-child.ts, or adapt the bench."
    );
  if (/no `rounds` export/.test(text)) return '\n  Only benches exporting `rounds` (a RoundBench, bench/lib.ts) can run round by round.';
  return '';
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Every package the baseline declares must be in the shared node_modules; ranges that differ are noted. */
function checkDependencies(baselineRoot: string, modules: string): string[] {
  type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const declared = (root: string) => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
    return { ...manifest.devDependencies, ...manifest.dependencies };
  };
  const baseline = declared(baselineRoot);
  const current = declared(treeRoot);
  const missing = Object.keys(baseline).filter((name) => !existsSync(path.join(modules, name, 'package.json')));
  if (missing.length > 0)
    throw new AbError(
      `the baseline needs packages that node_modules (${modules}) lacks: ${missing.join(', ')}. ` +
        'Both trees run on the current node_modules; install them there, or compare another ref.',
    );
  return Object.entries(baseline)
    .filter(([name, range]) => current[name] !== range)
    .map(([name, range]) => `${name}: baseline declares ${range}, current ${current[name] ?? 'none'} (both run the installed one)`);
}

/** Copies this tree's harness over the baseline's; returns notes on bench/servers/. */
function overlayHarness(baselineRoot: string): string[] {
  const from = path.join(treeRoot, 'bench');
  const to = path.join(baselineRoot, 'bench');
  mkdirSync(path.join(to, 'servers'), { recursive: true });
  for (const file of readdirSync(to)) if (statSync(path.join(to, file)).isFile()) rmSync(path.join(to, file));
  for (const file of readdirSync(from)) if (statSync(path.join(from, file)).isFile()) cpSync(path.join(from, file), path.join(to, file));
  const notes: string[] = [];
  for (const file of readdirSync(path.join(from, 'servers'))) {
    const mine = path.join(from, 'servers', file);
    const theirs = path.join(to, 'servers', file);
    if (!existsSync(theirs)) {
      cpSync(mine, theirs);
      notes.push(`bench/servers/${file}: absent from the baseline, the current one runs on both sides`);
    } else if (readFileSync(mine, 'utf8') !== readFileSync(theirs, 'utf8')) {
      notes.push(`bench/servers/${file}: differs between the trees, each runs its own (measured as code under test)`);
    }
  }
  return notes;
}

interface Round {
  figures: Record<string, number>;
  /** 1-minute load average when the round started. */
  load: number;
}

type Ready = Extract<Message, { type: 'ready' }>;

/** One tree's side of one bench: child processes started as needed, `perProcess` rounds each. */
class Tree {
  private side: Side | null = null;
  private used = 0;
  readonly readies: Ready[] = [];
  readonly rounds: Round[] = [];

  constructor(
    readonly label: string,
    private readonly root: string,
    private readonly bench: string,
    private readonly perProcess: number,
  ) {}

  async round(): Promise<Round> {
    if (!this.side) {
      this.side = new Side(this.label, this.root, this.bench);
      this.readies.push(await this.side.next('ready'));
      this.used = 0;
    }
    const load = os.loadavg()[0] ?? 0;
    const round = { figures: await this.side.round(), load };
    this.rounds.push(round);
    if (++this.used === this.perProcess) await this.close();
    return round;
  }

  async close(): Promise<void> {
    const side = this.side;
    this.side = null;
    await side?.close();
  }
}

/** The report of one bench: per figure, both trees' rounds, spread and verdict; returns the headline. */
function report(bench: string, trees: [Tree, Tree], labels: [string, string]): string {
  const base = trees[0].rounds;
  const cur = trees[1].rounds;
  const ready = trees[1].readies[0]!;
  console.log(`\n## ${bench}: ${ready.title}`);
  console.log(`  ${labels[0]}: ${trees[0].readies[0]?.describe}`);
  console.log(`  ${labels[1]}: ${ready.describe}`);
  const checks = trees.map((tree) => [...new Set(tree.readies.map((r) => r.check))].join(' | '));
  if (checks.some((c) => c !== '')) {
    if (checks[0] === checks[1] && !checks[0]!.includes(' | ')) console.log(`  check, same in every process of both trees: ${checks[0]}`);
    else console.log(`  CHECK DIFFERS, the processes did not all do the same work: baseline "${checks[0]}", current "${checks[1]}"`);
  }
  console.log(
    `  ${base.length} rounds in ${trees[0].readies.length} + ${trees[1].readies.length} processes, order swapped every round ` +
      `(baseline first in odd rounds); 1-min load average at each round, baseline/current: ` +
      base.map((b, i) => `${b.load.toFixed(1)}/${cur[i]?.load.toFixed(1)}`).join(' '),
  );
  let headline = '';
  for (const [key, spec] of Object.entries(ready.metrics)) {
    const a = base.flatMap((r) => (r.figures[key] === undefined ? [] : [r.figures[key]]));
    const b = cur.flatMap((r) => (r.figures[key] === undefined ? [] : [r.figures[key]]));
    if (a.length === 0 || b.length === 0) continue;
    const sa = spreadOf(a);
    const sb = spreadOf(b);
    const scale = Math.abs(sa.median) || 1;
    const difference = (sb.median - sa.median) / scale;
    const iqr = Math.max(sa.q3 - sa.q1, sb.q3 - sb.q1) / scale;
    const range = Math.max(sa.max - sa.min, sb.max - sb.min) / scale;
    const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(2)} %`;
    const size = (x: number) => `${Math.abs(x * 100).toFixed(2)} %`;
    const better = spec.better === 'higher' ? difference > 0 : difference < 0;
    const verdict =
      Math.abs(difference) <= iqr
        ? 'within the spread'
        : Math.abs(difference) <= range
          ? 'beyond the IQR, within the range: run more rounds'
          : `EXCEEDS the range of rounds: current is ${better ? 'better' : 'worse'}`;
    const pairs = base.flatMap((r, i) => {
      const before = r.figures[key];
      const after = cur[i]?.figures[key];
      return before && after !== undefined ? [after / before] : [];
    });
    const [low, high] = medianInterval(pairs);
    console.log(`\n  ${spec.label} (${spec.better} is better)`);
    console.log(`    baseline  ${a.map((v) => fmt(v, spec.digits)).join(' / ')}; ${describeSpread(a, spec.digits)}`);
    console.log(`    current   ${b.map((v) => fmt(v, spec.digits)).join(' / ')}; ${describeSpread(b, spec.digits)}`);
    console.log(
      `    medians differ by ${pct(difference)}; spread of rounds: larger IQR ${size(iqr)}, larger range ${size(range)}: ${verdict}`,
    );
    console.log(
      `    round pairs current/baseline: median ${fmt(spreadOf(pairs).median, 4)}, bootstrap 95 % ${fmt(low, 4)}–${fmt(high, 4)}`,
    );
    headline ||= `${bench}: ${spec.label}: ${fmt(sa.median, spec.digits)} → ${fmt(sb.median, spec.digits)} (${pct(difference)}; IQR ${size(iqr)}, range ${size(range)}): ${verdict}`;
  }
  return headline;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      rounds: { type: 'string', default: '5' },
      'per-process': { type: 'string', default: '1' },
      harness: { type: 'string', default: 'current' },
    },
  });
  const [ref, ...names] = positionals;
  const rounds = Number(values.rounds);
  if (!ref || names.length === 0)
    throw new AbError('usage: npm run bench:ab -- <ref> <bench...> [--rounds N] [--per-process R] [--harness current|own]');
  if (!Number.isInteger(rounds) || rounds < 3) throw new AbError('--rounds must be an integer of at least 3 (a spread needs rounds)');
  const perProcess = Number(values['per-process']);
  if (!Number.isInteger(perProcess) || perProcess < 1) throw new AbError('--per-process must be a positive integer');
  if (values.harness !== 'current' && values.harness !== 'own') throw new AbError('--harness is current or own');
  const benches = names.map((n) => n.replace(/\.bench\.ts$/, ''));
  for (const bench of benches)
    if (!existsSync(path.join(treeRoot, 'bench', `${bench}.bench.ts`))) throw new AbError(`no bench/${bench}.bench.ts in ${treeRoot}`);

  let sha: string;
  try {
    sha = git(treeRoot, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    throw new AbError(`${ref} names no commit in this repository`);
  }
  const head = git(treeRoot, 'rev-parse', '--short', 'HEAD');
  const branch = git(treeRoot, 'rev-parse', '--abbrev-ref', 'HEAD');
  const dirty = git(treeRoot, 'status', '--porcelain', '--untracked-files=no') !== '';
  const labels: [string, string] = [
    `baseline ${ref} (${sha.slice(0, 7)})`,
    `current ${branch} (${head}${dirty ? ' + uncommitted changes' : ''})`,
  ];
  const modules = realpathSync(path.join(treeRoot, 'node_modules'));

  const dir = mkdtempSync(path.join(os.tmpdir(), 'confiance-ab-'));
  let added = false;
  const removeWorktree = () => {
    if (existsSync(path.join(dir, 'node_modules'))) unlinkSync(path.join(dir, 'node_modules')); // the link, never its target
    if (added) execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: treeRoot, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  const open: Tree[] = [];
  process.once('SIGINT', () => {
    removeWorktree();
    process.exit(130);
  });
  try {
    git(treeRoot, 'worktree', 'add', '--quiet', '--detach', dir, sha);
    added = true;
    symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
    const notes = checkDependencies(dir, modules);
    if (values.harness === 'current') notes.push(...overlayHarness(dir));
    else if (!existsSync(path.join(dir, 'bench', 'ab-child.ts')))
      throw new AbError(`--harness own: ${ref} has no bench/ab-child.ts; use --harness current`);
    const sourceDiff = git(treeRoot, 'diff', '--shortstat', sha, '--', 'src') || 'no difference';

    console.log(`# Confiance A/B benchmarks — ${new Date().toISOString()}`);
    console.log(
      `node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL; each server on a scratch database)' : 'PGlite'}`);
    console.log(
      `${labels[0]} vs ${labels[1]}; harness: ${values.harness === 'current' ? 'current bench files on both trees' : 'each tree its own bench/'}`,
    );
    console.log(`src/ between them: ${sourceDiff}`);
    for (const note of notes) console.log(`note: ${note}`);
    console.log(
      `settings: ${rounds} rounds, ${perProcess} per process; ${
        Object.entries(process.env)
          .filter(([k]) => k.startsWith('BENCH_'))
          .map(([k, v]) => `${k}=${v}`)
          .join(' ') || 'bench defaults'
      }`,
    );

    const headlines: string[] = [];
    for (const bench of benches) {
      const trees: [Tree, Tree] = [new Tree('baseline', dir, bench, perProcess), new Tree('current', treeRoot, bench, perProcess)];
      open.push(...trees);
      const primary = (round: Round) => Object.values(round.figures)[0] ?? Number.NaN;
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? trees : ([trees[1], trees[0]] as const);
        for (const tree of order) await tree.round();
        const [b, c] = trees.map((tree) => primary(tree.rounds[i]!));
        console.error(`  ${bench} round ${i + 1}/${rounds}: first figure, baseline ${b?.toPrecision(4)}, current ${c?.toPrecision(4)}`);
      }
      await Promise.all(trees.map((tree) => tree.close()));
      headlines.push(report(bench, trees, labels));
    }
    console.log(
      `\n## Summary (first figure of each bench; load average now ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    for (const line of headlines) console.log(`  ${line}`);
  } finally {
    await Promise.all(open.map((tree) => tree.close()));
    removeWorktree();
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof AbError)) throw error;
  console.error(`bench:ab: ${error.message}`);
  process.exitCode = 1;
}
