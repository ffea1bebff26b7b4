import type {
  AnswerEthicsAuditBody,
  ApiErrorBody,
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
import { ApiError, apiFetch } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';
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

/** Sends evidence files as multipart/form-data (apiFetch only sends JSON), for one item or the whole audit. */
export async function uploadEvidence(id: string, itemKey: string | null, files: File[], csrfToken: string): Promise<EthicsAuditDto> {
  const form = new FormData();
  if (itemKey) form.append('itemKey', itemKey);
  for (const file of files) form.append('evidence', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${path(id)}/evidence`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'accept-language': currentLanguage(), 'x-csrf-token': csrfToken },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  const data = (await response.json().catch(() => undefined)) as EthicsAuditDto | ApiErrorBody | undefined;
  if (!response.ok) {
    const error = data && 'error' in data ? data.error : undefined;
    throw new ApiError(response.status, error?.code ?? 'unexpected', error?.message ?? i18n.t('errors.unexpected', { status: response.status }), error?.issues ?? []);
  }
  return data as EthicsAuditDto;
}

/** A day (YYYY-MM-DD) in words, as a calendar date (no time zone applies). */
export function formatDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
