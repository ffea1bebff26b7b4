import type {
  CreateOfferBody,
  Items,
  NewOfferVersionBody,
  OfferDetailDto,
  OfferSummaryDto,
  OfferVersionDto,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';
import { allOf } from '../../union.ts';

export type {
  CreateOfferBody,
  NewOfferVersionBody,
  OfferDetailDto,
  OfferSummaryDto,
  OfferVersionDto,
} from '../../../../../src/api/contract.ts';

export const SECTORS = allOf<OfferSummaryDto['sector']>()(['electronic_communications', 'energy', 'banking', 'other']);
export const KINDS = allOf<OfferSummaryDto['kind']>()(['product', 'plan', 'service']);
export const PERIODS = allOf<OfferVersionDto['pricePeriod']>()(['once', 'month', 'year']);
export const RENEWALS = allOf<OfferVersionDto['renewal']>()(['none', 'tacit', 'on_request']);

export const offerKeys = {
  all: ['offers'] as const,
  list: ['offers', 'list'] as const,
  one: (id: string) => ['offers', 'one', id] as const,
};

const path = (id: string, action = '') => `/api/offers/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export async function findOffers(): Promise<OfferSummaryDto[]> {
  return (await apiFetch<Items<OfferSummaryDto>>('/api/offers')).items;
}

export function getOffer(id: string): Promise<OfferDetailDto> {
  return apiFetch<OfferDetailDto>(path(id));
}

export function createOffer(input: CreateOfferBody): Promise<OfferDetailDto> {
  return apiFetch<OfferDetailDto, CreateOfferBody>('/api/offers', { method: 'POST', body: input });
}

export function addVersion(id: string, input: NewOfferVersionBody): Promise<OfferVersionDto> {
  return apiFetch<OfferVersionDto, NewOfferVersionBody>(path(id, 'versions'), { method: 'POST', body: input });
}

/** Euros typed by a person ("12,50" or "12.50") to cents; NaN when unreadable (the server names the field). */
export function toCents(value: string): number {
  const n = Number(value.trim().replace(/\s/g, '').replace(',', '.'));
  return value.trim() === '' || !Number.isFinite(n) ? Number.NaN : Math.round(n * 100);
}
