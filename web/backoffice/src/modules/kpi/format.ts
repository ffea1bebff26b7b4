import type { TFunction } from 'i18next';
import { dateFormatter } from '../../format.ts';
import type { Tone } from '../../components/status-badge.tsx';
import type { KpiStatus, KpiSummaryDto, KpiUnit } from './api.ts';

/** A KPI value in the user's language with its unit ("95,2 %", "14 h"); a dash for no value. */
export function formatKpiValue(value: number | null, unit: KpiUnit, lang: string, t: TFunction): string {
  if (value === null) return '—';
  const digits = unit === 'count' ? 0 : 1;
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
  switch (unit) {
    case 'count':
      return number;
    case 'percent':
      return `${number} %`;
    default:
      return `${number} ${t(`unit.${unit}`, { ns: 'kpi' })}`;
  }
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
  return { text: formatKpiValue(Math.abs(delta), kpi.unit, lang, t), direction, ...(better ? { better } : {}) };
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
