/**
 * Change campaign planning on PostgreSQL (issue 13): the product's createChangeCampaign for an
 * offer whose version 1 has 1,000,000 active contracts (at BENCH_SCALE=1) must stay within 3x of
 * a single INSERT ... SELECT of the same rows, in the same run. Needs DATABASE_URL; works in a
 * database of its own (BENCH_CHANGE_DATABASE, default confiance_bench_change, with the scale in
 * its name below 1) seeded once with generate_series and kept between runs (a marker row holds the
 * scale and a fingerprint of the migrations and of this seed, as bench/contact-scrub.seed.ts does).
 *
 * Candidate: createChangeCampaign (the message check of the texts, the campaign row, every
 * notice planned by the sector's rule in one statement, the audit event), timed whole.
 * Baseline: one INSERT ... SELECT writing the same rows into change_notices with the dates
 * already known (constants), as one would with no rule to apply. Each round clears the notices
 * (TRUNCATE, untimed); baseline and candidate alternate, order swapped every round; the figure
 * is the median of the per-round ratios. The first round checks the rows are the same.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describeSpread, treeRoot } from './lib.ts';
import { loadConfig } from '../src/config.ts';
import { createRuntime, createLogger } from '../src/runtime.ts';
import { fixedClock } from '../src/core/clock.ts';
import { createTestOrg, createTestUser } from '../src/db/testing/factories.ts';
import { addVersion, createOffer, offersSchemas } from '../src/core/offers/index.ts';
import { createChangeCampaign } from '../src/core/change-campaigns/index.ts';
import { planChangeNotice } from '../src/rules/transparency/index.ts';

const SEED_VERSION = 'change-seed-1';
const SEND_ON = '2027-01-20';
const EFFECTIVE_ON = '2027-03-01';

function fingerprint(): string {
  const journal = readFileSync(path.join(treeRoot, 'src/db/migrations/meta/_journal.json'), 'utf8');
  return createHash('sha256').update(journal).update(SEED_VERSION).digest('hex').slice(0, 16);
}

async function pgClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

interface Marker {
  orgId: string;
  offerId: string;
  fromVersionId: string;
  userId: string;
}

async function open(log: (line: string) => void) {
  const baseUrl = process.env.DATABASE_URL!;
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, not "${process.env.BENCH_SCALE}"`);
  const contracts = Math.max(10, Math.round(1_000_000 * scale));
  const name = process.env.BENCH_CHANGE_DATABASE ?? `confiance_bench_change${scale === 1 ? '' : `_${String(scale).replace(/\W/g, '_')}`}`;
  if (!/^confiance_bench_\w+$/.test(name))
    throw new Error(`refusing database "${name}": the bench drops it to reseed (name it confiance_bench_*)`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const admin = await pgClient(baseUrl);
  let marker: Marker | null = null;
  try {
    if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) {
      const client = await pgClient(url.toString());
      try {
        if ((await client.query(`select to_regclass('public.bench_change_marker') is not null as ok`)).rows[0].ok) {
          const { rows } = await client.query(
            `select org_id, offer_id, from_version_id, user_id from bench_change_marker where scale = $1 and fingerprint = $2`,
            [scale, fingerprint()],
          );
          const r = rows[0];
          if (r) marker = { orgId: r.org_id, offerId: r.offer_id, fromVersionId: r.from_version_id, userId: r.user_id };
        }
      } finally {
        await client.end();
      }
    }
    if (!marker) {
      log(`  seeding ${name} at scale ${scale} (the marker is missing or differs)`);
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.query(`create database "${name}"`);
    } else log(`  reusing ${name} (scale ${scale}, schema and seed unchanged)`);
  } finally {
    await admin.end();
  }
  const clock = fixedClock(new Date(`${SEND_ON}T08:00:00Z`));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-change-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url.toString(),
    CONFIANCE_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    CONFIANCE_WORKER: 'off',
  });
  const rt = await createRuntime(config, { logger: createLogger('warn'), clock });
  if (!marker) {
    const started = Date.now();
    const org = await createTestOrg(rt);
    const user = await createTestUser(rt, org.id, ['supervisor']);
    const seedDeps = { ...rt.deps, clock: fixedClock(new Date('2027-01-05T08:00:00Z')) };
    const { offer, version } = await createOffer(
      seedDeps,
      user.ctx,
      offersSchemas.CreateOfferSchema.parse({
        slug: 'box',
        kind: 'service',
        sector: 'energy',
        name: { fr: 'Électricité', en: 'Electricity' },
        priceCents: 5_000,
        pricePeriod: 'month',
        renewal: 'none',
      }),
    );
    await addVersion(
      seedDeps,
      user.ctx,
      offer.id,
      offersSchemas.NewVersionSchema.parse({
        name: { fr: 'Électricité', en: 'Electricity' },
        priceCents: 5_600,
        pricePeriod: 'month',
        renewal: 'none',
        reason: { fr: 'Hausse du tarif d’acheminement', en: 'Network tariff rise' },
        validFrom: new Date(`${EFFECTIVE_ON}T00:00:00+01:00`).toISOString(),
      }),
    );
    const client = await pgClient(url.toString());
    try {
      await client.query(`set synchronous_commit = off`);
      // Customer n and contract n: ids from numbers, set-based (never row by row).
      await client.query(
        `insert into customers (id, org_id, email_lookup, locale, timezone)
         select md5('bench-customer-' || n)::uuid, $1, 'e' || n, 'fr', 'Europe/Paris' from generate_series(1, $2::int) n`,
        [org.id, contracts],
      );
      await client.query(
        `insert into contracts (org_id, customer_id, offer_id, offer_version_id, reference, channel, sector, kind, concluded_on, start_on, renewal, status)
         select $1, md5('bench-customer-' || n)::uuid, $2, $3, 'CT-BENCH-' || n, 'online', 'energy', 'service',
                date '2026-01-01' + (n % 300), date '2026-01-01' + (n % 300), 'none', 'active'
         from generate_series(1, $4::int) n`,
        [org.id, offer.id, version.id, contracts],
      );
      await client.query(`analyze customers; analyze contracts`);
      await client.query(
        `create table bench_change_marker (scale double precision, fingerprint text, org_id uuid, offer_id uuid, from_version_id uuid, user_id uuid)`,
      );
      await client.query(`insert into bench_change_marker values ($1, $2, $3, $4, $5, $6)`, [
        scale,
        fingerprint(),
        org.id,
        offer.id,
        version.id,
        user.user.id,
      ]);
    } finally {
      await client.end();
    }
    marker = { orgId: org.id, offerId: offer.id, fromVersionId: version.id, userId: user.user.id };
    log(`  seeded ${contracts.toLocaleString('en')} customers and contracts in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return { rt, marker, contracts, url: url.toString() };
}

export async function run(): Promise<void> {
  console.log(`\n## Change campaign planning on PostgreSQL: createChangeCampaign vs a single INSERT ... SELECT of the same rows`);
  if (!process.env.DATABASE_URL) {
    console.log('  skipped: needs DATABASE_URL (PostgreSQL)');
    return;
  }
  const log = (line: string) => console.log(line);
  const { rt, marker, contracts, url } = await open(log);
  const client = await pgClient(url);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  const ctx = {
    actor: {
      kind: 'user',
      id: marker.userId,
      orgId: marker.orgId,
      roles: ['supervisor'],
      permissions: new Set(['contract:manage']),
      sessionId: '',
    },
    orgId: marker.orgId,
    requestId: null,
    ipHash: null,
    locale: 'fr',
  } as const;
  const plan = planChangeNotice({ sector: 'energy', plannedEffectiveOn: EFFECTIVE_ON, sendOn: SEND_ON });
  const clear = async () => {
    await client.query(`truncate change_notices`);
    await client.query(`delete from change_campaigns`);
  };
  const candidate = async () => {
    const started = process.hrtime.bigint();
    const campaign = await createChangeCampaign(rt.deps, ctx as never, { offerId: marker.offerId });
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, campaignId: campaign.id };
  };
  const baseline = async () => {
    // The campaign row exists beforehand (untimed): the baseline times the rows only.
    const { rows } = await client.query(
      `insert into change_campaigns (org_id, offer_id, to_version_id, sector, message_type, planned_effective_on, send_on, checks, flagged)
       select $1, $2, v.id, 'energy', 'price_change', $3, $4, '[]', false from offer_versions v where v.offer_id = $2 and v.version = 2 returning id`,
      [marker.orgId, marker.offerId, EFFECTIVE_ON, SEND_ON],
    );
    const campaignId = rows[0].id as string;
    const started = process.hrtime.bigint();
    await client.query(
      `insert into change_notices (org_id, campaign_id, contract_id, customer_id, from_version_id, sector, send_on, send_by,
         planned_effective_on, effective_on, moved, terminate_by, notice_months, rule_ref, rule_source)
       select c.org_id, $2, c.id, c.customer_id, c.offer_version_id, c.sector, $3, $4, $5, $6, $7, $8, $9, $10, $11
       from contracts c where c.org_id = $1 and c.offer_id = $12 and c.status = 'active' and c.offer_version_id = $13`,
      [
        marker.orgId,
        campaignId,
        SEND_ON,
        plan.sendBy,
        plan.plannedEffectiveOn,
        plan.effectiveOn,
        plan.moved,
        plan.terminateBy,
        plan.noticeMonths,
        plan.ref,
        plan.source,
        marker.offerId,
        marker.fromVersionId,
      ],
    );
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, campaignId };
  };
  const digest = async (campaignId: string) =>
    (
      await client.query(
        `select count(*)::int as n, md5(string_agg(contract_id::text || send_by || effective_on || terminate_by || moved || rule_ref, ',' order by contract_id)) as h
         from change_notices where campaign_id = $1`,
        [campaignId],
      )
    ).rows[0] as { n: number; h: string };
  await clear();
  const ratios: number[] = [];
  const times: { b: number[]; c: number[] } = { b: [], c: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['b', 'c'] as const) : (['c', 'b'] as const);
    const result: Record<'b' | 'c', { seconds: number; campaignId: string }> = {} as never;
    const digests: Record<string, { n: number; h: string }> = {};
    for (const which of order) {
      result[which] = which === 'b' ? await baseline() : await candidate();
      if (r === 0) digests[which] = await digest(result[which].campaignId);
      await clear();
    }
    if (r === 0) {
      const same = digests.b!.n === digests.c!.n && digests.b!.h === digests.c!.h;
      console.log(
        `  check: ${same ? 'the same' : 'DIFFERENT'} ${digests.c!.n.toLocaleString('en')} rows (contract, last day to send, effective day, deadline, moved, rule)`,
      );
    }
    times.b.push(result.b.seconds);
    times.c.push(result.c.seconds);
    ratios.push(result.c.seconds / result.b.seconds);
    console.log(
      `  round ${r + 1}: baseline ${result.b.seconds.toFixed(2)} s, createChangeCampaign ${result.c.seconds.toFixed(2)} s, ratio ${(result.c.seconds / result.b.seconds).toFixed(2)}`,
    );
  }
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  console.log(
    `  ${contracts.toLocaleString('en')} contracts, ${rounds} rounds: baseline ${describeSpread(times.b, 2)} s; product ${describeSpread(times.c, 2)} s`,
  );
  console.log(
    `  createChangeCampaign / single INSERT ... SELECT: median ratio ${median.toFixed(2)} (target: within 3x) ${median <= 3 ? 'MET' : 'NOT MET'}`,
  );
  await client.end();
  await rt.close();
}
