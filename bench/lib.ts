/**
 * Benchmark helpers: servers run in child processes (the load generator must not share their
 * event loop), candidate and baseline alternate in the same run, and every figure is printed as a
 * ratio to its baseline, because this shared 2-core machine is too noisy for absolute numbers.
 *
 * This file and the bench files are the harness: `npm run bench:ab` (bench/ab.ts) also runs them
 * against an older tree's src/. So they import from src/ only the code they measure, never
 * helpers (the tree root, scratch databases) that a refactoring could move.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

/** Root of the tree this harness sits in (its own src/ and bench/servers/ are what it measures). */
export const treeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ChildServer<T> {
  info: T;
  stop(): Promise<void>;
}

/** Starts `bench/servers/<name>.ts`; it prints one JSON line with its port (and more) when ready. */
export async function startChild<T extends { port: number }>(name: string, env: Record<string, string> = {}): Promise<ChildServer<T>> {
  // BENCH_CPU_PROF=<server name>: that child writes a V8 CPU profile into BENCH_CPU_PROF_DIR (default ./prof) when it stops.
  const profile = process.env.BENCH_CPU_PROF === name ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? 'prof'}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(treeRoot, 'bench/servers', `${name}.ts`)], {
    cwd: treeRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as T));
  });
  return {
    info,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function load(options: {
  url: string;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  connections?: number;
  seconds?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
    connections: options.connections ?? 20,
    duration: options.seconds ?? Number(process.env.BENCH_SECONDS ?? 8),
  });
  return loadResultOf(result);
}

/** The figures a bench keeps of an autocannon run. */
export function loadResultOf(result: autocannon.Result): LoadResult {
  return {
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Alternates baseline and candidate `rounds` times and keeps the median of each. */
export async function compare(rounds: number, baseline: () => Promise<LoadResult>, candidate: () => Promise<LoadResult>) {
  const b: LoadResult[] = [];
  const c: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await baseline());
    c.push(await candidate());
  }
  const median = (xs: LoadResult[]) => [...xs].sort((x, y) => x.requestsPerSec - y.requestsPerSec)[Math.floor(xs.length / 2)] as LoadResult;
  return { baseline: median(b), candidate: median(c), all: { baseline: b, candidate: c } };
}

export function report(title: string, r: { baseline: LoadResult; candidate: LoadResult }, labels: [string, string]) {
  const fmt = (x: LoadResult) =>
    `${x.requestsPerSec.toFixed(0).padStart(7)} req/s  p50 ${String(x.p50).padStart(3)} ms  p99 ${String(x.p99).padStart(4)} ms  non-2xx ${x.non2xx}  errors ${x.errors}`;
  console.log(`\n## ${title}`);
  console.log(`  ${labels[0].padEnd(34)} ${fmt(r.baseline)}`);
  console.log(`  ${labels[1].padEnd(34)} ${fmt(r.candidate)}`);
  console.log(
    `  ratio (candidate / baseline): ${(r.candidate.requestsPerSec / r.baseline.requestsPerSec).toFixed(3)} of throughput, ${(r.candidate.p99 / Math.max(r.baseline.p99, 1)).toFixed(2)}x p99`,
  );
}

/**
 * A throw-away PostgreSQL database next to the one DATABASE_URL names, so each server under test
 * starts empty and alone (an A/B run has two at once). Null without DATABASE_URL (PGlite).
 * src/db/testing/scratch-postgres.ts does the same for tests; not imported, see the header.
 */
export async function scratchDatabase(label: string): Promise<{ url: string; name: string; drop(): Promise<void> } | null> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) return null;
  const { default: pg } = await import('pg');
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const name = `confiance_bench_${label}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

// ---- Rounds: what `npm run bench:ab` drives, and what the benches print their spread with ----

/** How one figure of a round reads: its label, which way is better, and its decimals. */
export interface MetricSpec {
  label: string;
  better: 'higher' | 'lower';
  digits: number;
}

/** A bench opened once (data loaded, servers started, warmed up), then measured round by round. */
export interface RoundSession {
  /** One line on what is measured (sizes, driver, slice length). */
  describe: string;
  /** Something both trees of an A/B run must print identically if they did the same work, or null. */
  check: string | null;
  /** One round: a figure per metric key. */
  round(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * A bench that can run round by round (export it as `rounds` from a *.bench.ts file).
 * The first metric is the one to judge by (the A/B summary line): the steadiest on a busy machine.
 */
export interface RoundBench {
  title: string;
  metrics: Record<string, MetricSpec>;
  open(): Promise<RoundSession>;
}

/** Linear-interpolated quantile (0..1) of values sorted ascending. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/** Median, quartiles and extremes of a set of rounds. */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): same seed, same questions, same intervals. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile-bootstrap 95 % interval of the median (2,000 resamples, fixed seed). Too narrow
 * below ~8 values: read it with the interquartile range, not instead of it.
 */
export function medianInterval(values: readonly number[]): [number, number] {
  const random = seededRandom(20261125);
  const medians: number[] = [];
  const sample = new Array<number>(values.length);
  for (let r = 0; r < 2000; r++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)]!;
    medians.push(
      quantile(
        [...sample].sort((a, b) => a - b),
        0.5,
      ),
    );
  }
  medians.sort((a, b) => a - b);
  return [quantile(medians, 0.025), quantile(medians, 0.975)];
}

/** Fixed decimals, thousands separated: 1,234,567 or 0.4470. */
export function fmt(value: number, digits: number): string {
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median 0.447 (IQR 0.444–0.450, min–max 0.441–0.452, 5 rounds)". */
export function describeSpread(values: readonly number[], digits: number, unit = 'rounds'): string {
  const s = spreadOf(values);
  return `median ${fmt(s.median, digits)} (IQR ${fmt(s.q1, digits)}–${fmt(s.q3, digits)}, min–max ${fmt(s.min, digits)}–${fmt(s.max, digits)}, ${s.n} ${unit})`;
}

/** Runs `rounds` rounds of an opened bench and prints every figure's rounds and spread. */
export async function printRounds(bench: RoundBench, session: RoundSession, rounds: number): Promise<void> {
  const results: Record<string, number>[] = [];
  for (let i = 0; i < rounds; i++) results.push(await session.round());
  console.log(`\n## ${bench.title}`);
  console.log(`  ${session.describe}`);
  for (const [key, spec] of Object.entries(bench.metrics)) {
    const values = results.flatMap((r) => (r[key] === undefined ? [] : [r[key]]));
    if (values.length === 0) continue; // a figure this setup does not have (PostgreSQL CPU on PGlite)
    console.log(`  ${spec.label}: ${values.map((v) => fmt(v, spec.digits)).join(' / ')}; ${describeSpread(values, spec.digits)}`);
  }
  if (session.check) console.log(`  check: ${session.check}`);
}
