import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { repoRoot } from '../../runtime.ts';
import { getTestRuntime, usingPostgres } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { queryRows, openDatabase } from '../../db/client.ts';
import { systemContext } from '../context.ts';
import { GENESIS_HASH } from './audit-log.chain.ts';

const run = promisify(execFile);
let rt: Runtime;

beforeAll(async () => {
  rt = await getTestRuntime();
});

describe('audit log chain', () => {
  it('filters by a part of the event type; a malformed filter is flagged on the field', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    await rt.app.inject({ method: 'GET', url: '/api/breaches', headers: (await createTestUser(rt, org.id, ['agent'])).headers });
    const denied = await rt.app.inject({ method: 'GET', url: '/api/audit-events?type=denied', headers: admin.headers });
    expect(denied.statusCode).toBe(200);
    const types = (denied.json().items as { type: string }[]).map((e) => e.type);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['access.denied']));
    const bad = await rt.app.inject({ method: 'GET', url: '/api/audit-events?type=Acc%C3%A8s', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['type']);
  });

  it('chains every organisation separately and verifies', async () => {
    const orgA = await createTestOrg(rt);
    const orgB = await createTestOrg(rt);
    await createTestUser(rt, orgA.id, ['agent']);
    await createTestUser(rt, orgB.id, ['agent']);
    for (const org of [orgA, orgB]) {
      const result = await rt.deps.audit.verify(rt.deps.db, org.id);
      expect(result).toMatchObject({ ok: true, firstBroken: null });
      expect(result.checked).toBe(2); // organisation.created, then the user's login
    }
  });

  it('stays unbroken under concurrent writers (spread over shards on PostgreSQL)', async () => {
    const org = await createTestOrg(rt);
    const ctx = systemContext(org.id, 'test');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        rt.deps.db.transaction((tx) => rt.deps.audit.record(tx, ctx, { type: 'user.updated', target: { type: 'user', id: `u${i}` }, payload: { userId: '00000000-0000-4000-8000-000000000001', fields: ['name'] } })),
      ),
    );
    const result = await rt.deps.audit.verify(rt.deps.db, org.id);
    expect(result).toEqual({ ok: true, checked: 41, firstBroken: null });
  });

  it.skipIf(!usingPostgres)('takes a free shard instead of waiting for a busy head, and verifies every shard', async () => {
    const org = await createTestOrg(rt);
    const ctx = systemContext(org.id, 'test');
    const event = (i: number) => ({ type: 'user.updated' as const, target: { type: 'user', id: `u${i}` }, payload: { userId: '00000000-0000-4000-8000-000000000001', fields: ['name'] } });
    let release!: () => void;
    let held!: () => void;
    const heldNow = new Promise<void>((resolve) => (held = resolve));
    // The first transaction holds its shard until released: a second writer must not queue behind it.
    const slow = rt.deps.db.transaction(async (tx) => {
      const first = await rt.deps.audit.record(tx, ctx, event(1));
      const second = await rt.deps.audit.record(tx, ctx, event(2));
      held();
      await new Promise<void>((resolve) => (release = resolve));
      return [first, second];
    });
    await heldNow;
    const fast = await rt.deps.db.transaction((tx) => rt.deps.audit.record(tx, ctx, event(3)));
    release();
    const [first, second] = await slow;
    expect(second?.shard).toBe(first?.shard);
    expect(second?.seq).toBe((first?.seq ?? 0) + 1);
    expect(fast.shard).not.toBe(first?.shard);
    expect(fast).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(await rt.deps.audit.verify(rt.deps.db, org.id)).toEqual({ ok: true, checked: 4, firstBroken: null });

    await rt.deps.db.execute(sql`update audit_events set target_id = 'u9' where id = ${fast.id}`);
    expect(await rt.deps.audit.verify(rt.deps.db, org.id)).toMatchObject({ ok: false, firstBroken: { shard: fast.shard, seq: 1, id: fast.id, reason: 'hash_mismatch' } });
    await rt.deps.db.execute(sql`delete from audit_events where id = ${fast.id}`);
    await rt.deps.db.execute(sql`delete from audit_chain_heads where org_id = ${org.id} and shard = ${fast.shard}`);
    expect(await rt.deps.audit.verify(rt.deps.db, org.id)).toEqual({ ok: true, checked: 3, firstBroken: null });
    await rt.deps.db.execute(sql`delete from audit_chain_heads where org_id = ${org.id} and shard = ${first?.shard}`);
    expect(await rt.deps.audit.verify(rt.deps.db, org.id)).toMatchObject({ ok: false, firstBroken: { shard: first?.shard, reason: 'head_mismatch' } });
  });

  it('records nothing when the business transaction rolls back', async () => {
    const org = await createTestOrg(rt);
    const ctx = systemContext(org.id, 'test');
    await expect(
      rt.deps.db.transaction(async (tx) => {
        await rt.deps.audit.record(tx, ctx, { type: 'organisation.updated', payload: { organisationId: org.id, fields: ['name'] } });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect((await rt.deps.audit.verify(rt.deps.db, org.id)).checked).toBe(1);
  });

  it('refuses unregistered events and payloads with extra (possibly personal) fields', async () => {
    const org = await createTestOrg(rt);
    const ctx = systemContext(org.id, 'test');
    await expect(rt.deps.db.transaction((tx) => rt.deps.audit.record(tx, ctx, { type: 'nope.done', payload: {} } as never))).rejects.toThrow(/not registered/);
    await expect(
      rt.deps.db.transaction((tx) => rt.deps.audit.record(tx, ctx, { type: 'user.disabled', payload: { userId: '00000000-0000-4000-8000-000000000001', email: 'jean@example.fr' } } as never)),
    ).rejects.toThrow();
  });

  it('names the first broken row after a row is edited by hand in SQL, and after a deletion', async () => {
    const org = await createTestOrg(rt);
    for (let i = 0; i < 3; i++) await createTestUser(rt, org.id, ['agent']);
    const [victim] = await queryRows<{ id: string; seq: number | string }>(rt.deps.db, sql`select id, seq from audit_events where org_id = ${org.id} order by seq offset 2 limit 1`);
    await rt.deps.db.execute(sql`update audit_events set payload = '{"userId":"00000000-0000-4000-8000-000000000009","roles":["admin"]}'::jsonb where id = ${victim?.id}`);
    const edited = await rt.deps.audit.verify(rt.deps.db, org.id);
    expect(edited).toMatchObject({ ok: false, checked: 2, firstBroken: { id: victim?.id, seq: Number(victim?.seq), reason: 'hash_mismatch' } });

    const other = await createTestOrg(rt);
    await createTestUser(rt, other.id, ['agent']);
    await rt.deps.db.execute(sql`delete from audit_events where org_id = ${other.id} and seq = (select max(seq) from audit_events where org_id = ${other.id})`);
    expect(await rt.deps.audit.verify(rt.deps.db, other.id)).toMatchObject({ ok: false, firstBroken: { reason: 'head_mismatch' } });
  });

  it('serves the viewer newest first with keyset pagination and filters', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    for (let i = 0; i < 3; i++) await createTestUser(rt, org.id, ['agent']);
    const first = await rt.app.inject({ method: 'GET', url: '/api/audit-events?limit=2', headers: admin.headers });
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0].seq).toBeGreaterThan(page1.items[1].seq);
    const second = (await rt.app.inject({ method: 'GET', url: `/api/audit-events?limit=2&before=${page1.nextBefore}`, headers: admin.headers })).json();
    expect(second.items[0].seq).toBeLessThan(page1.items[1].seq);
    const created = (await rt.app.inject({ method: 'GET', url: '/api/audit-events?type=user.created', headers: admin.headers })).json();
    expect(created.items.every((e: { type: string }) => e.type === 'user.created')).toBe(true);
    const verify = await rt.app.inject({ method: 'POST', url: '/api/audit-events/verify', headers: admin.headers });
    expect(verify.json()).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe('confiance audit verify (CLI)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-cli-'));
  const env = { ...process.env, CONFIANCE_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'error' };
  const cli = (...args: string[]) => run(process.execPath, [path.join(repoRoot, 'bin/confiance.js'), ...args], { env, cwd: repoRoot });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('passes on the seeded database, then fails naming the row edited by hand in SQL', async () => {
    await cli('seed');
    const ok = await cli('audit', 'verify');
    expect(ok.stdout).toMatch(/^OK .* chain intact/m);

    const database = await openDatabase({ pgliteDir: path.join(dataDir, 'pglite') });
    const [victim] = await queryRows<{ id: string; seq: number }>(database.db, sql`select id, seq from audit_events order by seq offset 3 limit 1`);
    await database.db.execute(sql`update audit_events set created_at = created_at + interval '1 second' where id = ${victim?.id}`);
    await database.close();

    const failed = await cli('audit', 'verify').then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(`BROKEN`);
    expect(failed?.stdout).toContain(`seq=${victim?.seq} id=${victim?.id} (hash_mismatch)`);
  }, 180_000);
});
