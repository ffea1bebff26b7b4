import type { ContractDetailDto, ContractSummaryDto, Items } from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { ContractDetailDto, ContractEventDto, ContractSummaryDto } from '../../../../../src/api/contract.ts';

export const contractKeys = {
  all: ['contracts'] as const,
  list: (customerId: string) => ['contracts', 'list', customerId] as const,
  one: (id: string) => ['contracts', 'one', id] as const,
};

/** A customer's contracts, or the organisation's latest ones when `customerId` is empty. */
export async function findContracts(customerId: string): Promise<ContractSummaryDto[]> {
  const query = customerId ? `?customerId=${encodeURIComponent(customerId)}` : '';
  return (await apiFetch<Items<ContractSummaryDto>>(`/api/contracts${query}`)).items;
}

export function getContract(id: string): Promise<ContractDetailDto> {
  return apiFetch<ContractDetailDto>(`/api/contracts/${encodeURIComponent(id)}`);
}
