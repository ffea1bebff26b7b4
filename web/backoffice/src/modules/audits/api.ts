import type {
  AddActionBody,
  CloseActionBody,
  CloseFindingBody,
  ControlRunDto,
  FindingDto,
  FindingListDto,
  RemediationActionDto,
  UpdateActionBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';
import { allOf } from '../../union.ts';

export type { FindingDto, FindingListDto, FindingSummaryDto, RemediationActionDto } from '../../../../../src/api/contract.ts';

export type Severity = FindingDto['severity'];
export type Source = FindingDto['source'];
export type StatusFilter = 'open' | 'closed' | 'all';

export const SEVERITIES = allOf<Severity>()(['critical', 'high', 'medium', 'low']);
export const SOURCES = allOf<Source>()(['control', 'audit', 'manual']);

export interface FindingFilter {
  status: StatusFilter;
  severity: Severity | '';
  source: Source | '';
}

export const findingKeys = {
  all: ['findings'] as const,
  list: (f: FindingFilter) => ['findings', 'list', f.status, f.severity, f.source] as const,
  one: (id: string) => ['findings', 'one', id] as const,
};

export function findFindings(f: FindingFilter): Promise<FindingListDto> {
  const params = new URLSearchParams({ status: f.status });
  if (f.severity) params.set('severity', f.severity);
  if (f.source) params.set('source', f.source);
  return apiFetch<FindingListDto>(`/api/findings?${params.toString()}`);
}

export function getFinding(id: string): Promise<FindingDto> {
  return apiFetch<FindingDto>(`/api/findings/${encodeURIComponent(id)}`);
}

export function runControls(): Promise<ControlRunDto> {
  return apiFetch<ControlRunDto>('/api/findings/controls/run', { method: 'POST' });
}

export function closeFinding(id: string, input: CloseFindingBody): Promise<FindingDto> {
  return apiFetch<FindingDto, CloseFindingBody>(`/api/findings/${encodeURIComponent(id)}/close`, { method: 'POST', body: input });
}

export function addAction(findingId: string, input: AddActionBody): Promise<RemediationActionDto> {
  return apiFetch<RemediationActionDto, AddActionBody>(`/api/findings/${encodeURIComponent(findingId)}/actions`, {
    method: 'POST',
    body: input,
  });
}

export function updateAction(id: string, input: UpdateActionBody): Promise<RemediationActionDto> {
  return apiFetch<RemediationActionDto, UpdateActionBody>(`/api/remediation-actions/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: input,
  });
}

export function closeAction(id: string, input: CloseActionBody): Promise<RemediationActionDto> {
  return apiFetch<RemediationActionDto, CloseActionBody>(`/api/remediation-actions/${encodeURIComponent(id)}/close`, {
    method: 'POST',
    body: input,
  });
}
