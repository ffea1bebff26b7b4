import type { KpiDetailDto, KpiListDto, KpiRecordsDto, KpiSummaryDto, ObjectiveBody, ObjectiveDto, ObjectiveListDto } from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { KpiDetailDto, KpiListDto, KpiRecordsDto, KpiSummaryDto, ObjectiveBody, ObjectiveDto, ObjectiveListDto } from '../../../../../src/api/contract.ts';

export type KpiStatus = KpiSummaryDto['status'];
export type KpiUnit = KpiSummaryDto['unit'];

/** A period of local days (YYYY-MM-DD); an end left out takes the server's default (the last 30 days). */
export interface PeriodInput {
  from?: string;
  to?: string;
}

const query = (period: PeriodInput, extra: Record<string, string | undefined> = {}) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...period, ...extra })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const kpiKeys = {
  all: ['kpis'] as const,
  list: (period: PeriodInput) => ['kpis', 'list', period.from ?? '', period.to ?? ''] as const,
  one: (key: string, period: PeriodInput) => ['kpis', 'one', key, period.from ?? '', period.to ?? ''] as const,
  objectives: (key: string) => ['kpis', 'objectives', key] as const,
  records: (key: string, period: PeriodInput, dimension: string | null) =>
    ['kpis', 'records', key, period.from ?? '', period.to ?? '', dimension ?? ''] as const,
};

export const findKpis = (period: PeriodInput) => apiFetch<KpiListDto>(`/api/kpis${query(period)}`);
export const getKpi = (key: string, period: PeriodInput) => apiFetch<KpiDetailDto>(`/api/kpis/${encodeURIComponent(key)}${query(period)}`);
export const findKpiRecords = (key: string, period: PeriodInput, dimension: string | null) =>
  apiFetch<KpiRecordsDto>(`/api/kpis/${encodeURIComponent(key)}/records${query(period, { dimension: dimension ?? undefined })}`);
/** The CSV of the dashboard's period (a plain link: the browser downloads it with the session cookie). */
export const csvUrl = (period: PeriodInput) => `/api/kpis/export.csv${query(period)}`;

const objectivesPath = (key: string) => `/api/kpis/${encodeURIComponent(key)}/objectives`;
export const findObjectives = (key: string) => apiFetch<ObjectiveListDto>(objectivesPath(key));
export const setObjective = (key: string, body: ObjectiveBody) => apiFetch<ObjectiveDto, ObjectiveBody>(objectivesPath(key), { method: 'POST', body });
export const removeObjective = (key: string, id: string) => apiFetch<null>(`${objectivesPath(key)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
