import type { ChangeCampaignDto, Items } from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type { ChangeCampaignDto } from '../../../../../src/api/contract.ts';

export const changeCampaignKeys = { list: ['change-campaigns', 'list'] as const };

export async function findChangeCampaigns(): Promise<ChangeCampaignDto[]> {
  return (await apiFetch<Items<ChangeCampaignDto>>('/api/change-campaigns')).items;
}
