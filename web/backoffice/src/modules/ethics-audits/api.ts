import type {
  AnswerEthicsAuditBody,
  AuditTemplateDto,
  CreateEthicsAuditBody,
  EthicsAuditDto,
  EthicsAuditSummaryDto,
  FindingSummaryDto,
  Items,
  MoveEthicsAuditBody,
  RaiseAuditFindingBody,
  UpdateEthicsAuditBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch, postForm } from '../../api.ts';
import { allOf } from '../../union.ts';

export type { AuditTemplateDto, EthicsAuditDto, EthicsAuditFindingDto, EthicsAuditItemDto, EthicsAuditSummaryDto } from '../../../../../src/api/contract.ts';

export type AuditStatus = EthicsAuditDto['status'];
export type Answer = NonNullable<EthicsAuditDto['sections'][number]['items'][number]['answer']>['answer'];
export type StatusFilter = 'open' | 'closed' | 'all';

export const ANSWERS = allOf<Answer>()(['compliant', 'non_compliant', 'not_applicable']);
export const AUDIT_STATUSES = allOf<AuditStatus>()(['planned', 'in_progress', 'reporting', 'closed']);

export const auditKeys = {
  all: ['ethics-audits'] as const,
  list: (status: StatusFilter) => ['ethics-audits', 'list', status] as const,
  templates: ['ethics-audits', 'templates'] as const,
  one: (id: string) => ['ethics-audits', 'one', id] as const,
};

const path = (id: string) => `/api/ethics-audits/${encodeURIComponent(id)}`;
export const evidenceUrl = (id: string, evidenceId: string) => `${path(id)}/evidence/${encodeURIComponent(evidenceId)}`;
export const reportUrl = (id: string) => `${path(id)}/report`;

export async function findAudits(status: StatusFilter): Promise<EthicsAuditSummaryDto[]> {
  return (await apiFetch<Items<EthicsAuditSummaryDto>>(`/api/ethics-audits?status=${status}`)).items;
}

export async function findTemplates(): Promise<AuditTemplateDto[]> {
  return (await apiFetch<Items<AuditTemplateDto>>('/api/ethics-audit-templates')).items;
}

export function getAudit(id: string): Promise<EthicsAuditDto> {
  return apiFetch<EthicsAuditDto>(path(id));
}

export function createAudit(input: CreateEthicsAuditBody): Promise<EthicsAuditDto> {
  return apiFetch<EthicsAuditDto, CreateEthicsAuditBody>('/api/ethics-audits', { method: 'POST', body: input });
}

export function updateAudit(id: string, input: UpdateEthicsAuditBody): Promise<EthicsAuditDto> {
  return apiFetch<EthicsAuditDto, UpdateEthicsAuditBody>(path(id), { method: 'PATCH', body: input });
}

export function answerItem(id: string, input: AnswerEthicsAuditBody): Promise<EthicsAuditDto> {
  return apiFetch<EthicsAuditDto, AnswerEthicsAuditBody>(`${path(id)}/answers`, { method: 'POST', body: input });
}

export function moveAudit(id: string, input: MoveEthicsAuditBody): Promise<EthicsAuditDto> {
  return apiFetch<EthicsAuditDto, MoveEthicsAuditBody>(`${path(id)}/status`, { method: 'POST', body: input });
}

export function raiseFinding(id: string, input: RaiseAuditFindingBody): Promise<FindingSummaryDto> {
  return apiFetch<FindingSummaryDto, RaiseAuditFindingBody>(`${path(id)}/findings`, { method: 'POST', body: input });
}

/** Sends evidence files, for one item or the whole audit. */
export function uploadEvidence(id: string, itemKey: string | null, files: File[]): Promise<EthicsAuditDto> {
  const form = new FormData();
  if (itemKey) form.append('itemKey', itemKey);
  for (const file of files) form.append('evidence', file, file.name);
  return postForm<EthicsAuditDto>(`${path(id)}/evidence`, form);
}

/** A day (YYYY-MM-DD) in words, as a calendar date (no time zone applies). */
export function formatDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
