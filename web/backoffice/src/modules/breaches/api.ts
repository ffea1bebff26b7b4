import type {
  BreachDto,
  BreachSummaryDto,
  CreateBreachBody,
  ExemptSubjectsBody,
  Items,
  NotifyAuthorityBody,
  NotifySubjectsBody,
  SubjectNotificationDto,
  SupplementBody,
  UpdateBreachBody,
  WaiveAuthorityBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';
import { allOf } from '../../union.ts';

export type { BreachDto, BreachSummaryDto, CreateBreachBody, ExemptSubjectsBody, NotifyAuthorityBody } from '../../../../../src/api/contract.ts';

export type RiskLevel = BreachDto['risk'];
export type ClockState = BreachSummaryDto['authorityClock']['state'];
/** Art. 34(2) message, per language of the subjects. */
export type SubjectMessage = NotifySubjectsBody['message']['fr'];
/** The facts and assessment a user types (create and edit): every field, none left to its default. */
export type BreachFieldsInput = Required<CreateBreachBody>;

export const DISCOVERY_SOURCES = allOf<NonNullable<BreachDto['discoverySource']>>()(['internal_detection', 'employee', 'processor', 'customer', 'third_party', 'authority', 'media', 'other']);
export const BREACH_TYPES = allOf<BreachDto['breachTypes'][number]>()(['confidentiality', 'integrity', 'availability']);
export const RISK_LEVELS = allOf<RiskLevel>()(['unassessed', 'none', 'risk', 'high_risk']);
export const AUTHORITY_CHANNELS = allOf<NotifyAuthorityBody['channel']>()(['cnil_online', 'email', 'post', 'phone', 'other']);
export const SUBJECT_EXEMPTIONS = allOf<ExemptSubjectsBody['exemption']>()(['encrypted', 'measures_taken', 'disproportionate_effort']);

export const breachKeys = {
  list: (status: 'open' | 'all') => ['breaches', 'list', status] as const,
  all: ['breaches'] as const,
  one: (id: string) => ['breaches', 'one', id] as const,
};

const path = (id: string, action = '') => `/api/breaches/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** Where the CSV of the register and a breach's printable report are served. */
export const REGISTER_CSV_URL = '/api/breaches/register.csv';
export const reportUrl = (id: string) => path(id, 'report');

export async function findBreaches(status: 'open' | 'all'): Promise<BreachSummaryDto[]> {
  return (await apiFetch<Items<BreachSummaryDto>>(`/api/breaches?status=${status}`)).items;
}

export function getBreach(id: string): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id));
}

export function createBreach(input: CreateBreachBody): Promise<BreachDto> {
  return apiFetch<BreachDto, CreateBreachBody>('/api/breaches', { method: 'POST', body: input });
}

export function updateBreach(id: string, input: UpdateBreachBody): Promise<BreachDto> {
  return apiFetch<BreachDto, UpdateBreachBody>(path(id), { method: 'PATCH', body: input });
}

export function notifyAuthority(id: string, input: NotifyAuthorityBody): Promise<BreachDto> {
  return apiFetch<BreachDto, NotifyAuthorityBody>(path(id, 'authority-notification'), { method: 'POST', body: input });
}

export function waiveAuthority(id: string, reason: string): Promise<BreachDto> {
  return apiFetch<BreachDto, WaiveAuthorityBody>(path(id, 'authority-waiver'), { method: 'POST', body: { reason } });
}

export function addSupplement(id: string, input: SupplementBody): Promise<BreachDto> {
  return apiFetch<BreachDto, SupplementBody>(path(id, 'supplements'), { method: 'POST', body: input });
}

export function notifySubjects(id: string, input: NotifySubjectsBody): Promise<SubjectNotificationDto> {
  return apiFetch<SubjectNotificationDto, NotifySubjectsBody>(path(id, 'subject-notification'), { method: 'POST', body: input });
}

export function exemptSubjects(id: string, input: ExemptSubjectsBody): Promise<BreachDto> {
  return apiFetch<BreachDto, ExemptSubjectsBody>(path(id, 'subject-exemption'), { method: 'POST', body: input });
}

export function closeBreach(id: string): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id, 'close'), { method: 'POST' });
}
