import { apiFetch } from '../../api.ts';

/** A data-subject request as the API returns it. */
export interface DsrDto {
  id: string;
  customerId: string;
  type: string;
  status: 'received' | 'extended' | 'fulfilled' | 'refused';
  channel: string;
  identityCheck: string;
  receivedAt: string;
  dueDate: string;
  overdue: boolean;
  extensionReason: string | null;
  refusalReason: string | null;
  resolutionNote: string | null;
  closedAt: string | null;
  erasureOutcome: { erased: number; held: { table: string; id: string; reason: string }[] } | null;
  abilities: { extend: boolean; refuse: boolean; fulfil: boolean };
}

/** A request with the subject's identity and words. */
export interface DsrDetailDto extends DsrDto {
  subject: { email: string | null; name: string | null; locale: string; erased: boolean } | null;
  details: string | null;
  /** Restriction requests (GDPR Art. 18): the restriction obtained and its lifting. */
  restriction: { active: boolean; since: string; liftedAt: string | null; liftReason: string | null } | null;
  abilities: DsrDto['abilities'] & { liftRestriction: boolean };
}

/** One version of a purpose's notice. */
export interface NoticeDto {
  version: number;
  titleFr: string;
  titleEn: string;
  textFr: string;
  textEn: string;
  createdAt: string;
}

/** A purpose of processing. */
export interface PurposeDto {
  id: string;
  key: string;
  legalBasis: string;
  dataUse: string;
  channels: string[];
  gpcApplies: boolean;
  currentVersion: number;
  status: string;
  notices: NoticeDto[];
}

/** Current consent states of one purpose. */
export interface RateDto {
  purposeId: string;
  key: string;
  given: number;
  withdrawn: number;
  refused: number;
  expired: number;
  total: number;
  rate: number | null;
}

interface Items<T> {
  items: T[];
}

export const privacyKeys = {
  requests: ['privacy', 'requests'] as const,
  request: (id: string) => ['privacy', 'requests', id] as const,
  purposes: ['privacy', 'purposes'] as const,
  rates: ['privacy', 'rates'] as const,
};

/** Open requests, overdue first then by deadline. */
export async function findRequests(): Promise<DsrDto[]> {
  return (await apiFetch<Items<DsrDto>>('/api/dsr')).items;
}

export function getRequest(id: string): Promise<DsrDetailDto> {
  return apiFetch<DsrDetailDto>(`/api/dsr/${encodeURIComponent(id)}`);
}

/** Fulfils, extends (reason) or refuses (reason) a request. */
export function actOnRequest(id: string, action: 'fulfil' | 'extend' | 'refuse', text: string): Promise<DsrDetailDto> {
  const body = action === 'fulfil' ? (text.trim() ? { note: text.trim() } : {}) : { reason: text.trim() };
  return apiFetch<DsrDetailDto>(`/api/dsr/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
}

/** Lifts the restriction a request obtained; the subject is told the reason (GDPR Art. 18(3)). */
export function liftRestriction(id: string, reason: string): Promise<DsrDetailDto> {
  return apiFetch<DsrDetailDto>(`/api/dsr/${encodeURIComponent(id)}/lift-restriction`, { method: 'POST', body: { reason: reason.trim() } });
}

export async function findPurposes(): Promise<PurposeDto[]> {
  return (await apiFetch<Items<PurposeDto>>('/api/consent/purposes')).items;
}

export async function findRates(): Promise<RateDto[]> {
  return (await apiFetch<Items<RateDto>>('/api/consent/rates')).items;
}

/** Input of {@link createPurpose}. */
export interface CreatePurposeInput {
  key: string;
  legalBasis: string;
  dataUse: string;
  channels: string[];
  notice: { titleFr: string; titleEn: string; textFr: string; textEn: string };
}

export function createPurpose(input: CreatePurposeInput): Promise<PurposeDto> {
  return apiFetch<PurposeDto>('/api/consent/purposes', { method: 'POST', body: input });
}
