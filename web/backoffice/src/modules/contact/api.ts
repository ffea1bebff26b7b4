import type { CheckContactBody, ContactAttemptDto, ContactDecisionDto, Items, RecordAttemptBody } from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';
import { allOf } from '../../union.ts';

export type { ContactAttemptDto, ContactDecisionDto } from '../../../../../src/api/contract.ts';
export type ContactChannel = CheckContactBody['channel'];
export type ContactPurpose = CheckContactBody['purpose'];
export type ContactOutcome = RecordAttemptBody['outcome'];

export const CONTACT_CHANNELS = allOf<ContactChannel>()(['phone', 'sms', 'email', 'post']);
export const CONTACT_PURPOSES = allOf<ContactPurpose>()(['prospecting', 'service']);
/** What an agent records after a call (messages and letters are recorded by the API as `sent`). */
export const CALL_OUTCOMES = ['answered', 'no_answer', 'refused', 'do_not_call'] as const satisfies readonly ContactOutcome[];

export const contactKeys = {
  all: ['contact'] as const,
  check: (customerId: string, channel: ContactChannel, purpose: ContactPurpose) => ['contact', 'check', customerId, channel, purpose] as const,
  history: (customerId: string) => ['contact', 'history', customerId] as const,
};

/** May this customer be contacted now? (not stored) */
export function checkContact(body: CheckContactBody): Promise<ContactDecisionDto> {
  return apiFetch<ContactDecisionDto, CheckContactBody>('/api/contact/check', { method: 'POST', body });
}

export function recordAttempt(body: RecordAttemptBody): Promise<ContactAttemptDto> {
  return apiFetch<ContactAttemptDto, RecordAttemptBody>('/api/contact/attempts', { method: 'POST', body });
}

export async function findHistory(customerId: string): Promise<ContactAttemptDto[]> {
  return (await apiFetch<Items<ContactAttemptDto>>(`/api/contact/attempts?customerId=${encodeURIComponent(customerId)}`)).items;
}
