import type { CsrNarrativeBody, CsrReportDto } from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { CsrReportDto } from '../../../../../src/api/contract.ts';
export type CsrSection = CsrReportDto['sections'][number];

export const csrKeys = { one: (period: string) => ['csr-report', period] as const };

export function getCsrReport(period: string): Promise<CsrReportDto> {
  return apiFetch<CsrReportDto>(`/api/reports/csr?period=${encodeURIComponent(period)}`);
}

export function saveNarrative(input: CsrNarrativeBody): Promise<CsrReportDto> {
  return apiFetch<CsrReportDto, CsrNarrativeBody>('/api/reports/csr/narratives', { method: 'PUT', body: input });
}

/** Where a file of the report is downloaded (the server names it). */
export const exportUrl = (period: string, format: 'pdf' | 'html' | 'json') => `/api/reports/csr/export?period=${encodeURIComponent(period)}&format=${format}`;
