/**
 * Data-subject request KPIs. GDPR Art. 12(3)-(4): a request is answered (fulfilled or refused with
 * reasons) within one month of receipt, or the extended period. Each request counts once, on the
 * day its timeliness became known: the day it was closed when on time, else the day after its
 * last day on time (late from then on, answered or not).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { KpiChange, KpiDayRange, KpiDayValue, KpiDefinition, KpiSource } from '../module.ts';
import { chunks, distinct, localDay, uuidList, withinDays } from '../kpi/index.ts';

/** A change to a request touches the days of its receipt, its closure and the day after its due day. */
export const dsrKpiSource: KpiSource = {
  id: 'dsr',
  changedBy: ['dsr.'],
  async affectedDays(db: Db, orgId: string, tz: string, changes: readonly KpiChange[]) {
    const ids = distinct(changes.map((c) => (c.targetType === 'dsr' ? c.targetId : null)));
    const days: string[] = [];
    for (const part of chunks(ids)) {
      const rows = await queryRows<{ received: string; closed: string | null; late: string }>(
        db,
        sql`select ${localDay(sql`received_at`, tz)} as received, ${localDay(sql`closed_at`, tz)} as closed, to_char(due_date::date + 1, 'YYYY-MM-DD') as late
            from dsr_requests where org_id = ${orgId} and id in (${uuidList(part)})`,
      );
      for (const r of rows) days.push(r.received, r.late, ...(r.closed ? [r.closed] : []));
    }
    return days;
  },
};

/** Closed (fulfilled or refused) by its last day on time, in the subject's time zone. */
const onTime = sql`(closed_at is not null and (closed_at at time zone timezone)::date <= due_date::date)`;

async function onTimeShare(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  // The day after the due day is a local date already: compared as a date, not an instant.
  const rows = await queryRows<{ day: string; dimension: string; num: number; den: number }>(
    db,
    sql`select day, case when grouping(type) = 1 then '' else type end as dimension, sum(ok)::int as num, count(*)::int as den
        from (
          select ${localDay(sql`closed_at`, range.tz)} as day, type, 1 as ok from dsr_requests
            where org_id = ${orgId} and ${onTime} and ${withinDays(sql`closed_at`, range)}
          union all
          select to_char(due_date::date + 1, 'YYYY-MM-DD'), type, 0 from dsr_requests
            where org_id = ${orgId} and not ${onTime} and due_date::date + 1 between ${range.from}::date and ${range.to}::date
        ) x
        group by grouping sets ((day), (day, type))`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension, num: r.num, den: r.den }));
}

async function received(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<{ day: string; dimension: string; num: number }>(
    db,
    sql`select day, case when grouping(type) = 1 then '' else type end as dimension, count(*)::int as num
        from (select ${localDay(sql`received_at`, range.tz)} as day, type from dsr_requests where org_id = ${orgId} and ${withinDays(sql`received_at`, range)}) x
        group by grouping sets ((day), (day, type))`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension, num: r.num }));
}

interface DrillRow {
  id: string;
  type: string;
  status: string;
  due: string;
  on_time: boolean;
  at: string | Date;
}

const present = (r: DrillRow) => ({
  id: r.id,
  reference: r.id.slice(0, 8),
  at: new Date(r.at).toISOString(),
  facts: { type: r.type, status: r.status, dueDate: r.due, onTime: r.on_time },
  path: `/app/privacy/requests/${r.id}`,
});

const type = { fr: 'Type de demande', en: 'Request type' };

/** The request's type and status named for people in the drill-down. */
const factLabels = { type: 'privacy.dsrType', status: 'privacy.dsrStatus' };

/** The catalogue's data-subject request KPIs (module manifest `kpis`). */
export const dsrKpis: KpiDefinition[] = [
  {
    key: 'dsr.received',
    name: { fr: 'Demandes de droits reçues', en: 'Data-subject requests received' },
    formula: {
      fr: 'Nombre de demandes d’exercice des droits (RGPD art. 15 à 22) reçues, au jour de la réception.',
      en: 'Number of data-subject requests (GDPR Art. 15-22) received, on the day of receipt.',
    },
    records: ['dsr_requests'],
    unit: 'count',
    owner: 'dpo',
    target: null,
    aggregation: { kind: 'sum' },
    breakdown: type,
    breakdownLabels: 'privacy.dsrType',
    source: dsrKpiSource,
    compute: received,
    drill: {
      permission: 'dsr:read',
      factLabels,
      async records(db, orgId, range, dimension, limit) {
        const rows = await queryRows<DrillRow>(
          db,
          sql`select id, type, status, due_date as due, ${onTime} as on_time, received_at as at from dsr_requests
              where org_id = ${orgId} and ${withinDays(sql`received_at`, range)}${dimension ? sql` and type = ${dimension}` : sql``}
              order by received_at desc limit ${limit}`,
        );
        return rows.map(present);
      },
    },
  },
  {
    key: 'dsr.on_time',
    name: { fr: 'Demandes de droits traitées dans les délais', en: 'Data-subject requests answered on time' },
    formula: {
      fr: 'Part des demandes closes (satisfaites ou refusées avec motifs) au plus tard le dernier jour du délai d’un mois, ou du délai prolongé (RGPD art. 12(3)-(4)). Une demande à l’heure compte au jour de sa clôture ; une demande en retard, close ou non, compte le lendemain de sa date limite.',
      en: 'Share of requests closed (fulfilled, or refused with reasons) by the last day of the one-month period, or of the extended one (GDPR Art. 12(3)-(4)). A request on time counts on the day it was closed; a late one, closed or not, on the day after its due day.',
    },
    records: ['dsr_requests'],
    unit: 'percent',
    owner: 'dpo',
    target: { value: 100, direction: 'higher' },
    aggregation: { kind: 'ratio', scale: 100 },
    breakdown: type,
    breakdownLabels: 'privacy.dsrType',
    source: dsrKpiSource,
    compute: onTimeShare,
    drill: {
      permission: 'dsr:read',
      factLabels,
      async records(db, orgId, range, dimension, limit) {
        const rows = await queryRows<DrillRow>(
          db,
          sql`select * from (
                select id, type, status, due_date as due, ${onTime} as on_time, closed_at as at from dsr_requests
                  where org_id = ${orgId} and ${onTime} and ${withinDays(sql`closed_at`, range)}
                union all
                select id, type, status, due_date, false, (due_date::date + 1)::timestamp at time zone ${range.tz} from dsr_requests
                  where org_id = ${orgId} and not ${onTime} and due_date::date + 1 between ${range.from}::date and ${range.to}::date
              ) x${dimension ? sql` where type = ${dimension}` : sql``} order by at desc limit ${limit}`,
        );
        return rows.map(present);
      },
    },
  },
];
