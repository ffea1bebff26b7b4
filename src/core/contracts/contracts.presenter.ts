/** Pure DTOs of contracts. */
import type { ContractAbilities } from './contracts.policy.ts';
import { withdrawalPeriodOf } from './contracts.policy.ts';
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

export function presentContractDetail(view: ContractDetailView, abilities: ContractAbilities, revealReference = false): ContractDetailDto {
  return {
    ...presentContract(view, revealReference),
    email: view.email,
    history: view.history.map(({ event, sentTo }) => ({
      id: event.id,
      type: event.type,
      at: event.at.toISOString(),
      template: event.evidence.template,
      locale: event.evidence.locale,
      shownDate: event.evidence.shownDate,
      ref: event.evidence.ref,
      via: event.evidence.via,
      sentTo,
    })),
    abilities,
  };
}
