/**
 * KPIs of the register of regulatory events, each counted on the day of the authority's act
 * (`occurred_on`, a calendar date already: no time zone to apply). They feed GRI 417-3 (incidents
 * of non-compliance in marketing communications: fines or penalties, warnings, voluntary-code
 * breaches) and GRI 418-1 a.ii (substantiated privacy complaints received from regulators).
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import type { KpiChange, KpiDayRange, KpiDayValue, KpiDefinition, KpiSource } from '../module.ts';
import { chunks, distinct, uuidList } from '../kpi/index.ts';

/**
 * A change to an event touches its day, and the day it had before a correction of its date (the
 * `days` of the update event): both days' figures are recomputed.
 */
export const regulatoryKpiSource: KpiSource = {
  id: 'regulatory',
  changedBy: ['regulatory_event.'],
  async affectedDays(db: Db, orgId: string, _tz: string, changes: readonly KpiChange[]) {
    const days = changes.flatMap((c) => (Array.isArray(c.payload.days) ? c.payload.days.filter((d): d is string => typeof d === 'string') : []));
    const ids = distinct(changes.map((c) => (c.targetType === 'regulatory_event' ? c.targetId : null)));
    for (const part of chunks(ids)) {
      const rows = await queryRows<{ day: string }>(
        db,
        sql`select distinct to_char(occurred_on, 'YYYY-MM-DD') as day from regulatory_events where org_id = ${orgId} and id in (${uuidList(part)})`,
      );
      days.push(...rows.map((r) => r.day));
    }
    return days;
  },
};

const within = (range: KpiDayRange): SQL => sql`occurred_on between ${range.from}::date and ${range.to}::date`;

/** GRI 417-3: marketing communications; GRI 418-1: privacy. */
export const MARKETING_NONCOMPLIANCE = sql`subject_area = 'marketing' and kind in ('fine', 'warning', 'voluntary_code_breach')`;
export const REGULATOR_PRIVACY_COMPLAINTS = sql`subject_area = 'privacy' and kind = 'regulator_complaint' and substantiated is true`;

/** Events matching `where` per day, and per `by` when given (grouping sets: the whole and each value). */
async function countEvents(db: Db, orgId: string, range: KpiDayRange, where: SQL, by?: SQL): Promise<KpiDayValue[]> {
  const rows = await queryRows<{ day: string; dimension: string | null; num: number }>(
    db,
    sql`select day, ${by ? sql`case when grouping(dim) = 1 then '' else dim end` : sql`''`} as dimension, count(*)::int as num
        from (select to_char(occurred_on, 'YYYY-MM-DD') as day, ${by ?? sql`''`} as dim
              from regulatory_events where org_id = ${orgId} and ${within(range)} and ${where}) x
        group by ${by ? sql`grouping sets ((day), (day, dim))` : sql`day`}`,
  );
  return rows.map((r) => ({ day: r.day, dimension: r.dimension ?? '', num: Number(r.num) }));
}

const drill = (where: SQL): NonNullable<KpiDefinition['drill']> => ({
  permission: 'regulatory:read',
  factLabels: { authority: 'regulatory.authority', eventKind: 'regulatory.kind', subjectArea: 'regulatory.subjectArea', status: 'regulatory.status' },
  async records(db, orgId, range, dimension, limit) {
    const rows = await queryRows<{ id: string; reference: string; occurred_on: string; authority: string; kind: string; subject_area: string; status: string }>(
      db,
      sql`select id, reference, to_char(occurred_on, 'YYYY-MM-DD') as occurred_on, authority, kind, subject_area, status
          from regulatory_events where org_id = ${orgId} and ${within(range)} and ${where}${dimension ? sql` and (kind = ${dimension} or authority = ${dimension})` : sql``}
          order by occurred_on desc, reference desc limit ${limit}`,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      at: `${r.occurred_on}T00:00:00.000Z`,
      facts: { authority: r.authority, eventKind: r.kind, subjectArea: r.subject_area, status: r.status },
      path: `/app/regulatory/${r.id}`,
    }));
  },
});

const base = { source: regulatoryKpiSource, records: ['regulatory_events'], aggregation: { kind: 'sum' } } as const;

/** The catalogue's KPIs of regulatory events (module manifest `kpis`). */
export const regulatoryKpis: KpiDefinition[] = [
  {
    ...base,
    key: 'regulatory.marketing_noncompliance',
    name: { fr: 'Non-conformités en communication marketing', en: 'Marketing communication non-compliance' },
    formula: {
      fr: 'Nombre d’amendes ou sanctions, d’avertissements et de manquements à un code volontaire concernant la communication marketing, inscrits au registre des événements réglementaires (GRI 417-3), au jour de l’acte de l’autorité.',
      en: 'Number of fines or penalties, warnings and voluntary-code breaches about marketing communications in the register of regulatory events (GRI 417-3), on the day of the authority’s act.',
    },
    unit: 'count',
    owner: 'ethics_officer',
    target: { value: 0, direction: 'lower' },
    breakdown: { fr: 'Nature', en: 'Kind' },
    breakdownLabels: 'regulatory.kind',
    compute: (db, orgId, range) => countEvents(db, orgId, range, MARKETING_NONCOMPLIANCE, sql`kind`),
    drill: drill(MARKETING_NONCOMPLIANCE),
  },
  {
    ...base,
    key: 'regulatory.privacy_complaints',
    name: { fr: 'Plaintes fondées d’autorités sur la vie privée', en: 'Substantiated privacy complaints from regulators' },
    formula: {
      fr: 'Nombre de plaintes reçues d’une autorité de contrôle sur la vie privée et reconnues fondées (GRI 418-1 a.ii), au jour de l’acte de l’autorité.',
      en: 'Number of complaints received from a regulator about privacy and substantiated (GRI 418-1 a.ii), on the day of the authority’s act.',
    },
    unit: 'count',
    owner: 'dpo',
    target: { value: 0, direction: 'lower' },
    compute: (db, orgId, range) => countEvents(db, orgId, range, REGULATOR_PRIVACY_COMPLAINTS),
    drill: drill(REGULATOR_PRIVACY_COMPLAINTS),
  },
  {
    ...base,
    key: 'regulatory.events',
    name: { fr: 'Événements réglementaires', en: 'Regulatory events' },
    formula: {
      fr: 'Nombre d’événements inscrits au registre (amendes, avertissements, demandes et plaintes d’autorités, manquements à un code volontaire), au jour de l’acte de l’autorité.',
      en: 'Number of events in the register (fines, warnings, authority requests and complaints, voluntary-code breaches), on the day of the authority’s act.',
    },
    unit: 'count',
    owner: 'ethics_officer',
    target: null,
    breakdown: { fr: 'Autorité', en: 'Authority' },
    breakdownLabels: 'regulatory.authority',
    compute: (db, orgId, range) => countEvents(db, orgId, range, sql`true`, sql`authority`),
    drill: drill(sql`true`),
  },
];
