/** Pure, synchronous: the dashboard's read models to DTOs in the viewer's language, and CSV. */
import type { Actor, Locale } from '../context.ts';
import { separatorFor, toCsv } from '../csv.ts';
import { hasMessage, t } from '../../i18n/index.ts';
import type { KpiDefinition, KpiRecord } from '../module.ts';
import { meetsTarget } from './kpi.math.ts';
import { canDrill } from './kpi.policy.ts';
import type { KpiFigures, PeriodView } from './kpi.queries.ts';
import type { KpiDetailDto, KpiListDto, KpiRecordsDto, KpiSummaryDto, ObjectiveDto, ObjectiveListDto } from './kpi.schemas.ts';
import type { ObjectiveRow } from './kpi.repo.ts';
import { canSetObjectives } from './kpi.policy.ts';

/** Where a KPI stands: no source yet, no data in the period, or against its target. */
export function statusOf(kpi: Pick<KpiDefinition, 'source'>, target: KpiDefinition['target'], value: number | null): KpiSummaryDto['status'] {
  if (!kpi.source) return 'no_source';
  if (value === null) return 'no_data';
  if (!target) return 'no_target';
  return meetsTarget(value, target) ? 'on_target' : 'off_target';
}

function summary(f: KpiFigures, viewer: Actor, locale: Locale): KpiSummaryDto {
  const k = f.definition;
  return {
    key: k.key,
    module: f.module,
    name: k.name[locale],
    unit: k.unit,
    owner: k.owner,
    target: f.target,
    targetFrom: f.objectiveId ? 'objective' : f.target ? 'catalogue' : null,
    status: statusOf(k, f.target, f.value),
    value: f.value,
    previous: f.previous,
    trend: f.trend,
    abilities: { drill: canDrill(viewer, k) },
  };
}

const period = (view: PeriodView) => ({
  period: view.period,
  previousPeriod: view.previousPeriod,
  granularity: view.granularity,
  refreshedAt: view.refreshedAt?.toISOString() ?? null,
});

export function presentKpiList(view: PeriodView, items: readonly KpiFigures[], viewer: Actor, locale: Locale): KpiListDto {
  return { ...period(view), items: items.map((f) => summary(f, viewer, locale)) };
}

export function presentKpi(view: PeriodView, f: KpiFigures, viewer: Actor, locale: Locale): KpiDetailDto {
  const k = f.definition;
  return {
    ...period(view),
    kpi: {
      ...summary(f, viewer, locale),
      formula: k.formula[locale],
      records: [...k.records],
      sources: k.records.map((table) => ({ table, label: sourceLabel(table, locale) })),
      aggregation: k.aggregation.kind,
      breakdownLabel: k.breakdown?.[locale] ?? null,
      drillPermission: k.source && k.drill ? k.drill.permission : null,
      // Codes named in the viewer's language: people read "Données personnelles", not `personal_data`.
      breakdown: f.breakdown.map((row) => ({ ...row, label: dimensionLabel(k, row.dimension, locale) })),
    },
  };
}

/** A source table as the viewer reads it (the page showed `complaint_events`); the table itself when it has no message yet. */
function sourceLabel(table: string, locale: Locale): string {
  const key = `kpi.source.${table}`;
  return hasMessage(key) ? t(locale, key) : table;
}

/** A breakdown value as people read it, from the KPI's catalogue prefix; the value itself when it has no message. */
function dimensionLabel(k: KpiDefinition, dimension: string, locale: Locale): string {
  const key = k.breakdownLabels ? `${k.breakdownLabels}.${dimension}` : null;
  return key && hasMessage(key) ? t(locale, key) : dimension;
}

export function presentKpiRecords(
  result: {
    period: { from: string; to: string };
    dimension: string | null;
    records: readonly KpiRecord[];
    factLabels: Readonly<Record<string, string>>;
  },
  limit: number,
  locale: Locale,
): KpiRecordsDto {
  return {
    period: result.period,
    dimension: result.dimension,
    limit,
    items: result.records.map((r) => ({ ...r, facts: { ...r.facts }, labels: factLabelsOf(r.facts, result.factLabels, locale) })),
  };
}

/**
 * The coded facts of a record named in the viewer's language (the drill-down showed `billing`,
 * `closed`); the codes stay in `facts` for API clients. A list of codes ("a, b") is named code by
 * code; a code without a message keeps its own text.
 */
export function factLabelsOf(
  facts: KpiRecord['facts'],
  prefixes: Readonly<Record<string, string>>,
  locale: Locale,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [fact, prefix] of Object.entries(prefixes)) {
    const value = facts[fact];
    if (value === null || value === undefined || typeof value === 'boolean' || value === '') continue;
    const named = String(value)
      .split(', ')
      .map((code) => (hasMessage(`${prefix}.${code}`) ? t(locale, `${prefix}.${code}`) : code));
    labels[fact] = named.join(', ');
  }
  return labels;
}

/** A figure as a spreadsheet cell: rounded to 2 decimals, with the language's decimal mark. */
export function csvNumber(value: number | null, locale: Locale): string {
  if (value === null) return '';
  const rounded = String(Math.round(value * 100) / 100);
  return locale === 'fr' ? rounded.replace('.', ',') : rounded;
}

/**
 * The dashboard as CSV: one line per KPI and trend bucket, then the whole period, so a spreadsheet
 * can chart it; "no data" stays an empty cell, never a 0.
 */
export function renderKpiCsv(view: PeriodView, items: readonly KpiFigures[], locale: Locale): string {
  const header = ['key', 'name', 'unit', 'from', 'to', 'value', 'previous', 'target', 'direction', 'status'].map((c) =>
    t(locale, `kpi.csv.${c}`),
  );
  const rows: string[][] = [];
  for (const f of items) {
    const k = f.definition;
    const status = t(locale, `kpi.status.${statusOf(k, f.target, f.value)}`);
    const target = f.target ? [csvNumber(f.target.value, locale), t(locale, `kpi.direction.${f.target.direction}`)] : ['', ''];
    const unit = t(locale, `kpi.unit.${k.unit}`);
    rows.push([
      k.key,
      k.name[locale],
      unit,
      view.period.from,
      view.period.to,
      csvNumber(f.value, locale),
      csvNumber(f.previous, locale),
      ...target,
      status,
    ]);
  }
  return toCsv([header, ...rows], separatorFor(locale));
}

export function presentObjective(row: ObjectiveRow): ObjectiveDto {
  return { id: row.id, kpi: row.kpi, from: row.from, to: row.to, value: row.value, direction: row.direction, setAt: row.setAt.toISOString() };
}

export function presentObjectives(rows: readonly ObjectiveRow[], viewer: Actor): ObjectiveListDto {
  return { items: rows.map(presentObjective), abilities: { manage: canSetObjectives(viewer) } };
}
