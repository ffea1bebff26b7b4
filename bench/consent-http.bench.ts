/**
 * Consent decisions over HTTP (issue 3 target: a batch of 1,000 within 3x of a bare Fastify
 * route's throughput). Candidate: POST /api/consent/decisions with 1,000 questions, through the
 * whole app (bearer token, permission, Zod validation, the decision index made fresh across
 * processes: one shared LISTEN/NOTIFY barrier on PostgreSQL). Baseline in the same run: a bare
 * Fastify route that parses the same body and answers 1,000 Map lookups. Both in child
 * processes; figures are decisions per second and their ratio.
 */
import { readFileSync } from 'node:fs';
import { compare, load, startChild, type LoadResult } from './lib.ts';

const BATCH = 1000;

export async function run(): Promise<void> {
  const app = await startChild<{
    port: number;
    authorization: string;
    session: Record<string, string>;
    bodyFile: string;
    driver: string;
    subjects: number;
  }>('consent');
  const bare = await startChild<{ port: number }>('bare-decisions', { BENCH_BODY_FILE: app.info.bodyFile });
  const body = readFileSync(app.info.bodyFile, 'utf8');
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const post =
    (url: string, headers: Record<string, string> = {}, seconds?: number) =>
    () =>
      load({
        url,
        method: 'POST',
        body,
        connections,
        headers: { 'content-type': 'application/json', ...headers },
        ...(seconds ? { seconds } : {}),
      });
  const bareUrl = `http://127.0.0.1:${bare.info.port}/bare`;
  const appUrl = `http://127.0.0.1:${app.info.port}/api/consent/decisions`;
  // An integration calls with an API token, the back office with a session cookie: both are measured.
  const callers = [
    { label: 'API token', headers: { authorization: app.info.authorization } },
    { label: 'session cookie', headers: app.info.session },
  ];
  try {
    // Warm everything (JIT, index load, connection pools, credential caches) before measuring:
    // with a single short warm-up, whichever caller ran first measured ~2x slower.
    for (let i = 0; i < 2; i++) {
      await post(bareUrl, {}, 3)();
      for (const caller of callers) await post(appUrl, caller.headers, 3)();
    }
    for (const caller of callers) {
      const result = await compare(Number(process.env.BENCH_ROUNDS ?? 3), post(bareUrl), post(appUrl, caller.headers));
      if (result.candidate.non2xx > 0 || result.baseline.non2xx > 0)
        throw new Error(`non-2xx answers: candidate ${result.candidate.non2xx}, baseline ${result.baseline.non2xx}`);
      const fmt = (x: LoadResult) =>
        `${(x.requestsPerSec * BATCH).toFixed(0).padStart(9)} decisions/s  (${x.requestsPerSec.toFixed(0).padStart(5)} req/s)  p50 ${String(x.p50).padStart(3)} ms  p99 ${String(x.p99).padStart(4)} ms  errors ${x.errors}`;
      const ratio = result.baseline.requestsPerSec / result.candidate.requestsPerSec;
      console.log(
        `\n## Consent decisions over HTTP, batches of ${BATCH}, ${caller.label} (${app.info.driver}, ${app.info.subjects.toLocaleString('en')} subjects x 5 purposes, ${connections} connections)`,
      );
      console.log(`  bare Fastify POST /bare (Map lookups)    ${fmt(result.baseline)}`);
      console.log(`  Confiance POST /api/consent/decisions    ${fmt(result.candidate)}`);
      console.log(
        `  ratio (candidate / baseline): ${(1 / ratio).toFixed(3)} of throughput; bare is ${ratio.toFixed(2)}x faster (target: within 3x)`,
      );
    }
  } finally {
    await app.stop();
    await bare.stop();
  }
}
