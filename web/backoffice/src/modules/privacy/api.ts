import type {
  CreatePurposeBody,
  DsrDetailDto,
  DsrDto,
  DsrFulfilBody,
  DsrManualBody,
  DsrReasonBody,
  Items,
  PurposeDto,
  RateDto,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { DsrDetailDto, DsrDto, DsrManualBody } from '../../../../../src/api/contract.ts';

export const privacyKeys = {
  requests: ['privacy', 'requests'] as const,
  list: (status: RequestFilter) => ['privacy', 'requests', 'list', status] as const,
  request: (id: string) => ['privacy', 'requests', id] as const,
  purposes: ['privacy', 'purposes'] as const,
  rates: ['privacy', 'rates'] as const,
};

/** Which requests a list shows: open ones, closed ones (fulfilled or refused), or both. */
export type RequestFilter = 'open' | 'closed' | 'all';

/** Open requests overdue first then by deadline; closed ones most recent first (the history). */
export async function findRequests(status: RequestFilter = 'open'): Promise<DsrDto[]> {
  return (await apiFetch<Items<DsrDto>>(`/api/dsr?status=${status}`)).items;
}

/** Logs a request received by letter, phone, e-mail or in person; the deadline runs from `receivedOn`. */
export function createRequest(input: DsrManualBody): Promise<DsrDetailDto> {
  return apiFetch<DsrDetailDto, DsrManualBody>('/api/dsr', { method: 'POST', body: input });
}

export function getRequest(id: string): Promise<DsrDetailDto> {
  return apiFetch<DsrDetailDto>(`/api/dsr/${encodeURIComponent(id)}`);
}

/** Fulfils (optional note), extends (reason) or refuses (reason) a request. */
export function actOnRequest(id: string, action: 'fulfil' | 'extend' | 'refuse', text: string): Promise<DsrDetailDto> {
  const url = `/api/dsr/${encodeURIComponent(id)}/${action}`;
  if (action === 'fulfil')
    return apiFetch<DsrDetailDto, DsrFulfilBody>(url, { method: 'POST', body: text.trim() ? { note: text.trim() } : {} });
  return apiFetch<DsrDetailDto, DsrReasonBody>(url, { method: 'POST', body: { reason: text.trim() } });
}

/** Lifts the restriction a request obtained; the subject is told the reason (GDPR Art. 18(3)). */
export function liftRestriction(id: string, reason: string): Promise<DsrDetailDto> {
  return apiFetch<DsrDetailDto, DsrReasonBody>(`/api/dsr/${encodeURIComponent(id)}/lift-restriction`, {
    method: 'POST',
    body: { reason: reason.trim() },
  });
}

export async function findPurposes(): Promise<PurposeDto[]> {
  return (await apiFetch<Items<PurposeDto>>('/api/consent/purposes')).items;
}

export async function findRates(): Promise<RateDto[]> {
  return (await apiFetch<Items<RateDto>>('/api/consent/rates')).items;
}

export function createPurpose(input: CreatePurposeBody): Promise<PurposeDto> {
  return apiFetch<PurposeDto, CreatePurposeBody>('/api/consent/purposes', { method: 'POST', body: input });
}
