/**
 * Campaign scrub on PostgreSQL (issue 11: at least 3x faster than the straightforward SQL query
 * that encodes the same rules, identical decisions, memory reported). Needs DATABASE_URL; works in
 * a database of its own, seeded once and kept (bench/contact-scrub.seed.ts), at BENCH_SCALE
 * (default 1: 1,000,000 recipients against 10,000,000 consent events, 3,000,000 contact-history
 * rows and 1,000,000 opposition numbers).
 *
 * Baseline: BASELINE_SQL below, one query written the way one would by hand from the rules (a
 * row per recipient, correlated subqueries for consents, restrictions, the history and the
 * list), fetched by the client. Candidate: the product's own scrub, scrubCampaign (facts gathered
 * in bulk, each recipient judged by the rules pack, the report and every decision stored), on a
 * runtime whose consent index is already loaded, as in a running server (the cold load is timed
 * apart). Both campaigns are run: A in the opt-in era (2026-12-18), B before it (2026-07-13, the
 * opposition list). Baseline and candidate alternate, order swapped every round; the figure is
 * the median of the per-round ratios. The first round of each campaign compares every decision
 * (allowed, and the reasons in order) and prints the first differences.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { describeSpread } from './lib.ts';
import { readMarker, seed, sizesOf, SEND_A, SEND_B, type SeedMarker } from './contact-scrub.seed.ts';
import { loadConfig } from '../src/config.ts';
import { createRuntime, createLogger } from '../src/runtime.ts';
import { fixedClock } from '../src/core/clock.ts';
import { createTestOrg, createTestUser } from '../src/db/testing/factories.ts';
import { createPurpose } from '../src/core/consent/index.ts';
import { consentView } from '../src/core/contact/contact.service.ts';
import { scrubCampaign } from '../src/core/contact/campaign.service.ts';
import type { RequestContext } from '../src/core/context.ts';

/**
 * The straightforward query: for each recipient of the campaign, its customer and wall clock,
 * then every fact by a subquery, then the reasons in the order of the French pack
 * (src/rules/contact/fr.ts), each rule with the dates it is in force on the consumer's local date.
 * $1 organisation, $2 campaign, $3 the instant judged.
 */
export const BASELINE_SQL = `
with campaign as (
  select channel, purpose, sector from campaigns where org_id = $1 and id = $2
), purposes as (
  select * from consent_purposes where org_id = $1 and status = 'active'
), prospecting as (
  -- the channel's prospecting consents: consent-based marketing purposes covering it
  select p.* from purposes p, campaign c
  where p.legal_basis = 'consent' and p.data_use like 'marketing.%' and c.channel = any(p.channels) and p.key <> 'phone-out-of-hours'
), out_of_hours as (
  select * from purposes where key = 'phone-out-of-hours' and 'phone' = any(channels)
), holidays(day) as (
  -- C. trav. L.3133-1, 2025-2027
  values (date '2025-01-01'), ('2025-04-21'), ('2025-05-01'), ('2025-05-08'), ('2025-05-29'), ('2025-06-09'), ('2025-07-14'),
         ('2025-08-15'), ('2025-11-01'), ('2025-11-11'), ('2025-12-25'),
         ('2026-01-01'), ('2026-04-06'), ('2026-05-01'), ('2026-05-08'), ('2026-05-14'), ('2026-05-25'), ('2026-07-14'),
         ('2026-08-15'), ('2026-11-01'), ('2026-11-11'), ('2026-12-25'),
         ('2027-01-01'), ('2027-03-29'), ('2027-05-01'), ('2027-05-08'), ('2027-05-06'), ('2027-05-17'), ('2027-07-14'),
         ('2027-08-15'), ('2027-11-01'), ('2027-11-11'), ('2027-12-25')
), audience as (
  select r.line, r.customer_id, cu.id is null or cu.erased_at is not null as erased, cu.timezone, cu.phone_lookup,
         $3::timestamptz at time zone cu.timezone as local
  from campaign_recipients r left join customers cu on cu.org_id = $1 and cu.id = r.customer_id
  where r.org_id = $1 and r.campaign_id = $2
), restricted as (
  select a.*,
    exists (select 1 from consent_restrictions x where x.org_id = $1 and x.customer_id = a.customer_id and x.lifted_at is null
              and x.kind = 'objection' and (x.purpose_id is null or x.purpose_id in (select id from prospecting))) as objection,
    exists (select 1 from consent_restrictions x where x.org_id = $1 and x.customer_id = a.customer_id and x.lifted_at is null
              and x.kind = 'gpc') as gpc,
    exists (select 1 from consent_restrictions x where x.org_id = $1 and x.customer_id = a.customer_id and x.lifted_at is null
              and x.kind = 'objection' and x.purpose_id is null) as objected_all
  from audience a
), facts as materialized (
  select r.*, c.channel, c.purpose, c.sector, r.local::date as day, extract(isodow from r.local) as dow,
    floor(extract(epoch from r.local::time)) as second_of_day,
    -- each consent as the decision API reads it (GPC, objections first; an expired consent is none),
    -- then a no on any purpose wins over a yes
    (select case when bool_or(st = 'withdrawn') then 'withdrawn' when bool_or(st = 'given') then 'given' else 'none' end
     from (select case
             when r.gpc and p.gpc_applies then 'none'
             when r.objected_all then 'none'
             when exists (select 1 from consent_restrictions x where x.org_id = $1 and x.customer_id = r.customer_id
                            and x.lifted_at is null and x.kind = 'objection' and x.purpose_id = p.id) then 'none'
             when s.kind = 'given' and s.expires_at is not null and s.expires_at <= $3 then 'none'
             when s.kind = 'given' then 'given'
             when s.kind in ('withdrawn', 'refused') then 'withdrawn'
             else 'none' end as st
           from prospecting p left join consent_states s
             on s.org_id = $1 and s.customer_id = r.customer_id and s.purpose_id = p.id and s.channel = c.channel) readings) as consent,
    coalesce((select case
             when r.gpc and p.gpc_applies then false
             when r.objected_all then false
             when exists (select 1 from consent_restrictions x where x.org_id = $1 and x.customer_id = r.customer_id
                            and x.lifted_at is null and x.kind = 'objection' and x.purpose_id = p.id) then false
             when s.kind = 'given' and s.expires_at is not null and s.expires_at <= $3 then false
             else s.kind = 'given' end
           from out_of_hours p left join consent_states s
             on s.org_id = $1 and s.customer_id = r.customer_id and s.purpose_id = p.id and s.channel = 'phone'), false) as out_of_hours,
    -- calls to sell in the 30 days ending on the consumer's day, and refusals of the last 60 full days
    (select count(*) from contact_attempts h where h.org_id = $1 and h.customer_id = r.customer_id and h.channel = 'phone'
       and h.purpose = 'prospecting' and h.occurred_at <= $3
       and (h.occurred_at at time zone r.timezone)::date between r.local::date - 29 and r.local::date) as attempts,
    (select count(*) from contact_attempts h where h.org_id = $1 and h.customer_id = r.customer_id and h.channel = 'phone'
       and h.purpose = 'prospecting' and h.outcome in ('refused', 'do_not_call') and h.occurred_at <= $3
       and (h.occurred_at at time zone r.timezone)::date + 60 >= r.local::date) as refusals,
    -- on the opposition list extract in force on the consumer's day
    exists (select 1 from opposition_entries e where e.number_hash = r.phone_lookup and e.list_id = (
              select l.id from opposition_lists l where l.org_id = $1 and l.country = 'FR' and l.status = 'ready'
                and l.extracted_on <= r.local::date order by l.extracted_on desc limit 1)) as listed
  from restricted r, campaign c
  where not r.erased
)
select a.customer_id, a.erased as erased, f.reasons from audience a left join (
  select customer_id, case when purpose <> 'prospecting' then '{}'::text[] else array_remove(array[
    case when objection then 'objection_to_marketing' end,
    case when consent = 'withdrawn' and (channel = 'post' or (channel = 'phone' and day < '2026-08-11')) then 'consent_withdrawn' end,
    case when day >= '2018-05-25' and gpc then 'gpc_objection' end,
    case when channel = 'phone' and sector = 'energy_renovation' and day between '2020-07-26' and '2025-06-30' then 'banned_sector' end,
    case when channel <> 'post' and sector <> 'other' and day >= '2025-07-01' then 'banned_sector' end,
    case when channel = 'phone' and listed and day <= '2026-08-10' then 'opposition_listed' end,
    case when channel = 'phone' and day >= '2026-08-11' then
      case consent when 'withdrawn' then 'consent_withdrawn' when 'none' then 'consent_missing' end end,
    case when channel in ('sms', 'email') then
      case consent when 'withdrawn' then 'consent_withdrawn' when 'none' then 'consent_missing' end end,
    case when channel = 'phone' and not out_of_hours and day >= '2023-03-01' and dow > 5 then 'outside_calling_days' end,
    case when channel = 'phone' and not out_of_hours and day >= '2023-03-01' and day in (select day from holidays) then 'public_holiday' end,
    case when channel = 'phone' and not out_of_hours and day >= '2023-03-01'
           and not (second_of_day >= 36000 and second_of_day < 46800 or second_of_day >= 50400 and second_of_day < 72000)
         then 'outside_calling_hours' end,
    case when channel = 'phone' and day >= '2023-03-01' and attempts >= 4 then 'attempt_cap_reached' end,
    case when channel = 'phone' and day >= '2023-03-01' and refusals > 0 then 'refusal_cooling_off' end
  ], null) end as reasons
  from facts
) f using (customer_id)
order by a.line`;

interface Decisions {
  /** customer id -> allowed, then the reason codes in order ("+" when allowed). */
  byCustomer: Map<string, string>;
}

const keyOf = (allowed: boolean, reasons: readonly string[]) => (allowed ? '+' : `-${reasons.join(',')}`);

/** Peak resident memory of this process since the last reset (Linux), and heap sampled meanwhile. */
class MemoryWatch {
  private heapPeak = 0;
  private timer: NodeJS.Timeout | null = null;

  start(): void {
    try {
      writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
    } catch {
      // not Linux, or not allowed: the peak is then since the process started
    }
    this.heapPeak = getHeapStatistics().used_heap_size;
    this.timer = setInterval(() => this.sample(), 10);
  }

  private sample(): void {
    this.heapPeak = Math.max(this.heapPeak, getHeapStatistics().used_heap_size);
  }

  stop(): { rssPeakMiB: number; heapPeakMiB: number } {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    const rss = hwm ? Number(hwm[1]) * 1024 : process.memoryUsage().rss;
    return { rssPeakMiB: rss / 2 ** 20, heapPeakMiB: this.heapPeak / 2 ** 20 };
  }
}

async function pgClient(url: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The bench database's URL, made (and seeded) when missing or stale; the runtime on it. */
async function open(log: (line: string) => void) {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('contact-scrub needs DATABASE_URL (PostgreSQL): its data does not fit PGlite');
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, not "${process.env.BENCH_SCALE}"`);
  // One database per scale, so a small run does not reseed the large one.
  const name = process.env.BENCH_SCRUB_DATABASE ?? `confiance_bench_scrub${scale === 1 ? '' : `_${String(scale).replace(/\W/g, '_')}`}`;
  if (!/^confiance_bench_\w+$/.test(name))
    throw new Error(`refusing database "${name}": the bench drops it to reseed (name it confiance_bench_*)`);
  const sizes = sizesOf(scale);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const admin = await pgClient(baseUrl);
  let marker: SeedMarker | null = null;
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) {
      const client = await pgClient(url.toString());
      marker = await readMarker(client, scale).finally(() => client.end());
    }
    if (!marker) {
      log(`  seeding ${name} at scale ${scale} (the marker is missing or differs)`);
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.query(`create database "${name}"`);
    } else log(`  reusing ${name} (scale ${scale}, schema and seed unchanged)`);
  } finally {
    await admin.end();
  }
  const clock = fixedClock(new Date('2026-12-07T08:00:00Z'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-scrub-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: url.toString(), CONFIANCE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
  const rt = await createRuntime(config, { logger: createLogger('warn'), clock });
  if (!marker) {
    const started = Date.now();
    const org = await createTestOrg(rt);
    const dpo = await createTestUser(rt, org.id, ['dpo']);
    const notice = { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous contacter.', textEn: 'We may contact you.' };
    const purposes: Record<string, string> = {};
    for (const p of [
      { key: 'offers-phone', dataUse: 'marketing.communications.telephone', channels: ['phone', 'sms'] as const },
      { key: 'partners-phone', dataUse: 'marketing.third_party', channels: ['phone'] as const, gpcApplies: false },
      { key: 'phone-out-of-hours', dataUse: 'marketing.communications.telephone', channels: ['phone'] as const },
      { key: 'newsletter', dataUse: 'marketing.communications.email', channels: ['email'] as const },
    ])
      purposes[p.key] = (await createPurpose(rt.deps, dpo.ctx, { ...p, legalBasis: 'consent', channels: [...p.channels], notice })).id;
    const client = await pgClient(url.toString());
    try {
      marker = await seed(client, sizes, { orgId: org.id, userId: dpo.user.id, purposes }, log);
    } finally {
      await client.end();
    }
    log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const ctx: RequestContext = {
    actor: { kind: 'user', id: marker.userId, orgId: marker.orgId, roles: ['supervisor'], permissions: [], sessionId: '' },
    orgId: marker.orgId,
    requestId: null,
    ipHash: null,
    locale: 'fr',
  } as unknown as RequestContext;
  return { rt, clock, marker, sizes, url: url.toString(), ctx };
}

interface Timed<T> {
  seconds: number;
  value: T;
  rssPeakMiB: number;
  heapPeakMiB: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const watch = new MemoryWatch();
  watch.start();
  const started = process.hrtime.bigint();
  const value = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, value, ...watch.stop() };
}

/** Compares two sets of decisions; prints the first differences. */
function compareDecisions(label: string, baseline: Decisions, candidate: Decisions): number {
  let differences = 0;
  const shown: string[] = [];
  for (const [id, b] of baseline.byCustomer) {
    const c = candidate.byCustomer.get(id);
    if (c !== b) {
      differences++;
      if (shown.length < 10) shown.push(`    ${id}: baseline ${b}  product ${c ?? '(missing)'}`);
    }
  }
  for (const id of candidate.byCustomer.keys())
    if (!baseline.byCustomer.has(id)) {
      differences++;
      if (shown.length < 10) shown.push(`    ${id}: baseline (missing)  product ${candidate.byCustomer.get(id)}`);
    }
  console.log(
    `  check ${label}: ${differences === 0 ? 'identical decisions' : `${differences.toLocaleString('en')} DIFFERENT decisions`} for ${baseline.byCustomer.size.toLocaleString('en')} recipients (allowed, and every reason in order)`,
  );
  for (const line of shown) console.log(line);
  return differences;
}

function summary(d: Decisions): string {
  const counts = new Map<string, number>();
  let allowed = 0;
  for (const k of d.byCustomer.values()) {
    if (k === '+') allowed++;
    else for (const r of k.slice(1).split(',')) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const by = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n.toLocaleString('en')}`);
  return `${allowed.toLocaleString('en')} allowed; refused by reason: ${by.join(', ')}`;
}

export async function run(): Promise<void> {
  console.log(`\n## Campaign scrub on PostgreSQL: the product's scrubCampaign vs the straightforward SQL query`);
  if (!process.env.DATABASE_URL) {
    // `npm run bench` on PGlite runs every bench: this one is skipped there, not failed.
    console.log('  skipped: needs DATABASE_URL (PostgreSQL); its data does not fit PGlite');
    return;
  }
  const log = (line: string) => console.log(line);
  const { rt, clock, marker, sizes, url, ctx } = await open(log);
  if (process.env.BENCH_SEED_ONLY) {
    await rt.close();
    return;
  }
  const client = await pgClient(url);
  try {
    console.log(
      `  scale ${sizes.scale}: ${sizes.recipients.toLocaleString('en')} recipients (campaign A; B has a tenth of them), ${sizes.customers.toLocaleString('en')} customers, ` +
        `${sizes.consentEvents.toLocaleString('en')} consent events, ${sizes.attempts.toLocaleString('en')} contact-history rows, ${sizes.oppositionNumbers.toLocaleString('en')} opposition numbers`,
    );
    // A running server has its consent index loaded: the cold load is measured once, apart.
    const cold = await timed(() => consentView(rt.deps, marker.orgId));
    console.log(
      `  consent index cold load (once per process, from the projection): ${cold.seconds.toFixed(1)} s, RSS peak ${cold.rssPeakMiB.toFixed(0)} MiB, heap peak ${cold.heapPeakMiB.toFixed(0)} MiB`,
    );

    const baseline = (campaignId: string, at: string) =>
      timed(async () => {
        const { rows } = await client.query<{ customer_id: string; erased: boolean; reasons: string[] | null }>(BASELINE_SQL, [
          marker.orgId,
          campaignId,
          at,
        ]);
        const byCustomer = new Map<string, string>();
        for (const r of rows)
          byCustomer.set(r.customer_id, r.erased ? keyOf(false, ['subject_erased']) : keyOf(r.reasons!.length === 0, r.reasons!));
        return { byCustomer };
      });
    const candidate = (campaignId: string, now: string) =>
      timed(async () => {
        clock.set(new Date(now));
        return scrubCampaign(rt.deps, ctx, campaignId);
      });
    const stored = async (scrubId: string): Promise<Decisions> => {
      const { rows } = await client.query<{ customer_id: string; allowed: boolean; reasons: string[] }>(
        'select customer_id, allowed, reasons from campaign_decisions where org_id = $1 and scrub_id = $2',
        [marker.orgId, scrubId],
      );
      return { byCustomer: new Map(rows.map((r) => [r.customer_id, keyOf(r.allowed, r.reasons)])) };
    };
    const drop = (scrubId: string) => client.query('delete from campaign_scrubs where org_id = $1 and id = $2', [marker.orgId, scrubId]);

    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const campaigns = [
      {
        label: 'A (phone, 2026-12-18 16:00 Paris, opt-in era)',
        id: marker.campaignA,
        at: SEND_A,
        now: '2026-12-07T08:00:00Z',
        size: sizes.recipients,
      },
      {
        label: 'B (phone, 2026-07-13 23:30 Paris, opposition-list era)',
        id: marker.campaignB,
        at: SEND_B,
        now: '2026-07-01T08:00:00Z',
        size: Math.ceil(sizes.recipients / 10),
      },
    ];
    let differences = 0;
    for (const c of campaigns) {
      const b: Timed<Decisions>[] = [];
      const p: Timed<unknown>[] = [];
      for (let i = 0; i < rounds; i++) {
        const runBaseline = async () => b.push(await baseline(c.id, c.at));
        const runCandidate = async () => {
          const result = await candidate(c.id, c.now);
          p.push(result);
          if (i === 0) {
            const ours = await stored(result.value.id);
            differences += compareDecisions(c.label, (b[0] ?? (await baseline(c.id, c.at))).value, ours);
            if (i === 0) console.log(`  ${c.label}: ${summary(ours)}`);
          }
          await drop(result.value.id);
        };
        if (i % 2 === 0) {
          await runBaseline();
          await runCandidate();
        } else {
          await runCandidate();
          await runBaseline();
        }
      }
      const ratios = b.map((x, i) => x.seconds / p[i]!.seconds);
      const mem = (xs: Timed<unknown>[]) =>
        `RSS peak ${Math.max(...xs.map((x) => x.rssPeakMiB)).toFixed(0)} MiB, heap peak ${Math.max(...xs.map((x) => x.heapPeakMiB)).toFixed(0)} MiB`;
      console.log(`\n  campaign ${c.label}, ${c.size.toLocaleString('en')} recipients, ${rounds} rounds alternating:`);
      console.log(`    baseline SQL query (fetched)      ${b.map((x) => x.seconds.toFixed(2)).join(' / ')} s; Node process ${mem(b)}`);
      console.log(`    product scrubCampaign (stored)    ${p.map((x) => x.seconds.toFixed(2)).join(' / ')} s; Node process ${mem(p)}`);
      console.log(`    ratio baseline time / product time: ${describeSpread(ratios, 2)} (target >= 3)`);
      console.log(
        `    product recipients per second: ${describeSpread(
          p.map((x) => c.size / x.seconds),
          0,
        )}`,
      );
    }
    if (differences > 0) process.exitCode = 1;
  } finally {
    await client.end();
    await rt.close();
  }
}
