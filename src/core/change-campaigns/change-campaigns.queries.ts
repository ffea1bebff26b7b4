/** Read models of change campaigns: the back office's list with counts, one campaign with its notices. */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { listOffers, type OfferVersionRow } from '../offers/index.ts';
import * as repo from './change-campaigns.repo.ts';

export interface ChangeCampaignView {
  campaign: repo.ChangeCampaignRow;
  version: OfferVersionRow | null;
  counts: repo.CampaignCounts;
}

const NONE: repo.CampaignCounts = { planned: 0, sent: 0, refused: 0, moved: 0, terminated: 0 };

async function withCounts(deps: Deps, ctx: RequestContext, rows: repo.ChangeCampaignRow[]): Promise<ChangeCampaignView[]> {
  const orgId = requireOrg(ctx);
  const [counts, offers] = await Promise.all([
    repo.countNotices(
      deps.db,
      orgId,
      rows.map((r) => r.id),
    ),
    rows.length > 0 ? listOffers(deps, ctx) : Promise.resolve([]),
  ]);
  const versions = new Map(offers.flatMap((o) => o.versions.map((v) => [v.id, v] as const)));
  return rows.map((campaign) => ({
    campaign,
    version: versions.get(campaign.toVersionId) ?? null,
    counts: counts.get(campaign.id) ?? NONE,
  }));
}

export async function listChangeCampaigns(deps: Deps, ctx: RequestContext): Promise<ChangeCampaignView[]> {
  return withCounts(deps, ctx, await repo.findCampaigns(deps.db, requireOrg(ctx)));
}

export interface ChangeCampaignDetail extends ChangeCampaignView {
  /** The first 500 notices by send day. */
  notices: repo.ChangeNoticeRow[];
}

export async function getChangeCampaign(deps: Deps, ctx: RequestContext, id: string): Promise<ChangeCampaignDetail> {
  const orgId = requireOrg(ctx);
  const campaign = await repo.findCampaign(deps.db, orgId, id);
  if (!campaign) throw notFound('change_campaign');
  const [view] = await withCounts(deps, ctx, [campaign]);
  return { ...view!, notices: await repo.findNotices(deps.db, orgId, { campaignId: id }) };
}
