import { and, asc, eq, gt, gte, inArray, lte, or, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import type { KpiChange, KpiDayValue } from '../module.ts';
import { kpiObjectives, kpiRefreshState, kpiValues } from './kpi.tables.ts';

export type RefreshStateRow = typeof kpiRefreshState.$inferSelect;
export type KpiValueRow = typeof kpiValues.$inferSelect;
export type ObjectiveRow = typeof kpiObjectives.$inferSelect;

/** Every organisation with its time zone (the days of its KPIs are its local days). */
export function findOrganisations(db: Db): Promise<{ id: string; timezone: string }[]> {
  return db.select({ id: organisations.id, timezone: organisations.timezone }).from(organisations).orderBy(asc(organisations.createdAt));
}

/** The refresh state of an organisation, locked for the caller's transaction. */
export async function lockState(tx: Db, orgId: string): Promise<RefreshStateRow | null> {
  const [row] = await tx.select().from(kpiRefreshState).where(eq(kpiRefreshState.orgId, orgId)).for('update');
  return row ?? null;
}

export async function saveState(tx: Db, row: RefreshStateRow): Promise<void> {
  await tx
    .insert(kpiRefreshState)
    .values(row)
    .onConflictDoUpdate({
      target: kpiRefreshState.orgId,
      set: {
        position: row.position,
        previousPosition: row.previousPosition,
        day: row.day,
        refreshedAt: row.refreshedAt,
        rebuiltAt: row.rebuiltAt,
      },
    });
}

/** The last insertion position of the organisation's audit events (0 for none). */
export async function lastPosition(db: Db, orgId: string): Promise<number> {
  const [row] = await queryRows<{ p: number | null }>(db, sql`select max(position)::float8 as p from audit_events where org_id = ${orgId}`);
  return row?.p ?? 0;
}

/**
 * Successful audit events after `position` up to `upTo`, of the types starting with one of
 * `prefixes`, in insertion order, a page at a time, each with its local day in `tz`. Filtered and
 * dated here: the other events (customers, assignments, sign-ins) are most of a busy minute and
 * change no KPI, and a local day per event in JavaScript (Intl) cost more than the recomputation.
 */
export async function changesAfter(
  db: Db,
  orgId: string,
  range: { after: number; upTo: number },
  prefixes: readonly string[],
  tz: string,
  limit: number,
): Promise<(KpiChange & { position: number; day: string })[]> {
  if (prefixes.length === 0) return [];
  const rows = await db
    .select({
      position: auditEvents.position,
      type: auditEvents.type,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      payload: auditEvents.payload,
      at: auditEvents.createdAt,
      day: sql<string>`to_char((${auditEvents.createdAt} at time zone ${tz})::date, 'YYYY-MM-DD')`,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, orgId),
        gt(auditEvents.position, range.after),
        lte(auditEvents.position, range.upTo),
        // A denied attempt changed nothing.
        eq(auditEvents.outcome, 'success'),
        or(...prefixes.map((p) => sql`starts_with(${auditEvents.type}, ${p})`)),
      ),
    )
    .orderBy(asc(auditEvents.position))
    .limit(limit);
  return rows.map((r) => ({ ...r, payload: (r.payload ?? {}) as Record<string, unknown> }));
}

/** Stored days of some KPIs: `from`..`to` of each run. */
function daysOf(orgId: string, kpis: readonly string[], runs: readonly { from: string; to: string }[]) {
  return and(
    eq(kpiValues.orgId, orgId),
    inArray(kpiValues.kpi, [...kpis]),
    or(...runs.map((r) => and(gte(kpiValues.day, r.from), lte(kpiValues.day, r.to)))),
  );
}

/**
 * Replaces the stored days of some KPIs (the runs of days recomputed) with their new values: one
 * delete and one insert per thousand rows for them all (days without a value lose their row).
 */
export async function replaceDays(
  tx: Db,
  orgId: string,
  runs: readonly { from: string; to: string }[],
  values: readonly { kpi: string; values: readonly KpiDayValue[] }[],
  now: Date,
): Promise<void> {
  if (runs.length === 0 || values.length === 0) return;
  await tx.delete(kpiValues).where(
    daysOf(
      orgId,
      values.map((v) => v.kpi),
      runs,
    ),
  );
  const rows = values.flatMap(({ kpi, values: days }) =>
    days.map((v) => ({ orgId, kpi, day: v.day, dimension: v.dimension, num: v.num, den: v.den ?? null, samples: v.samples ?? null, computedAt: now })),
  );
  // Plain inserts of a thousand rows (the bulk form of src/db/bulk.ts takes no array column).
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(kpiValues).values(rows.slice(i, i + 1000));
}

/** Drops every stored value of the organisation (a rebuild starts from nothing). */
export async function deleteAllValues(tx: Db, orgId: string): Promise<void> {
  await tx.delete(kpiValues).where(eq(kpiValues.orgId, orgId));
}

/** A stored day as the dashboard reads it. */
export type KpiDayRow = Pick<KpiValueRow, 'kpi' | 'day' | 'dimension' | 'num' | 'den' | 'samples'>;

/** `1.5,2,30` (array_to_string of a float8[]) as numbers; PostgreSQL writes each float8 exactly (shortest round-trip form). */
function parseSamples(text: string): number[] {
  return text === '' ? [] : text.split(',').map(Number);
}

/**
 * Stored values of some KPIs over local days `from`..`to`; `wholeOnly` leaves the breakdown rows
 * out (the dashboard's list shows none). The samples of the quantile KPIs (every duration of the
 * period) come as one string split here: the driver's generic array parser, character by
 * character, took most of the dashboard's load (bench/kpi-dashboard.bench.ts).
 */
export async function findValues(
  db: Db,
  orgId: string,
  kpis: readonly string[],
  from: string,
  to: string,
  options: { wholeOnly?: boolean } = {},
): Promise<KpiDayRow[]> {
  if (kpis.length === 0) return [];
  // Plain rows (no query builder mapping): a dashboard load reads hundreds of them.
  const rows = await queryRows<{ kpi: string; day: string; dimension: string; num: number; den: number | null; samples: string | null }>(
    db,
    sql`select kpi, to_char(day, 'YYYY-MM-DD') as day, dimension, num, den, array_to_string(samples, ',') as samples
        from kpi_values
        where org_id = ${orgId} and kpi in (${sql.join(
          kpis.map((k) => sql`${k}`),
          sql`, `,
        )}) and day >= ${from}::date and day <= ${to}::date${options.wholeOnly ? sql` and dimension = ''` : sql``}
        order by kpi, day, dimension`,
  );
  // A median and its 90th percentile store the same samples each day: read once, shared.
  const parsed = new Map<string, number[]>();
  return rows.map((r) => {
    if (r.samples === null) return { ...r, samples: null };
    let samples = parsed.get(r.samples);
    if (!samples) parsed.set(r.samples, (samples = parseSamples(r.samples)));
    return { ...r, samples };
  });
}

/** Every stored value of the organisation, in a stable order (tests compare incremental and rebuilt). */
export function findAllValues(db: Db, orgId: string): Promise<KpiValueRow[]> {
  return db
    .select()
    .from(kpiValues)
    .where(eq(kpiValues.orgId, orgId))
    .orderBy(asc(kpiValues.kpi), asc(kpiValues.day), asc(kpiValues.dimension));
}

/** What the dashboard's list reads: the organisation's time zone, its last refresh (null: never), its objectives and, for a given period, the values. */
export interface ListRead {
  timezone: string | null;
  refreshedAt: Date | null;
  objectives: ObjectiveRow[];
  rows: KpiDayRow[];
}

/**
 * The dashboard list's read in one statement (one round trip: on a loaded machine each costs more
 * than the reads themselves, bench/kpi-dashboard.bench.ts): the organisation's time zone, refresh
 * state and objectives by KPI then period and, when the days `from`..`to` are known, the whole
 * values (no breakdown) of `kpis` over them. Values and samples come as JSON, which both drivers
 * parse natively; PostgreSQL writes each float8 in its shortest exact form.
 */
export async function findList(db: Db, orgId: string, kpis: readonly string[], days: { from: string; to: string } | null): Promise<ListRead> {
  const values =
    days && kpis.length > 0
      ? sql`(select coalesce(json_agg(json_build_array(v.kpi, to_char(v.day, 'YYYY-MM-DD'), v.num, v.den, v.samples) order by v.kpi, v.day), '[]')
             from kpi_values v
             where v.org_id = o.id and v.dimension = '' and v.kpi in (${sql.join(
               kpis.map((k) => sql`${k}`),
               sql`, `,
             )}) and v.day >= ${days.from}::date and v.day <= ${days.to}::date)`
      : sql`'[]'::json`;
  const [row] = await queryRows<{ timezone: string | null; refreshed_at: string | Date | null; objectives: unknown; vals: unknown }>(
    db,
    sql`select o.timezone, s.refreshed_at,
          (select coalesce(json_agg(json_build_object('id', j.id, 'orgId', j.org_id, 'kpi', j.kpi, 'from', to_char(j.from_day, 'YYYY-MM-DD'),
                    'to', to_char(j.to_day, 'YYYY-MM-DD'), 'value', j.value, 'direction', j.direction, 'setBy', j.set_by, 'setAt', j.set_at)
                  order by j.kpi, j.from_day), '[]')
             from kpi_objectives j where j.org_id = o.id) as objectives,
          ${values} as vals
        from organisations o left join kpi_refresh_state s on s.org_id = o.id
        where o.id = ${orgId}`,
  );
  if (!row) return { timezone: null, refreshedAt: null, objectives: [], rows: [] };
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as unknown;
  const objectives = json(row.objectives) as (Omit<ObjectiveRow, 'setAt'> & { setAt: string })[];
  const vals = json(row.vals) as [string, string, number, number | null, number[] | null][];
  return {
    timezone: row.timezone,
    refreshedAt: row.refreshed_at === null ? null : new Date(row.refreshed_at),
    objectives: objectives.map((o) => ({ ...o, setAt: new Date(o.setAt) })),
    rows: vals.map(([kpi, day, num, den, samples]) => ({ kpi, day, dimension: '', num, den, samples })),
  };
}

/** The organisation's objectives, of one KPI or all, by KPI then period. */
export function findObjectives(db: Db, orgId: string, kpi?: string): Promise<ObjectiveRow[]> {
  const conditions = [eq(kpiObjectives.orgId, orgId)];
  if (kpi) conditions.push(eq(kpiObjectives.kpi, kpi));
  return db
    .select()
    .from(kpiObjectives)
    .where(and(...conditions))
    .orderBy(asc(kpiObjectives.kpi), asc(kpiObjectives.from));
}

/** Objectives of a KPI whose period meets `from`..`to`, locked (a new one must not overlap them). */
export function findOverlappingObjectives(tx: Db, orgId: string, kpi: string, from: string, to: string): Promise<ObjectiveRow[]> {
  return tx
    .select()
    .from(kpiObjectives)
    .where(and(eq(kpiObjectives.orgId, orgId), eq(kpiObjectives.kpi, kpi), lte(kpiObjectives.from, to), gte(kpiObjectives.to, from)))
    .for('update');
}

export async function insertObjective(tx: Db, values: typeof kpiObjectives.$inferInsert): Promise<ObjectiveRow> {
  const [row] = await tx.insert(kpiObjectives).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function deleteObjective(tx: Db, orgId: string, kpi: string, id: string): Promise<ObjectiveRow | undefined> {
  const [row] = await tx
    .delete(kpiObjectives)
    .where(and(eq(kpiObjectives.orgId, orgId), eq(kpiObjectives.kpi, kpi), eq(kpiObjectives.id, id)))
    .returning();
  return row;
}
