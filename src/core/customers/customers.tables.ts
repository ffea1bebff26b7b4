import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Customers are the data subjects of Confiance: the people who complain, consent and exercise
 * their rights. Their `id` is also their subject id for field encryption, so erasing a customer
 * destroys the key of every encrypted field about them (crypto-shredding).
 */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** HMAC-SHA-256 of the normalised e-mail under a key derived from the master key: lookup without storing the address in clear. */
    emailLookup: text('email_lookup'),
    /**
     * HMAC-SHA-256 of the phone number in E.164 (same scheme, its own derived key). Not unique: a
     * landline is often shared by a household, so a phone alone never merges two people.
     */
    phoneLookup: text('phone_lookup'),
    /** Encrypted fields (enc1:...) under the customer's own data key. */
    emailEnc: text('email_enc'),
    nameEnc: text('name_enc'),
    phoneEnc: text('phone_enc'),
    /** Postal address, for customers reached by letter (encrypted like every personal field). */
    addressEnc: text('address_enc'),
    locale: text('locale').notNull().default('fr'),
    timezone: text('timezone').notNull().default('Europe/Paris'),
    /** The customer's dedicated advisor (a back-office user), once assigned. */
    advisorId: uuid('advisor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Set when the customer was erased (GDPR Art. 17): the row stays as the erasure record. */
    erasedAt: timestamp('erased_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    uniqueIndex('customers_email_lookup_idx').on(t.orgId, t.emailLookup),
    index('customers_advisor_idx').on(t.orgId, t.advisorId),
    index('customers_phone_lookup_idx').on(t.orgId, t.phoneLookup),
    // Intake looks for customers known only by phone; a shared number can have thousands with an e-mail.
    index('customers_phone_only_idx')
      .on(t.orgId, t.phoneLookup)
      .where(sql`email_lookup is null`),
  ],
);

/** Where the notice was shown: the portal, an agent's screen, a file import, or a caller of the API. */
export const PHONE_NOTICE_ORIGINS = ['portal', 'agent', 'import', 'api'] as const;
/** What was collected with the number: a complaint, a phone consent, or the number alone. */
export const PHONE_NOTICE_RECORDS = ['complaint', 'consent', 'phone_number'] as const;

/**
 * The phone-collection notices a customer was given (C. consom. L.223-1 as rewritten by loi
 * 2025-594 art. 13 III, from 2026-08-11: when a number is collected the consumer is told that
 * phone canvassing needs their consent, and that notice is part of the consent proof). One row
 * per notice shown: which text (`id@version`), when, where, and with what (a complaint, a consent
 * event, the number alone). It is personal data of the subject: in their export (GDPR Art. 15,
 * 20) and erased with them (Art. 17); the audit events of the same collections keep the ids only.
 */
export const phoneNotices = pgTable(
  'phone_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** `id@version` of src/rules/contact/notice.ts, e.g. `phone_canvassing_consent@2026-08-11`. */
    notice: text('notice').notNull(),
    shownAt: timestamp('shown_at', { withTimezone: true, precision: 3 }).notNull(),
    origin: text('origin', { enum: PHONE_NOTICE_ORIGINS }).notNull(),
    record: text('record', { enum: PHONE_NOTICE_RECORDS }).notNull(),
    /** The complaint or consent event collected with it; null for the number alone. */
    recordId: uuid('record_id'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('phone_notices_subject_idx').on(t.orgId, t.customerId, t.shownAt)],
);
