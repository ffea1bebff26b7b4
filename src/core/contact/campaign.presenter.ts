/** Pure DTOs of campaigns. */
import { messageTypeOf } from './campaign.policy.ts';
import type { CampaignView } from './campaign.service.ts';
import type { CampaignScrubRow } from './campaign.repo.ts';
import type { CampaignDetailDto, CampaignReasonCode, CampaignSummaryDto, ScrubDto } from './campaign.schemas.ts';

export function presentScrub(row: CampaignScrubRow): ScrubDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    recipients: row.recipients,
    allowed: row.allowed,
    denied: row.recipients - row.allowed,
    byReason: Object.entries(row.byReason).map(([code, count]) => ({ code: code as CampaignReasonCode, count })),
    createdAt: row.createdAt.toISOString(),
    decisionsUrl: `/api/contact/campaigns/${row.campaignId}/scrubs/${row.id}/decisions.csv`,
  };
}

export function presentCampaignSummary({ campaign, scrubs, blocks }: CampaignView): CampaignSummaryDto {
  return {
    id: campaign.id,
    name: campaign.name,
    channel: campaign.channel,
    purpose: campaign.purpose,
    sector: campaign.sector,
    scheduledAt: campaign.scheduledAt.toISOString(),
    recipients: campaign.recipients,
    createdAt: campaign.createdAt.toISOString(),
    latestScrub: scrubs[0] ? presentScrub(scrubs[0]) : null,
    blocks,
  };
}

export function presentCampaign(view: CampaignView): CampaignDetailDto {
  return {
    ...presentCampaignSummary(view),
    message: view.campaign.message,
    messageCheck: view.campaign.messageCheck,
    messageType: messageTypeOf(view.campaign.channel, view.campaign.purpose),
    approval: view.approval,
    scrubs: view.scrubs.map(presentScrub),
    audience: { source: view.campaign.audienceSource, hash: view.campaign.audienceHash, filter: view.campaign.audienceFilter ?? null },
    exportUrl: view.blocks.length === 0 ? `/api/contact/campaigns/${view.campaign.id}/export.csv` : null,
  };
}
