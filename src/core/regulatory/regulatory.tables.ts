import { customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, date, boolean } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** PostgreSQL bytea as a Node Buffer (both drivers return bytea as bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** French authorities a consumer-facing company answers to; `other` names its own in `authority_name`. */
export const AUTHORITIES = ['cnil', 'dgccrf', 'arcep', 'acpr', 'other'] as const;
/**
 * What the authority did. GRI 417-3 splits marketing non-compliance into fines or penalties,
 * warnings, and breaches of voluntary codes; GRI 418-1 counts complaints received from regulators.
 */
export const REGULATORY_KINDS = ['fine', 'warning', 'authority_request', 'regulator_complaint', 'voluntary_code_breach'] as const;
/** The subject area, which decides the GRI disclosure an event counts under (417-3 marketing, 418-1 privacy). */
export const SUBJECT_AREAS = ['marketing', 'privacy', 'product_information', 'other'] as const;
/** Whether the matter is still open with the authority. */
export const REGULATORY_STATUSES = ['open', 'closed'] as const;
/** Kinds of record an event can name (the register links to them; it never copies them). */
export const LINKED_RECORD_TYPES = ['complaint', 'breach', 'dsr', 'customer', 'campaign', 'message', 'other'] as const;
/** ISO 4217 currencies a fine is expressed in. */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

/**
 * The register of regulatory events: fines, warnings, requests and complaints received from an
 * authority, entered by the ethics officer or the DPO. Nothing in the product records them
 * otherwise, and GRI 417-3 and 418-1 need them. The text is written by staff about the matter;
 * the records it concerns are linked by id (`linked_records`), never copied.
 */
export const regulatoryEvents = pgTable(
  'regulatory_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** `REG-<year>-<n>`, unique in the organisation. */
    reference: text('reference').notNull(),
    /** The date of the authority's act (the decision, the letter): the day the event counts on. */
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    authority: text('authority', { enum: AUTHORITIES }).notNull(),
    authorityName: text('authority_name'),
    kind: text('kind', { enum: REGULATORY_KINDS }).notNull(),
    subjectArea: text('subject_area', { enum: SUBJECT_AREAS }).notNull(),
    status: text('status', { enum: REGULATORY_STATUSES }).notNull().default('open'),
    /**
     * GRI 418-1 counts substantiated complaints only: a complaint from a regulator counts when the
     * organisation recognised it or the authority upheld it. Null while not decided.
     */
    substantiated: boolean('substantiated'),
    description: text('description').notNull(),
    outcome: text('outcome'),
    /** Fines and penalties: the amount in minor units (cents) with its currency, both or neither. */
    amountCents: integer('amount_cents'),
    currency: text('currency', { enum: CURRENCIES }),
    /** Records the event concerns: `[{ type, id }]`. */
    linkedRecords: jsonb('linked_records').$type<{ type: (typeof LINKED_RECORD_TYPES)[number]; id: string }[]>().notNull().default([]),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('regulatory_events_reference_idx').on(t.orgId, t.reference), index('regulatory_events_day_idx').on(t.orgId, t.occurredOn)],
);

/**
 * Evidence files of an event (the authority's letter, the decision): checked and sealed as
 * complaint attachments are (complaints' exported helpers), the file key wrapped by a key of the
 * event's own in subject_keys, so deleting the event can shred its files too.
 */
export const regulatoryEvidence = pgTable(
  'regulatory_event_evidence',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    eventId: uuid('event_id').notNull(),
    kind: text('kind').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    nameEnc: text('name_enc').notNull(),
    keyEnc: text('key_enc').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('regulatory_event_evidence_event_idx').on(t.orgId, t.eventId, t.createdAt)],
);
