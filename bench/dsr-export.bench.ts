/**
 * Subject export with 1M subjects in the database (issue 3 target: p95 < 100 ms on PostgreSQL).
 *
 * A throw-away PostgreSQL database next to DATABASE_URL's is created, migrated and seeded in SQL
 * (INSERT ... SELECT generate_series): 1M customers with their subject keys, two consent purposes
 * each in the ledger (a third withdrawn) and in the projection, GPC on 1%, one complaint with two
 * messages for 5%, one fulfilled access request for 1%. Bulk ciphertexts have the real format and
 * size but random content; the subjects measured (drawn at random among the 1M) then get real
 * data keys and real AES-256-GCM fields, so their export decrypts like a live one.
 *
 * Measured in-process, one call at a time: `exportSubject` (every module's exporter, the function
 * behind access and portability requests). Baselines in the same run, alternating with it: a
 * trivial indexed single-row SELECT of the customer, and the export of a subject that does not
 * exist. Every exporter query is then run under EXPLAIN ANALYZE and its plan printed; a
 * sequential scan of a large table fails the benchmark. The database is dropped at the end.
 *
 * BENCH_SUBJECTS (default 1,000,000), BENCH_SAMPLE (subjects measured, default 1,000) and
 * BENCH_ROUNDS (default 3) tune the run.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { openDatabase, type Database, type Db } from '../src/db/client.ts';
import { createRuntime, type Runtime } from '../src/runtime.ts';
import { systemContext } from '../src/core/context.ts';
import { createOrganisation } from '../src/core/organisations/organisations.service.ts';
import { createPurpose } from '../src/core/consent/consent.service.ts';
import { customers } from '../src/core/customers/customers.tables.ts';
import { encryptField, generateDataKey, wrapKey } from '../src/core/subject-keys/subject-keys.crypto.ts';
import { exportSubject } from '../src/core/dsr/subject-data.ts';
import { createScratchDatabase } from '../src/db/testing/scratch-postgres.ts';

/** The id of the g-th seeded customer, computed the same way in SQL (`md5('c' || g)::uuid`). */
function customerId(g: number): string {
  const hex = createHash('md5').update(`c${g}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Summary {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

function summarise(ms: number[]): Summary {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Seeds the bulk in SQL, one statement per table. */
async function seedBulk(client: pg.PoolClient, orgId: string, purposeIds: string[], n: number): Promise<void> {
  const step = async (label: string, statement: string, params: unknown[]) => {
    const started = Date.now();
    const result = await client.query(statement, params);
    console.log(`  seeded ${label.padEnd(20)} ${String(result.rowCount ?? 0).padStart(9)} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  // Bulk-load practice: secondary indexes are dropped during the load and built once afterwards
  // (the same definitions, read from the catalogue); primary keys and unique constraints stay.
  const tables = ['subject_keys', 'customers', 'consent_events', 'consent_states', 'consent_restrictions', 'complaints', 'complaint_messages', 'dsr_requests'];
  const { rows: secondary } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = any($1::text[])
       and indexname not in (select conname from pg_constraint)`,
    [tables],
  );
  await client.query(`set synchronous_commit = off; set maintenance_work_mem = '512MB'`);
  for (const ix of secondary) await client.query(`drop index "${ix.indexname}"`);
  // Random-looking bytes of the real ciphertext sizes: iv 12 + tag 16 + body.
  const blob = (seed: string, bytes: number) => `encode(substring(decode(repeat(md5(${seed}), ${Math.ceil(bytes / 16)}), 'hex') from 1 for ${bytes}), 'base64')`;
  await step(
    'subject_keys',
    `insert into subject_keys (subject_id, org_id, wrapped_key, key_version, created_at)
     select md5('c' || g)::uuid, $1, ${blob("'k' || g", 60)}, 1, now() - (g % 1000) * interval '1 hour'
     from generate_series(1, $2::int) g`,
    [orgId, n],
  );
  await step(
    'customers',
    `insert into customers (id, org_id, email_lookup, email_enc, name_enc, phone_enc, locale, timezone, created_at, updated_at)
     select md5('c' || g)::uuid, $1, encode(sha256(('l' || g)::bytea), 'hex'),
            'enc1:' || ${blob("'e' || g", 58)}, 'enc1:' || ${blob("'n' || g", 44)}, case when g % 2 = 0 then 'enc1:' || ${blob("'p' || g", 40)} end,
            case when g % 10 = 0 then 'en' else 'fr' end, 'Europe/Paris', now() - (g % 1000) * interval '1 hour', now()
     from generate_series(1, $2::int) g`,
    [orgId, n],
  );
  // Ledger: purposes 0 and 1 given by everyone, purpose 0 withdrawn by a third; seq = 3g + k.
  await step(
    'consent_events',
    `insert into consent_events (id, seq, org_id, customer_id, purpose_id, channel, kind, notice_version, method, source, occurred_at, ip_hash, user_agent_hash, actor_type)
     select md5('ev' || g || ':' || k)::uuid, 3 * g + k, $1, md5('c' || g)::uuid, ($3::uuid[])[case when k = 1 then 2 else 1 end], 'email',
            case when k = 2 then 'withdrawn' else 'given' end, 1, case when g % 4 = 0 then 'phone_recorded' else 'web_form' end, 'portal',
            now() - interval '30 days' + k * interval '1 day', encode(sha256(('ip' || g)::bytea), 'hex'), encode(sha256(('ua' || g)::bytea), 'hex'), 'subject'
     from generate_series(1, $2::int) g cross join generate_series(0, 2) k
     where k < 2 or g % 3 = 0`,
    [orgId, n, purposeIds],
  );
  await client.query(`select setval(pg_get_serial_sequence('consent_events', 'seq'), 3 * $1::bigint + 3)`, [n]);
  await step(
    'consent_states',
    `insert into consent_states (org_id, customer_id, purpose_id, channel, kind, event_id, event_seq, notice_version, occurred_at)
     select $1, md5('c' || g)::uuid, ($3::uuid[])[p + 1], 'email',
            case when p = 0 and g % 3 = 0 then 'withdrawn' else 'given' end,
            md5('ev' || g || ':' || case when p = 0 and g % 3 = 0 then 2 else p end)::uuid,
            3 * g + case when p = 0 and g % 3 = 0 then 2 else p end, 1, now() - interval '29 days'
     from generate_series(1, $2::int) g cross join generate_series(0, 1) p`,
    [orgId, n, purposeIds],
  );
  await step(
    'consent_restrictions',
    `insert into consent_restrictions (id, org_id, customer_id, kind, source, created_at)
     select md5('gpc' || g)::uuid, $1, md5('c' || g)::uuid, 'gpc', 'portal:sec-gpc', now() - interval '10 days'
     from generate_series(100, $2::int, 100) g`,
    [orgId, n],
  );
  await step(
    'complaints',
    `insert into complaints (id, org_id, reference, tracking_hash, customer_id, channel, category, description_enc, remedy_sought_enc, status,
                             received_at, ack_due_on, answer_due_on, ack_warn_at, answer_warn_at)
     select md5('cp' || g)::uuid, $1, 'REC-2026-' || lpad(g::text, 7, '0'), encode(sha256(('t' || g)::bytea), 'hex'), md5('c' || g)::uuid,
            'portal', 'billing', 'enc1:' || ${blob("'d' || g", 400)}, 'enc1:' || ${blob("'r' || g", 90)}, 'answered',
            now() - interval '20 days', to_char(now() - interval '6 days', 'YYYY-MM-DD'), to_char(now() + interval '40 days', 'YYYY-MM-DD'),
            now() - interval '8 days', now() + interval '30 days'
     from generate_series(20, $2::int, 20) g`,
    [orgId, n],
  );
  await step(
    'complaint_messages',
    `insert into complaint_messages (id, org_id, complaint_id, author_type, internal, body_enc, created_at)
     select md5('cm' || g || ':' || m)::uuid, $1, md5('cp' || g)::uuid, case when m = 0 then 'customer' else 'staff' end, false,
            'enc1:' || ${blob("'b' || g || ':' || m", 300)}, now() - interval '19 days' + m * interval '2 days'
     from generate_series(20, $2::int, 20) g cross join generate_series(0, 1) m`,
    [orgId, n],
  );
  await step(
    'dsr_requests',
    `insert into dsr_requests (id, org_id, customer_id, type, status, channel, identity_check, identity_checked_by, details_enc, received_at, timezone, due_date, closed_at, closed_by)
     select md5('dsr' || g)::uuid, $1, md5('c' || g)::uuid, 'access', 'fulfilled', 'portal', 'email_code', 'portal', 'enc1:' || ${blob("'q' || g", 80)},
            now() - interval '60 days', 'Europe/Paris', to_char(now() - interval '29 days', 'YYYY-MM-DD'), now() - interval '40 days', 'bench'
     from generate_series(100, $2::int, 100) g`,
    [orgId, n],
  );
  const started = Date.now();
  for (const ix of secondary) await client.query(ix.indexdef);
  await client.query('analyze');
  console.log(`  ${secondary.length} secondary indexes built and analyze in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Gives the measured subjects real data keys and real ciphertexts, like a live subject's. */
async function makeReal(client: pg.PoolClient, masterKey: Buffer, orgId: string, ids: string[]): Promise<void> {
  const keys = new Map(ids.map((id) => [id, generateDataKey()]));
  const seal = (id: string, field: string, text: string) => encryptField(keys.get(id)!, id, field, text);
  await client.query(
    `update subject_keys k set wrapped_key = u.w from unnest($1::uuid[], $2::text[]) as u(id, w) where k.subject_id = u.id`,
    [ids, ids.map((id) => wrapKey(masterKey, keys.get(id)!, id))],
  );
  await client.query(
    `update customers c set email_enc = u.e, name_enc = u.n, phone_enc = case when c.phone_enc is null then null else u.p end
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as u(id, e, n, p) where c.org_id = $5 and c.id = u.id`,
    [ids, ids.map((id) => seal(id, 'email', `jeanne.${id.slice(0, 8)}@example.test`)), ids.map((id) => seal(id, 'name', 'Jeanne Exemple')), ids.map((id) => seal(id, 'phone', '+33 6 12 34 56 78')), orgId],
  );
  const { rows: complaintRows } = await client.query<{ id: string; customer_id: string }>(`select id, customer_id from complaints where org_id = $1 and customer_id = any($2::uuid[])`, [orgId, ids]);
  await client.query(
    `update complaints c set description_enc = u.d, remedy_sought_enc = u.r from unnest($1::uuid[], $2::text[], $3::text[]) as u(id, d, r) where c.id = u.id`,
    [complaintRows.map((c) => c.id), complaintRows.map((c) => seal(c.customer_id, 'complaint.description', 'Facture de mars comptée deux fois. '.repeat(10))), complaintRows.map((c) => seal(c.customer_id, 'complaint.remedy_sought', 'Remboursement du trop-perçu.'))],
  );
  const { rows: messageRows } = await client.query<{ id: string; customer_id: string }>(
    `select m.id, c.customer_id from complaint_messages m join complaints c on c.id = m.complaint_id where c.org_id = $1 and c.customer_id = any($2::uuid[])`,
    [orgId, ids],
  );
  await client.query(`update complaint_messages m set body_enc = u.b from unnest($1::uuid[], $2::text[]) as u(id, b) where m.id = u.id`, [
    messageRows.map((m) => m.id),
    messageRows.map((m) => seal(m.customer_id, 'complaint_message.body', 'Bonjour, voici notre réponse détaillée. '.repeat(6))),
  ]);
  const { rows: dsrRows } = await client.query<{ id: string; customer_id: string }>(`select id, customer_id from dsr_requests where org_id = $1 and customer_id = any($2::uuid[])`, [orgId, ids]);
  await client.query(`update dsr_requests d set details_enc = u.t from unnest($1::uuid[], $2::text[]) as u(id, t) where d.id = u.id`, [
    dsrRows.map((d) => d.id),
    dsrRows.map((d) => seal(d.customer_id, 'dsr.details', 'Je souhaite une copie de toutes mes données.')),
  ]);
  console.log(`  real keys and ciphertexts for ${ids.length} measured subjects (${complaintRows.length} with a complaint, ${dsrRows.length} with a past request)`);
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** Runs every query one export makes under EXPLAIN ANALYZE; fails on a sequential scan of a large table. */
async function explainExport(rt: Runtime, pool: pg.Pool, orgId: string, subjectId: string): Promise<void> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const captured: { sql: string; params: unknown[] }[] = [];
  const logging = drizzle(pool, { logger: { logQuery: (sql, params) => void captured.push({ sql, params }) } }) as unknown as Db;
  await exportSubject({ ...rt.deps, db: logging }, orgId, subjectId);
  const { rows: sizes } = await pool.query<{ relname: string; n: string }>(`select relname, reltuples::bigint::text as n from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`);
  const rowsOf = new Map(sizes.map((s) => [s.relname, Number(s.n)]));
  const seen = new Set<string>();
  const problems: string[] = [];
  console.log(`\n  query plans of one export (${captured.length} queries; subject with a complaint and a past request):`);
  for (const q of captured) {
    if (seen.has(q.sql)) continue;
    seen.add(q.sql);
    const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`explain (analyze, format json) ${q.sql}`, q.params);
    const plan = rows[0]!['QUERY PLAN'][0];
    const scans = planNodes(plan.Plan).filter((p) => p['Relation Name']);
    const described = scans.map((p) => `${p['Node Type']}${p['Index Name'] ? ` using ${p['Index Name']}` : ''} on ${p['Relation Name']}`).join(', ');
    for (const p of scans) {
      if (p['Node Type'] === 'Seq Scan' && (rowsOf.get(p['Relation Name']!) ?? 0) > 10_000) problems.push(`${p['Relation Name']}: ${q.sql}`);
    }
    const table = /from "(\w+)"/.exec(q.sql)?.[1] ?? '?';
    console.log(`    ${table.padEnd(22)} ${plan['Execution Time'].toFixed(3).padStart(7)} ms  ${described}`);
  }
  if (problems.length > 0) throw new Error(`sequential scan of a large table in an exporter query:\n${problems.join('\n')}`);
}

export async function run(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('\n## Subject export with 1M subjects: skipped (PostgreSQL only: set DATABASE_URL)');
    return;
  }
  const n = Number(process.env.BENCH_SUBJECTS ?? 1_000_000);
  const sampleSize = Math.min(n, Number(process.env.BENCH_SAMPLE ?? 1_000));
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const scratch = await createScratchDatabase(url, 'bench_dsr');
  let database: Database | undefined;
  let rt: Runtime | undefined;
  const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  try {
    database = await openDatabase({ databaseUrl: scratch.url, poolSize: 10 });
    const config = loadConfig({ CONFIANCE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'confiance-bench-dsr-')), CONFIANCE_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'warn' });
    rt = await createRuntime(config, { database, logger: pino({ level: 'warn' }) });
    const deps = rt.deps;
    const org = await deps.db.transaction((tx) =>
      createOrganisation(deps, tx, systemContext(null, 'bench'), {
        slug: 'bench',
        name: 'Bench',
        legalName: 'Bench SAS',
        defaultLocale: 'fr',
        timezone: 'Europe/Paris',
        profile: { contactEmail: 'dpo@bench.example', postalAddress: '1 rue du Banc, 75001 Paris', mediator: { name: 'Médiateur', website: 'https://mediateur.example' }, legalNotice: { fr: 'Mentions.', en: 'Notice.' } },
      }),
    );
    const ctx = systemContext(org.id, 'bench');
    const notice = { titleFr: 'Lettre', titleEn: 'Letter', textFr: 'Nouvelles.', textEn: 'News.' };
    const purposeIds = [
      (await createPurpose(deps, ctx, { key: 'newsletter', legalBasis: 'consent', dataUse: 'marketing.communications.email', channels: ['email'], notice })).id,
      (await createPurpose(deps, ctx, { key: 'surveys', legalBasis: 'consent', dataUse: 'improve.system', channels: ['email'], notice })).id,
      (await createPurpose(deps, ctx, { key: 'billing', legalBasis: 'contract', dataUse: 'essential.service.payment_processing', channels: ['email'], notice })).id,
    ];

    console.log(`\n## Subject export (${n.toLocaleString('en')} subjects, PostgreSQL, database ${name})`);
    const seedStarted = Date.now();
    const client = await pool.connect();
    try {
      await seedBulk(client, org.id, purposeIds, n);
      // The measured subjects: random among all, plus every kind of subject (complaint, past request, GPC).
      const picks = new Set<number>([20, 100]);
      while (picks.size < sampleSize) picks.add(1 + Math.floor(Math.random() * n));
      const sample = [...picks].map(customerId);
      await makeReal(client, deps.config.masterKey, org.id, sample);
      console.log(`  seeding took ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

      // Sanity: a measured export holds what was seeded and decrypts.
      const full = await exportSubject(deps, org.id, customerId(100));
      if (!full.customers?.customer?.[0]?.email || !full.complaints?.complaints?.[0]?.description || !full.dsr?.dsr_requests?.[0] || !full.consent?.restrictions?.[0]) {
        throw new Error(`the export of a seeded subject is incomplete: ${JSON.stringify(Object.keys(full))}`);
      }
      await explainExport(rt, pool, org.id, customerId(100));

      const single = (id: string) => deps.db.select({ id: customers.id }).from(customers).where(and(eq(customers.orgId, org.id), eq(customers.id, id)));
      const absent = Array.from({ length: sample.length }, () => randomUUID());
      // Warm-up: JIT, pool connections, plan caches.
      for (const id of sample.slice(0, 100)) {
        await single(id);
        await exportSubject(deps, org.id, id);
      }
      const base: number[] = [];
      const empty: number[] = [];
      const cand: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const order = [...sample].sort(() => Math.random() - 0.5);
        for (let i = 0; i < order.length; i++) {
          base.push(await timed(() => single(order[i]!)));
          empty.push(await timed(() => exportSubject(deps, org.id, absent[i]!)));
          cand.push(await timed(() => exportSubject(deps, org.id, order[i]!)));
        }
      }
      const b = summarise(base);
      const e = summarise(empty);
      const c = summarise(cand);
      const fmt = (s: Summary) => `p50 ${s.p50.toFixed(2).padStart(7)} ms  p95 ${s.p95.toFixed(2).padStart(7)} ms  p99 ${s.p99.toFixed(2).padStart(7)} ms  (n=${s.n})`;
      console.log(`\n  one call at a time, ${rounds} rounds over ${sample.length} random subjects, interleaved:`);
      console.log(`  baseline: indexed single-row SELECT         ${fmt(b)}`);
      console.log(`  baseline: export of an absent subject       ${fmt(e)}`);
      console.log(`  exportSubject (every module's exporter)     ${fmt(c)}   (target p95 < 100 ms)`);
      console.log(`  ratio p95 (export / single-row SELECT): ${(c.p95 / b.p95).toFixed(1)}x; (export / empty export): ${(c.p95 / e.p95).toFixed(2)}x`);
      console.log(`  load average during the run: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
    await rt?.close();
    await database?.close();
    await scratch.drop();
  }
}
