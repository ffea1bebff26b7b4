/** Pure DTOs of contracts. */
import type { ContractAbilities } from './contracts.policy.ts';
import { withdrawalPeriodOf } from './contracts.policy.ts';
import type { ContractDetailView, ContractView } from './contracts.queries.ts';
import type { ContractDetailDto, ContractSummaryDto } from './contracts.schemas.ts';

export function presentContract({ contract: c, version, customerName }: ContractView): ContractSummaryDto {
  return {
    id: c.id,
    reference: c.reference,
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

export function presentContractDetail(view: ContractDetailView, abilities: ContractAbilities): ContractDetailDto {
  return {
    ...presentContract(view),
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
