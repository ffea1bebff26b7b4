/** Pure: read models of change campaigns -> DTOs. */
import type { ChangeCampaignDto } from './change-campaigns.schemas.ts';
import type { ChangeCampaignDetail, ChangeCampaignView } from './change-campaigns.queries.ts';
import type { ChangeNoticeRow } from './change-campaigns.repo.ts';

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
  };
}

export function presentNotice(n: ChangeNoticeRow) {
  return {
    id: n.id,
    contractId: n.contractId,
    status: n.status,
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

export function presentChangeCampaignDetail(view: ChangeCampaignDetail) {
  return { ...presentChangeCampaign(view), notices: view.notices.map(presentNotice) };
}
