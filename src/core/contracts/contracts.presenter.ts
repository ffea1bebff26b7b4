/** Pure DTOs of contracts. */
import type { ContractAbilities } from './contracts.policy.ts';
import { mayWithdraw, withdrawalPeriodOf } from './contracts.policy.ts';
import { terminationEffect, TransparencyRulesError, WITHDRAWAL_REF } from '../../rules/transparency/index.ts';
import type { LocalDate } from '../../rules/index.ts';
import type { ContractRow } from './contracts.repo.ts';
import type { ContractDetailView, ContractView } from './contracts.queries.ts';
import type { ContractDetailDto, ContractSummaryDto } from './contracts.schemas.ts';

/**
 * The reference as staff see it: its last group only. The full reference is a secret of the online
 * termination (with the holder's name and address, which staff also see): shown in full to staff,
 * anyone who reads contracts could end one as an anonymous visitor. It is given once, in the answer
 * to the contract's creation (to hand to the customer), and to the customer in their notices and export.
 */
export function maskContractReference(reference: string): string {
  return `CT-…-${reference.slice(-5)}`;
}

export function presentContract({ contract: c, version, customerName }: ContractView, revealReference = false): ContractSummaryDto {
  return {
    id: c.id,
    reference: revealReference ? c.reference : maskContractReference(c.reference),
    customerId: c.customerId,
    customerName,
    offerId: c.offerId,
    offerVersionId: c.offerVersionId,
    offerVersion: version.version,
    offerName: version.name,
    channel: c.channel,
    sector: c.sector,
    kind: c.kind,
    concludedOn: c.concludedOn,
    startOn: c.startOn,
    commitmentEndOn: c.commitmentEndOn,
    renewal: c.renewal,
    renewalOn: c.renewalOn,
    lastDayToRefuseOn: c.lastDayToRefuseOn,
    reminderSentOn: c.reminderSentOn,
    terminateAnyTimeFrom: c.terminateAnyTimeFrom,
    withdrawalLastDay: withdrawalPeriodOf(c)?.lastDay ?? null,
    status: c.status,
    endOn: c.endOn,
  };
}

/**
 * What ending an active contract on `today` gives, as the portal function would: a termination on
 * the day the sector's rule and the commitment give, a withdrawal the same day while the period runs.
 */
function endOptionsOf(c: ContractRow, today: LocalDate): ContractDetailDto['endOptions'] {
  if (c.status !== 'active') return { terminate: null, withdraw: null };
  let terminate: { endOn: string; ref: string } | null;
  try {
    const effect = terminationEffect({
      sector: c.sector,
      receivedOn: today,
      commitmentEndOn: c.commitmentEndOn,
      terminateAnyTimeFrom: c.terminateAnyTimeFrom,
    });
    terminate = { endOn: effect.endOn, ref: effect.ref };
  } catch (error) {
    if (!(error instanceof TransparencyRulesError)) throw error;
    terminate = null;
  }
  return { terminate, withdraw: mayWithdraw(c, today) ? { endOn: today, ref: WITHDRAWAL_REF } : null };
}

export function presentContractDetail(view: ContractDetailView, abilities: ContractAbilities, revealReference = false): ContractDetailDto {
  return {
    ...presentContract(view, revealReference),
    email: view.email,
    endOptions: endOptionsOf(view.contract, view.today),
    history: view.history.map(({ event, sentTo }) => ({
      id: event.id,
      type: event.type,
      at: event.at.toISOString(),
      template: event.evidence.template,
      locale: event.evidence.locale,
      shownDate: event.evidence.shownDate,
      ref: event.evidence.ref,
      via: event.evidence.via,
      requestedVia: event.evidence.requestedVia ?? null,
      sentTo,
    })),
    abilities,
  };
}
