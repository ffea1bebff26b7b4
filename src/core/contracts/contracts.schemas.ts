import { z } from 'zod';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { RENEWAL_KINDS } from '../offers/offers.tables.ts';
import { CONTRACT_CHANNELS, CONTRACT_EVENT_TYPES, CONTRACT_KINDS, CONTRACT_STATUSES, STAFF_REQUEST_CHANNELS } from './contracts.tables.ts';

const day = z.iso.date();

/** A contract concluded with a customer on the version of an offer in force now. */
export const CreateContractSchema = z
  .object({
    customerId: z.uuid(),
    offerId: z.uuid(),
    channel: z.enum(CONTRACT_CHANNELS),
    concludedOn: day,
    /** The service starts (defaults to the day concluded). */
    startOn: day.optional(),
    /** Sales: when the goods were received. */
    goodsReceivedOn: day.optional(),
    /** The day the customer was told of the withdrawal right (defaults to the day concluded). */
    withdrawalInformedOn: day.nullable().optional(),
    /** The last day to refuse a tacit renewal, as the contract fixes it (defaults to the last committed day). */
    lastDayToRefuseOn: day.optional(),
    /** The contract's e-mail address (defaults to the customer's). */
    email: z.email().max(320).optional(),
  })
  .strict();
export type CreateContractInput = z.infer<typeof CreateContractSchema>;

/** Staff end a contract at its holder's request. */
export const EndContractSchema = z
  .object({
    action: z.enum(['terminate', 'withdraw']),
    /** How the holder asked. */
    requestedVia: z.enum(STAFF_REQUEST_CHANNELS),
    /** The language of the acknowledgement (defaults to the organisation's). */
    locale: z.enum(['fr', 'en']).optional(),
  })
  .strict();
export type EndContractInput = z.infer<typeof EndContractSchema>;

export const ContractParamsSchema = z.object({ id: z.uuid() }).strict();
export const ContractListQuerySchema = z
  .object({
    customerId: z.uuid().optional(),
    /** A whole reference, its last group (`7QX2M`) or the contract's e-mail address. */
    q: z.string().trim().max(254).optional(),
    status: z.enum(CONTRACT_STATUSES).optional(),
    offerId: z.uuid().optional(),
    page: z.coerce.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type ContractListQuery = z.infer<typeof ContractListQuerySchema>;

const LocalizedDto = z.object({ fr: z.string(), en: z.string() });

export const ContractEventDtoSchema = z.object({
  id: z.uuid(),
  type: z.enum(CONTRACT_EVENT_TYPES),
  at: z.string(),
  template: z.string().nullable(),
  locale: z.enum(['fr', 'en']).nullable(),
  shownDate: z.string().nullable(),
  ref: z.string(),
  via: z.enum(['portal', 'backoffice', 'worker', 'seed']),
  requestedVia: z.enum(STAFF_REQUEST_CHANNELS).nullable(),
  /** The address the message went to (decrypted for the page; null when nothing was sent or the key is gone). */
  sentTo: z.string().nullable(),
});
export type ContractEventDto = z.infer<typeof ContractEventDtoSchema>;

export const ContractSummaryDtoSchema = z.object({
  id: z.uuid(),
  /** Its last group only (`CT-…-7QX2M`), except in the answer to the contract's creation: a secret of the online termination. */
  reference: z.string(),
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  offerId: z.uuid(),
  offerVersionId: z.uuid(),
  offerVersion: z.number().int(),
  offerName: LocalizedDto,
  channel: z.enum(CONTRACT_CHANNELS),
  sector: z.enum(NOTICE_SECTORS),
  kind: z.enum(CONTRACT_KINDS),
  concludedOn: z.string(),
  startOn: z.string(),
  commitmentEndOn: z.string().nullable(),
  renewal: z.enum(RENEWAL_KINDS),
  renewalOn: z.string().nullable(),
  lastDayToRefuseOn: z.string().nullable(),
  reminderSentOn: z.string().nullable(),
  terminateAnyTimeFrom: z.string().nullable(),
  /** The last day of the withdrawal period (null when the contract has no withdrawal right: shop). */
  withdrawalLastDay: z.string().nullable(),
  status: z.enum(CONTRACT_STATUSES),
  endOn: z.string().nullable(),
});
export type ContractSummaryDto = z.infer<typeof ContractSummaryDtoSchema>;

export const ContractListDtoSchema = z.object({ items: z.array(ContractSummaryDtoSchema), nextPage: z.number().int().nullable() });

const EndOptionDto = z.object({ endOn: z.string(), ref: z.string() }).nullable();

export const ContractDetailDtoSchema = ContractSummaryDtoSchema.extend({
  email: z.string().nullable(),
  /** What ending the contract today would give (null: not possible, e.g. the withdrawal period is over). */
  endOptions: z.object({ terminate: EndOptionDto, withdraw: EndOptionDto }),
  history: z.array(ContractEventDtoSchema),
  abilities: z.object({ manage: z.boolean() }),
});
export type ContractDetailDto = z.infer<typeof ContractDetailDtoSchema>;

const typed = (max: number) => z.string().max(max).optional();
/** The identification form of the termination and withdrawal functions (strings as typed; checked in the service). */
export const PortalIdentifyBodySchema = z
  .object({ formToken: typed(200), name: typed(200), reference: typed(80), email: typed(320), lang: z.enum(['fr', 'en']).optional() })
  .strict();
/** The confirmation form: the contract identified and the token that proves it. */
export const PortalConfirmBodySchema = z
  .object({ formToken: typed(200), contract: typed(40), lang: z.enum(['fr', 'en']).optional() })
  .strict();
