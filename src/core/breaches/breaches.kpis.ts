/**
 * Breach KPIs (GDPR Art. 33; GRI 418-1 counts leaks, thefts and losses of customer data): how
 * many breaches became known, and how fast the authority was told (72 hours from awareness).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { KpiChange, KpiDayRange, KpiDayValue, KpiDefinition, KpiSource } from '../module.ts';
import { chunks, distinct, localDay, readSamples, samplesOf, uuidList, withinDays } from '../kpi/index.ts';

/** A change to a breach touches the days of its awareness and of its notification to the authority. */
export const breachKpiSource: KpiSource = {
  id: 'breaches',
  changedBy: ['breach.'],
  async affectedDays(db: Db, orgId: string, tz: string, changes: readonly KpiChange[]) {
    const ids = distinct(changes.map((c) => (c.targetType === 'breach' ? c.targetId : null)));
    const days: string[] = [];
    for (const part of chunks(ids)) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct ${localDay(sql`t`, tz)} as day from (
              select unnest(array[aware_at, authority_notified_at]) as t from breaches where org_id = ${orgId} and id in (${uuidList(part)})) x where t is not null`,
      );
      days.push(...rows.map((r) => r.day));
    }
    return days;
  },
};

async function count(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<{ day: string; dimension: string; num: number }>(
    db,
    sql`select day, case when grouping(risk) = 1 then '' else risk end as dimension, count(*)::int as num
        from (select ${localDay(sql`aware_at`, range.tz)} as day, risk from breaches where org_id = ${orgId} and ${withinDays(sql`aware_at`, range)}) x
        group by grouping sets ((day), (day, risk))`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension, num: r.num }));
}

async function notifications(db: Db, orgId: string, range: KpiDayRange, kind: 'hours' | 'on_time'): Promise<KpiDayValue[]> {
  const rows = await queryRows<{ day: string; num: number; den: number; samples: unknown }>(
    db,
    sql`select ${localDay(sql`authority_notified_at`, range.tz)} as day,
          count(*) filter (where authority_notified_at <= authority_due_at)::int as num, count(*)::int as den,
          ${samplesOf(sql`extract(epoch from authority_notified_at - aware_at) / 3600`)} as samples
        from breaches where org_id = ${orgId} and ${withinDays(sql`authority_notified_at`, range)} group by 1`,
  );
  return rows.map((r) =>
    kind === 'hours'
      ? { day: r.day, dimension: '', num: r.den, samples: readSamples(r.samples) }
      : { day: r.day, dimension: '', num: r.num, den: r.den },
  );
}

const drill = (column: 'aware_at' | 'authority_notified_at'): NonNullable<KpiDefinition['drill']> => ({
  permission: 'breach:read',
  factLabels: { status: 'breaches.status', risk: 'breaches.risk' },
  async records(db, orgId, range, dimension, limit) {
    const col = sql.raw(column);
    const rows = await queryRows<{
      id: string;
      reference: string;
      status: string;
      risk: string;
      at: string | Date;
      hours: number | null;
      on_time: boolean | null;
    }>(
      db,
      sql`select id, reference, status, risk, ${col} as at, extract(epoch from authority_notified_at - aware_at) / 3600 as hours,
            authority_notified_at <= authority_due_at as on_time
          from breaches where org_id = ${orgId} and ${withinDays(col, range)}${dimension ? sql` and risk = ${dimension}` : sql``}
          order by ${col} desc limit ${limit}`,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      at: new Date(r.at).toISOString(),
      facts: {
        status: r.status,
        risk: r.risk,
        hoursToNotify: r.hours === null ? null : Math.round(Number(r.hours) * 10) / 10,
        onTime: r.on_time,
      },
      path: `/app/breaches/${r.id}`,
    }));
  },
});

/** The catalogue's breach KPIs (module manifest `kpis`). */
export const breachKpis: KpiDefinition[] = [
  {
    key: 'breaches.count',
    name: { fr: 'Violations de données', en: 'Personal-data breaches' },
    formula: {
      fr: 'Nombre de violations inscrites au registre (RGPD art. 33(5)), notifiées ou non, au jour où l’organisation en a eu connaissance.',
      en: 'Number of breaches in the register (GDPR Art. 33(5)), notified or not, on the day the organisation became aware of them.',
    },
    records: ['breaches'],
    unit: 'count',
    owner: 'dpo',
    target: { value: 0, direction: 'lower' },
    aggregation: { kind: 'sum' },
    breakdown: { fr: 'Niveau de risque', en: 'Risk level' },
    breakdownLabels: 'breaches.risk',
    source: breachKpiSource,
    compute: count,
    drill: drill('aware_at'),
  },
  {
    key: 'breaches.time_to_notify',
    name: { fr: 'Délai de notification à l’autorité (médiane)', en: 'Time to notify the authority (median)' },
    formula: {
      fr: 'Médiane, en heures, du temps entre la prise de connaissance et la notification à l’autorité, sur les notifications faites dans la période (RGPD art. 33(1) : 72 heures au plus).',
      en: 'Median, in hours, of the time from awareness to notification of the authority, over the notifications made in the period (GDPR Art. 33(1): 72 hours at most).',
    },
    records: ['breaches'],
    unit: 'hours',
    owner: 'dpo',
    target: { value: 72, direction: 'lower' },
    aggregation: { kind: 'quantile', q: 0.5 },
    source: breachKpiSource,
    compute: (db, orgId, range) => notifications(db, orgId, range, 'hours'),
    drill: drill('authority_notified_at'),
  },
  {
    key: 'breaches.notified_on_time',
    name: { fr: 'Notifications dans les 72 heures', en: 'Notifications within 72 hours' },
    formula: {
      fr: 'Part des notifications à l’autorité faites avant l’échéance des 72 heures (RGPD art. 33(1)), au jour de la notification.',
      en: 'Share of the notifications to the authority made before the 72-hour deadline (GDPR Art. 33(1)), on the day of notification.',
    },
    records: ['breaches'],
    unit: 'percent',
    owner: 'dpo',
    target: { value: 100, direction: 'higher' },
    aggregation: { kind: 'ratio', scale: 100 },
    source: breachKpiSource,
    compute: (db, orgId, range) => notifications(db, orgId, range, 'on_time'),
    drill: drill('authority_notified_at'),
  },
];
