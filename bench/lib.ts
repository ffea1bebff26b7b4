/**
 * Benchmark helpers: servers run in child processes (the load generator must not share their
 * event loop), candidate and baseline alternate in the same run, and every figure is printed as a
 * ratio to its baseline, because this shared 2-core machine is too noisy for absolute numbers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { repoRoot } from '../src/runtime.ts';

export interface ChildServer<T> {
  info: T;
  stop(): Promise<void>;
}

/** Starts `bench/servers/<name>.ts`; it prints one JSON line with its port (and more) when ready. */
export async function startChild<T extends { port: number }>(name: string, env: Record<string, string> = {}): Promise<ChildServer<T>> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/servers', `${name}.ts`)], {
    cwd: repoRoot,
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

export async function load(options: { url: string; headers?: Record<string, string>; method?: 'GET' | 'POST'; body?: string; connections?: number; seconds?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
    connections: options.connections ?? 20,
    duration: options.seconds ?? Number(process.env.BENCH_SECONDS ?? 8),
  });
  return { requestsPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
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
  const fmt = (x: LoadResult) => `${x.requestsPerSec.toFixed(0).padStart(7)} req/s  p50 ${String(x.p50).padStart(3)} ms  p99 ${String(x.p99).padStart(4)} ms  non-2xx ${x.non2xx}  errors ${x.errors}`;
  console.log(`\n## ${title}`);
  console.log(`  ${labels[0].padEnd(34)} ${fmt(r.baseline)}`);
  console.log(`  ${labels[1].padEnd(34)} ${fmt(r.candidate)}`);
  console.log(`  ratio (candidate / baseline): ${(r.candidate.requestsPerSec / r.baseline.requestsPerSec).toFixed(3)} of throughput, ${(r.candidate.p99 / Math.max(r.baseline.p99, 1)).toFixed(2)}x p99`);
}
