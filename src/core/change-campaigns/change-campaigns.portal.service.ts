/**
 * The customer's side of a change notice on the portal, by the link the notice carried
 * (access `link`): the page comparing old and new terms, and the termination from it. The link
 * went to the contract's address only, so it stands for the identification the "résilier votre
 * contrat" function otherwise asks for (D.215-2): its page leads straight to that function's
 * confirmation step (contracts' own verb, token and acknowledgement), three steps in all.
 */
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { terminationConfirmationFor, type ContractEndConfirmation } from '../contracts/index.ts';
import { getOffer, type OfferRow, type OfferVersionRow } from '../offers/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import * as repo from './change-campaigns.repo.ts';
import { readNoticeLinkToken } from './change-campaigns.policy.ts';

export interface NoticeView {
  notice: repo.ChangeNoticeRow;
  offer: OfferRow;
  from: OfferVersionRow;
  to: OfferVersionRow;
  reference: string;
  contractActive: boolean;
}

export type NoticeLookup = { kind: 'found'; view: NoticeView } | { kind: 'invalid' };

async function noticeOf(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string): Promise<NoticeView | null> {
  const id = readNoticeLinkToken(deps.config.masterKey, org.id, token);
  if (!id) return null;
  const notice = await repo.findNotice(deps.db, org.id, id);
  // Only a notice that went out has a link in someone's hands.
  if (!notice || notice.status !== 'sent') return null;
  const campaign = await repo.findCampaign(deps.db, org.id, notice.campaignId);
  const contract = await repo.findContractOfNotice(deps.db, org.id, notice.contractId);
  if (!campaign || !contract) return null;
  const offer = await getOffer(deps, { ...ctx, orgId: org.id }, campaign.offerId);
  const from = offer.versions.find((v) => v.id === notice.fromVersionId);
  const to = offer.versions.find((v) => v.id === campaign.toVersionId);
  if (!from || !to) return null;
  return { notice, offer: offer.offer, from, to, reference: contract.reference, contractActive: contract.status === 'active' };
}

/** The notice's page: old and new terms, the dates, the termination. Each opening is recorded (evidence the customer read it). */
export async function openNotice(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string): Promise<NoticeLookup> {
  const view = await noticeOf(deps, ctx, org, token);
  if (!view) return { kind: 'invalid' };
  const n = view.notice;
  await deps.db.transaction(async (tx) => {
    await deps.audit.record(
      tx,
      { ...ctx, orgId: org.id, actor: { kind: 'subject', id: n.customerId, orgId: org.id } },
      {
        type: 'change_notice.viewed',
        target: { type: 'change_campaign', id: n.campaignId },
        payload: { noticeId: n.id, campaignId: n.campaignId, contractId: n.contractId },
      },
    );
  });
  return { kind: 'found', view };
}

/** "Terminate" on the notice's page: the termination function's confirmation step for this contract. */
export async function terminateFromNotice(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  token: string,
  origin: { sameSite: boolean },
): Promise<{ kind: 'invalid' } | ContractEndConfirmation> {
  const view = await noticeOf(deps, ctx, org, token);
  if (!view || !origin.sameSite) return { kind: 'invalid' };
  return (await terminationConfirmationFor(deps, ctx, org, view.notice.contractId)) ?? { kind: 'invalid' };
}
