import type {
  AudiencePreviewBody,
  AudiencePreviewDto,
  CampaignDetailDto,
  CampaignSummaryDto,
  CreateFilterCampaignBody,
  Items,
  ScrubDto,
} from '../../../../../src/api/contract.ts';
import { ApiError, apiErrorOf, apiFetch, postForm } from '../../api.ts';
import { currentLanguage, i18n } from '../../i18n.ts';
import { allOf } from '../../union.ts';

export type { CampaignDetailDto, CampaignSummaryDto, ScrubDto } from '../../../../../src/api/contract.ts';
export type CampaignSector = CampaignSummaryDto['sector'];
export type CampaignBlock = CampaignSummaryDto['blocks'][number];

export const CAMPAIGN_SECTORS = allOf<CampaignSector>()(['other', 'energy_renovation', 'housing_adaptation']);

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
};

export async function findCampaigns(): Promise<CampaignSummaryDto[]> {
  return (await apiFetch<Items<CampaignSummaryDto>>('/api/contact/campaigns')).items;
}

export function getCampaign(id: string): Promise<CampaignDetailDto> {
  return apiFetch<CampaignDetailDto>(`/api/contact/campaigns/${encodeURIComponent(id)}`);
}

export function scrubCampaign(id: string): Promise<ScrubDto> {
  return apiFetch<ScrubDto>(`/api/contact/campaigns/${encodeURIComponent(id)}/scrub`, { method: 'POST' });
}

/**
 * Submits the campaign's message to an ethics officer (messages module: a campaign whose message
 * has a high-severity finding goes out only once its exact wording is approved).
 */
export async function submitMessageForApproval(campaign: Pick<CampaignDetailDto, 'message' | 'messageType'>): Promise<void> {
  await apiFetch<unknown, { text: string; type: CampaignDetailDto['messageType']; campaign: boolean }>('/api/messages/approvals', {
    method: 'POST',
    body: { text: campaign.message, type: campaign.messageType, campaign: true },
  });
}

/** The fields of a new campaign, as the form holds them (the server checks each). */
export interface CampaignDraft {
  name: string;
  channel: string;
  purpose: string;
  sector: string;
  message: string;
  scheduledAt: string;
}

/** Sends a new campaign to POST /api/contact/campaigns: the audience file and the fields. */
export function createCampaign(draft: CampaignDraft, file: File): Promise<CampaignDetailDto> {
  const form = new FormData();
  for (const [key, value] of Object.entries(draft)) form.append(key, value);
  form.append('file', file, file.name);
  return postForm<CampaignDetailDto>('/api/contact/campaigns', form);
}

export type { AudienceFilterBody, CreateFilterCampaignBody } from '../../../../../src/api/contract.ts';

/** How many customers a saved filter selects now on a channel (nothing is saved). */
export async function previewAudience(body: AudiencePreviewBody): Promise<number> {
  return (await apiFetch<AudiencePreviewDto, AudiencePreviewBody>('/api/contact/campaigns/audience-preview', { method: 'POST', body })).count;
}

/** Sends a new campaign whose audience is a saved filter to POST /api/contact/campaigns/from-filter. */
export function createFilterCampaign(body: CreateFilterCampaignBody): Promise<CampaignDetailDto> {
  return apiFetch<CampaignDetailDto, CreateFilterCampaignBody>('/api/contact/campaigns/from-filter', { method: 'POST', body });
}

/**
 * Downloads the allowed recipients of a campaign (its export URL) as a file. Fetched rather than
 * followed as a link, so that a refusal (409: the scrub is out of date, the message is blocked)
 * comes back as an error to show beside a "scrub again" action, not as a JSON page.
 */
export async function downloadExport(url: string, filename: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': currentLanguage() } });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  if (!response.ok) {
    let data: unknown;
    try {
      data = await response.json();
    } catch {
      data = undefined;
    }
    throw apiErrorOf(response.status, data);
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file: the object URL can go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}
