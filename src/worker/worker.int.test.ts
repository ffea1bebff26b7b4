/**
 * The job outbox and the worker on real SQL: outbox semantics (rollback ⇒ never runs), retries
 * with exponential backoff and dead-lettering, delayed jobs, de-duplication, crons claimed once
 * across workers, recovery of jobs abandoned by a dead process, and no double run when two
 * workers drain the same database at once.
 *
 * The worker drains a global table (jobs are not tenant-scoped), so this file works on a
 * database of its own: a private PGlite, or a fresh PostgreSQL database when DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { queryRows } from '../db/client.ts';
import { createPrivateDatabase } from '../db/testing/runtime.ts';
import { cronState, jobs } from '../db/schema.ts';
import { collectRegistries, createRuntime, type Runtime } from '../runtime.ts';
import { fixedClock } from '../core/clock.ts';
import type { ModuleManifest } from '../core/module.ts';
import { modules as allModules } from '../modules.ts';
import { defineJob } from './jobs.ts';
import { createWorker, type Worker } from './runner.ts';

// ---------------------------------------------------------------------------------------------
// A private database (PGlite in memory, or a throw-away PostgreSQL database).


// ---------------------------------------------------------------------------------------------
// A test module whose handlers record what they ran.

interface Run {
  type: string;
  key: string;
  jobId: number;
  attempt: number;
  at: number;
}
const ran: Run[] = [];
const runsOf = (key: string) => ran.filter((r) => r.key === key);
const ticks = () => ran.filter((r) => r.type === 'test.tick').length;

const CRON_INTERVAL = 60_000;
const LOCK_TIMEOUT = 5 * 60_000;

const keyed = z.object({ key: z.string() }).strict();

const testModule: ModuleManifest = {
  name: 'worker-test',
  permissions: [],
  auditEvents: {},
  routes: () => [],
  jobs: [
    defineJob({
      type: 'test.record',
      schema: keyed,
      async handler(deps, payload, job) {
        ran.push({ type: 'test.record', key: payload.key, jobId: job.id, attempt: job.attempt, at: deps.clock.now().getTime() });
      },
    }),
    defineJob({
      type: 'test.fail',
      schema: keyed,
      maxAttempts: 3,
      async handler(deps, payload, job) {
        ran.push({ type: 'test.fail', key: payload.key, jobId: job.id, attempt: job.attempt, at: deps.clock.now().getTime() });
        throw new Error(`boom ${payload.key} #${job.attempt}`);
      },
    }),
    defineJob({
      type: 'test.flaky',
      schema: keyed,
      async handler(deps, payload, job) {
        ran.push({ type: 'test.flaky', key: payload.key, jobId: job.id, attempt: job.attempt, at: deps.clock.now().getTime() });
        if (job.attempt === 1) throw new Error('transient failure');
      },
    }),
    defineJob({
      type: 'test.slow',
      schema: z.object({ key: z.string(), delayMs: z.number().int() }).strict(),
      async handler(deps, payload, job) {
        // Yield to the event loop so two workers genuinely interleave.
        await new Promise((resolve) => setTimeout(resolve, payload.delayMs));
        ran.push({ type: 'test.slow', key: payload.key, jobId: job.id, attempt: job.attempt, at: deps.clock.now().getTime() });
      },
    }),
    defineJob({
      type: 'test.tick',
      schema: z.object({}).strict(),
      async handler(deps, _payload, job) {
        ran.push({ type: 'test.tick', key: `tick:${job.id}`, jobId: job.id, attempt: job.attempt, at: deps.clock.now().getTime() });
      },
    }),
  ],
  crons: [{ name: 'worker-test.tick', intervalMs: CRON_INTERVAL, jobType: 'test.tick' }],
};

const testModules = [...allModules, testModule];

// ---------------------------------------------------------------------------------------------

// Jobs enqueued without `runAt` get the database's now(): the test clock starts ahead of it.
const clock = fixedClock(new Date(Date.now() + 60_000));
let fresh: Awaited<ReturnType<typeof createPrivateDatabase>>;
let rt: Runtime;
/** A second worker on the same deps, as a second process would run. */
let other: Worker;

beforeAll(async () => {
  fresh = await createPrivateDatabase('worker');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-worker-test-'));
  const config = loadConfig({
    CONFIANCE_DATA_DIR: dataDir,
    CONFIANCE_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  rt = await createRuntime(config, {
    database: fresh.database,
    clock,
    modules: testModules,
    logger: pino({ level: 'silent' }),
    worker: { lockTimeoutMs: LOCK_TIMEOUT },
  });
  const registries = collectRegistries(testModules);
  other = createWorker(rt.deps, registries.jobs, registries.crons, { lockTimeoutMs: LOCK_TIMEOUT });
});

afterAll(async () => {
  await other?.stop();
  await rt?.close();
  await fresh?.drop();
});

async function jobsWithKey(key: string) {
  return rt.deps.db
    .select()
    .from(jobs)
    .where(sql`${jobs.payload}->>'key' = ${key}`)
    .orderBy(jobs.id);
}

async function onlyJob(key: string) {
  const rows = await jobsWithKey(key);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

const newKey = (): string => randomUUID();

describe('outbox', () => {
  it('a job enqueued in a transaction that rolls back never exists and never runs', async () => {
    const key = newKey();
    await expect(
      rt.deps.db.transaction(async (tx) => {
        await rt.deps.jobs.enqueue(tx, { type: 'test.record', payload: { key } });
        expect(
          await tx
            .select()
            .from(jobs)
            .where(sql`${jobs.payload}->>'key' = ${key}`),
        ).toHaveLength(1);
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(await jobsWithKey(key)).toHaveLength(0);
    await rt.worker.drain();
    expect(runsOf(key)).toEqual([]);
  });

  it('a job enqueued in a committed transaction runs exactly once and is marked done', async () => {
    const key = newKey();
    const orgId = randomUUID();
    await rt.deps.db.transaction(async (tx) => {
      await rt.deps.jobs.enqueue(tx, { type: 'test.record', payload: { key }, orgId });
    });
    expect((await onlyJob(key)).status).toBe('pending');
    await rt.worker.drain();
    await rt.worker.drain();
    await other.drain();
    const runs = runsOf(key);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.attempt).toBe(1);
    const row = await onlyJob(key);
    expect(row).toMatchObject({ status: 'done', attempts: 1, lastError: null, orgId, maxAttempts: 5 });
    expect(runs[0]!.jobId).toBe(row.id);
    expect(row.finishedAt?.getTime()).toBe(clock.now().getTime());
  });

  it('refuses an unknown job type or an invalid payload at enqueue, writing nothing', async () => {
    const key = newKey();
    await expect(rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.no-such-job', payload: { key } })).rejects.toThrow(/not registered/);
    await expect(rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key, extra: true } })).rejects.toThrow();
    await expect(rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: 42 } })).rejects.toThrow();
    expect(await jobsWithKey(key)).toHaveLength(0);
    const [row] = await queryRows<{ n: number | string }>(rt.deps.db, sql`select count(*) as n from jobs where type = 'test.no-such-job'`);
    expect(Number(row?.n)).toBe(0);
  });

  it('a second enqueue with the same dedupeKey is a no-op, even after the first one ran', async () => {
    const first = newKey();
    const second = newKey();
    const dedupeKey = `reminder:${randomUUID()}`;
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: first }, dedupeKey });
    await rt.deps.db.transaction((tx) => rt.deps.jobs.enqueue(tx, { type: 'test.record', payload: { key: second }, dedupeKey }));
    const rows = await rt.deps.db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ key: first });
    await rt.worker.drain();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: second }, dedupeKey });
    await rt.worker.drain();
    expect(runsOf(first)).toHaveLength(1);
    expect(runsOf(second)).toHaveLength(0);
    expect(await rt.deps.db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey))).toHaveLength(1);
    // Jobs without a key are never de-duplicated against each other.
    const a = newKey();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: a } });
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: a } });
    expect(await jobsWithKey(a)).toHaveLength(2);
    await rt.worker.drain();
    expect(runsOf(a)).toHaveLength(2);
  });
});

describe('scheduling and retries', () => {
  it('a job with runAt in the future waits until the clock reaches it', async () => {
    const key = newKey();
    const runAt = new Date(clock.now().getTime() + 10 * 60_000);
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key }, runAt });
    await rt.worker.drain();
    clock.advance(10 * 60_000 - 1);
    await rt.worker.drain();
    expect(runsOf(key)).toEqual([]);
    expect((await onlyJob(key)).status).toBe('pending');
    clock.advance(1);
    await rt.worker.drain();
    expect(runsOf(key)).toHaveLength(1);
    expect(runsOf(key)[0]!.at).toBe(runAt.getTime());
    expect((await onlyJob(key)).status).toBe('done');
  });

  it('a failing job is retried with exponential backoff, then marked dead after maxAttempts with last_error', async () => {
    const key = newKey();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.fail', payload: { key } });
    expect((await onlyJob(key)).maxAttempts).toBe(3); // from the definition

    await rt.worker.drain();
    expect(runsOf(key).map((r) => r.attempt)).toEqual([1]);
    let row = await onlyJob(key);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: `boom ${key} #1`, lockedBy: null, finishedAt: null });
    expect(row.runAt.getTime()).toBe(clock.now().getTime() + 2_000); // 2^1 s

    // Not before the backoff has elapsed.
    await rt.worker.drain();
    clock.advance(1_999);
    await rt.worker.drain();
    expect(runsOf(key)).toHaveLength(1);

    clock.advance(1);
    await rt.worker.drain();
    expect(runsOf(key).map((r) => r.attempt)).toEqual([1, 2]);
    row = await onlyJob(key);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, lastError: `boom ${key} #2` });
    expect(row.runAt.getTime()).toBe(clock.now().getTime() + 4_000); // 2^2 s

    clock.advance(3_999);
    await rt.worker.drain();
    expect(runsOf(key)).toHaveLength(2);
    clock.advance(1);
    await rt.worker.drain();
    expect(runsOf(key).map((r) => r.attempt)).toEqual([1, 2, 3]);
    row = await onlyJob(key);
    expect(row).toMatchObject({ status: 'dead', attempts: 3, lastError: `boom ${key} #3`, lockedBy: null });
    expect(row.finishedAt?.getTime()).toBe(clock.now().getTime());

    // Dead is final: nothing runs it again, however long we wait.
    clock.advance(2 * 3_600_000);
    await rt.worker.drain();
    await other.drain();
    expect(runsOf(key)).toHaveLength(3);
    expect((await onlyJob(key)).status).toBe('dead');
  });

  it('maxAttempts given at enqueue overrides the definition; a job that succeeds on retry ends done with no error', async () => {
    const once = newKey();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.fail', payload: { key: once }, maxAttempts: 1 });
    await rt.worker.drain();
    expect(await onlyJob(once)).toMatchObject({ status: 'dead', attempts: 1, lastError: `boom ${once} #1` });

    const flaky = newKey();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.flaky', payload: { key: flaky } });
    await rt.worker.drain();
    expect(await onlyJob(flaky)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'transient failure' });
    clock.advance(2_000);
    await rt.worker.drain();
    expect(runsOf(flaky).map((r) => r.attempt)).toEqual([1, 2]);
    expect(await onlyJob(flaky)).toMatchObject({ status: 'done', attempts: 2, lastError: null });
  });

  it('a job left running by a dead process is picked up again only after the lock timeout', async () => {
    const abandoned = newKey();
    const busy = newKey();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: abandoned } });
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key: busy } });
    const now = clock.now().getTime();
    // One crashed an hour ago; the other is held right now by a live process on another host.
    await rt.deps.db
      .update(jobs)
      .set({ status: 'running', lockedBy: 'dead-host:1:abc', lockedAt: new Date(now - LOCK_TIMEOUT - 1), attempts: 1 })
      .where(sql`${jobs.payload}->>'key' = ${abandoned}`);
    await rt.deps.db
      .update(jobs)
      .set({ status: 'running', lockedBy: 'live-host:2:def', lockedAt: new Date(now - 60_000), attempts: 1 })
      .where(sql`${jobs.payload}->>'key' = ${busy}`);

    await rt.worker.drain();
    await other.drain();
    expect(runsOf(abandoned).map((r) => r.attempt)).toEqual([2]);
    expect(await onlyJob(abandoned)).toMatchObject({ status: 'done', attempts: 2 });
    expect(runsOf(busy)).toEqual([]);
    expect(await onlyJob(busy)).toMatchObject({ status: 'running', lockedBy: 'live-host:2:def' });

    // Once its lock is older than the timeout, the live-looking one is presumed dead too.
    clock.advance(LOCK_TIMEOUT - 60_000);
    await rt.worker.drain();
    expect(runsOf(busy)).toEqual([]);
    clock.advance(1);
    await rt.worker.drain();
    expect(runsOf(busy).map((r) => r.attempt)).toEqual([2]);
    expect(await onlyJob(busy)).toMatchObject({ status: 'done', attempts: 2 });
    expect(runsOf(abandoned)).toHaveLength(1);
  });

  it('an abandoned job that already used all its attempts is marked dead, not run again (a job that kills its process must not loop forever)', async () => {
    const key = newKey();
    await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key }, maxAttempts: 2 });
    // Claimed twice, and each time the process died mid-job (attempts is counted at claim time).
    await rt.deps.db
      .update(jobs)
      .set({ status: 'running', lockedBy: 'crashed-host:1:abc', lockedAt: new Date(clock.now().getTime() - LOCK_TIMEOUT - 1), attempts: 2 })
      .where(sql`${jobs.payload}->>'key' = ${key}`);
    await rt.worker.drain();
    expect(runsOf(key)).toEqual([]);
    const row = await onlyJob(key);
    expect(row.status).toBe('dead');
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBeTruthy();
  });
});

describe('several workers on one database', () => {
  it('a cron runs once per interval even with two workers draining the same database', async () => {
    // Far enough ahead that the cron is due whatever earlier tests did.
    clock.advance(24 * 3_600_000);
    const before = ticks();
    await Promise.all([rt.worker.drain(), other.drain()]);
    expect(ticks() - before).toBe(1);
    const [state] = await rt.deps.db.select().from(cronState).where(eq(cronState.name, 'worker-test.tick'));
    expect(state?.lastRunAt?.getTime()).toBe(clock.now().getTime());
    expect(state?.nextRunAt.getTime()).toBe(clock.now().getTime() + CRON_INTERVAL);

    for (let interval = 1; interval <= 4; interval++) {
      await Promise.all([rt.worker.drain(), other.drain()]);
      await other.drain();
      expect(ticks() - before).toBe(interval);
      clock.advance(CRON_INTERVAL - 1);
      await Promise.all([other.drain(), rt.worker.drain()]);
      expect(ticks() - before).toBe(interval);
      clock.advance(1);
      await Promise.all([other.drain(), rt.worker.drain()]);
      expect(ticks() - before).toBe(interval + 1);
    }
    const tickJobs = await queryRows<{ n: number | string }>(
      rt.deps.db,
      sql`select count(*) as n from jobs where type = 'test.tick' and status = 'done' and attempts = 1`,
    );
    expect(Number(tickJobs[0]?.n)).toBe(ticks());
  });

  it('two workers draining concurrently never run the same job twice', async () => {
    const keys = Array.from({ length: 50 }, () => newKey());
    await rt.deps.db.transaction(async (tx) => {
      for (const [i, key] of keys.entries()) await rt.deps.jobs.enqueue(tx, { type: 'test.slow', payload: { key, delayMs: i % 3 } });
    });
    const [a, b] = await Promise.all([rt.worker.drain(), other.drain()]);
    const runs = ran.filter((r) => r.type === 'test.slow' && keys.includes(r.key));
    expect(runs).toHaveLength(50);
    expect(new Set(runs.map((r) => r.key)).size).toBe(50);
    expect(new Set(runs.map((r) => r.jobId)).size).toBe(50);
    expect(runs.every((r) => r.attempt === 1)).toBe(true);
    // Both workers took a share: the test really exercised concurrent claiming.
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a + b).toBeGreaterThanOrEqual(50);
    const rows = await queryRows<{ status: string; attempts: number; locked_by: string }>(
      rt.deps.db,
      sql`select status, attempts, locked_by from jobs where type = 'test.slow' and payload->>'key' in (${sql.join(
        keys.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.locked_by)).size).toBe(2);
  });

  it('a started worker polls and runs committed jobs on its own, and stops cleanly', async () => {
    const registries = collectRegistries(testModules);
    const polling = createWorker(rt.deps, registries.jobs, [], { pollMs: 10 });
    const key = newKey();
    polling.start();
    try {
      await rt.deps.jobs.enqueue(rt.deps.db, { type: 'test.record', payload: { key } });
      const deadline = Date.now() + 5_000;
      while (runsOf(key).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await polling.stop();
    }
    expect(runsOf(key)).toHaveLength(1);
    expect((await onlyJob(key)).status).toBe('done');
  });
});
