import { date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { NOTICE_SECTORS, type NotifiedChange } from '../../rules/transparency/index.ts';
import { customers } from '../customers/customers.tables.ts';
import { offers, offerVersions, RENEWAL_KINDS } from '../offers/offers.tables.ts';

/** Where the contract was concluded: it decides the withdrawal right (distance, off-premises) and the online functions. */
export const CONTRACT_CHANNELS = ['online', 'phone', 'shop', 'off_premises'] as const;
export const CONTRACT_STATUSES = ['active', 'terminated', 'withdrawn'] as const;
/** How staff heard a holder's request to end a contract (the portal is the holder's own function). */
export const STAFF_REQUEST_CHANNELS = ['phone', 'letter', 'email', 'shop'] as const;
/** Services run from conclusion; goods from delivery (withdrawal period, Dir. 2011/83/EU art. 9(2)). */
export const CONTRACT_KINDS = ['service', 'goods'] as const;
/** Entries of a contract's history (each with its evidence). */
export const CONTRACT_EVENT_TYPES = [
  'concluded',
  'terminated',
  'withdrawn',
  'renewal_reminder_sent',
  'renewal_reminder_missed',
  'renewed',
  'changed',
] as const;

/**
 * A customer's contract on a version of an offer. One row per contract; its history (conclusion,
 * termination, withdrawal, reminders) is in `contract_events`. Change campaigns (price or terms
 * changes) will select contracts by `(org_id, offer_id, status)` and plan per contract from
 * `sector`; the version a contract is on moves by a new `offer_version_id` with its event.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    offerVersionId: uuid('offer_version_id')
      .notNull()
      .references(() => offerVersions.id),
    /**
     * Printed on the contract and every notice; with the holder's name it identifies the contract
     * to end it online without an account (D.215-2), so it is a secret: 100 random bits, never
     * derived from anything public, shown to staff and to the holder only.
     */
    reference: text('reference').notNull(),
    channel: text('channel', { enum: CONTRACT_CHANNELS }).notNull(),
    /** Copied from the offer: the sector whose notice and termination rules apply. */
    sector: text('sector', { enum: NOTICE_SECTORS }).notNull(),
    kind: text('kind', { enum: CONTRACT_KINDS }).notNull(),
    concludedOn: date('concluded_on', { mode: 'string' }).notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    /** Sales: the day the goods were received (the withdrawal period runs from it). */
    goodsReceivedOn: date('goods_received_on', { mode: 'string' }),
    /** The day the customer received the information on the withdrawal right; null: never (period extended, art. 10). */
    withdrawalInformedOn: date('withdrawal_informed_on', { mode: 'string' }),
    /** The last day of the committed period; null without a fixed term. */
    commitmentEndOn: date('commitment_end_on', { mode: 'string' }),
    renewal: text('renewal', { enum: RENEWAL_KINDS }).notNull(),
    /** Tacit renewal: the day the contract renews, and the last day the customer may refuse it (the date the contract fixes, L.215-1). */
    renewalOn: date('renewal_on', { mode: 'string' }),
    lastDayToRefuseOn: date('last_day_to_refuse_on', { mode: 'string' }),
    /** The day the renewal reminder went out (L.215-1 al. 1). */
    reminderSentOn: date('reminder_sent_on', { mode: 'string' }),
    /** Set when the reminder was missed: from this day the customer may terminate at any time (L.215-1 al. 2). */
    terminateAnyTimeFrom: date('terminate_any_time_from', { mode: 'string' }),
    /**
     * The change of price or terms the holder was told of (a change notice sent, change-campaigns):
     * terminating by its `terminateBy` is without cost and ends before the change applies
     * (src/rules/transparency/termination.ts), whoever records the termination.
     */
    notifiedChange: jsonb('notified_change').$type<NotifiedChange>(),
    /**
     * The contract's e-mail address (acknowledgements go there), encrypted under the customer's
     * key, and its keyed lookup hash; both null once the customer is erased (the record stays).
     */
    emailEnc: text('email_enc'),
    emailLookup: text('email_lookup'),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull().default('active'),
    /** The last day of the contract once terminated or withdrawn. */
    endOn: date('end_on', { mode: 'string' }),
    endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contracts_org_reference_uq').on(t.orgId, t.reference),
    index('contracts_org_customer_idx').on(t.orgId, t.customerId),
    index('contracts_org_offer_status_idx').on(t.orgId, t.offerId, t.status),
    index('contracts_org_refuse_idx').on(t.orgId, t.lastDayToRefuseOn),
  ],
);

/**
 * What was sent, when, to whom and under which rule: the evidence of one event. The recipient is
 * in `sent_to_enc` (encrypted); the rest holds no personal value.
 */
export interface ContractEvidence {
  /** Mail template sent (catalogue key), with its language; null when nothing was sent. */
  template: string | null;
  locale: 'fr' | 'en' | null;
  /** The end date, the deadline or the day shown in the message. */
  shownDate: string | null;
  /** The rule applied (article). */
  ref: string;
  /** Where the event came from: the portal function, the back office, the worker. */
  via: 'portal' | 'backoffice' | 'worker' | 'seed';
  /** An end recorded by staff: how the holder asked for it. */
  requestedVia?: (typeof STAFF_REQUEST_CHANNELS)[number];
}

/** A contract's history, append-only: conclusion, termination, withdrawal, reminders. */
export const contractEvents = pgTable(
  'contract_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    type: text('type', { enum: CONTRACT_EVENT_TYPES }).notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    evidence: jsonb('evidence').$type<ContractEvidence>().notNull(),
    /** The address the acknowledgement or reminder went to, encrypted under the customer's key. */
    sentToEnc: text('sent_to_enc'),
    /** The portal form's nonce: a form posted twice ends the contract once. */
    formNonce: text('form_nonce'),
  },
  (t) => [
    index('contract_events_contract_idx').on(t.orgId, t.contractId, t.at),
    uniqueIndex('contract_events_nonce_uq').on(t.orgId, t.formNonce),
  ],
);
