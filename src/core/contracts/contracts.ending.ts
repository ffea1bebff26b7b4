/**
 * Ending a contract, whoever asks: the holder through the portal functions
 * (contracts.portal.service.ts) or staff for a holder who called, wrote or came to the shop
 * (contracts.service.ts). The end date comes from the same rules either way, and either way the
 * holder gets the acknowledgement on a durable medium at the contract's address on file, with the
 * date it takes effect (C. consom. D.215-3 for a termination; Dir. 2011/83/EU art. 11(1) and
 * C. consom. L.221-21 for a withdrawal), kept in the history with its evidence and audited.
 */
import { terminationEffect, WITHDRAWAL_REF } from '../../rules/transparency/index.ts';
import type { LocalDate } from '../../rules/index.ts';
import type { Locale, RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../../db/client.ts';
import { listOffers } from '../offers/index.ts';
import type { LocalizedText } from '../offers/offers.tables.ts';
import { queueMail } from '../mail/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { ContractEvidence, STAFF_REQUEST_CHANNELS } from './contracts.tables.ts';
import * as repo from './contracts.repo.ts';

export type EndAction = 'terminate' | 'withdraw';

export type StaffRequestChannel = (typeof STAFF_REQUEST_CHANNELS)[number];

/** What the confirmation page, the agent's screen and the acknowledgement show. */
export interface EndPreview {
  action: EndAction;
  contractId: string;
  reference: string;
  offerName: LocalizedText;
  concludedOn: LocalDate;
  commitmentEndOn: LocalDate | null;
  endOn: LocalDate;
  ref: string;
  /** The address on file, partly hidden: the holder recognises it, an onlooker learns little. */
  maskedEmail: string;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

/**
 * The end a request received `today` gives: a withdrawal ends the contract the day it is
 * exercised (L.221-18); a termination on the day the sector's rule and the contract's commitment
 * give, or within a notified change's window without cost and before the change (terminationEffect). Throws TransparencyRulesError when no rule can judge the contract.
 */
export async function endPreviewOf(
  deps: Deps,
  ctx: RequestContext,
  org: OrganisationRow,
  c: repo.ContractRow,
  action: EndAction,
  today: LocalDate,
): Promise<EndPreview> {
  const offers = await listOffers(deps, { ...ctx, orgId: org.id });
  const version = offers.flatMap((o) => o.versions).find((v) => v.id === c.offerVersionId);
  const email = c.emailEnc ? await deps.cipher.decrypt(deps.db, org.id, c.customerId, 'contract.email', c.emailEnc) : null;
  const effect =
    action === 'withdraw'
      ? { endOn: today, ref: WITHDRAWAL_REF }
      : terminationEffect({
          sector: c.sector,
          receivedOn: today,
          commitmentEndOn: c.commitmentEndOn,
          terminateAnyTimeFrom: c.terminateAnyTimeFrom,
          change: c.notifiedChange,
        });
  return {
    action,
    contractId: c.id,
    reference: c.reference,
    offerName: version?.name ?? { fr: '', en: '' },
    concludedOn: c.concludedOn,
    commitmentEndOn: c.commitmentEndOn,
    endOn: effect.endOn,
    ref: effect.ref,
    maskedEmail: email ? maskEmail(email) : '',
  };
}

/**
 * Ends a contract locked by the caller's transaction and acknowledges it: the status and end
 * date, the e-mail to the address on file (in the holder's language), the history entry with its
 * evidence and the audit event under `ctx`'s actor.
 */
export async function recordEnd(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  org: OrganisationRow,
  contract: repo.ContractRow,
  preview: EndPreview,
  how: { via: ContractEvidence['via'] & ('portal' | 'backoffice'); locale: Locale; requestedVia?: StaffRequestChannel; formNonce?: string },
): Promise<Date> {
  const now = deps.clock.now();
  const status = preview.action === 'withdraw' ? 'withdrawn' : 'terminated';
  await repo.endContract(tx, org.id, contract.id, { status, endOn: preview.endOn, endedAt: now });
  const template = preview.action === 'withdraw' ? 'contracts.mail.withdrawn' : 'contracts.mail.terminated';
  const email = contract.emailEnc ? await deps.cipher.decrypt(tx, org.id, contract.customerId, 'contract.email', contract.emailEnc) : null;
  if (email) {
    await queueMail(deps, tx, {
      orgId: org.id,
      to: { address: email },
      template,
      locale: how.locale,
      params: {
        org: org.name,
        reference: contract.reference,
        offer: how.locale === 'en' && preview.offerName.en ? preview.offerName.en : preview.offerName.fr,
        endOn: preview.endOn,
        receivedAt: now.toISOString(),
        ref: preview.ref,
      },
    });
  }
  await repo.insertEvent(tx, {
    orgId: org.id,
    contractId: contract.id,
    type: status,
    at: now,
    evidence: {
      template: email ? template : null,
      locale: how.locale,
      shownDate: preview.endOn,
      ref: preview.ref,
      via: how.via,
      ...(how.requestedVia ? { requestedVia: how.requestedVia } : {}),
    },
    sentToEnc: email ? contract.emailEnc : null,
    formNonce: how.formNonce ?? null,
  });
  await deps.audit.record(tx, ctx, {
    type: preview.action === 'withdraw' ? 'contract.withdrawn' : 'contract.terminated',
    target: { type: 'contract', id: contract.id },
    payload: {
      contractId: contract.id,
      customerId: contract.customerId,
      endOn: preview.endOn,
      ref: preview.ref,
      via: how.via,
      ...(how.requestedVia ? { requestedVia: how.requestedVia } : {}),
    },
  });
  return now;
}
