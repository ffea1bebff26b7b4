import { sql } from 'drizzle-orm';
import { bigint, date, doublePrecision, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The daily values of every KPI per organisation and breakdown value (`dimension`, '' for the
 * whole): the parts a period's value is computed from (see KpiDayValue), kept up to date by the
 * refresh job so the dashboard never reads the source records. Derived data, no personal data:
 * `confiance kpi rebuild` recomputes it all from the records.
 */
export const kpiValues = pgTable(
  'kpi_values',
  {
    orgId: uuid('org_id').notNull(),
    kpi: text('kpi').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    dimension: text('dimension').notNull().default(''),
    num: doublePrecision('num').notNull(),
    den: doublePrecision('den'),
    samples: doublePrecision('samples').array(),
    computedAt: timestamp('computed_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.kpi, t.day, t.dimension] }),
    // The dashboard's list: every KPI's whole values (no breakdown) over a few weeks. The key leads
    // with the KPI, so that read scanned the whole table (every KPI, day and breakdown value).
    index('kpi_values_whole_day_idx')
      .on(t.orgId, t.day)
      .where(sql`${t.dimension} = ''`),
  ],
);

/**
 * Where the refresh of an organisation's KPIs stands: the audit events read so far (by their
 * insertion `position`) and the local day of the last refresh. `previousPosition` is the cursor
 * of the run before: each run reads again from there, so an event whose transaction committed
 * after a later one was read is still seen (see kpi.refresh.ts).
 */
export const kpiRefreshState = pgTable('kpi_refresh_state', {
  orgId: uuid('org_id').primaryKey(),
  position: bigint('position', { mode: 'number' }).notNull(),
  previousPosition: bigint('previous_position', { mode: 'number' }).notNull(),
  day: text('day').notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true, precision: 3 }).notNull(),
  rebuiltAt: timestamp('rebuilt_at', { withTimezone: true, precision: 3 }),
});

/**
 * An organisation's objectives (issue 14, "a target per KPI and period"): the target of a KPI over
 * local days `from`..`to`, which replaces the catalogue's default target for a dashboard period
 * ending in it and for the KPI-off-target control. Periods of one KPI do not overlap (checked by
 * the service). Set by people who answer for the figures; no personal data.
 */
export const kpiObjectives = pgTable(
  'kpi_objectives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    kpi: text('kpi').notNull(),
    from: date('from_day', { mode: 'string' }).notNull(),
    to: date('to_day', { mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
    direction: text('direction', { enum: ['higher', 'lower'] }).notNull(),
    setBy: text('set_by').notNull(),
    setAt: timestamp('set_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('kpi_objectives_kpi_idx').on(t.orgId, t.kpi, t.from)],
);
