/** Read models of change campaigns: the back office's list with counts, one campaign with its notices, one notice's evidence. */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { renderMail } from '../mail/index.ts';
import { getOffer, listOffers, type OfferVersionRow } from '../offers/index.ts';
import { orgToday } from '../contracts/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as repo from './change-campaigns.repo.ts';
import { changesText, noticeMail, noticeSamples, priceText, type NoticeSample } from './change-campaigns.service.ts';

export interface ChangeCampaignView {
  campaign: repo.ChangeCampaignRow;
  version: OfferVersionRow | null;
  counts: repo.CampaignCounts;
  /** The organisation's day: what "due", "held" and "scheduled" are judged against. */
  today: string;
}

const NONE: repo.CampaignCounts = {
  planned: 0,
  sent: 0,
  refused: 0,
  moved: 0,
  terminated: 0,
  concludedAfter: 0,
  applied: 0,
  held: 0,
  toApply: 0,
};

async function withCounts(deps: Deps, ctx: RequestContext, rows: repo.ChangeCampaignRow[]): Promise<ChangeCampaignView[]> {
  const orgId = requireOrg(ctx);
  const { today } = await orgToday(deps, orgId);
  const [counts, offers] = await Promise.all([
    repo.countNotices(
      deps.db,
      orgId,
      rows.map((r) => r.id),
      today,
    ),
    rows.length > 0 ? listOffers(deps, ctx) : Promise.resolve([]),
  ]);
  const versions = new Map(offers.flatMap((o) => o.versions.map((v) => [v.id, v] as const)));
  return rows.map((campaign) => ({
    campaign,
    version: versions.get(campaign.toVersionId) ?? null,
    counts: counts.get(campaign.id) ?? NONE,
    today,
  }));
}

export async function listChangeCampaigns(deps: Deps, ctx: RequestContext): Promise<ChangeCampaignView[]> {
  return withCounts(deps, ctx, await repo.findCampaigns(deps.db, requireOrg(ctx)));
}

export type CampaignNoticeRow = Awaited<ReturnType<typeof repo.findCampaignNotices>>[number];

export interface ChangeCampaignDetail extends ChangeCampaignView {
  /** The version the customers were on (the latest earlier one), for the comparison. */
  fromVersion: OfferVersionRow | null;
  /** The notice as customers read it, in each language and variant (placeholder reference and link). */
  messages: NoticeSample[];
  /** The first 500 notices by send day, with their contract's reference. */
  notices: CampaignNoticeRow[];
}

export async function getChangeCampaign(deps: Deps, ctx: RequestContext, id: string): Promise<ChangeCampaignDetail> {
  const orgId = requireOrg(ctx);
  const campaign = await repo.findCampaign(deps.db, orgId, id);
  if (!campaign) throw notFound('change_campaign');
  const [[view], offer, org, notices] = await Promise.all([
    withCounts(deps, ctx, [campaign]),
    getOffer(deps, ctx, campaign.offerId),
    findOrganisationById(deps.db, orgId),
    repo.findCampaignNotices(deps.db, orgId, id),
  ]);
  const to = offer.versions.find((v) => v.id === campaign.toVersionId) ?? null;
  const from = to ? (offer.versions.find((v) => v.version < to.version) ?? null) : null;
  const messages =
    to && from
      ? noticeSamples({
          orgName: org?.name ?? '',
          currency: offer.offer.currency,
          from,
          to,
          sector: campaign.sector,
          plannedEffectiveOn: campaign.plannedEffectiveOn,
          sendOn: campaign.sendOn,
          timezone: org?.timezone ?? 'Europe/Paris',
        })
      : [];
  return { ...view!, fromVersion: from, messages, notices };
}

export interface NoticeEvidence {
  campaign: repo.ChangeCampaignRow;
  notice: repo.ChangeNoticeRow;
  reference: string;
  /** The address it went to, decrypted for the page (null when not sent, or the customer erased). */
  sentTo: string | null;
  /** The mail as it went (or would go): template, language and text; the link's secret is not shown. */
  mail: { template: string; locale: 'fr' | 'en'; subject: string; text: string } | null;
  contractActive: boolean;
  today: string;
}

/**
 * One notice's evidence: what was sent, when, to whom, under which rule, and what the contact
 * guard answered. The mail is rendered again from its template and the notice's own dates (the
 * same parameters the job gave it), with the link's token masked: the link ends the contract
 * without asking for its details, so it is the holder's alone.
 */
export async function getNoticeEvidence(deps: Deps, ctx: RequestContext, noticeId: string): Promise<NoticeEvidence> {
  const orgId = requireOrg(ctx);
  const notice = await repo.findNotice(deps.db, orgId, noticeId);
  const campaign = notice ? await repo.findCampaign(deps.db, orgId, notice.campaignId) : undefined;
  if (!campaign || !notice) throw notFound('change_notice');
  const [contract, org, offer] = await Promise.all([
    repo.findContractOfNotice(deps.db, orgId, notice.contractId),
    findOrganisationById(deps.db, orgId),
    getOffer(deps, ctx, campaign.offerId),
  ]);
  if (!contract || !org) throw notFound('change_notice');
  const sentTo = notice.sentToEnc
    ? await deps.cipher.decrypt(deps.db, orgId, notice.customerId, 'contract.email', notice.sentToEnc).catch(() => null)
    : null;
  const from = offer.versions.find((v) => v.id === notice.fromVersionId);
  const to = offer.versions.find((v) => v.id === campaign.toVersionId);
  const locale = notice.locale ?? (org.defaultLocale === 'en' ? 'en' : 'fr');
  let mail: NoticeEvidence['mail'] = null;
  if (from && to) {
    const { template, params } = noticeMail(notice.moved, {
      org: org.name,
      offer: locale === 'en' && to.name.en ? to.name.en : to.name.fr,
      reference: contract.reference,
      changes: changesText(locale, from, to),
      oldPrice: priceText(locale, from, offer.offer.currency),
      newPrice: priceText(locale, to, offer.offer.currency),
      effectiveOn: notice.effectiveOn,
      plannedEffectiveOn: notice.plannedEffectiveOn,
      terminateBy: notice.terminateBy,
      noticeMonths: notice.noticeMonths,
      ref: notice.ruleRef,
      noticeUrl: `${deps.config.publicUrl}/portal/${org.slug}/notices/…`,
    });
    const rendered = renderMail(template, locale, params, { organisation: org.timezone });
    mail = { template, locale, subject: rendered.subject, text: rendered.text };
  }
  const { today } = await orgToday(deps, orgId);
  return { campaign, notice, reference: contract.reference, sentTo, mail, contractActive: contract.status === 'active', today };
}
