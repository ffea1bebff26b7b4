/**
 * Several server processes on one PostgreSQL (docs/OPERATIONS.md, "Several processes"): two
 * runtimes, each with its own connection pool, listeners, caches and worker, over one fresh
 * database, stand for two `confiance serve` behind a load balancer. What a client does through one
 * must hold through the other: jobs run once, sessions and tokens end everywhere at once, rate
 * limits count every process's requests, and each decision index sees the other's consents (that
 * last part is src/core/consent/consent.sync.int.test.ts).
 *
 * PostgreSQL only: a PGlite database belongs to one process (it locks its directory), so there is
 * no second process to be coherent with.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase, queryRows } from '../db/client.ts';
import { createScratchDatabase, type ScratchDatabase } from '../db/testing/scratch-postgres.ts';
import { usingPostgres } from '../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../db/testing/factories.ts';
import { createLogger } from '../core/logging.ts';
import { queueMails, type MailTransport } from '../core/mail/index.ts';
import { createRuntime, type Runtime } from '../runtime.ts';

type Sent = Parameters<MailTransport['send']>[0];

/** A transport that keeps what it is handed: which process sent which mail. */
function recordingMailer(): MailTransport & { all: Sent[] } {
  const all: Sent[] = [];
  return {
    kind: 'log',
    all,
    get sent() {
      return all;
    },
    async send(message) {
      all.push(message);
    },
  };
}

async function startProcess(url: string, migrate: boolean): Promise<{ rt: Runtime; mailer: ReturnType<typeof recordingMailer> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-scale-'));
  const config = loadConfig({ ...process.env, CONFIANCE_DATA_DIR: dataDir, CONFIANCE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
  const database = await openDatabase({ databaseUrl: url, poolSize: 5 });
  const mailer = recordingMailer();
  const rt = await createRuntime(config, { database, migrate, mailer, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
  const close = rt.close;
  return { rt: { ...rt, close: async () => (await close(), await database.close()) }, mailer };
}

describe.skipIf(!usingPostgres)('two server processes on one PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let a: Awaited<ReturnType<typeof startProcess>>;
  let b: Awaited<ReturnType<typeof startProcess>>;

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.DATABASE_URL as string, 'scale_out');
    // Both migrate, together, as replicas starting at once do (the advisory lock serialises them).
    [a, b] = await Promise.all([startProcess(scratch.url, true), startProcess(scratch.url, true)]);
    await Promise.all([a.rt.deps.state.credentials.ready(), b.rt.deps.state.credentials.ready()]);
  }, 120_000);
  afterAll(async () => {
    await a?.rt.close();
    await b?.rt.close();
    await scratch?.drop();
  });

  it('every cron ticks once and every job runs once when both workers drain together', async () => {
    const org = await createTestOrg(a.rt);
    const mails = Array.from({ length: 60 }, (_, i) => ({
      orgId: org.id,
      to: { address: `m${i}@scale.example` },
      template: 'backoffice.mail.invitation',
      params: { link: `https://x.example/${i}`, organisation: 'Scale', expiresAt: '2030-01-01T00:00:00.000Z' },
    }));
    await a.rt.deps.db.transaction((tx) => queueMails(a.rt.deps, tx, mails));
    const [ranA, ranB] = await Promise.all([a.rt.worker.drain(), b.rt.worker.drain()]);
    // Both processes took a share, so the claims really raced.
    expect(ranA).toBeGreaterThan(0);
    expect(ranB).toBeGreaterThan(0);
    const sent = [...a.mailer.all, ...b.mailer.all].map((m) => m.to).filter((to) => to.endsWith('@scale.example'));
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
    expect(a.mailer.all.length).toBeGreaterThan(0);
    expect(b.mailer.all.length).toBeGreaterThan(0);

    const crons = await queryRows<{ name: string }>(a.rt.deps.db, sql`select name from cron_state`);
    expect(crons.length).toBeGreaterThan(0);
    const cronJobs = await queryRows<{ dedupe_key: string; attempts: number }>(
      a.rt.deps.db,
      sql`select dedupe_key, attempts from jobs where dedupe_key like 'cron:%'`,
    );
    // One job per cron: the second process found each tick already claimed.
    expect(cronJobs).toHaveLength(crons.length);
    expect(cronJobs.every((j) => Number(j.attempts) === 1)).toBe(true);
    const twice = await queryRows<{ n: number | string }>(a.rt.deps.db, sql`select count(*) as n from jobs where attempts > 1`);
    expect(Number(twice[0]?.n)).toBe(0);
  });

  it('a session opened through one process works through the other, and a sign-out ends it in both at once', async () => {
    const org = await createTestOrg(a.rt);
    const user = await createTestUser(a.rt, org.id, ['admin']);
    // Each process reads the session once and keeps it in its cache.
    for (const p of [a, b])
      expect((await p.rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode).toBe(200);
    expect((await b.rt.app.inject({ method: 'POST', url: '/api/auth/logout', headers: user.headers })).statusCode).toBeLessThan(300);
    // The notice takes milliseconds, where the cache alone would keep the session up to 5 seconds.
    await settleNotices();
    expect((await a.rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode).toBe(401);
    expect((await b.rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode).toBe(401);
  });

  it('disabling a user through one process ends their sessions and tokens in the other at once', async () => {
    const org = await createTestOrg(a.rt);
    const admin = await createTestUser(a.rt, org.id, ['admin']);
    const agent = await createTestUser(a.rt, org.id, ['agent']);
    const token = await createTestToken(a.rt, org.id, ['complaint:read']);
    const tokenCreator = (
      await queryRows<{ created_by: string }>(a.rt.deps.db, sql`select created_by from api_tokens where org_id = ${org.id}`)
    )[0]!;
    for (const headers of [agent.headers, token]) {
      expect((await b.rt.app.inject({ method: 'GET', url: '/api/complaints', headers })).statusCode).toBe(200);
    }
    for (const id of [agent.user.id, tokenCreator.created_by]) {
      const res = await a.rt.app.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: admin.headers,
        payload: { status: 'disabled' },
      });
      expect(res.statusCode).toBe(200);
    }
    await settleNotices();
    for (const headers of [agent.headers, token]) {
      expect((await b.rt.app.inject({ method: 'GET', url: '/api/complaints', headers })).statusCode).toBe(401);
    }
  });

  it('a token revoked through one process is refused by the other at once', async () => {
    const org = await createTestOrg(a.rt);
    const admin = await createTestUser(a.rt, org.id, ['admin']);
    const created = await b.rt.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin.headers,
      payload: { name: 'ci', scopes: ['complaint:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json<{ token: string; item: { id: string } }>();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await b.rt.app.inject({ method: 'GET', url: '/api/complaints', headers: bearer })).statusCode).toBe(200);
    expect((await a.rt.app.inject({ method: 'DELETE', url: `/api/tokens/${item.id}`, headers: admin.headers })).statusCode).toBeLessThan(
      300,
    );
    await settleNotices();
    expect((await b.rt.app.inject({ method: 'GET', url: '/api/complaints', headers: bearer })).statusCode).toBe(401);
  });

  it('a process whose listening connection is cut remembers no credential until it listens again', async () => {
    const org = await createTestOrg(a.rt);
    const user = await createTestUser(a.rt, org.id, ['admin']);
    expect((await b.rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode).toBe(200);
    const pid = await b.rt.deps.state.credentials.listenerPid();
    expect(pid).not.toBeNull();
    await a.rt.deps.db.execute(sql`select pg_terminate_backend(${pid})`);
    // The sign-out's notice cannot reach B now; B must not answer from what it remembered.
    await waitFor(async () => (await b.rt.deps.state.credentials.listenerPid().catch(() => null)) !== pid);
    expect((await a.rt.app.inject({ method: 'POST', url: '/api/auth/logout', headers: user.headers })).statusCode).toBeLessThan(300);
    // B may already listen again on a new connection (CI saw it reconnect before the sign-out):
    // then the sign-out's notice is what refuses the session, and it takes a few milliseconds.
    await settleNotices();
    expect((await b.rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode).toBe(401);
    // It listens again by itself.
    await waitFor(async () => {
      await b.rt.deps.state.credentials.ready();
      return (await b.rt.deps.state.credentials.listenerPid()) !== null;
    });
  });

  it('a rate limit counts the requests of both processes: the eleventh sign-in attempt of a minute is refused wherever it lands', async () => {
    const remoteAddress = `10.${rand()}.${rand()}.${rand()}`;
    const attempt = (p: typeof a) =>
      p.rt.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        payload: { email: `${randomUUID()}@nobody.example`, password: 'wrong password' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 === 0 ? a : b)).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const eleventh = [await attempt(a), await attempt(b)];
    expect(eleventh.map((r) => r.statusCode)).toEqual([429, 429]);
    expect(eleventh[1]?.json().error.code).toBe('rate_limited');
    expect(Number(eleventh[1]?.headers['retry-after'])).toBeGreaterThan(0);
    // Another source is not affected, and no row names an address.
    const other = await b.rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: `10.${rand()}.0.1`,
      payload: { email: 'x@nobody.example', password: 'wrong password' },
    });
    expect(other.statusCode).toBe(401);
    const keys = await queryRows<{ key: string }>(a.rt.deps.db, sql`select key from rate_limits`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.key.includes(remoteAddress))).toBe(false);
  });
});

function rand(): number {
  return Math.floor(Math.random() * 250) + 1;
}

/** Notices travel on another connection: a few milliseconds after the commit, never a timed sleep in the assertion. */
async function settleNotices(): Promise<void> {
  await new Promise((r) => setTimeout(r, 50));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}
