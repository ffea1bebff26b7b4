/**
 * Consent KPIs per purpose, from the append-only consent ledger: each ledger event counts on the
 * local day it happened (`occurred_at`, which an import or a phone record may date in the past).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { KpiChange, KpiDayRange, KpiDayValue, KpiDefinition, KpiSource } from '../module.ts';
import { chunks, distinct, localDay, uuidList, withinDays } from '../kpi/index.ts';

/** A recorded event touches its own day; an import touches every day it brought events for. */
export const consentKpiSource: KpiSource = {
  id: 'consent',
  changedBy: ['consent.recorded', 'consent.imported'],
  async affectedDays(db: Db, orgId: string, tz: string, changes: readonly KpiChange[]) {
    const days: string[] = [];
    const ids = distinct(
      changes.map((c) => (c.type === 'consent.recorded' && typeof c.payload.eventId === 'string' ? c.payload.eventId : null)),
    );
    for (const part of chunks(ids)) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct ${localDay(sql`occurred_at`, tz)} as day from consent_events where org_id = ${orgId} and id in (${uuidList(part)})`,
      );
      days.push(...rows.map((r) => r.day));
    }
    // An import batch's audit event holds counts only (no ids): every day holding imported events
    // is recomputed, which imports (rare, often years of history) make few enough.
    if (changes.some((c) => c.type === 'consent.imported')) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct ${localDay(sql`occurred_at`, tz)} as day from consent_events where org_id = ${orgId} and method = 'imported'`,
      );
      days.push(...rows.map((r) => r.day));
    }
    return days;
  },
};

type Row = { day: string; dimension: string; num: number; den: number };

/** Events of kinds `num` over events of kinds `den`, per day and purpose (and in all). */
async function rate(db: Db, orgId: string, range: KpiDayRange, num: SQL, den: SQL): Promise<KpiDayValue[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select day, case when grouping(purpose) = 1 then '' else purpose end as dimension,
          count(*) filter (where ${num})::int as num, count(*) filter (where ${den})::int as den
        from (select ${localDay(sql`e.occurred_at`, range.tz)} as day, p.key as purpose, e.kind
              from consent_events e join consent_purposes p on p.id = e.purpose_id and p.org_id = e.org_id
              where e.org_id = ${orgId} and ${withinDays(sql`e.occurred_at`, range)} and (${num} or ${den})) x
        group by grouping sets ((day), (day, purpose))`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension, num: r.num, den: r.den }));
}

const given = sql`kind = 'given'`;
const refused = sql`kind = 'refused'`;
const withdrawn = sql`kind = 'withdrawn'`;

const drill = (kinds: readonly string[]): NonNullable<KpiDefinition['drill']> => ({
  permission: 'consent:read',
  factLabels: { kind: 'privacy.kind', channel: 'privacy.channel', method: 'privacy.method' },
  async records(db, orgId, range, dimension, limit) {
    const rows = await queryRows<{
      id: string;
      seq: number;
      purpose: string;
      kind: string;
      channel: string;
      method: string;
      at: string | Date;
    }>(
      db,
      sql`select e.id, e.seq::float8 as seq, p.key as purpose, e.kind, e.channel, e.method, e.occurred_at as at
          from consent_events e join consent_purposes p on p.id = e.purpose_id and p.org_id = e.org_id
          where e.org_id = ${orgId} and ${withinDays(sql`e.occurred_at`, range)} and e.kind in (${sql.join(
            kinds.map((k) => sql`${k}`),
            sql`, `,
          )})${dimension ? sql` and p.key = ${dimension}` : sql``}
          order by e.occurred_at desc limit ${limit}`,
    );
    // Ledger events have no page of their own; their subject is not shown (ids of the proof only).
    return rows.map((r) => ({
      id: r.id,
      reference: `#${r.seq}`,
      at: new Date(r.at).toISOString(),
      facts: { purpose: r.purpose, kind: r.kind, channel: r.channel, method: r.method },
      path: null,
    }));
  },
});

const purpose = { fr: 'Finalité', en: 'Purpose' };

/** The catalogue's consent KPIs (module manifest `kpis`). */
export const consentKpis: KpiDefinition[] = [
  {
    key: 'consent.consent_rate',
    name: { fr: 'Taux de consentement', en: 'Consent rate' },
    formula: {
      fr: 'Consentements donnés divisés par les décisions recueillies (données ou refusées), par finalité, au jour de la décision (RGPD art. 7).',
      en: 'Consents given divided by the decisions collected (given or refused), per purpose, on the day of the decision (GDPR Art. 7).',
    },
    records: ['consent_events', 'consent_purposes'],
    unit: 'percent',
    owner: 'dpo',
    target: null,
    aggregation: { kind: 'ratio', scale: 100 },
    breakdown: purpose,
    source: consentKpiSource,
    compute: (db, orgId, range) => rate(db, orgId, range, given, sql`(${given} or ${refused})`),
    drill: drill(['given', 'refused']),
  },
  {
    key: 'consent.withdrawal_rate',
    name: { fr: 'Taux de retrait', en: 'Withdrawal rate' },
    formula: {
      fr: 'Retraits de consentement divisés par les consentements donnés dans la même période, par finalité (RGPD art. 7(3) : retirer aussi simplement que donner).',
      en: 'Consent withdrawals divided by the consents given in the same period, per purpose (GDPR Art. 7(3): withdrawing as easy as giving).',
    },
    records: ['consent_events', 'consent_purposes'],
    unit: 'percent',
    owner: 'dpo',
    target: null,
    aggregation: { kind: 'ratio', scale: 100 },
    breakdown: purpose,
    source: consentKpiSource,
    compute: (db, orgId, range) => rate(db, orgId, range, withdrawn, given),
    drill: drill(['withdrawn']),
  },
];
