import type {
  CreateRegulatoryEventBody,
  Items,
  RegulatoryEventDto,
  RegulatoryEventSummaryDto,
  UpdateRegulatoryEventBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch, postForm } from '../../api.ts';
import { formatAmount } from '../../format.ts';
import { allOf } from '../../union.ts';

export type { CreateRegulatoryEventBody, RegulatoryEventDto, RegulatoryEventSummaryDto } from '../../../../../src/api/contract.ts';

export const AUTHORITIES = allOf<RegulatoryEventDto['authority']>()(['cnil', 'dgccrf', 'arcep', 'acpr', 'other']);
export const KINDS = allOf<RegulatoryEventDto['kind']>()(['fine', 'warning', 'authority_request', 'regulator_complaint', 'voluntary_code_breach']);
export const SUBJECT_AREAS = allOf<RegulatoryEventDto['subjectArea']>()(['marketing', 'privacy', 'product_information', 'other']);
export const STATUSES = allOf<RegulatoryEventDto['status']>()(['open', 'closed']);
export const CURRENCIES = allOf<NonNullable<RegulatoryEventDto['amount']>['currency']>()(['EUR', 'USD', 'GBP', 'CHF']);
export const LINK_TYPES = allOf<RegulatoryEventDto['linkedRecords'][number]['type']>()(['complaint', 'breach', 'dsr', 'customer', 'campaign', 'message', 'other']);

export const regulatoryKeys = {
  all: ['regulatory'] as const,
  list: ['regulatory', 'list'] as const,
  period: (from: string, to: string) => ['regulatory', 'list', from, to] as const,
  one: (id: string) => ['regulatory', 'one', id] as const,
};

const path = (id: string) => `/api/regulatory-events/${encodeURIComponent(id)}`;
export const evidenceUrl = (id: string, evidenceId: string) => `${path(id)}/evidence/${encodeURIComponent(evidenceId)}`;

/** The register, or the events of days `from`..`to` (YYYY-MM-DD) when given. */
export async function findRegulatoryEvents(period: { from: string; to: string } | null = null): Promise<RegulatoryEventSummaryDto[]> {
  const query = period ? `?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}` : '';
  return (await apiFetch<Items<RegulatoryEventSummaryDto>>(`/api/regulatory-events${query}`)).items;
}

export function getRegulatoryEvent(id: string): Promise<RegulatoryEventDto> {
  return apiFetch<RegulatoryEventDto>(path(id));
}

export function createRegulatoryEvent(input: CreateRegulatoryEventBody): Promise<RegulatoryEventDto> {
  return apiFetch<RegulatoryEventDto, CreateRegulatoryEventBody>('/api/regulatory-events', { method: 'POST', body: input });
}

export function updateRegulatoryEvent(id: string, input: UpdateRegulatoryEventBody): Promise<RegulatoryEventDto> {
  return apiFetch<RegulatoryEventDto, UpdateRegulatoryEventBody>(path(id), { method: 'PATCH', body: input });
}

/** Sends evidence files. */
export function uploadEvidence(id: string, files: File[]): Promise<RegulatoryEventDto> {
  const form = new FormData();
  for (const file of files) form.append('evidence', file, file.name);
  return postForm<RegulatoryEventDto>(`${path(id)}/evidence`, form);
}

/** A day (YYYY-MM-DD) in words, as a calendar date (no time zone applies). */
export function formatDay(day: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** A fine's amount in the language's currency format (the back office's one money format). */
export function formatFine(amount: { cents: number; currency: string }, lang: string): string {
  return formatAmount(amount.cents, lang, amount.currency);
}
