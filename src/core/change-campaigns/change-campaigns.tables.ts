import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { contracts } from '../contracts/contracts.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { offers, offerVersions } from '../offers/offers.tables.ts';

/** What the change touches: the message checker judges a price change and a terms change by different rules. */
export const CHANGE_MESSAGE_TYPES = ['price_change', 'contract_change'] as const;
/**
 * A notice's life: planned, sent (the mail is queued and the contact recorded), or refused by the
 * contact guard (the customer cannot be reached on the service channel: shown, never silently dropped),
 * or cancelled (the contract ended before the send day: there is nothing left to tell).
 */
export const NOTICE_STATUSES = ['planned', 'sent', 'refused', 'cancelled'] as const;
/**
 * Why a contract has its notice: planned with the campaign, or added later because the contract
 * was concluded on an earlier version after the change was announced (its own notice, its own
 * full period: see enrolLateContracts in change-campaigns.service.ts).
 */
export const NOTICE_ORIGINS = ['campaign', 'concluded_after'] as const;

/** One finding of the message checker, as recorded with the campaign (the checker's own words). */
export interface RecordedFinding {
  category: string;
  severity: 'low' | 'medium' | 'high';
  rule: string;
  ruleId: string;
  message: string;
}

/** The checker's verdict on one language of the notice, kept as evidence with the campaign. */
export interface NoticeCheck {
  lang: 'fr' | 'en';
  /** `moved`: the variant of the text told to customers whose change date moved. */
  variant: 'standard' | 'moved';
  flagged: boolean;
  score: number;
  findings: RecordedFinding[];
}

/** What the contact guard answered for a notice (ids and codes only), kept with the attempt's id. */
export interface NoticeDecision {
  allowed: boolean;
  reasons: string[];
  rules: string[];
  judgedOn: string;
}

/**
 * A change campaign: a new version of an offer (price or terms) told to every customer whose
 * contract is on an earlier version. The change applies on `planned_effective_on` (the new
 * version's first day in the organisation's zone) unless a customer's notice period would not
 * hold; the notices go out on `send_on`. The message checker's findings are kept in `checks`.
 */
export const changeCampaigns = pgTable(
  'change_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    toVersionId: uuid('to_version_id')
      .notNull()
      .references(() => offerVersions.id),
    sector: text('sector', { enum: NOTICE_SECTORS }).notNull(),
    messageType: text('message_type', { enum: CHANGE_MESSAGE_TYPES }).notNull(),
    plannedEffectiveOn: date('planned_effective_on', { mode: 'string' }).notNull(),
    sendOn: date('send_on', { mode: 'string' }).notNull(),
    checks: jsonb('checks').$type<NoticeCheck[]>().notNull(),
    /** A high-severity finding: shown and recorded, never blocking (the law sets when a change notice goes). */
    flagged: boolean('flagged').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('change_campaigns_org_version_uq').on(t.orgId, t.toVersionId),
    index('change_campaigns_org_created_idx').on(t.orgId, t.createdAt),
  ],
);

/**
 * One customer's notice of a change: planned in one set-based statement with the campaign, sent by
 * the hourly job. `send_by` is the last day the rule allows for `effective_on`; the database
 * refuses a notice planned or sent after it, whatever the code does.
 */
export const changeNotices = pgTable(
  'change_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => changeCampaigns.id, { onDelete: 'cascade' }),
    /** The notice is evidence about the contract: it goes when the contract's retention ends. */
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    fromVersionId: uuid('from_version_id').notNull(),
    sector: text('sector', { enum: NOTICE_SECTORS }).notNull(),
    sendOn: date('send_on', { mode: 'string' }).notNull(),
    sendBy: date('send_by', { mode: 'string' }).notNull(),
    plannedEffectiveOn: date('planned_effective_on', { mode: 'string' }).notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    /** True when the change moved for this customer so the notice period holds (the notice says so). */
    moved: boolean('moved').notNull(),
    terminateBy: date('terminate_by', { mode: 'string' }).notNull(),
    noticeMonths: integer('notice_months').notNull(),
    ruleRef: text('rule_ref').notNull(),
    ruleSource: text('rule_source', { enum: ['law', 'policy'] }).notNull(),
    status: text('status', { enum: NOTICE_STATUSES }).notNull().default('planned'),
    sentOn: date('sent_on', { mode: 'string' }),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
    locale: text('locale', { enum: ['fr', 'en'] }),
    /** The contact guard's attempt (contact history) and its decision. */
    attemptId: uuid('attempt_id'),
    decision: jsonb('decision').$type<NoticeDecision>(),
    /** The address the notice went to, encrypted under the customer's key (shredded with it). */
    sentToEnc: text('sent_to_enc'),
    origin: text('origin', { enum: NOTICE_ORIGINS }).notNull().default('campaign'),
    /**
     * A refused notice is tried again from this day (the guard's answer or the missing address may
     * have changed): until one actually goes, the customer stays on the old terms.
     */
    retryOn: date('retry_on', { mode: 'string' }),
    /** The day the contract moved to the campaign's version: only after a sent notice, on its effective day. */
    appliedOn: date('applied_on', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('change_notices_campaign_contract_uq').on(t.campaignId, t.contractId),
    index('change_notices_org_campaign_idx').on(t.orgId, t.campaignId),
    index('change_notices_org_customer_idx').on(t.orgId, t.customerId),
    index('change_notices_due_idx')
      .on(t.sendOn)
      .where(sql`status = 'planned'`),
    index('change_notices_retry_idx')
      .on(t.retryOn)
      .where(sql`status = 'refused'`),
    index('change_notices_apply_idx')
      .on(t.effectiveOn)
      .where(sql`status = 'sent' and applied_on is null`),
    // C. consom. L.224-33, L.224-10; C. monét. fin. L.312-1-1: never planned, never sent, after the last day allowed.
    check('change_notices_in_time', sql`${t.sendOn} <= ${t.sendBy} and (${t.sentOn} is null or ${t.sentOn} <= ${t.sendBy})`),
  ],
);
