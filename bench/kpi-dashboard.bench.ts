/**
 * KPI dashboard on PostgreSQL (issue 14): with 1,000,000 complaints and 10,000,000 contact events
 * (BENCH_SCALE, default 1; seeded once and kept, bench/kpi-dashboard.seed.ts), two ratios
 * measured in one run:
 *
 * 1. The dashboard's load (listKpis and its presenter: every KPI of a 30-day period and the one
 *    before, from the daily values the refresh job keeps) against computing the same figures
 *    from the raw records (each KPI's own `compute` over the same days, then the same
 *    aggregation), alternating round by round; p50 and p95 of both. The first round checks that
 *    both give the same value for every KPI. Target: >= 100x.
 * 2. The incremental update against intake: the complaint-intake benchmark's load (its server and
 *    autocannon, bench/complaint-intake.bench.ts) files complaints into this database for
 *    BENCH_SECONDS, then the KPI refresh (the cron's job, refreshOrganisation) brings the figures
 *    up to date with everything filed; complaints refreshed per second of refresh over complaints
 *    filed per second of intake. Target: >= 5x.
 *
 * Needs DATABASE_URL (the role must be able to create databases). BENCH_ROUNDS (default 3),
 * BENCH_SECONDS (default 8), BENCH_DASHBOARD_LOADS (candidate loads per round, default 20).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeSpread, fmt, quantile, startChild } from './lib.ts';
import { post } from './complaint-intake.bench.ts';
import { readMarker, seed, sizesOf, type KpiSeedMarker } from './kpi-dashboard.seed.ts';
import { loadConfig } from '../src/config.ts';
import { createRuntime, createLogger, type Runtime } from '../src/runtime.ts';
import { seedDemo } from '../src/db/seed/demo.ts';
import type { RequestContext } from '../src/core/context.ts';
import { listKpis } from '../src/core/kpi/kpi.queries.ts';
import { presentKpiList } from '../src/core/kpi/kpi.presenter.ts';
import { addDays, aggregate, previousPeriod } from '../src/core/kpi/kpi.math.ts';
import { rebuildOrganisation, refreshOrganisation } from '../src/core/kpi/kpi.refresh.ts';
import { findOrganisations } from '../src/core/kpi/kpi.repo.ts';

async function pgClient(url: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** The bench database (made and seeded when missing or stale) and a runtime on it. */
async function open(log: (line: string) => void) {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('kpi-dashboard needs DATABASE_URL (PostgreSQL): its data does not fit PGlite');
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  if (!(scale > 0)) throw new Error(`BENCH_SCALE must be a positive number, not "${process.env.BENCH_SCALE}"`);
  const name = process.env.BENCH_KPI_DATABASE ?? `confiance_bench_kpi${scale === 1 ? '' : `_${String(scale).replace(/\W/g, '_')}`}`;
  if (!/^confiance_bench_\w+$/.test(name)) throw new Error(`refusing database "${name}": the bench drops it to reseed (name it confiance_bench_*)`);
  const sizes = sizesOf(scale);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const admin = await pgClient(baseUrl);
  let marker: KpiSeedMarker | null = null;
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
    } else log(`  reusing ${name} (scale ${scale}, schema and seed unchanged; records up to ${marker.day})`);
  } finally {
    await admin.end();
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-bench-kpi-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: url.toString(), CONFIANCE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
  const rt = await createRuntime(config, { logger: createLogger('warn') });
  if (!marker) {
    const started = Date.now();
    await seedDemo(rt.deps);
    const [org] = await findOrganisations(rt.deps.db);
    if (!org) throw new Error('the demo organisation is missing after seedDemo');
    const client = await pgClient(url.toString());
    try {
      marker = await seed(client, sizes, org.id, new Date(), log);
    } finally {
      await client.end();
    }
    const rebuild = process.hrtime.bigint();
    await rebuildOrganisation(rt.deps, org);
    log(`  first KPI rebuild (every KPI, every day, from the records): ${seconds(rebuild).toFixed(1)} s`);
    log(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const ctx = {
    actor: { kind: 'user', id: '00000000-0000-0000-0000-000000000000', orgId: marker.orgId, roles: ['ethics_officer'], permissions: new Set(['kpi:read', 'complaint:read', 'contact:read']), sessionId: '' },
    orgId: marker.orgId,
    requestId: null,
    ipHash: null,
    locale: 'fr',
  } as unknown as RequestContext;
  const close = async () => {
    await rt.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { rt, marker, sizes, url: url.toString(), ctx, close };
}

/** The dashboard as the API serves it: every KPI's figures over the period, presented. */
async function loadDashboard(rt: Runtime, ctx: RequestContext, period: { from: string; to: string }) {
  const { view, items } = await listKpis(rt.deps, ctx, period);
  presentKpiList(view, items, ctx.actor, 'fr');
  return new Map(items.map((f) => [f.definition.key, { value: f.value, previous: f.previous }]));
}

/** The same figures computed from the raw records: each KPI's `compute` over both periods' days, then the same aggregation. */
async function computeFromRecords(rt: Runtime, orgId: string, period: { from: string; to: string }) {
  const before = previousPeriod(period.from, period.to);
  const out = new Map<string, { value: number | null; previous: number | null }>();
  for (const { handler: kpi } of rt.deps.registries.kpis) {
    if (!kpi.source || !kpi.compute) continue;
    const days = (await kpi.compute(rt.deps.db, orgId, { from: before.from, to: period.to, tz: 'Europe/Paris' })).filter((d) => d.dimension === '')
      .map((d) => ({ day: d.day, num: d.num, den: d.den ?? null, samples: d.samples ?? null }));
    const within = (p: { from: string; to: string }) => days.filter((d) => d.day >= p.from && d.day <= p.to);
    out.set(kpi.key, { value: aggregate(kpi.aggregation, within(period)), previous: aggregate(kpi.aggregation, within(before)) });
  }
  return out;
}

/** KPIs whose dashboard figure differs from the one computed from the records. */
function differences(dashboard: Map<string, { value: number | null; previous: number | null }>, raw: Map<string, { value: number | null; previous: number | null }>) {
  const same = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
  return [...raw.entries()].filter(([key, r]) => {
    const d = dashboard.get(key);
    return !d || !same(d.value, r.value) || !same(d.previous, r.previous);
  });
}

const ms = (s: number) => `${fmt(s * 1000, 1)} ms`;

export async function run(): Promise<void> {
  const log = (line: string) => console.log(line);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const loads = Number(process.env.BENCH_DASHBOARD_LOADS ?? 20);
  const intakeSeconds = Number(process.env.BENCH_SECONDS ?? 8);
  const { rt, marker, sizes, url, ctx, close } = await open(log);
  try {
    const [org] = (await findOrganisations(rt.deps.db)).filter((o) => o.id === marker.orgId);
    if (!org) throw new Error('the bench organisation is missing');
    // Whatever earlier runs filed and left unrefreshed, and the days turned since: not measured.
    await refreshOrganisation(rt.deps, org);

    const period = { from: addDays(marker.day, -29), to: marker.day };
    console.log(
      `## KPI dashboard vs the same figures from the raw records (pg, ${sizes.complaints.toLocaleString('en')} complaints, ${sizes.contactEvents.toLocaleString('en')} contact events, period ${period.from} – ${period.to} and the 30 days before)`,
    );
    const dash: number[] = [];
    const raw: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Order swapped every round: neither side always meets warm caches left by the other.
      const candidate = async () => {
        const times: number[] = [];
        let last: Awaited<ReturnType<typeof loadDashboard>> | null = null;
        for (let i = 0; i < loads; i++) {
          const t = process.hrtime.bigint();
          last = await loadDashboard(rt, ctx, period);
          times.push(seconds(t));
        }
        return { times, figures: last! };
      };
      const baseline = async () => {
        const t = process.hrtime.bigint();
        const figures = await computeFromRecords(rt, marker.orgId, period);
        return { time: seconds(t), figures };
      };
      const first = round % 2 === 0 ? await baseline() : null;
      const c = await candidate();
      const b = first ?? (await baseline());
      if (round === 0) {
        const diff = differences(c.figures, b.figures);
        console.log(`  check: ${diff.length === 0 ? `the same value and previous value for all ${b.figures.size} computed KPIs` : `${diff.length} KPIs DIFFER: ${diff.map(([k]) => k).join(', ')}`}`);
      }
      dash.push(...c.times);
      raw.push(b.time);
      const median = [...c.times].sort((x, y) => x - y)[Math.floor(c.times.length / 2)]!;
      ratios.push(b.time / median);
      console.log(`  round ${round + 1}: from the records ${ms(b.time)}; dashboard median ${ms(median)} (${loads} loads); ratio ${fmt(b.time / median, 0)}x`);
    }
    const sortedDash = [...dash].sort((x, y) => x - y);
    const sortedRaw = [...raw].sort((x, y) => x - y);
    console.log(`  from the raw records (each KPI's compute)  p50 ${ms(quantile(sortedRaw, 0.5))}  p95 ${ms(quantile(sortedRaw, 0.95))}  (n=${raw.length})`);
    console.log(`  dashboard (listKpis + presenter)           p50 ${ms(quantile(sortedDash, 0.5))}  p95 ${ms(quantile(sortedDash, 0.95))}  (n=${dash.length})`);
    console.log(`  ratio per round (records / dashboard median): ${describeSpread(ratios, 0)}`);
    console.log(
      `  ratio of p50 ${fmt(quantile(sortedRaw, 0.5) / quantile(sortedDash, 0.5), 0)}x, of p95 ${fmt(quantile(sortedRaw, 0.95) / quantile(sortedDash, 0.95), 0)}x (target >= 100x)`,
    );

    console.log(`## KPI refresh vs complaint intake (the complaint-intake load, ${intakeSeconds} s per round, into this database)`);
    const intake = await startChild<{ port: number; token: string; driver: string; pid: number }>('intake', { DATABASE_URL: url });
    try {
      const appUrl = `http://127.0.0.1:${intake.info.port}/api/complaints`;
      const auth = { authorization: `Bearer ${intake.info.token}` };
      await post(appUrl, auth, 2);
      await refreshOrganisation(rt.deps, org);
      const keepUp: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const load = await post(appUrl, auth, intakeSeconds);
        if (load.non2xx + load.errors > 0) throw new Error(`intake answered ${load.non2xx + load.errors} non-2xx responses or errors`);
        const filed = Math.round(load.requestsPerSec * intakeSeconds);
        const t = process.hrtime.bigint();
        const outcome = await refreshOrganisation(rt.deps, org);
        const spent = seconds(t);
        const refreshRate = filed / spent;
        keepUp.push(refreshRate / load.requestsPerSec);
        console.log(
          `  round ${round + 1}: intake ${fmt(load.requestsPerSec, 0)} complaints/s (${filed} filed, p99 ${load.p99} ms); refresh of ${outcome.events} audit events (${outcome.days} day ranges) in ${ms(spent)} = ${fmt(refreshRate, 0)} complaints/s; ratio ${fmt(refreshRate / load.requestsPerSec, 1)}x`,
        );
      }
      console.log(`  ratio refresh / intake (complaints per second): ${describeSpread(keepUp, 1)} (target >= 5x)`);
    } finally {
      await intake.stop();
    }
  } finally {
    await close();
  }
}
