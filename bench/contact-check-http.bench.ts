/**
 * Ad-hoc contact decisions over HTTP (issue 11 target: within 3x of a bare Fastify route, as for
 * consent decisions), in two shapes measured in the same run:
 * - one decision per request: POST /api/contact/check ("may I call this person now?", an agent's
 *   screen), against a bare Fastify route that parses the same body and answers from a Map
 *   (bench/servers/bare-check.ts);
 * - batches of 1,000: POST /api/contact/checks (a dialer's call list), against the bare route of
 *   the consent decisions bench (bench/servers/bare-decisions.ts) parsing the same batches and
 *   answering each question with a Map lookup of the app's own answer (the same bytes).
 * The candidate goes through the whole app: bearer token, permission, Zod validation, the consent
 * index made fresh across processes, the customer, restrictions, phone history and opposition list
 * read, the rules pack, the presenter. Servers in child processes; the single bodies cycle through
 * 1,000 customers, the batches through BENCH_CONTACT_BATCHES x 1,000 others; on PostgreSQL the app
 * gets a scratch database.
 */
import { isDeepStrictEqual } from 'node:util';
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

async function answerOf(url: string, headers: Record<string, string>, body: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

export async function run(): Promise<void> {
  const scratch = await scratchDatabase('contact');
  const app = await startChild<{
    port: number;
    authorization: string;
    bodiesFile: string;
    batchBodiesFile: string;
    answersFile: string;
    batch: number;
    driver: string;
    subjects: number;
  }>('contact', scratch ? { DATABASE_URL: scratch.url } : {});
  const bare = await startChild<{ port: number }>('bare-check', { BENCH_BODIES_FILE: app.info.bodiesFile });
  const bareBatch = await startChild<{ port: number }>('bare-decisions', {
    BENCH_BODIES_FILE: app.info.batchBodiesFile,
    BENCH_ANSWERS_FILE: app.info.answersFile,
  });
  const bodies = JSON.parse(readFileSync(app.info.bodiesFile, 'utf8')) as string[];
  const batches = JSON.parse(readFileSync(app.info.batchBodiesFile, 'utf8')) as string[];
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const base = `http://127.0.0.1:${app.info.port}`;
  const auth = { authorization: app.info.authorization };
  const allShapes = [
    {
      name: 'single',
      title: `one per request, API token`,
      bareUrl: `http://127.0.0.1:${bare.info.port}/bare`,
      appUrl: `${base}/api/contact/check`,
      labels: ['bare Fastify POST /bare (Map lookup)  ', 'Confiance POST /api/contact/check     '],
      bodies,
      perRequest: 1,
    },
    {
      name: 'batch',
      title: `batches of ${app.info.batch.toLocaleString('en')}, API token`,
      bareUrl: `http://127.0.0.1:${bareBatch.info.port}/bare`,
      appUrl: `${base}/api/contact/checks`,
      labels: ['bare Fastify POST /bare (Map lookups) ', 'Confiance POST /api/contact/checks    '],
      bodies: batches,
      perRequest: app.info.batch,
    },
  ];
  // BENCH_CONTACT_SHAPES=single or batch: that shape alone (e.g. to profile it with BENCH_CPU_PROF=contact).
  const only = process.env.BENCH_CONTACT_SHAPES;
  const shapes = only ? allShapes.filter((s) => s.name === only) : allShapes;
  try {
    // The bare batch route answers with the app's own answers: check that they agree, so both write the same bytes.
    for (const body of batches) {
      if (!isDeepStrictEqual(await answerOf(allShapes[1]!.bareUrl, {}, body), await answerOf(allShapes[1]!.appUrl, auth, body)))
        throw new Error('the bare batch route and the app answer the same batch differently');
    }
    // Warm everything (JIT, caches, connection pools) for both shapes before measuring.
    for (let i = 0; i < 2; i++) {
      for (const shape of shapes) {
        await post(shape.bareUrl, {}, shape.bodies, connections, 2);
        await post(shape.appUrl, auth, shape.bodies, connections, 2);
      }
    }
    for (const shape of shapes) {
      const result = await compare(
        rounds,
        () => post(shape.bareUrl, {}, shape.bodies, connections, seconds),
        () => post(shape.appUrl, auth, shape.bodies, connections, seconds),
      );
      if (result.candidate.non2xx > 0 || result.baseline.non2xx > 0)
        throw new Error(`non-2xx answers: candidate ${result.candidate.non2xx}, baseline ${result.baseline.non2xx}`);
      const decisions = (x: LoadResult) => (x.requestsPerSec * shape.perRequest).toFixed(0);
      const fmt = (x: LoadResult) =>
        `${decisions(x).padStart(8)} decisions/s  (${x.requestsPerSec.toFixed(0).padStart(5)} req/s)  p50 ${String(x.p50).padStart(3)} ms  p99 ${String(x.p99).padStart(4)} ms  errors ${x.errors}`;
      const rate = (xs: LoadResult[]) => xs.map(decisions).join(' / ');
      const ratio = result.baseline.requestsPerSec / result.candidate.requestsPerSec;
      console.log(
        `\n## Ad-hoc contact decisions over HTTP, ${shape.title} (${app.info.driver}, ${app.info.subjects.toLocaleString('en')} customers, ${connections} connections)`,
      );
      console.log(`  ${shape.labels[0]} ${fmt(result.baseline)}  (rounds ${rate(result.all.baseline)})`);
      console.log(`  ${shape.labels[1]} ${fmt(result.candidate)}  (rounds ${rate(result.all.candidate)})`);
      console.log(
        `  ratio (candidate / baseline): ${(1 / ratio).toFixed(3)} of throughput; bare is ${ratio.toFixed(2)}x faster (target: within 3x)`,
      );
    }
  } finally {
    await app.stop();
    await bare.stop();
    await bareBatch.stop();
    await scratch?.drop();
  }
}
