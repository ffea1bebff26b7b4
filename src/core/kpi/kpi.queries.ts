/**
 * Read models of the dashboard: the stored daily values of a period (never the source records),
 * turned into each KPI's value, its trend and breakdown, beside the period before.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { RequestContext } from '../context.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { Contributed, HomeViewer, KpiDefinition, KpiRecord } from '../module.ts';
import { findOrganisationById } from '../organisations/index.ts';
import {
  addDays,
  aggregate,
  meetsTarget,
  bucketOf,
  bucketsOf,
  dayIn,
  daysBetween,
  granularityFor,
  previousPeriod,
  targetOn,
  type Target,
  type Granularity,
} from './kpi.math.ts';
import { canDrill } from './kpi.policy.ts';
import * as repo from './kpi.repo.ts';
import type { DrillQueryInput, PeriodQueryInput } from './kpi.schemas.ts';
import { kpiRefreshState } from './kpi.tables.ts';

/** The default period: the last 30 days, today included. */
const DEFAULT_DAYS = 30;
/** Longest period one view computes (ten years of days). */
export const MAX_PERIOD_DAYS = 3660;
/** Records listed behind one figure. */
export const DRILL_LIMIT = 500;

export interface Period {
  from: string;
  to: string;
}

export interface PeriodView {
  tz: string;
  period: Period;
  previousPeriod: Period;
  granularity: Granularity;
  refreshedAt: Date | null;
}

export interface KpiFigures {
  definition: KpiDefinition;
  module: string;
  value: number | null;
  previous: number | null;
  trend: { bucket: string; value: number | null }[];
  /** Per breakdown value: the period's value and the one before (detail only). */
  breakdown: { dimension: string; value: number | null; previous: number | null }[];
  /** The target the period is judged against: the organisation's objective for it, else the catalogue's. */
  target: Target | null;
  /** The objective that set `target`, if one did. */
  objectiveId: string | null;
}

/** The period asked for, checked: a clear 400 for an inverted or endless one. `today` fills an open end. */
function checkedPeriod(query: PeriodQueryInput, today: string): Period {
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new AppError('validation', {}, [{ path: 'to', code: 'period_order' }]);
  if (daysBetween(from, to) > MAX_PERIOD_DAYS)
    throw new AppError('validation', {}, [{ path: 'from', code: 'period_too_long', params: { days: MAX_PERIOD_DAYS } }]);
  return { from, to };
}

/** A period given in full needs no "today" (nor the organisation's time zone): checked before any read. */
function givenPeriod(query: PeriodQueryInput): Period | null {
  return query.from && query.to ? checkedPeriod(query, query.to) : null;
}

async function periodOf(deps: Deps, orgId: string, query: PeriodQueryInput, db: Db = deps.db): Promise<{ tz: string; period: Period }> {
  const org = await findOrganisationById(db, orgId);
  const tz = org?.timezone ?? 'Europe/Paris';
  return { tz, period: checkedPeriod(query, dayIn(deps.clock.now(), tz)) };
}

function viewOf(tz: string, period: Period, refreshedAt: Date | null): PeriodView {
  return { tz, period, previousPeriod: previousPeriod(period.from, period.to), granularity: granularityFor(period.from, period.to), refreshedAt };
}

async function periodView(deps: Deps, orgId: string, query: PeriodQueryInput, db: Db = deps.db): Promise<PeriodView> {
  // Both at once: each round trip is a noticeable share of a dashboard load.
  const [{ tz, period }, [state]] = await Promise.all([
    periodOf(deps, orgId, query, db),
    db.select({ refreshedAt: kpiRefreshState.refreshedAt }).from(kpiRefreshState).where(eq(kpiRefreshState.orgId, orgId)),
  ]);
  return viewOf(tz, period, state?.refreshedAt ?? null);
}

const within = (rows: readonly repo.KpiDayRow[], p: Period) => rows.filter((r) => r.day >= p.from && r.day <= p.to);

/** Rows per KPI, and the period's buckets: worked out once for all the KPIs of a view. */
interface Prepared {
  byKpi: Map<string, repo.KpiDayRow[]>;
  buckets: string[];
}

function prepare(rows: readonly repo.KpiDayRow[], view: PeriodView): Prepared {
  const byKpi = new Map<string, repo.KpiDayRow[]>();
  for (const row of rows) {
    const list = byKpi.get(row.kpi);
    if (list) list.push(row);
    else byKpi.set(row.kpi, [row]);
  }
  return { byKpi, buckets: bucketsOf(view.period.from, view.period.to, view.granularity) };
}

function figures(
  entry: Contributed<KpiDefinition>,
  prepared: Prepared,
  view: PeriodView,
  withBreakdown: boolean,
  objectives: readonly repo.ObjectiveRow[],
): KpiFigures {
  const kpi = entry.handler;
  const { target, objective } = targetOn(
    kpi.target,
    objectives.filter((o) => o.kpi === kpi.key),
    view.period.to,
  );
  const empty = { definition: kpi, module: entry.module, value: null, previous: null, trend: [], breakdown: [], target, objectiveId: objective?.id ?? null };
  // Before the first refresh nothing is known: no figure, not even a count of 0.
  if (!kpi.source || !view.refreshedAt) return empty;
  const mine = prepared.byKpi.get(kpi.key) ?? [];
  const whole = mine.filter((r) => r.dimension === '');
  const current = within(whole, view.period);
  const byBucket = new Map<string, repo.KpiDayRow[]>();
  for (const row of current) {
    const bucket = bucketOf(row.day, view.granularity);
    const inBucket = byBucket.get(bucket);
    if (inBucket) inBucket.push(row);
    else byBucket.set(bucket, [row]);
  }
  const trend = prepared.buckets.map((bucket) => ({
    bucket,
    value: aggregate(kpi.aggregation, byBucket.get(bucket) ?? []),
  }));
  const breakdown: KpiFigures['breakdown'] = [];
  if (withBreakdown && kpi.breakdown) {
    const dimensions = [...new Set(mine.filter((r) => r.dimension !== '').map((r) => r.dimension))].sort();
    for (const dimension of dimensions) {
      const rowsOf = mine.filter((r) => r.dimension === dimension);
      breakdown.push({
        dimension,
        value: aggregate(kpi.aggregation, within(rowsOf, view.period)),
        previous: aggregate(kpi.aggregation, within(rowsOf, view.previousPeriod)),
      });
    }
  }
  return {
    ...empty,
    value: aggregate(kpi.aggregation, current),
    previous: aggregate(kpi.aggregation, within(whole, view.previousPeriod)),
    trend,
    breakdown,
  };
}

/** Every KPI of the catalogue with its figures over the period (and the one before). */
export function listKpis(deps: Deps, ctx: RequestContext, query: PeriodQueryInput): Promise<{ view: PeriodView; items: KpiFigures[] }> {
  return listFor(deps, requireOrg(ctx), query);
}

async function listFor(deps: Deps, orgId: string, query: PeriodQueryInput, db: Db = deps.db): Promise<{ view: PeriodView; items: KpiFigures[] }> {
  const catalogue = deps.registries.kpis;
  const keys = catalogue.filter((k) => k.handler.source).map((k) => k.handler.key);
  // One round trip for a period given in full (the dashboard's own requests): the values are read
  // in the same statement as the time zone, refresh state and objectives, which another read
  // would wait for. An open period needs the time zone's today first.
  const given = givenPeriod(query);
  const context = await repo.findList(db, orgId, keys, given && { from: previousPeriod(given.from, given.to).from, to: given.to });
  const tz = context.timezone ?? 'Europe/Paris';
  const period = given ?? checkedPeriod(query, dayIn(deps.clock.now(), tz));
  const rows = given
    ? context.rows
    : await repo.findValues(db, orgId, keys, previousPeriod(period.from, period.to).from, period.to, { wholeOnly: true });
  const view = viewOf(tz, period, context.refreshedAt);
  const prepared = prepare(rows, view);
  return { view, items: catalogue.map((entry) => figures(entry, prepared, view, false, context.objectives)) };
}

function entryOf(deps: Deps, key: string): Contributed<KpiDefinition> {
  const entry = deps.registries.kpis.find((k) => k.handler.key === key);
  if (!entry) throw notFound('kpi');
  return entry;
}

/** One KPI: its definition, figures, trend and breakdown over the period. */
export async function getKpi(
  deps: Deps,
  ctx: RequestContext,
  key: string,
  query: PeriodQueryInput,
): Promise<{ view: PeriodView; kpi: KpiFigures }> {
  const orgId = requireOrg(ctx);
  const entry = entryOf(deps, key);
  const view = await periodView(deps, orgId, query);
  const [rows, objectives] = await Promise.all([
    entry.handler.source ? repo.findValues(deps.db, orgId, [key], view.previousPeriod.from, view.period.to) : [],
    repo.findObjectives(deps.db, orgId, key),
  ]);
  return { view, kpi: figures(entry, prepare(rows, view), view, true, objectives) };
}

/**
 * The records behind a KPI's figure over the period, newest first, read from its source module's
 * records, only for a viewer who may read those records there (canDrill): the figure is an
 * aggregate anyone with `kpi:read` sees, the records are not.
 */
export async function findKpiRecords(
  deps: Deps,
  ctx: RequestContext,
  key: string,
  query: DrillQueryInput,
): Promise<{ period: Period; dimension: string | null; records: KpiRecord[]; factLabels: Readonly<Record<string, string>> }> {
  const orgId = requireOrg(ctx);
  const kpi = entryOf(deps, key).handler;
  if (!kpi.source || !kpi.drill) throw notFound('kpi_records');
  if (!canDrill(ctx.actor, kpi)) throw forbidden(kpi.drill.permission);
  const { tz, period } = await periodOf(deps, orgId, query);
  const records = await kpi.drill.records(deps.db, orgId, { ...period, tz }, query.dimension ?? null, DRILL_LIMIT);
  return { period, dimension: query.dimension ?? null, records, factLabels: kpi.drill.factLabels ?? {} };
}

/**
 * The home section of those who answer for the figures (ethics officer, DPO, supervisor,
 * auditor): the KPIs off target over the last 30 days, worst first by their module's order, and
 * how many have a target at all.
 */
export async function kpiHomeSummary(deps: Deps, viewer: HomeViewer): Promise<Record<string, unknown>> {
  const { view, items } = await listFor(deps, viewer.orgId, {});
  const judged = items.filter((f) => f.definition.source && f.target && f.value !== null);
  const off = judged.filter((f) => !meetsTarget(f.value as number, f.target!));
  return {
    period: view.period,
    refreshedAt: view.refreshedAt?.toISOString() ?? null,
    withTarget: judged.length,
    offTarget: off.map((f) => ({
      key: f.definition.key,
      module: f.module,
      name: f.definition.name,
      unit: f.definition.unit,
      value: f.value,
      target: f.target,
    })),
  };
}

/** A KPI whose value over the last 30 days misses its target (the KPI-off-target control). */
export interface OffTargetKpi {
  key: string;
  value: number;
  target: Target;
  objectiveId: string | null;
  period: Period;
}

/**
 * The organisation's KPIs off target over the default period (the last 30 days, from the stored
 * values): judged against the objective set for the period, else the catalogue's target. A KPI
 * with no data or no target is not off target.
 */
export async function findKpisOffTarget(deps: Deps, db: Db, orgId: string): Promise<OffTargetKpi[]> {
  const { view, items } = await listFor(deps, orgId, {}, db);
  return items.flatMap((f) =>
    f.definition.source && f.target && f.value !== null && !meetsTarget(f.value, f.target)
      ? [{ key: f.definition.key, value: f.value, target: f.target, objectiveId: f.objectiveId, period: view.period }]
      : [],
  );
}

/**
 * Every KPI of the catalogue over a given period and the one of the same length before it, with
 * their breakdowns and trends, for one organisation: what a report (the CSR report) prints. Read
 * from the stored daily values like the dashboard; null figures before the first refresh.
 */
export async function findPeriodFigures(
  deps: Deps,
  orgId: string,
  period: Period,
  granularity: Granularity = granularityFor(period.from, period.to),
): Promise<{ view: PeriodView; items: KpiFigures[] }> {
  const [state] = await deps.db.select({ refreshedAt: kpiRefreshState.refreshedAt }).from(kpiRefreshState).where(eq(kpiRefreshState.orgId, orgId));
  const org = await findOrganisationById(deps.db, orgId);
  const view: PeriodView = {
    tz: org?.timezone ?? 'Europe/Paris',
    period,
    previousPeriod: previousPeriod(period.from, period.to),
    granularity,
    refreshedAt: state?.refreshedAt ?? null,
  };
  const catalogue = deps.registries.kpis;
  const keys = catalogue.filter((k) => k.handler.source).map((k) => k.handler.key);
  const [rows, objectives] = await Promise.all([repo.findValues(deps.db, orgId, keys, view.previousPeriod.from, view.period.to), repo.findObjectives(deps.db, orgId)]);
  const prepared = prepare(rows, view);
  return { view, items: catalogue.map((entry) => figures(entry, prepared, view, true, objectives)) };
}
