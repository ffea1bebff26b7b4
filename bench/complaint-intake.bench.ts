/**
 * Complaint intake over HTTP (issue 4: >= 1,000 complaints/s on PostgreSQL, p99 < 100 ms):
 * `POST /api/complaints` with an API token and a fresh Idempotency-Key per request, as a web
 * shop or chat integration sends them, vs a bare Fastify route that parses the same JSON body.
 *
 * Every request files a complaint for a new customer (the heaviest path: customer, subject key,
 * advisor assignment, reference, SLA clocks, timeline, acknowledgement job, audit events, all in
 * one transaction). The public portal form is not benchmarked: its per-IP limit (10/min) is a
 * production safeguard and this benchmark has no way around it.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadResultOf, printRounds, scratchDatabase, startChild, type LoadResult, type RoundBench, type RoundSession } from './lib.ts';

const CATEGORIES = ['billing', 'delivery', 'service_quality', 'contract'] as const;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

/** One complaint as a channel integration sends it; `n` makes the customer and the key unique. */
function complaintBody(run: string, n: number): string {
  return JSON.stringify({
    customer: { email: `client.${run}.${n}@bench.example`, name: `Client ${n}`, phone: '06 00 00 00 00', locale: 'fr' },
    channel: 'web_shop',
    category: CATEGORIES[n % CATEGORIES.length],
    description: `Commande ${n} livrée incomplète : il manque deux articles sur cinq, et le service client ne répond pas.`,
    remedySought: 'Le renvoi des articles manquants ou le remboursement.',
    language: 'fr',
  });
}

/** autocannon with a new body and Idempotency-Key on every request. */
export async function post(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const run = randomUUID().slice(0, 8);
  let n = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          n += 1;
          return {
            ...request,
            headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `${run}-${n}` },
            body: complaintBody(run, n),
          };
        },
      },
    ],
  });
  return loadResultOf(result);
}

/** CPU time (ms, user + system) of one process, from /proc (Linux); 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10; // clock ticks of 10 ms
  } catch {
    return 0;
  }
}

/** PostgreSQL backends serving `database` (process title `postgres: [cluster: ]user database host state`). */
function backendPids(database: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const title = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        return title.startsWith('postgres: ') && title.split(' ').includes(database);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * CPU spent per complaint by the server process and by the PostgreSQL backends of its database
 * during one run: the work an intake costs, which a busy machine does not change as much as it
 * changes throughput. Backends that closed during the run are missed (the pool keeps them open).
 */
async function withCpu(serverPid: number, database: string | null, run: () => Promise<LoadResult>) {
  const before = new Map([serverPid, ...(database ? backendPids(database) : [])].map((pid) => [pid, cpuMs(pid)]));
  const result = await run();
  const after = [serverPid, ...(database ? backendPids(database) : [])];
  const spent = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMs(pid) - (before.get(pid) ?? 0), 0);
  const complaints = result.requestsPerSec * Number(process.env.BENCH_SECONDS ?? 8);
  return {
    ...result,
    serverCpuMs: spent([serverPid]) / complaints,
    databaseCpuMs: spent(after.filter((p) => p !== serverPid)) / complaints,
  };
}

/** Both servers started (the intake one on a database of its own) and warmed up. */
async function openIntake(): Promise<RoundSession> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const scratch = await scratchDatabase('intake');
  const bare = await startChild<{ port: number }>('bare-post');
  const app = await startChild<{ port: number; token: string; driver: string; pid: number }>(
    'intake',
    scratch ? { DATABASE_URL: scratch.url } : {},
  );
  const database = app.info.driver === 'pg' && scratch ? scratch.name : null;
  const bareUrl = `http://127.0.0.1:${bare.info.port}/bare`;
  const appUrl = `http://127.0.0.1:${app.info.port}/api/complaints`;
  const auth = { authorization: `Bearer ${app.info.token}` };
  const close = async () => {
    await app.stop();
    await bare.stop();
    await scratch?.drop();
  };
  try {
    // Warm both (JIT, connection pool, caches) before measuring.
    await post(bareUrl, {}, 2);
    await post(appUrl, auth, 2);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    describe: `${app.info.driver}${scratch ? ' (a fresh database)' : ''}, ${CONNECTIONS} connections, ${seconds} s of bare Fastify then ${seconds} s of intake per round`,
    check: null,
    async round() {
      const base = await post(bareUrl, {}, seconds);
      const intake = await withCpu(app.info.pid, database, () => post(appUrl, auth, seconds));
      const failed = intake.non2xx + intake.errors;
      if (failed > 0) throw new Error(`intake answered ${failed} non-2xx responses or errors`);
      return {
        ratio: intake.requestsPerSec / base.requestsPerSec,
        complaintsPerSec: intake.requestsPerSec,
        p50: intake.p50,
        p99: intake.p99,
        barePerSec: base.requestsPerSec,
        serverCpuMs: intake.serverCpuMs,
        ...(database ? { databaseCpuMs: intake.databaseCpuMs } : {}),
      };
    },
    close,
  };
}

/** Round by round (bench/ab.ts, and `run` below): one round is bare Fastify, then the intake. */
export const rounds: RoundBench = {
  title: `Complaint intake (API token + Idempotency-Key, new customer each) vs bare Fastify POST`,
  // Complaints/s first: in an A/B run both trees alternate under the same load, and the bare
  // route swings more than the intake (1,000-3,900 req/s in one run at load 13), so the ratio to
  // it adds noise there. CPU per complaint is the steadiest figure on a busy machine.
  metrics: {
    complaintsPerSec: { label: 'intake complaints/s', better: 'higher', digits: 0 },
    serverCpuMs: { label: 'server CPU ms per complaint', better: 'lower', digits: 2 },
    databaseCpuMs: { label: 'PostgreSQL backends CPU ms per complaint', better: 'lower', digits: 2 },
    ratio: { label: 'ratio intake / bare Fastify POST throughput', better: 'higher', digits: 4 },
    p50: { label: 'intake p50 ms', better: 'lower', digits: 0 },
    p99: { label: 'intake p99 ms', better: 'lower', digits: 0 },
    barePerSec: { label: 'bare Fastify POST req/s', better: 'higher', digits: 0 },
  },
  open: openIntake,
};

/** `npm run bench complaint-intake`: BENCH_ROUNDS rounds, each figure's rounds and their spread. */
export async function run(): Promise<void> {
  const session = await rounds.open();
  try {
    await printRounds(rounds, session, Number(process.env.BENCH_ROUNDS ?? 3));
  } finally {
    await session.close();
  }
}
