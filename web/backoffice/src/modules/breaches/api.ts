import { apiFetch } from '../../api.ts';
import type { BreachAbilities } from '../../../../../src/core/breaches/breaches.policy.ts';

export type BreachStatus = 'open' | 'notified' | 'not_notified' | 'closed';
export type RiskLevel = 'none' | 'risk' | 'high_risk';
export type SubjectsDecision = 'not_required' | 'pending' | 'notified' | 'exempted';
export type ClockState = 'running' | 'warning' | 'overdue' | 'stopped';

export const DISCOVERY_SOURCES = ['internal_detection', 'employee', 'processor', 'customer', 'third_party', 'authority', 'media', 'other'] as const;
export const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'] as const;
export const RISK_LEVELS = ['none', 'risk', 'high_risk'] as const;
export const AUTHORITY_CHANNELS = ['cnil_online', 'email', 'post', 'phone', 'other'] as const;
export const SUBJECT_EXEMPTIONS = ['encrypted', 'measures_taken', 'disproportionate_effort'] as const;

/** A line of the register, with the 72-hour clock as the server computed it. */
export interface BreachSummaryDto {
  id: string;
  reference: string;
  title: string;
  status: BreachStatus;
  risk: RiskLevel;
  awareAt: string;
  authorityClock: { dueAt: string; state: ClockState; remainingMs: number };
  subjectsDecision: SubjectsDecision;
}

/** The facts and assessment a user types (create and edit). */
export interface BreachFieldsInput {
  title: string;
  awareAt: string;
  occurredAt: string | null;
  discoverySource: string;
  description: string;
  breachTypes: string[];
  dataCategories: string;
  subjectCategories: string;
  approxSubjects: number | null;
  approxRecords: number | null;
  dpoContact: string;
  consequences: string;
  measures: string;
  risk: RiskLevel;
  riskReasons: string;
}

/** A whole file. */
export interface BreachDto extends BreachSummaryDto, Omit<BreachFieldsInput, 'risk' | 'awareAt'> {
  authority: {
    notifiedAt: string | null;
    reference: string | null;
    channel: string | null;
    late: boolean | null;
    delayReasons: string | null;
    waiverReason: string | null;
    waivedAt: string | null;
  };
  subjects: {
    audience: 'selected' | 'all' | null;
    notifiedAt: string | null;
    count: number;
    exemption: string | null;
    exemptionReason: string | null;
    publicCommunication: string | null;
  };
  supplements: { id: string; providedAt: string; content: string }[];
  timeline: { at: string; type: string; actorType: string; actorId: string | null; payload: unknown }[];
  closedAt: string | null;
  createdAt: string;
  abilities: BreachAbilities;
}

/** Art. 34(2) message, per language of the subjects. */
export interface SubjectMessage {
  nature: string;
  consequences: string;
  measures: string;
}

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
  return (await apiFetch<{ items: BreachSummaryDto[] }>(`/api/breaches?status=${status}`)).items;
}

export function getBreach(id: string): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id));
}

export function createBreach(input: BreachFieldsInput): Promise<BreachDto> {
  return apiFetch<BreachDto>('/api/breaches', { method: 'POST', body: input });
}

export function updateBreach(id: string, input: Partial<BreachFieldsInput>): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id), { method: 'PATCH', body: input });
}

export function notifyAuthority(id: string, input: { notifiedAt: string; reference: string; channel: string; delayReasons?: string }): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id, 'authority-notification'), { method: 'POST', body: input });
}

export function waiveAuthority(id: string, reason: string): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id, 'authority-waiver'), { method: 'POST', body: { reason } });
}

export function addSupplement(id: string, input: { providedAt: string; content: string }): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id, 'supplements'), { method: 'POST', body: input });
}

export function notifySubjects(
  id: string,
  input: { audience: { kind: 'selected'; customerIds: string[] } | { kind: 'all' }; message: { fr: SubjectMessage; en: SubjectMessage } },
): Promise<{ breach: BreachDto; queued: number; total: number }> {
  return apiFetch(path(id, 'subject-notification'), { method: 'POST', body: input });
}

export function exemptSubjects(id: string, input: { exemption: string; reason: string; publicCommunication?: string }): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id, 'subject-exemption'), { method: 'POST', body: input });
}

export function closeBreach(id: string): Promise<BreachDto> {
  return apiFetch<BreachDto>(path(id, 'close'), { method: 'POST' });
}
