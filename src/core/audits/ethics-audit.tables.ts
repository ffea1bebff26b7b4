import { customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { StoredChecklistSection } from './ethics-audit.templates.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** PostgreSQL bytea as a Node Buffer (both drivers return bytea as bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** Planned, being answered, being written up, closed (every item answered). */
export const AUDIT_STATUSES = ['planned', 'in_progress', 'reporting', 'closed'] as const;
/** How a checklist item was judged. */
export const ANSWERS = ['compliant', 'non_compliant', 'not_applicable'] as const;

/**
 * Ethics audits run from a template (issue 14). The checklist is copied from the template at
 * creation (`checklist`, with the template's key and version): a later version of the template
 * never changes what an audit asked, so a closed audit reads as it was run.
 */
export const ethicsAudits = pgTable(
  'ethics_audits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** `AUD-<year>-<n>`, unique in the organisation. */
    reference: text('reference').notNull(),
    templateKey: text('template_key').notNull(),
    templateVersion: integer('template_version').notNull(),
    checklist: jsonb('checklist').$type<StoredChecklistSection[]>().notNull(),
    /** What the audit covers (sites, channels, period), written by staff. */
    scope: text('scope').notNull(),
    auditorId: uuid('auditor_id').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    status: text('status', { enum: AUDIT_STATUSES }).notNull().default('planned'),
    /** The auditor's conclusion for the report. */
    conclusion: text('conclusion'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    closedAt: ts('closed_at'),
    closedBy: text('closed_by'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('ethics_audits_reference_idx').on(t.orgId, t.reference), index('ethics_audits_status_idx').on(t.orgId, t.status, t.startsOn)],
);

/** One answer per checklist item of an audit: the judgement and the auditor's comment. */
export const ethicsAuditAnswers = pgTable(
  'ethics_audit_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    auditId: uuid('audit_id')
      .notNull()
      .references(() => ethicsAudits.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    answer: text('answer', { enum: ANSWERS }).notNull(),
    comment: text('comment'),
    answeredBy: text('answered_by').notNull(),
    answeredAt: ts('answered_at').notNull(),
  },
  (t) => [uniqueIndex('ethics_audit_answers_item_idx').on(t.orgId, t.auditId, t.itemKey)],
);

/**
 * Evidence files of an audit, per checklist item (or for the whole audit when `item_key` is
 * null): checked and sealed as regulatory evidence is, the file key wrapped by a key of the
 * audit's own in subject_keys.
 */
export const ethicsAuditEvidence = pgTable(
  'ethics_audit_evidence',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    auditId: uuid('audit_id')
      .notNull()
      .references(() => ethicsAudits.id, { onDelete: 'cascade' }),
    itemKey: text('item_key'),
    kind: text('kind').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    nameEnc: text('name_enc').notNull(),
    keyEnc: text('key_enc').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: text('uploaded_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('ethics_audit_evidence_audit_idx').on(t.orgId, t.auditId, t.createdAt)],
);
