import type { ContractDetailDto, ContractListDto, EndContractBody } from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type {
  ContractDetailDto,
  ContractEventDto,
  ContractListDto,
  ContractSummaryDto,
  EndContractBody,
} from '../../../../../src/api/contract.ts';

/** The list's search, as in the page's address. */
export interface ContractSearch {
  customer: string;
  q: string;
  status: '' | ContractDetailDto['status'];
  offer: string;
  page: number;
}

export const contractKeys = {
  all: ['contracts'] as const,
  list: (search: ContractSearch) => ['contracts', 'list', search] as const,
  one: (id: string) => ['contracts', 'one', id] as const,
};

/** A page of the organisation's contracts matching the search, newest first. */
export async function findContracts(search: ContractSearch): Promise<ContractListDto> {
  const params = new URLSearchParams();
  if (search.customer) params.set('customerId', search.customer);
  if (search.q) params.set('q', search.q);
  if (search.status) params.set('status', search.status);
  if (search.offer) params.set('offerId', search.offer);
  if (search.page > 1) params.set('page', String(search.page));
  const query = params.toString();
  return apiFetch<ContractListDto>(`/api/contracts${query ? `?${query}` : ''}`);
}

export function getContract(id: string): Promise<ContractDetailDto> {
  return apiFetch<ContractDetailDto>(`/api/contracts/${encodeURIComponent(id)}`);
}

/** Ends a contract at its holder's request (phone, letter, e-mail, shop). */
export function endContract(id: string, body: EndContractBody): Promise<ContractDetailDto> {
  return apiFetch<ContractDetailDto, EndContractBody>(`/api/contracts/${encodeURIComponent(id)}/end`, { method: 'POST', body });
}
