/**
 * Ad-hoc contact decisions over HTTP (issue 11 target: within 3x of a bare Fastify route, as for
 * consent decisions). Candidate: POST /api/contact/check, one decision per request ("may I call
 * this person now?", an agent's screen), through the whole app: bearer token, permission, Zod
 * validation, the consent index made fresh across processes, the customer, restrictions, phone
 * history and opposition list read, the rules pack, the presenter. Baseline in the same run: a
 * bare Fastify route that parses the same body and answers from a Map. Both in child processes;
 * the bodies cycle through 1,000 customers; on PostgreSQL the app gets a scratch database.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { compare, loadResultOf, scratchDatabase, startChild, type LoadResult } from './lib.ts';

async function post(
  url: string,
  headers: Record<string, string>,
  bodies: readonly string[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          headers: { ...headers, 'content-type': 'application/json' },
          body: bodies[n++ % bodies.length],
        }),
      },
    ],
  });
  return loadResultOf(result);
}

export async function run(): Promise<void> {
  const scratch = await scratchDatabase('contact');
  const app = await startChild<{ port: number; authorization: string; bodiesFile: string; driver: string; subjects: number }>(
    'contact',
    scratch ? { DATABASE_URL: scratch.url } : {},
  );
  const bare = await startChild<{ port: number }>('bare-check', { BENCH_BODIES_FILE: app.info.bodiesFile });
  const bodies = JSON.parse(readFileSync(app.info.bodiesFile, 'utf8')) as string[];
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const bareUrl = `http://127.0.0.1:${bare.info.port}/bare`;
  const appUrl = `http://127.0.0.1:${app.info.port}/api/contact/check`;
  const auth = { authorization: app.info.authorization };
  try {
    for (let i = 0; i < 2; i++) {
      await post(bareUrl, {}, bodies, connections, 2);
      await post(appUrl, auth, bodies, connections, 2);
    }
    const result = await compare(
      Number(process.env.BENCH_ROUNDS ?? 3),
      () => post(bareUrl, {}, bodies, connections, seconds),
      () => post(appUrl, auth, bodies, connections, seconds),
    );
    if (result.candidate.non2xx > 0 || result.baseline.non2xx > 0)
      throw new Error(`non-2xx answers: candidate ${result.candidate.non2xx}, baseline ${result.baseline.non2xx}`);
    const fmt = (x: LoadResult) =>
      `${x.requestsPerSec.toFixed(0).padStart(7)} decisions/s  p50 ${String(x.p50).padStart(3)} ms  p99 ${String(x.p99).padStart(4)} ms  errors ${x.errors}`;
    const rate = (xs: LoadResult[]) => xs.map((x) => x.requestsPerSec.toFixed(0)).join(' / ');
    const ratio = result.baseline.requestsPerSec / result.candidate.requestsPerSec;
    console.log(
      `\n## Ad-hoc contact decisions over HTTP, one per request, API token (${app.info.driver}, ${app.info.subjects.toLocaleString('en')} customers, ${connections} connections)`,
    );
    console.log(`  bare Fastify POST /bare (Map lookup)      ${fmt(result.baseline)}  (rounds ${rate(result.all.baseline)})`);
    console.log(`  Confiance POST /api/contact/check         ${fmt(result.candidate)}  (rounds ${rate(result.all.candidate)})`);
    console.log(
      `  ratio (candidate / baseline): ${(1 / ratio).toFixed(3)} of throughput; bare is ${ratio.toFixed(2)}x faster (target: within 3x)`,
    );
  } finally {
    await app.stop();
    await bare.stop();
    await scratch?.drop();
  }
}
