import type { TFunction } from 'i18next';
import { dateFormatter } from '../../format.ts';
import type { Tone } from '../../components/status-badge.tsx';
import type { KpiStatus, KpiSummaryDto, KpiUnit } from './api.ts';

/**
 * A KPI value in the user's language with its unit ("95,2 %", "14 heures", "4 / 5"); a dash for
 * no value. The catalogue writes each unit with its number (`kpi.value.*`): "note sur 5" is the
 * unit's name on the definition page, not something to put after a figure ("4 note sur 5").
 */
export function formatKpiValue(value: number | null, unit: KpiUnit, lang: string, t: TFunction): string {
  if (value === null) return '—';
  return t(`value.${unit}`, { ns: 'kpi', value: kpiNumber(value, unit, lang), count: value });
}

function kpiNumber(value: number, unit: KpiUnit, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: unit === 'count' ? 0 : 1 }).format(value);
}

/**
 * The size of a change between two values of a KPI. A rate moves in percentage points, not in
 * percent ("+2,1 pts": 95 % to 97,1 %), and a score in points of its scale ("0,5 point", not
 * "0,5 / 5"); counts and durations keep their unit.
 */
export function formatKpiChange(delta: number, unit: KpiUnit, lang: string, t: TFunction): string {
  if (unit === 'percent' || unit === 'score') return t(`change.${unit}`, { ns: 'kpi', value: kpiNumber(delta, unit, lang), count: delta });
  return formatKpiValue(delta, unit, lang, t);
}

/** The badge tone of a KPI's status: off target is the one that calls for action. */
export const STATUS_TONE: Record<KpiStatus, Tone> = {
  on_target: 'success',
  off_target: 'danger',
  no_target: 'neutral',
  no_data: 'neutral',
  no_source: 'neutral',
};

/** The change against the previous period for a Figure, with whether up is good news for this KPI. */
export function changeOf(kpi: Pick<KpiSummaryDto, 'value' | 'previous' | 'unit' | 'target'>, lang: string, t: TFunction) {
  if (kpi.value === null || kpi.previous === null) return undefined;
  const delta = kpi.value - kpi.previous;
  const direction = delta > 0 ? ('up' as const) : delta < 0 ? ('down' as const) : ('flat' as const);
  const better = kpi.target ? (kpi.target.direction === 'higher' ? ('up' as const) : ('down' as const)) : undefined;
  return { text: formatKpiChange(Math.abs(delta), kpi.unit, lang, t), direction, ...(better ? { better } : {}) };
}

/** A month bucket (`2026-03-01`) as people name it: "mars 2026", "Mar 2026". */
export function monthLabel(bucket: string, lang: string): string {
  const first = new Date(`${bucket.slice(0, 7)}-01T00:00:00Z`);
  return Number.isNaN(first.getTime()) ? bucket : new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(first);
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One fact of a record behind a figure, in the user's language: numbers with their decimal mark, dates as dates, yes/no in words. */
export function factText(value: string | number | boolean, lang: string, t: TFunction): string {
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no', { ns: 'kpi' });
  if (typeof value === 'number') return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
  if (LOCAL_DATE.test(value)) return dateFormatter(lang).date(value);
  if (INSTANT.test(value)) return dateFormatter(lang).dateTime(value);
  return value;
}
