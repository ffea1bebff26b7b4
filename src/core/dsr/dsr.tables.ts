import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const DSR_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'] as const;
export const DSR_STATUSES = ['received', 'extended', 'fulfilled', 'refused'] as const;
export const DSR_CHANNELS = ['portal', 'phone', 'post', 'email', 'in_person'] as const;
export const IDENTITY_CHECKS = ['email_code', 'id_document', 'known_contact_details', 'security_questions'] as const;

/**
 * Data-subject requests (GDPR Art. 15-22). Deadlines come from src/rules (`dsr`, `dsr-extended`)
 * as last days on time in the subject's time zone. Free text from the subject is encrypted under
 * the subject's key.
 */
export const dsrRequests = pgTable(
  'dsr_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    type: text('type', { enum: DSR_TYPES }).notNull(),
    status: text('status', { enum: DSR_STATUSES }).notNull().default('received'),
    channel: text('channel', { enum: DSR_CHANNELS }).notNull(),
    identityCheck: text('identity_check', { enum: IDENTITY_CHECKS }).notNull(),
    /** Who checked the identity (a user id, or `portal` for the e-mail code). */
    identityCheckedBy: text('identity_checked_by').notNull(),
    detailsEnc: text('details_enc'),
    receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull(),
    timezone: text('timezone').notNull().default('Europe/Paris'),
    /** Last day on time (YYYY-MM-DD in `timezone`); moves to the `dsr-extended` day when extended. */
    dueDate: text('due_date').notNull(),
    extendedAt: timestamp('extended_at', { withTimezone: true, precision: 3 }),
    extensionReason: text('extension_reason'),
    refusalReason: text('refusal_reason'),
    resolutionNote: text('resolution_note'),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
    closedBy: text('closed_by'),
    /** Erasure requests keep what a legal hold kept and why (JSON), as the erasure record. */
    erasureOutcome: text('erasure_outcome'),
    /** GDPR Art. 18(3): when the restriction obtained by this request was lifted, and the reason the subject was told. */
    restrictionLiftedAt: timestamp('restriction_lifted_at', { withTimezone: true, precision: 3 }),
    restrictionLiftReason: text('restriction_lift_reason'),
    reminded: boolean('reminded').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('dsr_requests_due_idx').on(t.orgId, t.status, t.dueDate), index('dsr_requests_subject_idx').on(t.orgId, t.customerId)],
);

/** Access/portability packages: the zip, base64, encrypted under the subject's key; downloaded by a signed link. */
export const dsrExports = pgTable(
  'dsr_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    requestId: uuid('request_id').notNull(),
    contentEnc: text('content_enc').notNull(),
    sizeBytes: text('size_bytes').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    downloadedAt: timestamp('downloaded_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('dsr_exports_subject_idx').on(t.orgId, t.customerId)],
);
