import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
  /** The opposition list extract(s) the number was found on (absent in decisions stored before lists were held). */
  oppositionLists?: string[];
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
    // The guard's KPIs of a day range (refusals by reason, refusal rate): 10M attempts are not scanned for one day.
    index('contact_attempts_day_idx').on(t.orgId, t.occurredAt),
    uniqueIndex('contact_attempts_import_key_idx').on(t.orgId, t.importKey),
  ],
);

/**
 * Extracts of a telephone opposition list (Bloctel in France: C. consom. L.223-1, old wording,
 * until 2026-08-10; other countries' packs later). An extract is in force from its date
 * (`extracted_on`) until the next ready extract of the same list; one still loading is never read.
 */
export const oppositionLists = pgTable(
  'opposition_lists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    country: text('country').notNull(),
    name: text('name').notNull(),
    extractedOn: date('extracted_on', { mode: 'string' }).notNull(),
    fileHash: text('file_hash').notNull(),
    status: text('status', { enum: ['loading', 'ready'] }).notNull(),
    entries: integer('entries').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('opposition_lists_org_idx').on(t.orgId, t.country, t.name, t.extractedOn)],
);

/**
 * The numbers of an extract, each as the keyed hash of its E.164 form (the customers' phone
 * lookup): the list is matched against customers without holding a single number in clear.
 */
export const oppositionEntries = pgTable(
  'opposition_entries',
  {
    listId: uuid('list_id')
      .notNull()
      .references(() => oppositionLists.id, { onDelete: 'cascade' }),
    numberHash: text('number_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.listId, t.numberHash] })],
);
