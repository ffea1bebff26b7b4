/**
 * Contact guard KPIs: attempts the rules refused (C. consom. L.223-1, D.223-9; CPCE L.34-5; GDPR
 * Art. 21), per reason, on the local day of the attempt. Refused attempts are stored all the same
 * (the caps need every attempt), so they can be counted.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { KpiChange, KpiDayRange, KpiDayValue, KpiDefinition, KpiSource } from '../module.ts';
import { chunks, distinct, localDay, uuidList, withinDays } from '../kpi/index.ts';

/**
 * A recorded attempt touches the day it happened (an agent may record a call after the fact); an
 * imported history, whose audit event holds counts only, every day holding imported attempts.
 */
export const contactKpiSource: KpiSource = {
  id: 'contact',
  changedBy: ['contact.attempt_recorded', 'contact.history_imported'],
  async affectedDays(db: Db, orgId: string, tz: string, changes: readonly KpiChange[]) {
    const ids = distinct(changes.map((c) => (typeof c.payload.attemptId === 'string' ? c.payload.attemptId : null)));
    const days: string[] = [];
    for (const part of chunks(ids)) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct ${localDay(sql`occurred_at`, tz)} as day from contact_attempts where org_id = ${orgId} and id in (${uuidList(part)})`,
      );
      days.push(...rows.map((r) => r.day));
    }
    if (changes.some((c) => c.type === 'contact.history_imported')) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct ${localDay(sql`occurred_at`, tz)} as day from contact_attempts where org_id = ${orgId} and import_key is not null`,
      );
      days.push(...rows.map((r) => r.day));
    }
    return days;
  },
};

/** Refused attempts per day, in all and per reason (an attempt refused for two reasons counts once in all, once under each). */
async function refused(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<{ day: string; dimension: string; num: number }>(
    db,
    sql`select ${localDay(sql`occurred_at`, range.tz)} as day, '' as dimension, count(*)::int as num
          from contact_attempts where org_id = ${orgId} and not allowed and ${withinDays(sql`occurred_at`, range)} group by 1
        union all
        select ${localDay(sql`occurred_at`, range.tz)}, reason, count(*)::int
          from contact_attempts, unnest(reasons) as reason where org_id = ${orgId} and not allowed and ${withinDays(sql`occurred_at`, range)} group by 1, 2`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension, num: r.num }));
}

async function refusalRate(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<{ day: string; dimension: string; num: number; den: number }>(
    db,
    sql`select day, case when grouping(channel) = 1 then '' else channel end as dimension, count(*) filter (where not allowed)::int as num, count(*)::int as den
        from (select ${localDay(sql`occurred_at`, range.tz)} as day, channel, allowed from contact_attempts where org_id = ${orgId} and ${withinDays(sql`occurred_at`, range)}) x
        group by grouping sets ((day), (day, channel))`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension, num: r.num, den: r.den }));
}

const drill: NonNullable<KpiDefinition['drill']> = {
  permission: 'contact:read',
  factLabels: {
    channel: 'contact.bo.channel',
    purpose: 'contact.bo.purpose',
    outcome: 'contact.bo.record.outcome',
    reasons: 'contact.reason',
  },
  async records(db, orgId, range, dimension, limit) {
    const rows = await queryRows<{ id: string; channel: string; purpose: string; outcome: string; reasons: string[]; at: string | Date }>(
      db,
      sql`select id, channel, purpose, outcome, reasons, occurred_at as at from contact_attempts
          where org_id = ${orgId} and not allowed and ${withinDays(sql`occurred_at`, range)}${dimension ? sql` and (${dimension} = any(reasons) or channel = ${dimension})` : sql``}
          order by occurred_at desc limit ${limit}`,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.id.slice(0, 8),
      at: new Date(r.at).toISOString(),
      facts: { channel: r.channel, purpose: r.purpose, outcome: r.outcome, reasons: r.reasons.join(', ') },
      path: null,
    }));
  },
};

/** The catalogue's contact KPIs (module manifest `kpis`). */
export const contactKpis: KpiDefinition[] = [
  {
    key: 'contact.refused',
    name: { fr: 'Contacts refusés par le garde-fou', en: 'Contacts refused by the guard' },
    formula: {
      fr: 'Nombre de tentatives de contact que les règles refusaient (consentement, horaires, fréquence, refus récent, secteur interdit…), par motif, au jour de la tentative.',
      en: 'Number of contact attempts the rules refused (consent, hours, frequency, recent refusal, banned sector…), per reason, on the day of the attempt.',
    },
    records: ['contact_attempts'],
    unit: 'count',
    owner: 'ethics_officer',
    target: { value: 0, direction: 'lower' },
    aggregation: { kind: 'sum' },
    breakdown: { fr: 'Motif', en: 'Reason' },
    breakdownLabels: 'contact.reason',
    source: contactKpiSource,
    compute: refused,
    drill,
  },
  {
    key: 'contact.refusal_rate',
    name: { fr: 'Part des contacts refusés', en: 'Share of contacts refused' },
    formula: {
      fr: 'Tentatives refusées par les règles divisées par toutes les tentatives enregistrées, par canal, au jour de la tentative.',
      en: 'Attempts the rules refused divided by all recorded attempts, per channel, on the day of the attempt.',
    },
    records: ['contact_attempts'],
    unit: 'percent',
    owner: 'ethics_officer',
    target: { value: 1, direction: 'lower' },
    aggregation: { kind: 'ratio', scale: 100 },
    breakdown: { fr: 'Canal', en: 'Channel' },
    breakdownLabels: 'privacy.channel',
    source: contactKpiSource,
    compute: refusalRate,
    drill,
  },
];
