import type {
  CheckContactBody,
  ContactAttemptDto,
  ContactDecisionDto,
  Items,
  PhoneConsentBody,
  PhoneConsentDto,
  PhoneConsentRecordedDto,
  RecordAttemptBody,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';
import { allOf } from '../../union.ts';

export type { ContactAttemptDto, ContactDecisionDto, PhoneConsentDto } from '../../../../../src/api/contract.ts';
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
  phoneConsent: (customerId: string) => ['contact', 'phone-consent', customerId] as const,
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

/** The customer's phone prospecting consents and the notice to read out before recording one (C. consom. L.223-1). */
export function findPhoneConsent(customerId: string): Promise<PhoneConsentDto> {
  return apiFetch<PhoneConsentDto>(`/api/contact/phone-consent?customerId=${encodeURIComponent(customerId)}`);
}

/** Records, from the call, that the customer gave or withdrew their phone prospecting consent for one purpose. */
export function recordPhoneConsent(body: PhoneConsentBody): Promise<PhoneConsentRecordedDto> {
  return apiFetch<PhoneConsentRecordedDto, PhoneConsentBody>('/api/contact/phone-consent', { method: 'POST', body });
}
