/**
 * The campaign-scrub benchmark's database (issue 11): one organisation on PostgreSQL with, at
 * BENCH_SCALE=1, 1,100,000 customers, 10,000,000 consent ledger events (and their projection),
 * 3,000,000 contact-history rows, 1,000,000 opposition-list numbers and two phone campaigns:
 * A, 1,000,000 recipients on Friday 2026-12-18 (opt-in era), and B, every tenth of them on
 * Monday 2026-07-13 (opposition-list era). Written with set-based SQL (generate_series), never row
 * by row, in a database of its own (BENCH_SCRUB_DATABASE, default confiance_bench_scrub, with the scale in its name below 1) that is
 * kept between runs: a marker row holds the scale and a fingerprint of the schema and of this seed,
 * and the database is dropped and seeded again when either differs.
 *
 * Ids are derived from numbers (customer n is md5('bench-customer-n')::uuid) so every table can
 * refer to customer n without a lookup; the mix of facts is drawn from cheap integer hashes so
 * each rule denies some recipients and allows others (see `SEED_VERSION` when changing it).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { treeRoot } from './lib.ts';

/** Bump when the seed below changes: the database is then seeded again. */
const SEED_VERSION = 'scrub-seed-4';

/** Friday 16:00 in Paris: 02:00 on Saturday in Nouméa, 05:00 in Tahiti (days and hours rules). */
export const SEND_A = '2026-12-18T15:00:00Z';
/** Monday 23:30 in Paris: already 14 July (a public holiday) in Réunion and Nouméa, 11:30 in Tahiti. */
export const SEND_B = '2026-07-13T21:30:00Z';

export interface SeedSizes {
  scale: number;
  customers: number;
  recipients: number;
  consentEvents: number;
  attempts: number;
  oppositionNumbers: number;
}

export function sizesOf(scale: number): SeedSizes {
  const n = (x: number) => Math.max(10, Math.round(x * scale));
  return {
    scale,
    recipients: n(1_000_000),
    customers: n(1_100_000),
    consentEvents: n(10_000_000),
    attempts: n(3_000_000),
    oppositionNumbers: n(1_000_000),
  };
}

/** What the marker must match: the migrations (the schema) and this seed. */
export function fingerprint(): string {
  const journal = readFileSync(path.join(treeRoot, 'src/db/migrations/meta/_journal.json'), 'utf8');
  return createHash('sha256').update(journal).update(SEED_VERSION).digest('hex').slice(0, 16);
}

export interface SeedMarker {
  orgId: string;
  campaignA: string;
  campaignB: string;
  userId: string;
}

export async function readMarker(client: pg.Client, scale: number): Promise<SeedMarker | null> {
  const exists = await client.query(`select to_regclass('public.bench_scrub_marker') is not null as ok`);
  if (!exists.rows[0].ok) return null;
  const { rows } = await client.query(
    `select org_id, campaign_a, campaign_b, user_id from bench_scrub_marker where scale = $1 and fingerprint = $2`,
    [scale, fingerprint()],
  );
  const r = rows[0];
  return r ? { orgId: r.org_id, campaignA: r.campaign_a, campaignB: r.campaign_b, userId: r.user_id } : null;
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

/** customer n (1-based) as a uuid, in SQL. */
const cid = (n: string) => `md5('bench-customer-' || (${n}))::uuid`;
/** A deterministic hash of an integer in [0, 2^31), one independent draw per salt (0-255). */
const h = (x: string, salt: number) => `(hashint8(((${x})::bigint << 8) | ${salt}) & 2147483647)`;

/**
 * Seeds the organisation's data. The organisation, its user and its consent purposes are made by
 * the caller through the product's services (few rows); `purposes` maps their keys to ids.
 */
export async function seed(
  client: pg.Client,
  sizes: SeedSizes,
  ids: { orgId: string; userId: string; purposes: Record<string, string> },
  log: (line: string) => void,
): Promise<SeedMarker> {
  const { orgId } = ids;
  const C = sizes.customers;
  const R = sizes.recipients;
  const p = ids.purposes;
  await client.query(`set synchronous_commit = off`);
  await client.query(`set maintenance_work_mem = '512MB'`);
  await client.query(`set work_mem = '256MB'`);
  const step = async (label: string, work: () => Promise<void>) => {
    const t = Date.now();
    await work();
    log(`  seeded ${label} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };

  // Customers: most in Paris, a quarter overseas (other wall clocks at the same instant); every
  // tenth without a phone number; one in 97 erased (GDPR Art. 17: left out with its own reason).
  await step(`${C.toLocaleString('en')} customers`, () =>
    withoutIndexes(client, 'customers', async () => {
      await client.query(
        `insert into customers (id, org_id, email_lookup, phone_lookup, locale, timezone, erased_at)
         select ${cid('n')}, $1, 'e' || n, case when n % 10 = 0 then null else 'p' || n end, 'fr',
                (array['Europe/Paris','Europe/Paris','Europe/Paris','Europe/Paris','Europe/Paris','Europe/Paris',
                       'Indian/Reunion','America/Martinique','America/Cayenne','Pacific/Noumea','Pacific/Tahiti','Europe/Paris'])[1 + n % 12],
                case when n % 97 = 0 then timestamptz '2026-10-01T00:00:00Z' end
         from generate_series(1, $2::int) n`,
        [orgId, C],
      );
    }),
  );

  // Consent ledger: events spread over the customers (about 9 each), on five purpose x channel
  // slots, given / withdrawn / refused / expired, some given ones expiring before or after the
  // campaigns. The projection keeps the last event of each subject x purpose x channel.
  const slots = [
    [p['offers-phone'], 'phone'],
    [p['offers-phone'], 'sms'],
    [p['partners-phone'], 'phone'],
    [p['phone-out-of-hours'], 'phone'],
    [p['newsletter'], 'email'],
  ];
  await step(`${sizes.consentEvents.toLocaleString('en')} consent events and their projection`, async () => {
    await withoutIndexes(client, 'consent_events', async () => {
      await client.query(
        `insert into consent_events (id, seq, org_id, customer_id, purpose_id, channel, kind, notice_version, method, source,
                                     occurred_at, expires_at, actor_type)
         select gen_random_uuid(), e, $1, ${cid(`1 + (e - 1) % $3::int`)},
                ($4::uuid[])[1 + s], ($5::text[])[1 + s],
                case when k < 60 then 'given' when k < 80 then 'withdrawn' when k < 93 then 'refused' else 'expired' end,
                1, 'imported', 'bench', timestamptz '2025-01-01T00:00:00Z' + (e % 600) * interval '1 day',
                case when k < 60 and k % 7 = 0 then timestamptz '${SEND_A}' + (k % 3 - 1) * interval '30 days' end,
                'system'
         from (select e, ${h('e', 11)} % 5 as s, ${h('e', 12)} % 100 as k from generate_series(1, $2::int) e) g`,
        [orgId, sizes.consentEvents, C, slots.map((s) => s[0]), slots.map((s) => s[1])],
      );
    });
    await client.query(`select setval(pg_get_serial_sequence('consent_events', 'seq'), $1)`, [sizes.consentEvents]);
    await withoutIndexes(client, 'consent_states', async () => {
      await client.query(
        `insert into consent_states (org_id, customer_id, purpose_id, channel, kind, event_id, event_seq, notice_version, occurred_at, expires_at)
         select distinct on (customer_id, purpose_id, channel) org_id, customer_id, purpose_id, channel, kind, id, seq, notice_version, occurred_at, expires_at
         from consent_events where org_id = $1 order by customer_id, purpose_id, channel, seq desc`,
        [orgId],
      );
    });
  });

  // Restrictions: objections to everything or to one purpose, GPC signals, Art. 18 restrictions,
  // and lifted objections (which no longer count).
  await step('restrictions', async () => {
    await client.query(
      `insert into consent_restrictions (org_id, customer_id, kind, purpose_id, source, lifted_at)
       select $1, ${cid('n')}, kind, purpose_id, 'bench', lifted_at from (
         select n, 'objection' as kind, null::uuid as purpose_id, null::timestamptz as lifted_at from generate_series(53, $2::int, 53) n
         union all select n, 'objection', $3::uuid, null from generate_series(59, $2::int, 59) n
         union all select n, 'objection', $4::uuid, null from generate_series(89, $2::int, 89) n
         union all select n, 'gpc', null, null from generate_series(61, $2::int, 61) n
         union all select n, 'restriction', null, null from generate_series(67, $2::int, 67) n
         union all select n, 'objection', null, timestamptz '2026-01-01T00:00:00Z' from generate_series(71, $2::int, 71) n
       ) r`,
      [orgId, C, p['offers-phone'], p['phone-out-of-hours']],
    );
  });

  // Contact history: on the first 40 % of customers (so caps are reached), 80 % phone, mostly
  // prospecting, with refusals and "do not call"; 70 % in the 40 days before campaign A, 30 %
  // before campaign B, a few just after each send instant (not known at its time).
  await step(`${sizes.attempts.toLocaleString('en')} contact-history rows`, () =>
    withoutIndexes(client, 'contact_attempts', async () => {
      await client.query(
        `insert into contact_attempts (org_id, customer_id, channel, purpose, outcome, occurred_at, source, actor_type, allowed, evidence, declared)
         select $1, ${cid(`1 + r1 % greatest(1, ($3::int * 4) / 10)`)},
                case when r2 % 10 < 8 then 'phone' when r2 % 10 = 8 then 'sms' else 'email' end,
                case when r3 % 100 < 85 then 'prospecting' else 'service' end,
                case when r2 % 10 >= 8 then 'sent'
                     else (array['no_answer','no_answer','no_answer','no_answer','no_answer','answered','answered','answered','refused','do_not_call'])[1 + r4 % 10]
                end,
                case when r3 % 10 < 7 then timestamptz '${SEND_A}' else timestamptz '${SEND_B}' end
                  - (r5 % (42 * 86400)) * interval '1 second' + (r5 % 21) * interval '1 minute' * (case when r4 % 50 = 0 then 144 else 0 end),
                'import', 'system', true, '{"consentEvents":[],"restrictions":[],"attempts":[]}', '{}'
         from (select ${h('a', 1)} as r1, ${h('a', 2)} as r2, ${h('a', 3)} as r3, ${h('a', 4)} as r4, ${h('a', 5)} as r5
               from generate_series(1, $2::int) a) g`,
        [orgId, sizes.attempts, C],
      );
    }),
  );

  // Opposition list: one extract (2026-06-01), a third of the customers' numbers and filler numbers.
  let listId = '';
  await step(`${sizes.oppositionNumbers.toLocaleString('en')} opposition numbers`, async () => {
    const { rows } = await client.query(
      `insert into opposition_lists (org_id, country, name, extracted_on, file_hash, status, entries, actor_type, completed_at)
       values ($1, 'FR', 'Bloctel', '2026-06-01', 'bench', 'ready', $2, 'system', now()) returning id`,
      [orgId, sizes.oppositionNumbers],
    );
    listId = rows[0].id;
    await client.query(`alter table opposition_entries drop constraint if exists opposition_entries_list_id_number_hash_pk`);
    await client.query(
      `insert into opposition_entries (list_id, number_hash)
       select $1, case when i <= least($2::int, $3::int / 3) then 'p' || (i * 3) else 'x' || i end from generate_series(1, $2::int) i`,
      [listId, sizes.oppositionNumbers, C],
    );
    await client.query(
      `alter table opposition_entries add constraint opposition_entries_list_id_number_hash_pk primary key (list_id, number_hash)`,
    );
  });

  // Two phone prospecting campaigns; their audiences in file order.
  const campaign = async (name: string, at: string, every: number, count: number) => {
    const { rows } = await client.query(
      `insert into campaigns (org_id, name, channel, purpose, sector, message, scheduled_at, message_check, audience_hash, recipients, actor_type, actor_id)
       values ($1, $2, 'phone', 'prospecting', 'other', 'Bonjour, nous vous appelons pour notre offre.', $3,
               '{"lang":"fr","flagged":false,"score":0,"findings":[]}', 'bench', $4, 'user', $5) returning id`,
      [orgId, name, at, count, ids.userId],
    );
    const id = rows[0].id as string;
    await client.query(
      `insert into campaign_recipients (campaign_id, org_id, customer_id, line)
       select $1, $2, ${cid(`(i - 1) * ${every} + 1`)}, i + 1 from generate_series(1, $3::int) i`,
      [id, orgId, count],
    );
    return id;
  };
  let campaignA = '';
  let campaignB = '';
  await step('campaigns', async () => {
    campaignA = await campaign('Bench A (opt-in era)', SEND_A, 1, R);
    campaignB = await campaign('Bench B (opposition-list era)', SEND_B, 10, Math.ceil(R / 10));
  });
  await step('analyze', () => client.query('analyze').then(() => undefined));
  await client.query(
    `create table if not exists bench_scrub_marker (scale numeric, fingerprint text, org_id uuid, campaign_a uuid, campaign_b uuid, user_id uuid, seeded_at timestamptz default now())`,
  );
  await client.query(
    `insert into bench_scrub_marker (scale, fingerprint, org_id, campaign_a, campaign_b, user_id) values ($1, $2, $3, $4, $5, $6)`,
    [sizes.scale, fingerprint(), orgId, campaignA, campaignB, ids.userId],
  );
  return { orgId, campaignA, campaignB, userId: ids.userId };
}
