import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CONTACT_SECTORS } from '../../rules/contact/index.ts';
import { CONTACT_CHANNELS, CONTACT_PURPOSES, type ContactEvidence } from './contact.tables.ts';

/** What the message checker found in a campaign's message when it was created (stored as evidence). */
export interface StoredMessageCheck {
  lang: string;
  flagged: boolean;
  score: number;
  findings: { category: string; severity: 'low' | 'medium' | 'high'; rule: string; message: string; start: number; end: number }[];
}

/** Where a campaign's audience came from: a CSV file, or a saved filter over the organisation's customers. */
export const AUDIENCE_SOURCES = ['csv', 'filter'] as const;

/** A saved audience filter as stored (campaign.schemas.ts AudienceFilterSchema says what each field means). */
export interface StoredAudienceFilter {
  locales?: ('fr' | 'en')[];
  timezones?: string[];
  contract: 'any' | 'active' | 'none';
  offerIds?: string[];
  createdFrom?: string;
  createdTo?: string;
  contactedSince?: string;
  notContactedSince?: string;
}

/**
 * A campaign: one message to many people on one channel, for one purpose, at one instant. Its
 * audience is fixed when it is created (a CSV matched to customers); every scrub judges that
 * audience at the campaign's instant.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    name: text('name').notNull(),
    channel: text('channel', { enum: CONTACT_CHANNELS }).notNull(),
    purpose: text('purpose', { enum: CONTACT_PURPOSES }).notNull(),
    /** The offer's sector, as the rules read it (banned sectors: loi 2025-594 art. 13 II). */
    sector: text('sector', { enum: CONTACT_SECTORS }).notNull(),
    message: text('message').notNull(),
    /** The send instant: what the scrub judges, and the first instant the campaign may start. */
    scheduledAt: timestamp('scheduled_at', { withTimezone: true, precision: 3 }).notNull(),
    messageCheck: jsonb('message_check').$type<StoredMessageCheck>().notNull(),
    /** SHA-256 of the audience file, or of the saved filter's canonical JSON, so the list can be traced to what it came from. */
    audienceHash: text('audience_hash').notNull(),
    /** Where the audience came from: a CSV file, or a saved filter over the organisation's customers. */
    audienceSource: text('audience_source', { enum: AUDIENCE_SOURCES }).notNull().default('csv'),
    /**
     * The saved filter as it was applied (canonical form), kept with the campaign so the audience
     * is reproducible and its basis is evidence; `recipients` is the count it gave then.
     */
    audienceFilter: jsonb('audience_filter').$type<StoredAudienceFilter>(),
    recipients: integer('recipients').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('campaigns_org_idx').on(t.orgId, t.createdAt)],
);

/** The people a campaign is meant for (customers only: a campaign file does not create people). */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** The line of the audience file that named the person. */
    line: integer('line').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.customerId] }), index('campaign_recipients_subject_idx').on(t.orgId, t.customerId)],
);

/**
 * A scrub: the audience judged at the campaign's instant, kept as evidence (who judged, when,
 * counts by reason); its decisions are in campaign_decisions.
 */
export const campaignScrubs = pgTable(
  'campaign_scrubs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    /** The instant judged (the campaign's send instant). */
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    recipients: integer('recipients').notNull(),
    allowed: integer('allowed').notNull(),
    /** Recipients refused, by reason code (a recipient refused for two reasons counts under each). */
    byReason: jsonb('by_reason').$type<Record<string, number>>().notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('campaign_scrubs_campaign_idx').on(t.orgId, t.campaignId, t.createdAt)],
);

/**
 * One recipient's decision in a scrub: allowed, or the reasons, with the rules and the evidence
 * (ids). A scrub writes a row per recipient (a million for a large campaign) in one transaction, so
 * the row is made cheap to write:
 * - plain arrays of codes and ids rather than JSON: reasons are the rules pack's reason codes, rules
 *   its references, and the evidence one array of ids per kind of record (ContactEvidence's keys;
 *   see decisionEvidence below);
 * - one index, the key: a subject's decisions (access, erasure) are found through the
 *   organisation's scrubs and this key (campaign.repo.ts), not through an index of their own that
 *   every scrub would have to grow by a million entries;
 * - no foreign key to campaign_scrubs, whose check would run once per row: the rows are only ever
 *   written by the scrub that holds that scrub row in the same transaction, and deleting a scrub
 *   still deletes its decisions (the trigger campaign_scrubs_delete_decisions, migration 0044).
 */
export const campaignDecisions = pgTable(
  'campaign_decisions',
  {
    scrubId: uuid('scrub_id').notNull(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    allowed: boolean('allowed').notNull(),
    reasons: text('reasons').array().notNull(),
    rules: text('rules').array().notNull(),
    /** Consent events read (the given ones an allowed contact relies on too). */
    consentEvents: uuid('evidence_consent_events').array().notNull().default(sql`'{}'::uuid[]`),
    /** Active objections and GPC signals counted. */
    restrictions: uuid('evidence_restrictions').array().notNull().default(sql`'{}'::uuid[]`),
    /** Earlier calls and refusals behind a cap or a cooling-off period. */
    attempts: uuid('evidence_attempts').array().notNull().default(sql`'{}'::uuid[]`),
    /** The opposition list extract the number was checked against (phone, when one was loaded). */
    oppositionLists: uuid('evidence_opposition_lists').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [primaryKey({ columns: [t.scrubId, t.customerId] })],
);

/** The four evidence columns of a stored decision. */
export type DecisionEvidenceColumns = Pick<typeof campaignDecisions.$inferSelect, 'consentEvents' | 'restrictions' | 'attempts' | 'oppositionLists'>;

/**
 * A stored decision's evidence as the guard gave it (ContactEvidence): the three lists always,
 * the opposition list extract when one was checked; nothing for a recipient left out as erased
 * (a decision taken on no record).
 */
export function decisionEvidence(
  row: DecisionEvidenceColumns & { reasons: readonly string[] },
): ContactEvidence | Record<string, never> {
  if (row.reasons.length === 1 && row.reasons[0] === 'subject_erased' && row.consentEvents.length === 0 && row.restrictions.length === 0)
    return {};
  return {
    consentEvents: row.consentEvents,
    restrictions: row.restrictions,
    attempts: row.attempts,
    ...(row.oppositionLists.length > 0 ? { oppositionLists: row.oppositionLists } : {}),
  };
}
