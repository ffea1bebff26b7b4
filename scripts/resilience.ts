/**
 * `npm run test:resilience` (issue 15, standing test; outside CI's time budget, run before a
 * release): the real server on a private PostgreSQL cluster under sustained writes, through
 * the faults an installation meets.
 *
 *   1. a cluster of its own (`initdb` as the postgres user, in a temp directory, on another port:
 *      never the shared cluster), removed at the end;
 *   2. `confiance serve` with the demo data, and parallel clients filing portal complaints,
 *      recording consent events and contact attempts (each write audited); every write the server
 *      acknowledged (2xx with its id or reference) is remembered;
 *   3. a signed audit checkpoint mid-load, then kill -9 of the server mid-load (twice), a restart
 *      each time, the load going on;
 *   4. an immediate stop of the cluster mid-load (`pg_ctl stop -m immediate`): while it is gone
 *      every answer is a 503 with the product's error body, then the same server process recovers
 *      when the cluster is back, without a restart;
 *   5. `confiance backup` under writes, `confiance restore` into a fresh database, compared with
 *      the backup's snapshot row for row;
 *   6. at the end: every acknowledged write is in the database with its audit event,
 *      `confiance audit verify` passes, each complaint's acknowledgement mail was queued once and
 *      sent at most once;
 *   7. several server processes on one database (docs/OPERATIONS.md, "Several processes") under a
 *      mixed load for 10 minutes: portal complaint intake (form from one process, post to
 *      another), consent events and decisions, an agent's reads with one session on every
 *      process: no error, the last minute's p99 within 1.5x of the first minute's, each process's
 *      live memory (after a full GC) growing less than 10 %; throughput and p50/p99 printed;
 *   8. a long fuzz run with a random seed (src/api/fuzz.int.test.ts, CONFIANCE_FUZZ_RUNS).
 *
 * Prints "N acknowledged, 0 lost" and exits 0, or lists what was lost or wrong and exits 1.
 * Needs root (it runs the cluster's binaries as `postgres` with runuser) or the postgres user.
 * Settings: CONFIANCE_RESILIENCE_PG_PORT (55433), CONFIANCE_RESILIENCE_CLIENTS (8),
 * CONFIANCE_RESILIENCE_PHASE_SECONDS (20 s of load between faults), CONFIANCE_RESILIENCE_KILLS (2),
 * CONFIANCE_RESILIENCE_FUZZ_RUNS (20000; 0 skips the fuzz run), CONFIANCE_RESILIENCE_SCALE_SECONDS
 * (600; 0 skips the scale-out load), CONFIANCE_RESILIENCE_SCALE_SERVERS (2),
 * CONFIANCE_RESILIENCE_ONLY=scale (the scale-out load alone), CONFIANCE_RESILIENCE_KEEP=1 keeps
 * the temp directory (server and cluster logs) for a post-mortem.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  createReadStream,
  createWriteStream,
} from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PG_PORT = Number(process.env.CONFIANCE_RESILIENCE_PG_PORT ?? 55433);
const CLIENTS = Number(process.env.CONFIANCE_RESILIENCE_CLIENTS ?? 8);
const FUZZ_RUNS = Number(process.env.CONFIANCE_RESILIENCE_FUZZ_RUNS ?? 20_000);
const KEEP = process.env.CONFIANCE_RESILIENCE_KEEP === '1';
/** `scale`: the scale-out load alone (no faults, no fuzz run). */
const ONLY = process.env.CONFIANCE_RESILIENCE_ONLY ?? '';
/** Length of the scale-out load in seconds (600; 0 skips it) and how many server processes share the database. */
const SCALE_SECONDS = Number(process.env.CONFIANCE_RESILIENCE_SCALE_SECONDS ?? 600);
const SCALE_SERVERS = Number(process.env.CONFIANCE_RESILIENCE_SCALE_SERVERS ?? 2);
/** Seconds of load between two faults, how many kill -9, how long the cluster stays down. */
const PHASE_SECONDS = Number(process.env.CONFIANCE_RESILIENCE_PHASE_SECONDS ?? 20);
const KILLS = Number(process.env.CONFIANCE_RESILIENCE_KILLS ?? 2);
const OUTAGE_SECONDS = 10;
const MASTER_KEY = Buffer.alloc(32, 15).toString('base64');
const ORG = 'lumiere';
/** Same pattern as the fuzz test: a stack frame, a driver's or the database's own words. */
const INTERNAL_DETAIL =
  /\bat [^\s]+ \(?[^\s]*\.(?:ts|js|mjs|cjs):\d+|node_modules[\\/]|\bFST_[A-Z_]+|DrizzleQueryError|duplicate key value|violates [a-z ]*constraint|syntax error at or near|relation "[a-z_]+"|PGlite|ECONNREFUSED|Connection terminated|terminating connection/;

const started = Date.now();
const problems: string[] = [];
const report: string[] = [];
function say(line: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds}s] ${line}\n`);
}
function problem(line: string): void {
  problems.push(line);
  say(`PROBLEM: ${line}`);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The private cluster

const work = mkdtempSync(path.join(tmpdir(), 'confiance-resilience-'));
const pgDir = mkdtempSync(path.join(tmpdir(), 'confiance-resilience-pg-'));
const dataDir = path.join(work, 'data');
const checkpointDir = path.join(work, 'checkpoints');

function postgresBin(name: string): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(path.join('/usr/lib/postgresql', v, 'bin', name)))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error(`no /usr/lib/postgresql/*/bin/${name}: install PostgreSQL's server package`);
  return path.join('/usr/lib/postgresql', versions[0], 'bin', name);
}

/** Runs a cluster binary as the postgres user (never as root: PostgreSQL refuses it). */
function asPostgres(args: string[], options: { check?: boolean } = {}): { status: number | null; output: string } {
  const user = spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
  const command = user === 'postgres' ? args : ['runuser', '-u', 'postgres', '--', ...args];
  const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', cwd: pgDir });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (options.check !== false && result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${output}`);
  return { status: result.status, output };
}

const cluster = {
  data: path.join(pgDir, 'data'),
  log: path.join(pgDir, 'postgresql.log'),
  init() {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    if (!Number.isInteger(uid)) throw new Error('no postgres user on this machine');
    if (process.getuid?.() === 0) chownSync(pgDir, uid, gid);
    asPostgres([
      postgresBin('initdb'),
      '-D',
      this.data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-instructions',
    ]);
  },
  start() {
    const options = `-p ${PG_PORT} -k ${pgDir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    asPostgres([postgresBin('pg_ctl'), '-D', this.data, '-l', this.log, '-o', options, '-w', '-t', '60', 'start']);
  },
  stopImmediately() {
    asPostgres([postgresBin('pg_ctl'), '-D', this.data, '-m', 'immediate', '-w', 'stop']);
  },
  remove() {
    if (existsSync(path.join(this.data, 'postmaster.pid')))
      asPostgres([postgresBin('pg_ctl'), '-D', this.data, '-m', 'fast', '-w', 'stop'], { check: false });
    if (!KEEP) rmSync(pgDir, { recursive: true, force: true });
  },
};

const url = (database: string) => `postgres://postgres@127.0.0.1:${PG_PORT}/${database}`;

async function sqlOn<T extends pg.QueryResultRow>(database: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url(database) });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The server and the command line

const baseEnv = (database: string): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: url(database),
  CONFIANCE_DATA_DIR: dataDir,
  CONFIANCE_CHECKPOINT_DIR: checkpointDir,
  CONFIANCE_MASTER_KEY: MASTER_KEY,
  // Clients come from many (forwarded) addresses, as real ones do: per-address limits stay on.
  CONFIANCE_TRUST_PROXY: 'true',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
});

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
}

const serverLog = createWriteStream(path.join(work, 'server.log'));
/** The server running now, stopped by the clean-up whatever happens. */
const liveServers = new Set<ChildProcess>();

async function startServer(database = 'confiance', env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), 'serve', ...args], {
    cwd: repoRoot,
    env: { ...baseEnv(database), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveServers.add(child);
  child.once('exit', () => liveServers.delete(child));
  child.stderr!.pipe(serverLog, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 180 s')), 180_000);
    child.once('exit', (code) => reject(new Error(`confiance serve exited with ${code} (see ${path.join(work, 'server.log')})`)));
    lines.on('line', (line) => {
      serverLog.write(line + '\n');
      const match = /running on http:\/\/localhost:(\d+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { child, base: `http://127.0.0.1:${port}`, exited };
}

/** A `confiance` command, run beside the load (never blocking this process's clients). */
async function cli(args: string[], database: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), ...args], {
    cwd: repoRoot,
    env: { ...baseEnv(database), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { status, output: output.trim() };
}

// ---------------------------------------------------------------------------------------------
// The load

type Kind = 'complaint' | 'consent' | 'contact';
interface Ack {
  kind: Kind;
  /** The row id (consent event, contact attempt) or the complaint's reference. */
  key: string;
  at: number;
}

interface Answer {
  status: number;
  body: string;
}

class Load {
  acks: Ack[] = [];
  statuses = new Map<string, number>();
  /** Requests that got no answer (connection refused or reset: the server was down). */
  unanswered = 0;
  /** Answers given while the database was away, checked separately. */
  outage: Answer[] = [];
  inOutage = false;
  private running = false;
  private loops: Promise<void>[] = [];
  private n = 0;

  constructor(
    private server: () => Server,
    private authorization: string,
    private customerIds: string[],
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: CLIENTS }, (_, i) => this.client(i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  count(kind?: Kind): number {
    return kind ? this.acks.filter((a) => a.kind === kind).length : this.acks.length;
  }

  private async request(
    method: string,
    pathname: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<Answer | null> {
    try {
      const res = await fetch(this.server().base + pathname, {
        method,
        headers: init.headers,
        body: init.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      const answer = { status: res.status, body: await res.text() };
      const label = `${method} ${pathname.replace(/[0-9a-f-]{36}/g, ':id')} ${answer.status}`;
      this.statuses.set(label, (this.statuses.get(label) ?? 0) + 1);
      if (this.inOutage) this.outage.push(answer);
      // Every request is valid and within its limits: anything but a success is a finding.
      else if (answer.status >= 400) problem(`${label} outside the database outage: ${answer.body.slice(0, 300)}`);
      if (INTERNAL_DETAIL.test(answer.body)) problem(`${label}: internal detail in the body: ${answer.body.slice(0, 300)}`);
      return answer;
    } catch {
      // Refused or reset: the server is down (kill -9). Nothing was promised.
      this.unanswered++;
      await sleep(100);
      return null;
    }
  }

  private async client(index: number): Promise<void> {
    const kinds: Kind[] = ['complaint', 'consent', 'contact'];
    while (this.running) {
      const n = ++this.n;
      const kind = kinds[(n + index) % kinds.length]!;
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      if (kind === 'complaint') await this.fileComplaint(n, ip);
      else if (kind === 'consent') await this.recordConsent(n, ip);
      else await this.recordContact(n, ip);
    }
  }

  private customer(n: number): string {
    return this.customerIds[n % this.customerIds.length]!;
  }

  /** The portal form as a browser fills it: the page, its signed form token, the post. */
  private async fileComplaint(n: number, ip: string): Promise<void> {
    const form = await this.request('GET', `/portal/${ORG}/complaints/new`, {
      headers: { 'x-forwarded-for': ip, 'accept-language': 'fr' },
    });
    const token = form?.status === 200 ? /name="formToken" value="([^"]+)"/.exec(form.body)?.[1] : undefined;
    if (!token) return;
    const body = new URLSearchParams({
      formToken: token,
      name: `Client résilience ${n}`,
      email: `resilience.${n}@test.example`,
      category: 'delivery',
      description: `Colis ${n} jamais arrivé (test de résilience).`,
      remedy: 'Un renvoi.',
    }).toString();
    const res = await this.request('POST', `/portal/${ORG}/complaints`, {
      headers: { 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
      body,
    });
    if (res?.status !== 200) return;
    const reference = /class="reference">([^<]+)</.exec(res.body)?.[1];
    if (reference) this.acks.push({ kind: 'complaint', key: reference, at: Date.now() });
    else problem(`portal intake answered 200 without a reference: ${res.body.slice(0, 200)}`);
  }

  private async recordConsent(n: number, ip: string): Promise<void> {
    const res = await this.request('POST', '/api/consent/events', {
      headers: { authorization: this.authorization, 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({
        customerId: this.customer(n),
        purpose: 'newsletter',
        channel: 'email',
        kind: n % 2 === 0 ? 'given' : 'withdrawn',
        method: 'api',
        source: 'resilience test',
      }),
    });
    if (res?.status === 201) this.acks.push({ kind: 'consent', key: (JSON.parse(res.body) as { id: string }).id, at: Date.now() });
  }

  private async recordContact(n: number, ip: string): Promise<void> {
    const res = await this.request('POST', '/api/contact/attempts', {
      headers: { authorization: this.authorization, 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ customerId: this.customer(n), channel: 'email', purpose: 'service', outcome: 'sent' }),
    });
    if (res?.status === 201) this.acks.push({ kind: 'contact', key: (JSON.parse(res.body) as { id: string }).id, at: Date.now() });
  }
}

/** Lets the load run PHASE_SECONDS and reports its throughput; a phase with no write is a failure. */
async function sustain(load: Load, what: string): Promise<void> {
  const from = load.count();
  await sleep(PHASE_SECONDS * 1000);
  const n = load.count() - from;
  say(`${what}: ${n} writes acknowledged in ${PHASE_SECONDS} s (${(n / PHASE_SECONDS).toFixed(1)}/s)`);
  if (n === 0) problem(`no write acknowledged ${what}`);
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Signs in as the demo admin over HTTP and creates the integration's API token, as an operator would. */
async function apiToken(base: string): Promise<string> {
  return apiTokenOn(base, ['consent:record', 'contact:record']);
}

async function apiTokenOn(base: string, scopes: string[]): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@lumiere.example', password: 'confiance-demo-2026' }),
  });
  if (login.status !== 200) throw new Error(`demo admin login answered ${login.status}: ${await login.text()}`);
  const session = (login.headers.getSetCookie().find((c) => c.startsWith('cf_session=')) ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'resilience', scopes, expiresInDays: 1 }),
  });
  if (created.status !== 201) throw new Error(`token creation answered ${created.status}: ${await created.text()}`);
  const { token } = (await created.json()) as { token: string };
  return `Bearer ${token}`;
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Acknowledged writes missing from the database, with the audit event each one must have. */
async function lostWrites(acks: Ack[]): Promise<string[]> {
  const lost: string[] = [];
  const references = acks.filter((a) => a.kind === 'complaint').map((a) => a.key);
  const complaints = await sqlOn<{ id: string; reference: string }>(
    'confiance',
    'select id, reference from complaints where reference = any($1)',
    [references],
  );
  const complaintIds = new Map(complaints.map((c) => [c.reference, c.id]));
  for (const r of references) if (!complaintIds.has(r)) lost.push(`complaint ${r}`);
  const consentIds = acks.filter((a) => a.kind === 'consent').map((a) => a.key);
  const consents = new Set(
    (await sqlOn<{ id: string }>('confiance', 'select id from consent_events where id = any($1::uuid[])', [consentIds])).map((r) => r.id),
  );
  for (const id of consentIds) if (!consents.has(id)) lost.push(`consent event ${id}`);
  const contactIds = acks.filter((a) => a.kind === 'contact').map((a) => a.key);
  const contacts = new Set(
    (await sqlOn<{ id: string }>('confiance', 'select id from contact_attempts where id = any($1::uuid[])', [contactIds])).map((r) => r.id),
  );
  for (const id of contactIds) if (!contacts.has(id)) lost.push(`contact attempt ${id}`);
  // Each change is audited in the same transaction: a write without its audit event is lost evidence.
  const audited = new Set(
    (
      await sqlOn<{ id: string }>(
        'confiance',
        `select target_id as id from audit_events where type = 'complaint.received' and target_id = any($1)
         union select payload->>'eventId' from audit_events where type = 'consent.recorded' and payload->>'eventId' = any($2)
         union select payload->>'attemptId' from audit_events where type = 'contact.attempt_recorded' and payload->>'attemptId' = any($3)`,
        [[...complaintIds.values()], consentIds, contactIds],
      )
    ).map((r) => r.id),
  );
  for (const [reference, id] of complaintIds) if (!audited.has(id)) lost.push(`audit event of complaint ${reference}`);
  for (const id of consentIds) if (!audited.has(id)) lost.push(`audit event of consent event ${id}`);
  for (const id of contactIds) if (!audited.has(id)) lost.push(`audit event of contact attempt ${id}`);
  return lost;
}

/** Rows of a backup file, per table, as canonical JSON strings. */
async function backupRows(file: string): Promise<Map<string, string[]>> {
  const rows = new Map<string, string[]>();
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    const { t, r } = JSON.parse(line) as { t: string; r: Record<string, unknown> };
    (rows.get(t) ?? rows.set(t, []).get(t)!).push(canonical(r));
  }
  return rows;
}

function canonical(row: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
}

async function databaseRows(database: string, table: string): Promise<string[]> {
  const rows = await sqlOn<{ j: Record<string, unknown> }>(database, `select row_to_json(t) as j from "${table}" t`);
  return rows.map((r) => canonical(r.j));
}

function difference(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = counts.get(x) ?? 0;
    if (n === 0) return true;
    counts.set(x, n - 1);
    return false;
  });
}

// ---------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  say(`work directory ${work}; private cluster in ${pgDir} on port ${PG_PORT}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  cluster.init();
  cluster.start();
  say(`cluster up: ${(await sqlOn<{ v: string }>('postgres', 'select version() as v'))[0]?.v}`);
  if (ONLY !== 'scale') await faults();
  if (SCALE_SECONDS > 0) await scaleOut();

  // --- the long fuzz run
  if (FUZZ_RUNS > 0 && ONLY !== 'scale') fuzzRun();

  for (const line of report) process.stdout.write(`${line}\n`);
  if (problems.length > 0) {
    process.stdout.write(`\n${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  } else process.stdout.write(`resilience: all checks passed in ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
}

/** Kill -9, the cluster's immediate stop, backup and restore under writes; nothing acknowledged lost. */
async function faults(): Promise<void> {
  await sqlOn('postgres', 'create database confiance');
  let server = await startServer();
  say(`server up at ${server.base} (pid ${server.child.pid}), demo data seeded`);
  const authorization = await apiToken(server.base);
  const customerIds = (
    await sqlOn<{ id: string }>(
      'confiance',
      `select c.id from customers c join organisations o on o.id = c.org_id where o.slug = $1 order by c.id`,
      [ORG],
    )
  ).map((r) => r.id);
  if (customerIds.length === 0) throw new Error('the demo organisation has no customer');

  const load = new Load(() => server, authorization, customerIds);
  load.start();

  await sustain(load, 'warm-up');
  // A signed checkpoint of the chain heads mid-load: the final verification is made against it.
  const checkpoint = await cli(['audit', 'checkpoint'], 'confiance');
  say(`confiance audit checkpoint under load: ${checkpoint.output.split('\n').pop()}`);
  if (checkpoint.status !== 0) problem(`audit checkpoint failed: ${checkpoint.output}`);

  // --- kill -9 during the load, KILLS times
  for (let k = 1; k <= KILLS; k++) {
    server.child.kill('SIGKILL');
    await server.exited;
    say(`kill -9 of the server (${server.child.signalCode}) with ${load.count()} writes acknowledged so far`);
    const restartAt = Date.now();
    server = await startServer();
    say(`server restarted in ${((Date.now() - restartAt) / 1000).toFixed(1)} s (pid ${server.child.pid})`);
    await sustain(load, `after kill ${k}`);
  }

  // --- the database goes away and comes back
  const beforeOutage = load.count();
  load.inOutage = true;
  cluster.stopImmediately();
  say('pg_ctl stop -m immediate: the cluster is gone');
  await sleep(1_000);
  const ready = await fetch(`${server.base}/ready`);
  const readyBody = await ready.text();
  say(`/ready while the cluster is gone: ${ready.status} ${readyBody}`);
  if (ready.status !== 503) problem(`/ready answered ${ready.status} while the database was gone`);
  // Requests in flight at the stop may end either way; answers from now on must all be 503.
  load.outage = [];
  const writesBeforeGone = load.count();
  await sleep(OUTAGE_SECONDS * 1000);
  const ackedDuringOutage = load.count() - writesBeforeGone;
  if (ackedDuringOutage > 0) problem(`${ackedDuringOutage} writes acknowledged while the database was gone`);
  const outageAnswers = load.outage;
  const outageStatuses = new Map<number, number>();
  for (const a of outageAnswers) outageStatuses.set(a.status, (outageStatuses.get(a.status) ?? 0) + 1);
  say(`answers while the cluster was gone: ${[...outageStatuses].map(([s, n]) => `${s}: ${n}`).join(', ') || 'none'}`);
  if (outageAnswers.length === 0) problem('no answer at all while the database was gone');
  for (const a of outageAnswers) {
    if (a.status !== 503) {
      problem(`answered ${a.status} (not 503) while the database was gone: ${a.body.slice(0, 300)}`);
      break;
    }
    let code: string | undefined;
    try {
      code = (JSON.parse(a.body) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
    if (code !== 'unavailable') {
      problem(`a 503 without the product's "unavailable" error body: ${a.body.slice(0, 300)}`);
      break;
    }
  }
  const sample503 = outageAnswers.find((a) => a.status === 503)?.body;
  if (sample503) say(`503 body: ${sample503}`);
  if (server.child.exitCode !== null || server.child.signalCode !== null) problem('the server process died while the database was gone');
  cluster.start();
  const backAt = Date.now();
  say('cluster started again');
  await until('/ready to answer 200 again', async () => (await fetch(`${server.base}/ready`).catch(() => null))?.status === 200, 60_000);
  say(
    `/ready answers 200 again ${((Date.now() - backAt) / 1000).toFixed(1)} s after the cluster came back, same server process (pid ${server.child.pid})`,
  );
  // Some requests were answered before the cluster came back; a few more in flight may still be 503.
  await sleep(1_000);
  load.inOutage = false;
  await sustain(load, 'after the outage, same process');
  say(`${load.count() - beforeOutage} writes acknowledged since the stop of the cluster`);

  // --- backup under writes, restore into a fresh database
  const backupFile = path.join(work, 'backup.jsonl.gz');
  const backupStarted = Date.now();
  const backup = await cli(['backup', backupFile], 'confiance');
  say(`confiance backup under load (${((Date.now() - backupStarted) / 1000).toFixed(1)} s): ${backup.output.split('\n').pop()}`);
  if (backup.status !== 0) problem(`backup failed: ${backup.output}`);
  await sustain(load, 'after the backup');
  await load.stop();
  say(
    `load stopped: ${load.count()} acknowledged (${load.count('complaint')} complaints, ${load.count('consent')} consent events, ${load.count('contact')} contact attempts), ${load.unanswered} requests unanswered while the server was down`,
  );

  await sqlOn('postgres', 'create database restored');
  const restore = await cli(['restore', backupFile], 'restored');
  say(`confiance restore into a fresh database: ${restore.output.split('\n').pop()}`);
  if (restore.status !== 0) problem(`restore failed: ${restore.output}`);
  const inBackup = await backupRows(backupFile);
  let compared = 0;
  const liveAfterBackup: string[] = [];
  for (const [table, rows] of inBackup) {
    const restored = await databaseRows('restored', table);
    compared += rows.length;
    const missing = difference(rows, restored);
    const extra = difference(restored, rows);
    if (missing.length > 0 || extra.length > 0)
      problem(`restored table ${table} differs from the backup: ${missing.length} rows missing, ${extra.length} extra`);
    liveAfterBackup.push(table);
  }
  // The snapshot against the live database: append-only evidence must be there unchanged.
  for (const table of ['complaints', 'consent_events', 'contact_attempts', 'audit_events']) {
    const missing = difference(inBackup.get(table) ?? [], await databaseRows('confiance', table));
    if (missing.length > 0) problem(`${missing.length} rows of ${table} in the backup are not in the live database unchanged`);
  }
  say(`backup compared with its restore: ${compared} rows (${inBackup.size} tables not empty), equal row for row`);
  // Verified on its own: the live installation's checkpoints are later than the backup.
  const restoredVerify = await cli(['audit', 'verify'], 'restored', {
    CONFIANCE_CHECKPOINT_DIR: path.join(work, 'checkpoints-restored'),
    CONFIANCE_DATA_DIR: path.join(work, 'data-restored'),
  });
  if (restoredVerify.status !== 0) problem(`audit verify on the restored database: ${restoredVerify.output}`);
  else say('audit verify on the restored database: OK');

  // --- what was acknowledged, after everything
  const lost = await lostWrites(load.acks);
  for (const l of lost) problem(`LOST: ${l}`);
  const verify = await cli(['audit', 'verify'], 'confiance');
  say(`confiance audit verify:\n${verify.output.replace(/^/gm, '    ')}`);
  if (verify.status !== 0) problem('audit verify failed on the live database');

  // Jobs ran once in effect: one acknowledgement job per complaint, and no reference mailed twice.
  await until(
    'the worker to drain the outbox',
    async () => {
      const [row] = await sqlOn<{ n: string }>('confiance', `select count(*) as n from jobs where status = 'pending' and run_at <= now()`);
      return Number(row?.n) === 0;
    },
    120_000,
  );
  const references = load.acks.filter((a) => a.kind === 'complaint').map((a) => a.key);
  // The outbox seals each mail's recipient and parameters: the count of acknowledgement jobs is
  // compared with the complaints that need one (a job doubled by a retried intake would show).
  const [queued] = await sqlOn<{ jobs: string; complaints: string }>(
    'confiance',
    `select (select count(*) from jobs where type = 'mail.send' and payload->>'template' = 'complaints.mail.received') as jobs,
            (select count(*) from complaints where not manual_ack) as complaints`,
  );
  if (queued?.jobs !== queued?.complaints) problem(`${queued?.jobs} acknowledgement jobs for ${queued?.complaints} complaints`);
  const mails = readFileSync(path.join(dataDir, 'mail.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { template?: string; text?: string; subject?: string });
  const mailed = new Map<string, number>();
  for (const m of mails) {
    if (m.template !== 'complaints.mail.received') continue;
    const reference = references.find((r) => `${m.subject} ${m.text}`.includes(r));
    if (reference) mailed.set(reference, (mailed.get(reference) ?? 0) + 1);
  }
  const twice = [...mailed].filter(([, n]) => n > 1);
  if (twice.length > 0) problem(`acknowledgement mailed more than once: ${twice.map(([r, n]) => `${r} x${n}`).join(', ')}`);
  // A mail not sent yet must still be in the outbox: a job left running by a killed process
  // (retried after the 15-minute lock timeout) or waiting for its retry after the outage. A job
  // marked done whose mail never reached the transport would be a loss.
  const open = await sqlOn<{ status: string; later: boolean; n: string }>(
    'confiance',
    `select status, run_at > now() as later, count(*) as n from jobs
      where type = 'mail.send' and payload->>'template' = 'complaints.mail.received' and status <> 'done'
      group by status, run_at > now() order by 1, 2`,
  );
  const waiting = open.reduce((n, r) => n + Number(r.n), 0);
  const notMailed = references.filter((r) => !mailed.has(r));
  say(
    `acknowledgement jobs: ${queued?.jobs} for ${queued?.complaints} complaints; mails: ${mailed.size} of ${references.length} acknowledged complaints mailed once, ${twice.length} twice, ${notMailed.length} not yet; acknowledgement jobs still in the outbox: ${open.map((r) => `${r.n} ${r.status}${r.later ? ' (retry later)' : ''}`).join(', ') || 'none'}`,
  );
  if (notMailed.length > waiting)
    problem(`${notMailed.length} acknowledged complaints not mailed, but only ${waiting} acknowledgement jobs left in the outbox`);

  server.child.kill('SIGTERM');
  await server.exited;
  // What the operator's log shows: outages as warnings, never an unhandled error or a false alarm.
  const log = readFileSync(path.join(work, 'server.log'), 'utf8');
  const logged = (message: string) => log.split('\n').filter((line) => line.includes(`"msg":"${message}"`)).length;
  say(
    `server log: ${logged('database unavailable')} "database unavailable" warnings, ${logged('unhandled error')} unhandled errors, ${logged('audit chain broken')} "audit chain broken"`,
  );
  if (logged('unhandled error') > 0) problem(`${logged('unhandled error')} unhandled errors in the server log`);
  if (logged('audit chain broken') > 0) problem('the server logged "audit chain broken" while the chain verifies');

  const n = load.count();
  report.push(
    `${n} acknowledged (${load.count('complaint')} complaints, ${load.count('consent')} consent events, ${load.count('contact')} contact attempts), ${lost.length} lost`,
  );
  report.push(
    `statuses: ${[...load.statuses]
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ')}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Scale-out: several server processes on one PostgreSQL under a long mixed load

type ScaleKind = 'intake' | 'consent-event' | 'decision' | 'agent-read';
interface Sample {
  at: number;
  ms: number;
  kind: ScaleKind;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One line of scripts/memory-probe.js: a server process's memory in MiB, right after a full GC. */
interface MemorySample {
  at: number;
  rss: number;
  heapUsed: number;
  /** Of heapUsed, V8's compiled code (grows as the JIT optimises more paths, then stops). */
  code: number;
  heapTotal: number;
  external: number;
}

const memoryProbe = path.join(repoRoot, 'scripts/memory-probe.js');

/** Signs in over HTTP (through one process) and answers the session's cookie and CSRF headers. */
async function session(base: string, email: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.250.0.1' },
    body: JSON.stringify({ email, password: 'confiance-demo-2026' }),
  });
  if (login.status !== 200) throw new Error(`${email} login answered ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('cf_session=')) ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/**
 * SCALE_SERVERS `confiance serve` on one database, and CLIENTS clients spreading a mixed load over
 * them for SCALE_SECONDS: portal complaint intake (page, then post), consent events and consent
 * decisions through an API token, and an agent reading complaint lists and complaints through a
 * session opened on one process and used on all. Checks: no error answer, the last minute's p99
 * within 1.5x of the first minute's, each process's live memory (JavaScript heap and off-heap
 * memory after a full GC, scripts/memory-probe.js) growing less than 10 % from the end of the first
 * minute to the end; prints throughput and p50/p99 per kind, and each process's memory curve.
 */
async function scaleOut(): Promise<void> {
  await sqlOn('postgres', 'create database confiance_scale');
  // The first process migrates and seeds the demo; the others start on a database already made.
  const servers: Server[] = [];
  for (let i = 0; i < SCALE_SERVERS; i++) {
    const dir = path.join(work, `scale-data-${i}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const probe = {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(memoryProbe).href}`.trim(),
      CONFIANCE_MEMORY_PROBE_FILE: path.join(work, `memory-${i}.jsonl`),
    };
    servers.push(await startServer('confiance_scale', { CONFIANCE_DATA_DIR: dir, ...probe }, i === 0 ? [] : ['--no-seed']));
  }
  say(`scale-out: ${servers.length} server processes on one database (pids ${servers.map((s) => s.child.pid).join(', ')})`);
  const authorization = await apiTokenOn(servers[1 % servers.length]!.base, ['consent:record', 'consent:read']);
  const agent = await session(servers[0]!.base, 'agent@lumiere.example');
  const customerIds = (
    await sqlOn<{ id: string }>(
      'confiance_scale',
      `select c.id from customers c join organisations o on o.id = c.org_id where o.slug = $1`,
      [ORG],
    )
  ).map((r) => r.id);

  const samples: Sample[] = [];
  const errors: string[] = [];
  let n = 0;
  let running = true;
  const begin = Date.now();
  const window = Math.min(60_000, (SCALE_SECONDS * 1000) / 3);

  async function timed(
    kind: ScaleKind,
    base: string,
    pathname: string,
    init: RequestInit,
    ok: (status: number) => boolean,
  ): Promise<string | null> {
    const t0 = performance.now();
    try {
      const res = await fetch(base + pathname, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      const body = await res.text();
      samples.push({ at: Date.now(), ms: performance.now() - t0, kind });
      if (!ok(res.status)) {
        errors.push(`${kind} ${init.method ?? 'GET'} ${pathname.replace(/[0-9a-f-]{36}/g, ':id')} ${res.status}: ${body.slice(0, 200)}`);
        return null;
      }
      return body;
    } catch (error) {
      errors.push(`${kind} ${pathname}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  async function client(index: number): Promise<void> {
    while (running) {
      const i = ++n;
      const base = servers[(i + index) % servers.length]!.base;
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const customerId = customerIds[i % customerIds.length]!;
      const json = { authorization, 'content-type': 'application/json', 'x-forwarded-for': ip };
      switch (i % 4) {
        case 0: {
          // The form from one process, the post to another: the signed form token holds in both.
          const form = await timed(
            'intake',
            base,
            `/portal/${ORG}/complaints/new`,
            { headers: { 'x-forwarded-for': ip, 'accept-language': 'fr' } },
            (s) => s === 200,
          );
          const token = form ? /name="formToken" value="([^"]+)"/.exec(form)?.[1] : undefined;
          if (!token) break;
          const other = servers[(i + index + 1) % servers.length]!.base;
          await timed(
            'intake',
            other,
            `/portal/${ORG}/complaints`,
            {
              method: 'POST',
              headers: { 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
              body: new URLSearchParams({
                formToken: token,
                name: `Client charge ${i}`,
                email: `charge.${i}@test.example`,
                category: 'delivery',
                description: `Colis ${i} jamais arrivé (test de charge).`,
                remedy: 'Un renvoi.',
              }).toString(),
            },
            (s) => s === 200,
          );
          break;
        }
        case 1:
          await timed(
            'consent-event',
            base,
            '/api/consent/events',
            {
              method: 'POST',
              headers: json,
              body: JSON.stringify({
                customerId,
                purpose: 'newsletter',
                channel: 'email',
                kind: i % 8 === 1 ? 'withdrawn' : 'given',
                method: 'api',
                source: 'scale-out load',
              }),
            },
            (s) => s === 201,
          );
          break;
        case 2:
          await timed(
            'decision',
            base,
            '/api/consent/decisions',
            {
              method: 'POST',
              headers: json,
              body: JSON.stringify({
                items: Array.from({ length: 20 }, (_, k) => ({
                  customerId: customerIds[(i + k) % customerIds.length]!,
                  purpose: 'newsletter',
                  channel: 'email',
                })),
              }),
            },
            (s) => s === 200,
          );
          break;
        default: {
          const list = await timed(
            'agent-read',
            base,
            '/api/complaints?pageSize=20',
            { headers: { ...agent, 'x-forwarded-for': ip } },
            (s) => s === 200,
          );
          const id = list ? /"id":"([0-9a-f-]{36})"/.exec(list)?.[1] : undefined;
          if (id)
            await timed('agent-read', base, `/api/complaints/${id}`, { headers: { ...agent, 'x-forwarded-for': ip } }, (s) => s === 200);
        }
      }
    }
  }

  const loops = Array.from({ length: CLIENTS }, (_, i) => client(i));
  // The machine's load average each minute: on a shared machine a slower minute is often a busier machine.
  const loads: number[] = [];
  const progress = setInterval(() => {
    const done = samples.length;
    loads.push(loadavg()[0]!);
    say(`scale-out: ${done} requests in ${((Date.now() - begin) / 1000).toFixed(0)} s, ${errors.length} errors, load average ${loads.at(-1)!.toFixed(1)}`);
  }, 60_000);
  await sleep(SCALE_SECONDS * 1000);
  running = false;
  await Promise.all(loops);
  clearInterval(progress);
  const elapsed = (Date.now() - begin) / 1000;

  const describe = (list: readonly Sample[]) => {
    const ms = list.map((s) => s.ms).sort((x, y) => x - y);
    return { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) };
  };
  const fmt = (d: { n: number; p50: number; p99: number }) => `${d.n} requests, p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms`;
  const all = describe(samples);
  const first = describe(samples.filter((s) => s.at - begin < window));
  const last = describe(samples.filter((s) => s.at > begin + elapsed * 1000 - window));
  const lines = [
    `scale-out: ${servers.length} processes, ${CLIENTS} clients, ${elapsed.toFixed(0)} s: ${all.n} requests (${(all.n / elapsed).toFixed(1)}/s), p50 ${all.p50.toFixed(1)} ms, p99 ${all.p99.toFixed(1)} ms, ${errors.length} errors`,
    ...(['intake', 'consent-event', 'decision', 'agent-read'] as const).map(
      (k) => `  ${k}: ${fmt(describe(samples.filter((s) => s.kind === k)))}`,
    ),
    `  first ${(window / 1000).toFixed(0)} s: ${fmt(first)}; last ${(window / 1000).toFixed(0)} s: ${fmt(last)}; p99 ratio ${(last.p99 / first.p99).toFixed(2)} (at most 1.5)`,
    `  each minute, requests / p99 ms / load average: ${loads
      .map((load, k) => {
        const minute = describe(samples.filter((s) => Math.floor((s.at - begin) / 60_000) === k));
        return `${minute.n}/${minute.p99.toFixed(0)}/${load.toFixed(1)}`;
      })
      .join(', ')}`,
  ];
  servers.forEach((s, i) => {
    const file = path.join(work, `memory-${i}.jsonl`);
    const list = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as MemorySample)
          .filter((m) => m.at >= begin)
      : [];
    if (list.length < 2) return problem(`scale-out: process ${s.child.pid} gave ${list.length} memory samples (scripts/memory-probe.js)`);
    // Live memory: what a full GC leaves, on and off the heap. Resident memory is printed too, but
    // at equal live memory it swings with V8's free heap, which follows the allocation rate.
    const live = (m: MemorySample) => m.heapUsed + m.external;
    // From the end of the first window (warm: code compiled, caches and pools filled) to the end.
    const warm = list.filter((m) => m.at - begin <= window).pop() ?? list[0]!;
    const end = list[list.length - 1]!;
    const growth = live(end) / live(warm) - 1;
    const rss = list.map((m) => m.rss);
    const perMinute = list.filter((m, k) => k === list.length - 1 || Math.floor((m.at - begin) / 60_000) < Math.floor((list[k + 1]!.at - begin) / 60_000));
    lines.push(
      `  process ${s.child.pid}: live memory ${live(warm).toFixed(1)} MiB after ${(window / 1000).toFixed(0)} s, ${live(end).toFixed(1)} MiB at the end (${(growth * 100).toFixed(1)} %, under 10 %); resident after GC ${warm.rss.toFixed(0)} -> ${end.rss.toFixed(0)} MiB (${Math.min(...rss).toFixed(0)} to ${Math.max(...rss).toFixed(0)}), V8 heap ${Math.min(...list.map((m) => m.heapTotal)).toFixed(0)} to ${Math.max(...list.map((m) => m.heapTotal)).toFixed(0)} MiB`,
      `    each minute, live / of which compiled code / resident MiB: ${perMinute.map((m) => `${live(m).toFixed(1)}/${m.code.toFixed(1)}/${m.rss.toFixed(0)}`).join(', ')}`,
    );
    if (!(growth < 0.1)) problem(`scale-out: live memory of process ${s.child.pid} grew ${(growth * 100).toFixed(1)} %`);
  });
  for (const line of lines) say(line);
  report.push(...lines);
  if (errors.length > 0) problem(`scale-out: ${errors.length} errors, first: ${errors.slice(0, 5).join(' | ')}`);
  if (!(last.p99 <= first.p99 * 1.5))
    problem(`scale-out: last p99 ${last.p99.toFixed(1)} ms is more than 1.5x the first ${first.p99.toFixed(1)} ms`);
  // Every intake acknowledged once: references unique, and each complaint has its audit event.
  const [dupes] = await sqlOn<{ n: string }>(
    'confiance_scale',
    `select count(*) - count(distinct (org_id, reference)) as n from complaints`,
  );
  if (Number(dupes?.n) !== 0) problem(`scale-out: ${dupes?.n} complaint references given twice`);
  for (const s of servers) {
    s.child.kill('SIGTERM');
    await s.exited;
  }
}

/** The fuzz test with a random seed and many more requests than CI's. */
function fuzzRun(): void {
  {
    say(`fuzz: ${FUZZ_RUNS} generated requests with a random seed (PGlite, src/api/fuzz.int.test.ts)...`);
    const fuzzStarted = Date.now();
    const fuzz = spawnSync('npx', ['vitest', 'run', '--project', 'integration', 'src/api/fuzz.int.test.ts'], {
      cwd: repoRoot,
      env: { ...process.env, CONFIANCE_FUZZ_RUNS: String(FUZZ_RUNS), CONFIANCE_FUZZ_SEED: 'random', DATABASE_URL: '' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${fuzz.stdout}${fuzz.stderr}`;
    writeFileSync(path.join(work, 'fuzz.log'), output);
    const line = /fuzz: .*/.exec(output)?.[0] ?? /seed \d+/.exec(output)?.[0] ?? '(no summary line)';
    say(`${line} (${((Date.now() - fuzzStarted) / 60_000).toFixed(1)} min)`);
    if (fuzz.status !== 0) problem(`the fuzz run failed: ${line}\n${output.slice(-3000)}`);
    report.push(line);
  }
}

let cleaned = false;
function cleanUp(): void {
  if (cleaned) return;
  cleaned = true;
  for (const child of liveServers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  cluster.remove();
  if (KEEP) say(`kept ${work} (server log, backup, fuzz log) and the stopped cluster in ${pgDir}`);
  else rmSync(work, { recursive: true, force: true });
}
process.once('SIGINT', () => {
  cleanUp();
  process.exit(130);
});

try {
  await main();
} catch (error) {
  process.stdout.write(`\nresilience run failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  for (const p of problems) process.stdout.write(`  - ${p}\n`);
  process.exitCode = 1;
} finally {
  cleanUp();
}
// The fetch keep-alive sockets and the server's exit are done; nothing should keep the loop open.
process.exit(process.exitCode ?? 0);
