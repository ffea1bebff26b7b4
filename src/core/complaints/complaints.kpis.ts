/**
 * The complaint-handling KPIs (ISO 10002 monitoring; ESRS S4-3 "channels to raise concerns"), each
 * computed for one organisation's local days from the complaints and their timeline. Steps are
 * counted from the timeline (`complaint_events`), which is append-only: a complaint closed, reopened
 * and closed again counts two closures on their two days, and no later change rewrites a past day.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { KpiChange, KpiDayRange, KpiDayValue, KpiDefinition, KpiRecord, KpiSource } from '../module.ts';
import { chunks, distinct, localDay, readSamples, samplesOf, uuidList, withinDays } from '../kpi/index.ts';

const TIMELINE = ['complaints', 'complaint_events'] as const;

/** Any change to a complaint touches the days of all its dates and of all its steps. */
export const complaintKpiSource: KpiSource = {
  id: 'complaints',
  changedBy: ['complaint.'],
  async affectedDays(db: Db, orgId: string, tz: string, changes: readonly KpiChange[]) {
    const ids = distinct(changes.map((c) => (c.targetType === 'complaint' ? c.targetId : null)));
    const days: string[] = [];
    for (const part of chunks(ids)) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct ${localDay(sql`t`, tz)} as day from (
              select unnest(array[received_at, acknowledged_at, answered_at, closed_at, mediation_referred_at]) as t
                from complaints where org_id = ${orgId} and id in (${uuidList(part)})
              union all
              select created_at from complaint_events where org_id = ${orgId} and complaint_id in (${uuidList(part)})
            ) x where t is not null`,
      );
      days.push(...rows.map((r) => r.day));
    }
    return days;
  },
};

type Row = { day: string; dimension: string | null; num: number; den?: number | null; samples?: unknown };

const toValues = (rows: readonly Row[]): KpiDayValue[] =>
  rows.map((r) => ({
    day: r.day,
    dimension: r.dimension ?? '',
    num: Number(r.num),
    den: r.den == null ? null : Number(r.den),
    samples: r.samples == null ? null : readSamples(r.samples),
  }));

/** Timeline steps of `where` on the days of `range`, counted per day (and per `by`, when given). */
async function countSteps(db: Db, orgId: string, range: KpiDayRange, where: SQL, by?: SQL): Promise<KpiDayValue[]> {
  // The day is computed once in a subquery: grouping sets must name the very same expression.
  const rows = await queryRows<Row>(
    db,
    sql`select day, ${by ? sql`case when grouping(dim) = 1 then '' else dim end` : sql`''`} as dimension, count(*)::int as num
        from (select ${localDay(sql`e.created_at`, range.tz)} as day, ${by ?? sql`''`} as dim
              from complaint_events e where e.org_id = ${orgId} and ${withinDays(sql`e.created_at`, range)} and ${where}) x
        group by ${by ? sql`grouping sets ((day), (day, dim))` : sql`day`}`,
  );
  return toValues(rows);
}

const closures = sql`e.to_status = 'closed'`;
const answers = sql`e.to_status = 'answered'`;
const reopenings = sql`e.to_status = 'reopened'`;
/** Internal escalation (level 2); the consumer mediator (level 3) is its own KPI. */
const escalations = sql`e.type = 'escalated' and e.detail->>'to' = '2'`;

/** Durations (as samples) from receipt to a dated column or step, per day of that step. */
async function durations(db: Db, orgId: string, range: KpiDayRange, kind: 'ack' | 'answer'): Promise<KpiDayValue[]> {
  const rows =
    kind === 'ack'
      ? await queryRows<Row>(
          db,
          sql`select ${localDay(sql`acknowledged_at`, range.tz)} as day, '' as dimension, count(*)::int as num,
                ${samplesOf(sql`extract(epoch from acknowledged_at - received_at) / 3600`)} as samples
              from complaints where org_id = ${orgId} and ${withinDays(sql`acknowledged_at`, range)} group by 1`,
        )
      : await queryRows<Row>(
          db,
          sql`select ${localDay(sql`e.created_at`, range.tz)} as day, '' as dimension, count(*)::int as num,
                ${samplesOf(sql`extract(epoch from e.created_at - c.received_at) / 86400`)} as samples
              from complaint_events e join complaints c on c.id = e.complaint_id and c.org_id = e.org_id
              where e.org_id = ${orgId} and ${withinDays(sql`e.created_at`, range)} and ${answers} group by 1`,
        );
  return toValues(rows);
}

/**
 * An answer is within its SLA when the complaint was acknowledged by its acknowledgement due day
 * and answered by its answer due day, both in the customer's time zone (the clocks of
 * complaints.sla.ts: RULES.md "Complaints", 10 business days and 2 months by default).
 */
const answerWithinSla = sql`(c.acknowledged_at is not null
  and (c.acknowledged_at at time zone c.timezone)::date <= c.ack_due_on::date
  and (e.created_at at time zone c.timezone)::date <= c.answer_due_on::date)`;

async function slaCompliance(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select day, case when grouping(category) = 1 then '' else category end as dimension,
          count(*) filter (where met)::int as num, count(*)::int as den
        from (select ${localDay(sql`e.created_at`, range.tz)} as day, c.category, ${answerWithinSla} as met
              from complaint_events e join complaints c on c.id = e.complaint_id and c.org_id = e.org_id
              where e.org_id = ${orgId} and ${withinDays(sql`e.created_at`, range)} and ${answers}) x
        group by grouping sets ((day), (day, category))`,
  );
  return toValues(rows);
}

async function reopenRate(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${localDay(sql`e.created_at`, range.tz)} as day, '' as dimension,
          count(*) filter (where ${reopenings})::int as num, count(*) filter (where ${answers})::int as den
        from complaint_events e where e.org_id = ${orgId} and ${withinDays(sql`e.created_at`, range)} and (${reopenings} or ${answers})
        group by 1`,
  );
  return toValues(rows);
}

async function received(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select day, case when grouping(category) = 1 then '' else category end as dimension, count(*)::int as num
        from (select ${localDay(sql`received_at`, range.tz)} as day, category from complaints
              where org_id = ${orgId} and ${withinDays(sql`received_at`, range)}) x
        group by grouping sets ((day), (day, category))`,
  );
  return toValues(rows);
}

async function mediatorReferrals(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${localDay(sql`mediation_referred_at`, range.tz)} as day, '' as dimension, count(*)::int as num
        from complaints where org_id = ${orgId} and ${withinDays(sql`mediation_referred_at`, range)} group by 1`,
  );
  return toValues(rows);
}

async function satisfaction(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select ${localDay(sql`e.created_at`, range.tz)} as day, '' as dimension, sum((e.detail->>'score')::int)::int as num, count(*)::int as den
        from complaint_events e where e.org_id = ${orgId} and ${withinDays(sql`e.created_at`, range)} and e.type = 'rated' group by 1`,
  );
  return toValues(rows);
}

/** The complaints behind a figure: those whose step (or date) falls in the range, newest first. */
function drill(select: 'received' | 'acknowledged' | 'mediation' | SQL): NonNullable<KpiDefinition['drill']> {
  return {
    permission: 'complaint:read',
    factLabels: { category: 'complaints.categories', status: 'complaints.statuses', level: 'complaints.bo.levels' },
    async records(db, orgId, range, dimension, limit) {
      const byCategory = dimension ? sql` and c.category = ${dimension}` : sql``;
      const column =
        select === 'received'
          ? sql`c.received_at`
          : select === 'acknowledged'
            ? sql`c.acknowledged_at`
            : select === 'mediation'
              ? sql`c.mediation_referred_at`
              : null;
      const rows = column
        ? await queryRows<DrillRow>(
            db,
            sql`select c.id, c.reference, ${column} as at, c.category, c.status, c.escalation_level as level, null::boolean as within_sla
                from complaints c where c.org_id = ${orgId} and ${withinDays(column, range)}${byCategory} order by ${column} desc limit ${limit}`,
          )
        : await queryRows<DrillRow>(
            db,
            sql`select c.id, c.reference, e.created_at as at, c.category, c.status, c.escalation_level as level, ${answerWithinSla} as within_sla
                from complaint_events e join complaints c on c.id = e.complaint_id and c.org_id = e.org_id
                where e.org_id = ${orgId} and ${withinDays(sql`e.created_at`, range)} and ${select as SQL}${byCategory}
                order by e.created_at desc limit ${limit}`,
          );
      return rows.map((r): KpiRecord => ({
        id: r.id,
        reference: r.reference,
        at: new Date(r.at).toISOString(),
        facts: { category: r.category, status: r.status, level: r.level, ...(r.within_sla === null ? {} : { withinSla: r.within_sla }) },
        path: `/app/complaints/${r.id}`,
      }));
    },
  };
}

interface DrillRow {
  id: string;
  reference: string;
  at: string | Date;
  category: string;
  status: string;
  level: number;
  within_sla: boolean | null;
}

/**
 * GRI 418-1 a.i: a privacy complaint from an outside party counts as substantiated when the
 * organisation's answer upheld it, wholly or in part (the decision recorded with the answer).
 */
// `exists` on the complaint's key, not `in (every personal-data complaint)`: PostgreSQL ran the
// latter as a scan of the organisation's complaints for each answer, 1.9 s per refreshed day
// with 100,000 complaints (bench/kpi-dashboard.bench.ts).
const substantiatedPrivacy = sql`e.to_status = 'answered' and e.detail->>'decision' in ('upheld', 'partially_upheld')
  and exists (select 1 from complaints p where p.id = e.complaint_id and p.org_id = e.org_id and p.category = 'personal_data')`;

const base = { source: complaintKpiSource, records: TIMELINE } as const;
const category = { fr: 'Catégorie de réclamation', en: 'Complaint category' };

/** The catalogue's complaint KPIs (module manifest `kpis`). */
export const complaintKpis: KpiDefinition[] = [
  {
    ...base,
    key: 'complaints.received',
    name: { fr: 'Réclamations reçues', en: 'Complaints received' },
    formula: {
      fr: 'Nombre de réclamations reçues, comptées au jour de leur réception.',
      en: 'Number of complaints received, counted on the day they were received.',
    },
    records: ['complaints'],
    unit: 'count',
    owner: 'supervisor',
    target: null,
    aggregation: { kind: 'sum' },
    breakdown: category,
    breakdownLabels: 'complaints.categories',
    compute: received,
    drill: drill('received'),
  },
  {
    ...base,
    key: 'complaints.closed',
    name: { fr: 'Réclamations clôturées', en: 'Complaints closed' },
    formula: {
      fr: 'Nombre de clôtures (par un agent ou par l’acceptation du client), comptées au jour de la clôture ; une réclamation rouverte puis clôturée compte deux fois.',
      en: 'Number of closures (by an agent or by the customer accepting the answer), counted on the day of closure; a complaint reopened and closed again counts twice.',
    },
    unit: 'count',
    owner: 'supervisor',
    target: null,
    aggregation: { kind: 'sum' },
    compute: (db, orgId, range) => countSteps(db, orgId, range, closures),
    drill: drill(closures),
  },
  {
    ...base,
    key: 'complaints.ack_time.median',
    name: { fr: 'Délai d’accusé de réception (médiane)', en: 'Time to acknowledge (median)' },
    formula: {
      fr: 'Médiane, en heures, du temps entre la réception et l’accusé de réception, sur les réclamations dont l’accusé tombe dans la période.',
      en: 'Median, in hours, of the time from receipt to acknowledgement, over the complaints acknowledged in the period.',
    },
    records: ['complaints'],
    unit: 'hours',
    owner: 'supervisor',
    // RULES.md "Complaints": acknowledged immediately, target the same business day.
    target: { value: 24, direction: 'lower' },
    aggregation: { kind: 'quantile', q: 0.5 },
    compute: (db, orgId, range) => durations(db, orgId, range, 'ack'),
    drill: drill('acknowledged'),
  },
  {
    ...base,
    key: 'complaints.ack_time.p90',
    name: { fr: 'Délai d’accusé de réception (90e centile)', en: 'Time to acknowledge (90th percentile)' },
    formula: {
      fr: '90e centile, en heures, du temps entre la réception et l’accusé de réception (9 réclamations sur 10 sont accusées plus vite).',
      en: '90th percentile, in hours, of the time from receipt to acknowledgement (9 complaints in 10 are acknowledged faster).',
    },
    records: ['complaints'],
    unit: 'hours',
    owner: 'supervisor',
    target: { value: 72, direction: 'lower' },
    aggregation: { kind: 'quantile', q: 0.9 },
    compute: (db, orgId, range) => durations(db, orgId, range, 'ack'),
    drill: drill('acknowledged'),
  },
  {
    ...base,
    key: 'complaints.answer_time.median',
    name: { fr: 'Délai de réponse (médiane)', en: 'Time to answer (median)' },
    formula: {
      fr: 'Médiane, en jours, du temps entre la réception et chaque réponse motivée donnée dans la période.',
      en: 'Median, in days, of the time from receipt to each reasoned answer given in the period.',
    },
    unit: 'days',
    owner: 'supervisor',
    target: { value: 30, direction: 'lower' },
    aggregation: { kind: 'quantile', q: 0.5 },
    compute: (db, orgId, range) => durations(db, orgId, range, 'answer'),
    drill: drill(answers),
  },
  {
    ...base,
    key: 'complaints.answer_time.p90',
    name: { fr: 'Délai de réponse (90e centile)', en: 'Time to answer (90th percentile)' },
    formula: {
      fr: '90e centile, en jours, du temps entre la réception et chaque réponse motivée donnée dans la période.',
      en: '90th percentile, in days, of the time from receipt to each reasoned answer given in the period.',
    },
    unit: 'days',
    owner: 'supervisor',
    // RULES.md: answer within 2 months by default (ACPR 2022-R-01 for banking and insurance).
    target: { value: 60, direction: 'lower' },
    aggregation: { kind: 'quantile', q: 0.9 },
    compute: (db, orgId, range) => durations(db, orgId, range, 'answer'),
    drill: drill(answers),
  },
  {
    ...base,
    key: 'complaints.sla_compliance',
    name: { fr: 'Respect des délais (SLA)', en: 'SLA compliance' },
    formula: {
      fr: 'Part des réponses données dans la période dont l’accusé de réception et la réponse ont respecté leur date limite (fuseau du client).',
      en: 'Share of the answers given in the period whose acknowledgement and answer both met their due day (customer’s time zone).',
    },
    unit: 'percent',
    owner: 'supervisor',
    target: { value: 95, direction: 'higher' },
    aggregation: { kind: 'ratio', scale: 100 },
    breakdown: category,
    breakdownLabels: 'complaints.categories',
    compute: slaCompliance,
    drill: drill(answers),
  },
  {
    ...base,
    key: 'complaints.reopen_rate',
    name: { fr: 'Taux de réouverture', en: 'Reopen rate' },
    formula: {
      fr: 'Réouvertures (message du client après la réponse, réponse refusée) divisées par les réponses données, dans la période.',
      en: 'Reopenings (the customer writing after the answer, or rejecting it) divided by the answers given, in the period.',
    },
    unit: 'percent',
    owner: 'supervisor',
    target: { value: 10, direction: 'lower' },
    aggregation: { kind: 'ratio', scale: 100 },
    compute: reopenRate,
    drill: drill(reopenings),
  },
  {
    ...base,
    key: 'complaints.escalations',
    name: { fr: 'Escalades internes', en: 'Internal escalations' },
    formula: {
      fr: 'Nombre de passages au niveau 2 (responsable), par un agent ou après un refus de la réponse par le client, au jour de l’escalade.',
      en: 'Number of escalations to level 2 (supervisor), by staff or after the customer rejected the answer, on the day of escalation.',
    },
    unit: 'count',
    owner: 'supervisor',
    target: null,
    aggregation: { kind: 'sum' },
    breakdown: { fr: 'Origine de l’escalade', en: 'Escalated by' },
    breakdownLabels: 'kpi.dimension.escalatedBy',
    compute: (db, orgId, range) => countSteps(db, orgId, range, escalations, sql`e.detail->>'by'`),
    drill: drill(escalations),
  },
  {
    ...base,
    key: 'complaints.mediator_referrals',
    name: { fr: 'Saisines du médiateur', en: 'Mediator referrals' },
    formula: {
      fr: 'Nombre de réclamations orientées vers le médiateur de la consommation (niveau 3, C. consom. L.612-1), au jour de l’orientation.',
      en: 'Number of complaints referred to the consumer mediator (level 3, C. consom. L.612-1), on the day of referral.',
    },
    records: ['complaints'],
    unit: 'count',
    owner: 'ethics_officer',
    target: null,
    aggregation: { kind: 'sum' },
    compute: mediatorReferrals,
    drill: drill('mediation'),
  },
  {
    ...base,
    key: 'complaints.satisfaction',
    name: { fr: 'Satisfaction sur le traitement', en: 'Satisfaction with handling' },
    formula: {
      fr: 'Moyenne des notes (1 à 5) données par les clients sur le traitement de leur réclamation, au jour de la note.',
      en: 'Average of the scores (1 to 5) customers gave the handling of their complaint, on the day of the score.',
    },
    unit: 'score',
    owner: 'ethics_officer',
    target: { value: 4, direction: 'higher' },
    aggregation: { kind: 'ratio', scale: 1 },
    compute: satisfaction,
    drill: drill(sql`e.type = 'rated'`),
  },
  {
    ...base,
    key: 'complaints.privacy_substantiated',
    name: { fr: 'Réclamations fondées sur la vie privée', en: 'Substantiated privacy complaints' },
    formula: {
      fr: 'Nombre de réclamations de la catégorie « données personnelles » dont la réponse les a jugées fondées, en tout ou partie (GRI 418-1 a.i : plaintes de tiers), au jour de la réponse.',
      en: 'Number of complaints in the “personal data” category whose answer upheld them, wholly or in part (GRI 418-1 a.i: complaints from outside parties), on the day of the answer.',
    },
    unit: 'count',
    owner: 'dpo',
    target: { value: 0, direction: 'lower' },
    aggregation: { kind: 'sum' },
    compute: (db, orgId, range) => countSteps(db, orgId, range, substantiatedPrivacy),
    drill: drill(substantiatedPrivacy),
  },
];
