/**
 * Logical backup and restore on real databases: a demo installation with users, sessions,
 * tokens, audit chains, subject keys, jobs and cron state is dumped to a real gzip file under a
 * temp dir and restored into a brand-new migrated database, row for row. The audit chains still
 * verify, sequences continue, the restored database serves logins, a non-empty database or a file
 * that is not a backup is refused without any change, and a backup taken while Confiance keeps
 * writing is a consistent snapshot.
 *
 * The source is a database of its own (a private PGlite, or a fresh PostgreSQL database when
 * DATABASE_URL is set); restores go into new in-memory PGlite databases (so on PostgreSQL this
 * also proves the PostgreSQL → PGlite path), and into a fresh PostgreSQL database too when set.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pino from 'pino';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../config.ts';
import type { PGlite, PGliteInterface } from '@electric-sql/pglite';
import { migrationsFolder, openDatabase, queryRows, type Database, type Db } from './client.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { jobs, organisations } from './schema.ts';
import { DEMO_ORG_SLUG, DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed/demo.ts';
import { createPrivateDatabase, usingPostgres } from './testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from './testing/factories.ts';
import { collectRegistries, createRuntime, type Runtime } from '../runtime.ts';
import { systemClock } from '../core/clock.ts';
import { systemContext } from '../core/context.ts';
import type { ModuleManifest } from '../core/module.ts';
import { modules as allModules } from '../modules.ts';
import { createAuditLog } from '../core/audit-log/audit-log.service.ts';
import { auditChainHeads } from '../core/audit-log/audit-log.tables.ts';
import { defineJob } from '../worker/jobs.ts';

// ---------------------------------------------------------------------------------------------
// Databases of our own.

/**
 * Another brand-new migrated PGlite, cloned from one that is (opening a PGlite runs initdb,
 * several seconds each; a clone of an empty migrated database is the same thing, faster).
 */
async function clonePglite(template: Database): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await (template.db as unknown as { $client: PGliteInterface }).$client.clone();
  const db = drizzle(client as PGlite);
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    ping: async () => void (await client.query('select 1')),
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading a whole database.

async function publicTables(db: Db): Promise<string[]> {
  return (
    await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`)
  ).map((r) => r.name);
}

/** Every row of every public table as JSON text, sorted; timestamps rendered in UTC on both sides. */
async function contents(db: Db): Promise<Record<string, string[]>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local timezone = 'UTC'`);
    const out: Record<string, string[]> = {};
    for (const name of await publicTables(tx)) {
      const rows = await queryRows<{ j: string }>(tx, sql`select row_to_json(t)::text as j from ${sql.identifier(name)} t`);
      out[name] = rows.map((r) => r.j).sort();
    }
    return out;
  });
}

const counts = (c: Record<string, string[]>) => Object.fromEntries(Object.entries(c).map(([t, rows]) => [t, rows.length]));

async function countRows(db: Db, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from ${sql.identifier(table)}`);
  return Number(row?.n ?? 0);
}

/** Empties every table (and resets identities), leaving the schema: a new migrated database again. */
async function emptyAllTables(db: Db): Promise<void> {
  const tables = await publicTables(db);
  await db.execute(sql.raw(`truncate table ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`));
}

// ---------------------------------------------------------------------------------------------
// The installation being backed up.

const backupTestModule: ModuleManifest = {
  name: 'backup-test',
  permissions: [],
  auditEvents: {},
  routes: () => [],
  jobs: [
    defineJob({ type: 'backup-test.ok', schema: z.object({ n: z.number().int() }).strict(), handler: async () => undefined }),
    defineJob({ type: 'backup-test.tick', schema: z.object({}).strict(), handler: async () => undefined }),
    defineJob({
      type: 'backup-test.fail',
      schema: z.object({}).strict(),
      handler: async () => {
        throw new Error('always fails');
      },
    }),
  ],
  crons: [{ name: 'backup-test.hourly', intervalMs: 3_600_000, jobType: 'backup-test.tick' }],
};
const testModules = [...allModules, backupTestModule];
const workDir = mkdtempSync(path.join(tmpdir(), 'confiance-backup-test-'));
const masterKey = Buffer.alloc(32, 5);
// The same keys and checkpoints as the runtimes below (loadConfig's default checkpoint directory).
const auditLog = createAuditLog(collectRegistries(testModules).auditEvents, systemClock, {
  masterKey,
  checkpointDir: `${workDir}-checkpoints`,
});
let config: Config;
let source: Awaited<ReturnType<typeof createPrivateDatabase>>;
let src: Runtime;
/** Restore targets: A receives the main backup; B the refusals and the live backup; C is sacrificed to a missing file. */
let targetA: Database;
let targetB: Database;
let targetC: Database;
const cleanups: (() => Promise<void>)[] = [];
let demoOrgId: string;
let otherOrgId: string;

async function runtimeOn(database: Database): Promise<Runtime> {
  return createRuntime(config, { database, migrate: false, modules: testModules, logger: pino({ level: 'silent' }) });
}

beforeAll(async () => {
  config = loadConfig({ CONFIANCE_DATA_DIR: workDir, CONFIANCE_MASTER_KEY: masterKey.toString('base64'), LOG_LEVEL: 'silent' });
  // Target A comes the documented way: openDatabase({ pgliteDir: 'memory://' }) + migrate().
  targetA = await openDatabase({ pgliteDir: 'memory://' });
  await targetA.migrate();
  targetB = await clonePglite(targetA);
  targetC = await clonePglite(targetA);
  source = await createPrivateDatabase('backup', { pglite: () => clonePglite(targetA) });
  cleanups.push(
    () => source.drop(),
    () => targetA.close(),
    () => targetB.close(),
  );
  src = await createRuntime(config, { database: source.database, modules: testModules, logger: pino({ level: 'silent' }) });

  // The demo installation, plus a second organisation with a session and an API token.
  expect(await seedDemo(src.deps)).toBe(true);
  const [demo] = await src.deps.db.select().from(organisations).where(eq(organisations.slug, DEMO_ORG_SLUG));
  demoOrgId = demo!.id;
  otherOrgId = (await createTestOrg(src)).id;
  await createTestUser(src, otherOrgId, ['agent']);
  await createTestToken(src, otherOrgId, ['audit_log:read']);

  // More audit events, subject keys (one erased), and jobs in every state.
  for (let i = 0; i < 3; i++) {
    await src.deps.db.transaction((tx) =>
      src.deps.audit.record(tx, systemContext(demoOrgId, 'test'), {
        type: 'audit_log.verified',
        payload: { ok: true, checked: i, firstBrokenSeq: null },
      }),
    );
  }
  const kept = randomUUID();
  const erased = randomUUID();
  await src.deps.db.transaction(async (tx) => {
    await src.deps.cipher.encrypt(tx, demoOrgId, kept, 'email', 'kept@example.org');
    await src.deps.cipher.encrypt(tx, demoOrgId, erased, 'email', 'erased@example.org');
  });
  await src.deps.db.transaction((tx) => src.deps.cipher.destroy(tx, demoOrgId, erased));
  await src.deps.db.transaction(async (tx) => {
    await src.deps.jobs.enqueue(tx, { type: 'backup-test.ok', payload: { n: 1 }, orgId: demoOrgId });
    await src.deps.jobs.enqueue(tx, { type: 'backup-test.fail', maxAttempts: 1 });
    await src.deps.jobs.enqueue(tx, {
      type: 'backup-test.ok',
      payload: { n: 2 },
      runAt: new Date(Date.now() + 86_400_000),
      dedupeKey: 'tomorrow',
    });
  });
  await src.worker.drain();
}, 120_000);

afterAll(async () => {
  await src?.close();
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
});

// ---------------------------------------------------------------------------------------------

describe('backup then restore into a new database', () => {
  const file = path.join(workDir, 'confiance.backup.gz');
  let before: Record<string, string[]>;

  it('writes a private gzip file whose header lists every table, parents first, with its row count', async () => {
    before = await contents(src.deps.db);
    // Every table the demo touches holds data, so the comparison below means something.
    for (const table of [
      'organisations',
      'users',
      'sessions',
      'api_tokens',
      'audit_events',
      'audit_chain_heads',
      'subject_keys',
      'jobs',
      'cron_state',
    ]) {
      expect(before[table]?.length, table).toBeGreaterThan(0);
    }
    expect(before.users!.length).toBeGreaterThanOrEqual(DEMO_USERS.length + 2);

    const header = await backupDatabase(source.database, file);
    expect(statSync(file).mode & 0o777).toBe(0o600); // the dump holds password hashes and wrapped keys
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual(header);
    expect(header).toMatchObject({ format: 'confiance-backup', version: 1 });
    expect(header.migrations).toBeGreaterThan(0);
    expect(Object.fromEntries(header.tables.map((t) => [t.name, t.rows]))).toEqual(counts(before));
    const order = header.tables.map((t) => t.name);
    expect(order.indexOf('organisations')).toBeLessThan(order.indexOf('users'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('sessions'));
    expect(lines).toHaveLength(1 + header.tables.reduce((n, t) => n + t.rows, 0));
    // Nothing moved while backing up.
    expect(await contents(src.deps.db)).toEqual(before);
  });

  it('restores every table with identical rows into a brand-new migrated database', async () => {
    expect(counts(await contents(targetA.db))).toEqual(Object.fromEntries(Object.keys(before).map((t) => [t, 0])));
    const header = await restoreDatabase(targetA, file);
    expect(header.format).toBe('confiance-backup');
    const after = await contents(targetA.db);
    expect(counts(after)).toEqual(counts(before));
    expect(after).toEqual(before);
  });

  it('restores when the database is slow to open its transaction (a PostgreSQL connection): no line of the file is missed', async () => {
    // The file is read while the transaction opens; lines read before anyone listens were lost,
    // the header first ("not a Confiance backup file"), on PostgreSQL only (npm run test:resilience).
    // Target B is still empty here (its own tests come later): its clone is a new migrated database.
    const target = await clonePglite(targetB);
    try {
      const slow: Database = {
        ...target,
        db: new Proxy(target.db, {
          get(db, key, receiver) {
            const value = Reflect.get(db, key, receiver) as unknown;
            if (key !== 'transaction') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(db) : value;
            return async (...args: Parameters<Db['transaction']>) => {
              await new Promise((resolve) => setTimeout(resolve, 300));
              return db.transaction(...args);
            };
          },
        }),
      };
      await restoreDatabase(slow, file);
      expect(counts(await contents(target.db))).toEqual(counts(before));
    } finally {
      await target.close();
    }
  });

  it('the restored audit chains verify, for every organisation', async () => {
    const orgs = await targetA.db.select({ id: organisations.id }).from(organisations);
    expect(orgs.map((o) => o.id).sort()).toEqual([demoOrgId, otherOrgId].sort());
    for (const { id } of orgs) {
      const result = await auditLog.verify(targetA.db, id);
      const [head] = await targetA.db.select().from(auditChainHeads).where(eq(auditChainHeads.orgId, id));
      expect(result).toMatchObject({ ok: true, firstBroken: null });
      expect(result.checked).toBe(Number(head!.seq));
      expect(result.checked).toBeGreaterThan(id === demoOrgId ? DEMO_USERS.length + 3 : 1);
    }
    // Same verdict as on the source.
    expect(await auditLog.verify(targetA.db, demoOrgId)).toEqual(await auditLog.verify(src.deps.db, demoOrgId));
  });

  it('sequences continue after the restored ids, and the restored database serves the demo logins', async () => {
    const [{ max } = { max: 0 }] = await queryRows<{ max: number | string }>(targetA.db, sql`select max(id) as max from jobs`);
    expect(Number(max)).toBeGreaterThan(0);
    const rt = await runtimeOn(targetA);
    try {
      await rt.deps.jobs.enqueue(rt.deps.db, { type: 'backup-test.ok', payload: { n: 3 } });
      const [fresh] = await rt.deps.db
        .select()
        .from(jobs)
        .where(sql`${jobs.payload}->>'n' = '3'`);
      expect(fresh!.id).toBeGreaterThan(Number(max));
      expect(fresh!.id).toBe(Number(max) + 1);
      // Every serial column, present and future, continues after its restored maximum.
      const serials = await queryRows<{ table_name: string; column_name: string }>(
        rt.deps.db,
        sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`,
      );
      expect(serials.length).toBeGreaterThan(0);
      for (const s of serials) {
        const [row] = await queryRows<{ next: number | string; max: number | string | null }>(
          rt.deps.db,
          sql`select nextval(pg_get_serial_sequence(${s.table_name}, ${s.column_name})) as next, (select max(${sql.identifier(s.column_name)}) from ${sql.identifier(s.table_name)}) as max`,
        );
        expect(Number(row!.next), `${s.table_name}.${s.column_name}`).toBeGreaterThan(Number(row!.max ?? 0));
      }
      // The dedupe key restored with its job still de-duplicates.
      await rt.deps.jobs.enqueue(rt.deps.db, { type: 'backup-test.ok', payload: { n: 4 }, dedupeKey: 'tomorrow' });
      expect(await rt.deps.db.select().from(jobs).where(eq(jobs.dedupeKey, 'tomorrow'))).toHaveLength(1);
      // Password hashes and users came back intact: the demo admin signs in.
      const res = await rt.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.9.9.9',
        headers: { 'content-type': 'application/json' },
        payload: { email: DEMO_USERS[0]!.email, password: DEMO_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      // Subject keys came back: the kept subject decrypts with the same master key, the erased one stays erased.
      const keys = await queryRows<{ subject_id: string; wrapped_key: string | null; destroyed_at: string | null }>(
        rt.deps.db,
        sql`select subject_id, wrapped_key, destroyed_at from subject_keys order by destroyed_at nulls first`,
      );
      // The demo customers' keys plus the two made here; exactly one was destroyed.
      expect(keys.length).toBeGreaterThanOrEqual(2);
      const destroyed = keys.filter((k) => k.destroyed_at !== null);
      expect(destroyed).toHaveLength(1);
      expect(destroyed[0]).toMatchObject({ wrapped_key: null });
      expect(keys.filter((k) => k.destroyed_at === null).every((k) => Boolean(k.wrapped_key))).toBe(true);
    } finally {
      await rt.close();
    }
  });

  it('refuses to restore into a database that holds an organisation, with a clear error, changing nothing', async () => {
    const state = await contents(targetA.db);
    await expect(restoreDatabase(targetA, file)).rejects.toThrow(/empty database/);
    expect(await contents(targetA.db)).toEqual(state);
  });

  it.runIf(usingPostgres)(
    'restores into a fresh PostgreSQL database as well (same driver)',
    async () => {
      const target = await createPrivateDatabase('backup', { pglite: () => clonePglite(targetB) });
      try {
        await target.database.migrate();
        await restoreDatabase(target.database, file);
        expect(await contents(target.database.db)).toEqual(before);
        expect((await auditLog.verify(target.database.db, demoOrgId)).ok).toBe(true);
      } finally {
        await target.drop();
      }
      // Creating, migrating and dropping a real PostgreSQL database is slow on a loaded machine.
    },
    120_000,
  );
});

describe('refusals', () => {
  const file = path.join(workDir, 'refusals.backup.gz');

  beforeAll(async () => {
    await backupDatabase(source.database, file);
  });

  it('refuses files that are not backups, leaving the database empty', async () => {
    const empty = counts(await contents(targetB.db));
    expect(Object.values(empty).every((n) => n === 0)).toBe(true);
    const cases: [string, Buffer | string, RegExp][] = [
      ['plain.sql', 'insert into organisations values (1);\n', /./],
      ['other-format.gz', gzipSync('{"format":"pg_dump","version":1}\n{"t":"organisations","r":{}}\n'), /not a Confiance backup/],
      ['empty.gz', gzipSync(''), /empty backup/],
      ['not-json.gz', gzipSync('hello\nworld\n'), /./],
      ['truncated.gz', readFileSync(file).subarray(0, Math.floor(readFileSync(file).length / 2)), /./],
    ];
    for (const [name, content, message] of cases) {
      const bad = path.join(workDir, name);
      writeFileSync(bad, content);
      await expect(restoreDatabase(targetB, bad), name).rejects.toThrow(message);
      expect(counts(await contents(targetB.db)), name).toEqual(empty);
    }
  });

  it('refuses a backup made by a newer version (more migrations than this one has)', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    const header = JSON.parse(lines[0]!) as { migrations: number };
    lines[0] = JSON.stringify({ ...header, migrations: header.migrations + 1 });
    const newer = path.join(workDir, 'newer.backup.gz');
    writeFileSync(newer, gzipSync(lines.join('\n')));
    await expect(restoreDatabase(targetB, newer)).rejects.toThrow(/upgrade Confiance/);
    expect(await countRows(targetB.db, 'organisations')).toBe(0);
  });

  it('restores an older backup: a column added since gets its default; a column this version lacks is refused', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const rewrite = (edit: (row: Record<string, unknown>) => void, name: string) => {
      const out = lines.map((line, i) => {
        if (i === 0) return line;
        const parsed = JSON.parse(line) as { t: string; r: Record<string, unknown> };
        if (parsed.t === 'organisations') edit(parsed.r);
        return JSON.stringify(parsed);
      });
      const target = path.join(workDir, name);
      writeFileSync(target, gzipSync(out.join('\n') + '\n'));
      return target;
    };
    const older = rewrite((row) => {
      delete row.timezone;
      delete row.default_locale;
    }, 'older.backup.gz');
    try {
      await restoreDatabase(targetB, older);
      const restored = await targetB.db.select().from(organisations);
      expect(restored.length).toBeGreaterThan(0);
      for (const org of restored) expect([org.timezone, org.defaultLocale]).toEqual(['Europe/Paris', 'fr']);
    } finally {
      await emptyAllTables(targetB.db);
    }
    const newer = rewrite((row) => {
      row.colour_scheme = 'dark';
    }, 'unknown-column.backup.gz');
    await expect(restoreDatabase(targetB, newer)).rejects.toThrow(/organisations\.colour_scheme.*upgrade Confiance/);
    expect(await countRows(targetB.db, 'organisations')).toBe(0);
  });

  it('refuses, with a clear error and no change, a database with no organisation but other rows (a started worker left jobs and cron state)', async () => {
    await targetB.db.execute(sql`insert into jobs (type, payload) values ('leftover.job', '{}'::jsonb)`);
    await targetB.db.execute(sql`insert into cron_state (name, next_run_at) values ('leftover.cron', now())`);
    const state = await contents(targetB.db);
    try {
      await expect(restoreDatabase(targetB, file)).rejects.toThrow(/empty/);
      expect(await contents(targetB.db)).toEqual(state);
    } finally {
      await emptyAllTables(targetB.db);
    }
  });

  it('refuses a backup file that does not exist, without hanging or crashing the process', async () => {
    const missing = path.join(workDir, 'no-such-file.gz');
    const outcome = await Promise.race([
      restoreDatabase(targetC, missing).then(
        () => 'restored',
        (error: unknown) => `refused: ${(error as Error).message}`,
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 1.5 s'), 1_500)),
    ]);
    expect(outcome).toMatch(/^refused: .*no-such-file/);
    // targetC is not closed: a restore that hangs keeps its transaction open for good.
  });
});

describe('backup while Confiance keeps writing', () => {
  it('is a consistent snapshot: the restored chains verify and every count matches the header', async () => {
    expect(await countRows(targetB.db, 'organisations')).toBe(0);
    const busyOrg = (await createTestOrg(src)).id;
    let stop = false;
    let events = 0;
    let orgsCreated = 0;
    const eventWriter = (async () => {
      while (!stop) {
        await src.deps.db.transaction((tx) =>
          src.deps.audit.record(tx, systemContext(busyOrg, 'test'), {
            type: 'audit_log.verified',
            payload: { ok: true, checked: events, firstBrokenSeq: null },
          }),
        );
        events++;
        // PGlite runs in this thread: yield so timers and the backup get their turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const orgWriter = (async () => {
      while (!stop) {
        await createTestOrg(src);
        orgsCreated++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    try {
      while (events < 10 || orgsCreated < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      const eventsBefore = events;
      const live = path.join(workDir, 'live.backup.gz');
      const header = await backupDatabase(source.database, live);
      const eventsAfter = events;
      // Keep writing a little after the snapshot, then stop.
      while (events < eventsAfter + 5) await new Promise((resolve) => setTimeout(resolve, 5));
      stop = true;
      await Promise.all([eventWriter, orgWriter]);
      if (usingPostgres) expect(eventsAfter, 'writes went on during the backup').toBeGreaterThan(eventsBefore);

      await restoreDatabase(targetB, live);
      const restored = counts(await contents(targetB.db));
      expect(restored).toEqual(Object.fromEntries(header.tables.map((t) => [t.name, t.rows])));
      const busyEvents = await queryRows<{ n: number | string }>(
        targetB.db,
        sql`select count(*) as n from audit_events where org_id = ${busyOrg}`,
      );
      // organisation.created + the events committed before the snapshot, none after.
      expect(Number(busyEvents[0]!.n)).toBeGreaterThanOrEqual(1 + eventsBefore);
      expect(Number(busyEvents[0]!.n)).toBeLessThanOrEqual(1 + eventsAfter);
      expect(Number(busyEvents[0]!.n)).toBeLessThan(1 + events);

      const orgs = await targetB.db.select({ id: organisations.id }).from(organisations);
      expect(orgs.length).toBeGreaterThanOrEqual(3 + 2);
      for (const { id } of orgs) {
        const result = await auditLog.verify(targetB.db, id);
        expect(result, id).toMatchObject({ ok: true, firstBroken: null });
        expect(result.checked, id).toBeGreaterThan(0);
      }
    } finally {
      stop = true;
      await Promise.allSettled([eventWriter, orgWriter]);
    }
  });
});
