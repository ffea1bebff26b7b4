import type {
  ChangeCampaignDetailDto,
  ChangeCampaignDto,
  ChangeCampaignPreviewDto,
  CreateChangeCampaignBody,
  Items,
  NoticeEvidenceDto,
} from '../../../../../src/api/contract.ts';
import { apiFetch } from '../../api.ts';

export type {
  ChangeCampaignDetailDto,
  ChangeCampaignDto,
  ChangeCampaignPreviewDto,
  ChangeNoticeDto,
  CreateChangeCampaignBody,
  NoticeEvidenceDto,
} from '../../../../../src/api/contract.ts';

export const changeCampaignKeys = {
  all: ['change-campaigns'] as const,
  list: ['change-campaigns', 'list'] as const,
  one: (id: string) => ['change-campaigns', 'one', id] as const,
  notice: (noticeId: string) => ['change-campaigns', 'notice', noticeId] as const,
  preview: (body: CreateChangeCampaignBody) => ['change-campaigns', 'preview', body] as const,
};

const path = (id: string) => `/api/change-campaigns/${encodeURIComponent(id)}`;

export async function findChangeCampaigns(): Promise<ChangeCampaignDto[]> {
  return (await apiFetch<Items<ChangeCampaignDto>>('/api/change-campaigns')).items;
}

export function getChangeCampaign(id: string): Promise<ChangeCampaignDetailDto> {
  return apiFetch<ChangeCampaignDetailDto>(path(id));
}

export function getNoticeEvidence(noticeId: string): Promise<NoticeEvidenceDto> {
  return apiFetch<NoticeEvidenceDto>(`/api/change-notices/${encodeURIComponent(noticeId)}`);
}

export function previewChangeCampaign(body: CreateChangeCampaignBody): Promise<ChangeCampaignPreviewDto> {
  return apiFetch<ChangeCampaignPreviewDto, CreateChangeCampaignBody>('/api/change-campaigns/preview', { method: 'POST', body });
}

export function createChangeCampaign(body: CreateChangeCampaignBody): Promise<ChangeCampaignDetailDto> {
  return apiFetch<ChangeCampaignDetailDto, CreateChangeCampaignBody>('/api/change-campaigns', { method: 'POST', body });
}
