import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'post'] as const;
export const CONTACT_PURPOSES = ['prospecting', 'service'] as const;
/**
 * What came of an attempt: a call answered, not answered, refused (the person said no to the
 * offer: C. consom. D.223-9 al. 3, 60 days), or "do not call me" (an objection to phone
 * prospecting: GDPR Art. 21(3)); `sent` for messages and letters.
 */
export const CONTACT_OUTCOMES = ['answered', 'no_answer', 'refused', 'do_not_call', 'sent'] as const;
/**
 * Who recorded an attempt: an agent's screen, the API, a bulk import from a dialer or an e-mail or
 * SMS sender (source_ref names it), or a campaign of Confiance.
 */
export const CONTACT_SOURCES = ['agent', 'api', 'import', 'campaign'] as const;

/** Where the evidence of a stored decision lies: ids only (consent events, restrictions, earlier attempts). */
export interface ContactEvidence {
  consentEvents: string[];
  restrictions: string[];
  attempts: string[];
}

/** Facts the caller declared (Confiance does not hold contracts, sectors or the opposition list yet). */
export interface DeclaredContactFacts {
  tz: string;
  sector: 'energy_renovation' | 'housing_adaptation' | 'other';
  ongoingContract: boolean;
  relatedToContract: boolean;
  existingCustomerSimilarProduct: boolean;
  oppositionListed: boolean;
}

/**
 * Contact history: every outbound attempt on every channel, with its outcome and the decision the
 * rules gave for it at its time (stored with it, ids only). The caps of D.223-9 are only right if
 * every attempt is here; refusals are the attempts with outcome `refused` or `do_not_call`.
 */
export const contactAttempts = pgTable(
  'contact_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel', { enum: CONTACT_CHANNELS }).notNull(),
    purpose: text('purpose', { enum: CONTACT_PURPOSES }).notNull(),
    outcome: text('outcome', { enum: CONTACT_OUTCOMES }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    source: text('source', { enum: CONTACT_SOURCES }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    /** The decision of the rules in force at `occurred_at`, taken before this attempt was stored. */
    allowed: boolean('allowed').notNull(),
    reasons: text('reasons')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    rules: text('rules')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    evidence: jsonb('evidence').$type<ContactEvidence>().notNull(),
    declared: jsonb('declared').$type<DeclaredContactFacts>().notNull(),
    /** The system the attempt came from when imported (a dialer, an SMS sender) or the campaign id. */
    sourceRef: text('source_ref'),
    /** Hash of an imported row's normalised content: the same row imported twice is written once. */
    importKey: text('import_key'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('contact_attempts_subject_idx').on(t.orgId, t.customerId, t.channel, t.occurredAt),
    uniqueIndex('contact_attempts_import_key_idx').on(t.orgId, t.importKey),
  ],
);
