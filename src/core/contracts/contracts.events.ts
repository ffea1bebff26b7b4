import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { CONTRACT_CHANNELS, STAFF_REQUEST_CHANNELS } from './contracts.tables.ts';

const day = z.iso.date();
/** A termination or withdrawal: by the holder on the portal, or by staff with how the holder asked. */
const ended = {
  contractId: z.uuid(),
  customerId: z.uuid(),
  endOn: day,
  ref: z.string(),
  via: z.enum(['portal', 'backoffice']),
  requestedVia: z.enum(STAFF_REQUEST_CHANNELS).optional(),
};

/** Audit events of contracts: ids, dates and codes only (no name, no address, no reference: it is a secret). */
export const contractEvents = {
  'contract.created': z
    .object({
      contractId: z.uuid(),
      customerId: z.uuid(),
      offerId: z.uuid(),
      offerVersionId: z.uuid(),
      channel: z.enum(CONTRACT_CHANNELS),
      sector: z.enum(NOTICE_SECTORS),
      concludedOn: day,
    })
    .strict(),
  'contract.terminated': z.object(ended).strict(),
  'contract.withdrawn': z.object(ended).strict(),
  /** A failed identification on the termination or withdrawal function (which field is never said, nor recorded). */
  'contract.identification_failed': z.object({ action: z.enum(['terminate', 'withdraw']) }).strict(),
  'contract.renewal_reminder_sent': z.object({ contractId: z.uuid(), lastDayToRefuseOn: day, sentOn: day }).strict(),
  /** A tacit renewal took effect: the new period and the next last day to refuse. */
  'contract.renewed': z
    .object({ contractId: z.uuid(), renewedOn: day, commitmentEndOn: day, renewalOn: day, lastDayToRefuseOn: day })
    .strict(),
  'contract.renewal_reminder_missed': z.object({ contractId: z.uuid(), lastDayToRefuseOn: day, terminateAnyTimeFrom: day }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof contractEvents> {}
}
