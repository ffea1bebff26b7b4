import { and, asc, eq, gt, gte, inArray, lte, sql } from 'drizzle-orm';
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

/** Successful audit events after `position`, in insertion order, a page at a time. */
export async function changesAfter(
  db: Db,
  orgId: string,
  position: number,
  limit: number,
): Promise<(KpiChange & { position: number; outcome: 'success' | 'denied' })[]> {
  const rows = await db
    .select({
      position: auditEvents.position,
      type: auditEvents.type,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      payload: auditEvents.payload,
      at: auditEvents.createdAt,
      outcome: auditEvents.outcome,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), gt(auditEvents.position, position)))
    .orderBy(asc(auditEvents.position))
    .limit(limit);
  return rows.map((r) => ({ ...r, payload: (r.payload ?? {}) as Record<string, unknown> }));
}

/** Replaces a KPI's stored days `from`..`to` with `values` (days without a value lose their row). */
export async function replaceDays(
  tx: Db,
  orgId: string,
  kpi: string,
  from: string,
  to: string,
  values: readonly KpiDayValue[],
  now: Date,
): Promise<void> {
  await tx
    .delete(kpiValues)
    .where(and(eq(kpiValues.orgId, orgId), eq(kpiValues.kpi, kpi), gte(kpiValues.day, from), lte(kpiValues.day, to)));
  // Plain inserts of a thousand rows (the bulk form of src/db/bulk.ts takes no array column).
  for (let i = 0; i < values.length; i += 1000) {
    await tx.insert(kpiValues).values(
      values.slice(i, i + 1000).map((v) => ({
        orgId,
        kpi,
        day: v.day,
        dimension: v.dimension,
        num: v.num,
        den: v.den ?? null,
        samples: v.samples ?? null,
        computedAt: now,
      })),
    );
  }
}

/** Drops every stored value of the organisation (a rebuild starts from nothing). */
export async function deleteAllValues(tx: Db, orgId: string): Promise<void> {
  await tx.delete(kpiValues).where(eq(kpiValues.orgId, orgId));
}

/** A stored day as the dashboard reads it. */
export type KpiDayRow = Pick<KpiValueRow, 'kpi' | 'day' | 'dimension' | 'num' | 'den' | 'samples'>;

/** `1.5,2,30` (array_to_string of a float8[]) as numbers; PostgreSQL writes each float8 exactly (shortest round-trip form). */
function parseSamples(text: string | null): number[] | null {
  if (text === null) return null;
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
  const rows = await db
    .select({
      kpi: kpiValues.kpi,
      day: kpiValues.day,
      dimension: kpiValues.dimension,
      num: kpiValues.num,
      den: kpiValues.den,
      samples: sql<string | null>`array_to_string(${kpiValues.samples}, ',')`,
    })
    .from(kpiValues)
    .where(
      and(
        eq(kpiValues.orgId, orgId),
        inArray(kpiValues.kpi, [...kpis]),
        gte(kpiValues.day, from),
        lte(kpiValues.day, to),
        options.wholeOnly ? eq(kpiValues.dimension, '') : undefined,
      ),
    )
    .orderBy(asc(kpiValues.kpi), asc(kpiValues.day), asc(kpiValues.dimension));
  return rows.map((r) => ({ ...r, samples: parseSamples(r.samples) }));
}

/** Every stored value of the organisation, in a stable order (tests compare incremental and rebuilt). */
export function findAllValues(db: Db, orgId: string): Promise<KpiValueRow[]> {
  return db
    .select()
    .from(kpiValues)
    .where(eq(kpiValues.orgId, orgId))
    .orderBy(asc(kpiValues.kpi), asc(kpiValues.day), asc(kpiValues.dimension));
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
