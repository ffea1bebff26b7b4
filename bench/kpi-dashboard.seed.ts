/**
 * The KPI dashboard benchmark's database (issue 14): the demo organisation on PostgreSQL with, at
 * BENCH_SCALE=1, 1,000,000 complaints (and their ~3.8 timeline events each) and 10,000,000
 * contact events (contact_attempts: calls, texts and e-mails judged by the guard, some refused),
 * spread over the 730 days before the seed. Written with set-based SQL (generate_series), in a
 * database of its own (BENCH_KPI_DATABASE, default confiance_bench_kpi, with the scale in its name
 * below 1) kept between runs: a marker row holds the scale, a fingerprint of the schema and of this
 * seed, and the seed's day; the database is dropped and seeded again when they differ.
 *
 * The organisation is the demo one (seedDemo), so the complaint-intake benchmark's server, which
 * seeds the demo and files into it, can run against this very database.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { treeRoot } from './lib.ts';

/** Bump when the seed below changes: the database is then seeded again. */
const SEED_VERSION = 'kpi-seed-1';

export interface KpiSeedSizes {
  scale: number;
  complaints: number;
  contactEvents: number;
  customers: number;
}

export function sizesOf(scale: number): KpiSeedSizes {
  const n = (x: number) => Math.max(10, Math.round(x * scale));
  return { scale, complaints: n(1_000_000), contactEvents: n(10_000_000), customers: n(400_000) };
}

/** What the marker must match: the migrations (the schema) and this seed. */
export function fingerprint(): string {
  const journal = readFileSync(path.join(treeRoot, 'src/db/migrations/meta/_journal.json'), 'utf8');
  return createHash('sha256').update(journal).update(SEED_VERSION).digest('hex').slice(0, 16);
}

export interface KpiSeedMarker {
  orgId: string;
  /** The last local day of seeded records (Europe/Paris): the dashboard period ends there. */
  day: string;
}

export async function readMarker(client: pg.Client, scale: number): Promise<KpiSeedMarker | null> {
  const exists = await client.query(`select to_regclass('public.bench_kpi_marker') is not null as ok`);
  if (!exists.rows[0].ok) return null;
  const { rows } = await client.query(`select org_id, day from bench_kpi_marker where scale = $1 and fingerprint = $2`, [scale, fingerprint()]);
  const r = rows[0];
  return r ? { orgId: r.org_id, day: r.day } : null;
}

/** Runs `fill` with the table's plain indexes dropped, then builds them again (much faster than row by row maintenance). */
async function withoutIndexes(client: pg.Client, table: string, fill: () => Promise<void>): Promise<void> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = $1
       and indexname not in (select conname from pg_constraint)`,
    [table],
  );
  for (const r of rows) await client.query(`drop index "${r.indexname}"`);
  await fill();
  for (const r of rows) await client.query(r.indexdef);
}

/** A deterministic hash of an integer in [0, 2^31), one independent draw per salt (0-255). */
const h = (x: string, salt: number) => `(hashint8(((${x})::bigint << 8) | ${salt}) & 2147483647)`;

/**
 * Seeds the records of `orgId` (made by the caller with seedDemo). `end` is the last instant of
 * the records; they spread over the 730 days before it.
 */
export async function seed(client: pg.Client, sizes: KpiSeedSizes, orgId: string, end: Date, log: (line: string) => void): Promise<KpiSeedMarker> {
  await client.query(`set synchronous_commit = off`);
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '256MB'`);
  const step = async (label: string, work: () => Promise<void>) => {
    const t = Date.now();
    await work();
    log(`  seeded ${label} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const endIso = end.toISOString();
  const cid = (n: string) => `md5('bench-kpi-customer-' || (${n}))::uuid`;

  // Complaints: received over two years; most acknowledged within days, answered within weeks and
  // closed; some escalated, referred to the mediator, rated. Dates derived from integer hashes.
  await step(`${sizes.complaints.toLocaleString('en')} complaints`, () =>
    withoutIndexes(client, 'complaints', async () => {
      await client.query(
        `insert into complaints (org_id, reference, tracking_hash, customer_id, channel, category, description_enc, status, escalation_level,
                                 received_at, ack_due_on, answer_due_on, ack_warn_at, answer_warn_at,
                                 acknowledged_at, answered_at, closed_at, mediation_referred_at, satisfaction)
         select $1, 'BENCH-' || n, md5('bench-kpi-tracking-' || n), ${cid(`1 + n % $3::int`)},
                (array['portal','phone','letter','email','chat','web_shop'])[1 + r1 % 6],
                (array['billing','contract','service_quality','delivery','sales_practice','personal_data','accessibility','other'])[1 + r2 % 8],
                'bench', case when r3 % 100 < 80 then 'closed' when r3 % 100 < 88 then 'answered' when r3 % 100 < 95 then 'acknowledged' else 'received' end,
                case when r4 % 100 < 5 then 2 else 1 end,
                received, to_char(received + interval '14 days', 'YYYY-MM-DD'), to_char(received + interval '60 days', 'YYYY-MM-DD'),
                received + interval '10 days', received + interval '50 days',
                case when r3 % 100 < 95 then received + (1 + r5 % 300) * interval '1 hour' end,
                case when r3 % 100 < 88 then received + (2 + r5 % 70) * interval '1 day' end,
                case when r3 % 100 < 80 then received + (4 + r5 % 75) * interval '1 day' end,
                case when r4 % 100 = 0 then received + interval '90 days' end,
                case when r3 % 100 < 30 then 1 + r6 % 5 end
         from (select n, ${h('n', 1)} as r1, ${h('n', 2)} as r2, ${h('n', 3)} as r3, ${h('n', 4)} as r4, ${h('n', 5)} as r5, ${h('n', 6)} as r6,
                      timestamptz '${endIso}' - (${h('n', 7)} % (730 * 86400)) * interval '1 second' as received
               from generate_series(1, $2::int) n) g`,
        [orgId, sizes.complaints, sizes.customers],
      );
    }),
  );
  // Their timelines: one event per step, as the service writes them (to_status, escalations to
  // level 2, ratings with their score). Steps after the seed's end are left out.
  await step('complaint timelines', () =>
    withoutIndexes(client, 'complaint_events', async () => {
      await client.query(
        `insert into complaint_events (org_id, complaint_id, type, from_status, to_status, actor_type, detail, created_at)
         select org_id, id, type, null, to_status, 'system', detail, at from (
           select org_id, id, 'received' as type, 'received' as to_status, '{}'::jsonb as detail, received_at as at from complaints where org_id = $1
           union all select org_id, id, 'status', 'acknowledged', '{}', acknowledged_at from complaints where org_id = $1 and acknowledged_at is not null
           union all select org_id, id, 'status', 'answered', '{}', answered_at from complaints where org_id = $1 and answered_at is not null
           union all select org_id, id, 'status', 'closed', '{}', closed_at from complaints where org_id = $1 and closed_at is not null
           union all select org_id, id, 'escalated', null, '{"from":1,"to":2,"by":"staff"}', received_at + interval '20 days' from complaints where org_id = $1 and escalation_level = 2
           union all select org_id, id, 'rated', null, jsonb_build_object('score', satisfaction), closed_at + interval '1 day' from complaints where org_id = $1 and satisfaction is not null and closed_at is not null
           union all select org_id, id, 'status', 'reopened', '{}', closed_at + interval '3 days' from complaints where org_id = $1 and closed_at is not null and hashtext(reference) % 33 = 0
         ) e where at <= timestamptz '${endIso}'`,
        [orgId],
      );
    }),
  );
  // Contact events: attempts recorded by the contact guard, 80 % allowed, refusals with reasons.
  await step(`${sizes.contactEvents.toLocaleString('en')} contact events`, () =>
    withoutIndexes(client, 'contact_attempts', async () => {
      await client.query(
        `insert into contact_attempts (org_id, customer_id, channel, purpose, outcome, occurred_at, source, actor_type, allowed, reasons, evidence, declared)
         select $1, ${cid(`1 + r1 % $3::int`)},
                case when r2 % 10 < 7 then 'phone' when r2 % 10 < 9 then 'sms' else 'email' end,
                case when r3 % 100 < 85 then 'prospecting' else 'service' end,
                case when r4 % 100 < 20 then 'refused' else (array['no_answer','answered','sent','no_answer'])[1 + r4 % 4] end,
                timestamptz '${endIso}' - (r5 % (730 * 86400)) * interval '1 second', 'import', 'system',
                r4 % 100 >= 20,
                case when r4 % 100 < 20 then array[(array['consent_missing','opposition_listed','outside_calling_hours','attempt_cap_reached','refusal_cooling_off'])[1 + r3 % 5]] else '{}'::text[] end,
                '{"consentEvents":[],"restrictions":[],"attempts":[]}', '{}'
         from (select ${h('a', 11)} as r1, ${h('a', 12)} as r2, ${h('a', 13)} as r3, ${h('a', 14)} as r4, ${h('a', 15)} as r5
               from generate_series(1, $2::int) a) g`,
        [orgId, sizes.contactEvents, sizes.customers],
      );
    }),
  );
  await step('analyze', () => client.query('analyze').then(() => undefined));
  const { rows } = await client.query(`select to_char(timestamptz '${endIso}' at time zone 'Europe/Paris', 'YYYY-MM-DD') as day`);
  const day = rows[0].day as string;
  await client.query(`create table if not exists bench_kpi_marker (scale numeric, fingerprint text, org_id uuid, day text, seeded_at timestamptz default now())`);
  await client.query(`insert into bench_kpi_marker (scale, fingerprint, org_id, day) values ($1, $2, $3, $4)`, [sizes.scale, fingerprint(), orgId, day]);
  return { orgId, day };
}
