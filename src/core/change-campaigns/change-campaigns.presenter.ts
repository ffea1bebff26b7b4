/** Pure: read models of change campaigns -> DTOs. */
import { latestNoticeDate } from '../../rules/transparency/index.ts';
import type { ChangeCampaignPreview } from './change-campaigns.service.ts';
import type {
  ChangeCampaignDetailDto,
  ChangeCampaignDto,
  ChangeCampaignPreviewDto,
  NoticeEvidenceDto,
} from './change-campaigns.schemas.ts';
import type { ChangeCampaignDetail, ChangeCampaignView, NoticeEvidence } from './change-campaigns.queries.ts';
import type { ChangeNoticeRow } from './change-campaigns.repo.ts';

/** Where a campaign stands, from its counts and the organisation's day. */
export function campaignStatus(view: ChangeCampaignView): ChangeCampaignDto['status'] {
  const { counts, campaign, today } = view;
  if (campaign.sendOn > today && counts.sent === 0 && counts.refused === 0) return 'scheduled';
  if (counts.planned > 0) return 'sending';
  return counts.toApply > 0 || counts.applied === 0 ? 'sent' : 'applied';
}

export function presentChangeCampaign(view: ChangeCampaignView): ChangeCampaignDto {
  const c = view.campaign;
  return {
    id: c.id,
    offerId: c.offerId,
    offerName: view.version?.name ?? { fr: '', en: '' },
    toVersionId: c.toVersionId,
    toVersion: view.version?.version ?? 0,
    sector: c.sector,
    messageType: c.messageType,
    plannedEffectiveOn: c.plannedEffectiveOn,
    sendOn: c.sendOn,
    createdAt: c.createdAt.toISOString(),
    flagged: c.flagged,
    checks: c.checks,
    counts: view.counts,
    status: campaignStatus(view),
  };
}

/**
 * Why a customer's change applies later than planned: a contract concluded after the announcement
 * has its own notice; otherwise the campaign's send day was already too late for the planned day
 * (late_notice), or the notice went after its own last day (the worker was down, or it was refused
 * and tried again: sent_late).
 */
export function shiftOf(n: Pick<ChangeNoticeRow, 'moved' | 'origin' | 'sendOn' | 'plannedEffectiveOn' | 'noticeMonths'>) {
  if (!n.moved) return null;
  if (n.origin === 'concluded_after') return 'concluded_after' as const;
  return n.sendOn > latestNoticeDate(n.plannedEffectiveOn, n.noticeMonths) ? ('late_notice' as const) : ('sent_late' as const);
}

/** Not told in time and still a customer: the product keeps the contract on the old version until a notice goes. */
export function isHeld(n: Pick<ChangeNoticeRow, 'status' | 'sendBy'>, contractActive: boolean, today: string): boolean {
  return contractActive && (n.status === 'refused' || (n.status === 'planned' && n.sendBy < today));
}

export function presentNotice(n: ChangeNoticeRow, reference: string, contractActive: boolean, today: string) {
  return {
    id: n.id,
    contractId: n.contractId,
    contractReference: reference,
    status: n.status,
    origin: n.origin,
    shift: shiftOf(n),
    held: isHeld(n, contractActive, today),
    retryOn: n.retryOn,
    appliedOn: n.appliedOn,
    sendOn: n.sendOn,
    sendBy: n.sendBy,
    plannedEffectiveOn: n.plannedEffectiveOn,
    effectiveOn: n.effectiveOn,
    moved: n.moved,
    terminateBy: n.terminateBy,
    ruleRef: n.ruleRef,
    sentOn: n.sentOn,
  };
}

export function presentChangeCampaignDetail(view: ChangeCampaignDetail): ChangeCampaignDetailDto {
  return {
    ...presentChangeCampaign(view),
    fromVersion: view.fromVersion?.version ?? null,
    messages: view.messages,
    notices: view.notices.map((r) => presentNotice(r.notice, r.reference, r.contractStatus === 'active', view.today)),
  };
}

export function presentPreview(p: ChangeCampaignPreview): ChangeCampaignPreviewDto {
  return {
    offerId: p.offerId,
    toVersionId: p.toVersionId,
    toVersion: p.toVersion,
    fromVersion: p.fromVersion,
    sector: p.sector,
    messageType: p.messageType,
    sendOn: p.sendOn,
    plannedEffectiveOn: p.plannedEffectiveOn,
    rule: {
      noticeMonths: p.plan.noticeMonths,
      terminationAnchor: p.rule.terminationAnchor,
      terminationMonths: p.rule.terminationMonths,
      source: p.plan.source,
      ref: p.plan.ref,
    },
    sendBy: latestNoticeDate(p.plannedEffectiveOn, p.plan.noticeMonths),
    moved: p.plan.moved,
    effectiveOn: p.plan.effectiveOn,
    terminateBy: p.plan.terminateBy,
    contracts: p.contracts,
    movedContracts: p.moved,
    existingCampaignId: p.existingCampaignId,
  };
}

export function presentNoticeEvidence(e: NoticeEvidence): NoticeEvidenceDto {
  return {
    ...presentNotice(e.notice, e.reference, e.contractActive, e.today),
    campaignId: e.campaign.id,
    sentAt: e.notice.sentAt?.toISOString() ?? null,
    sentTo: e.sentTo,
    locale: e.notice.locale,
    noticeMonths: e.notice.noticeMonths,
    ruleSource: e.notice.ruleSource,
    attemptId: e.notice.attemptId,
    decision: e.notice.decision,
    mail: e.mail,
  };
}
