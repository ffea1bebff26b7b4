import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Complaint statuses (ISO 10002 steps): the state machine is in complaints.policy.ts. */
export const COMPLAINT_STATUSES = ['received', 'acknowledged', 'assessing', 'investigating', 'answered', 'closed', 'reopened'] as const;
/** How the complaint reached the organisation. */
export const COMPLAINT_CHANNELS = ['portal', 'phone', 'letter', 'shop', 'email', 'chat', 'web_shop', 'api'] as const;
export const COMPLAINT_CATEGORIES = ['billing', 'contract', 'service_quality', 'delivery', 'sales_practice', 'personal_data', 'accessibility', 'other'] as const;
export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const COMPLAINT_URGENCIES = ['normal', 'urgent'] as const;
/** Tone of the complaint as the agent judges it (the triage model's sentiment labels, checked equal in a test). */
export const COMPLAINT_SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const VULNERABILITY_FLAGS = ['elderly', 'financial_hardship', 'disability', 'illness', 'bereavement', 'language_barrier', 'other'] as const;
export const COMPLAINT_DECISIONS = ['upheld', 'partially_upheld', 'rejected'] as const;
/** Reporting codes (GRI/ESRS figures later): no free text, so they hold no personal data. */
export const ROOT_CAUSES = ['billing_error', 'product_defect', 'process_failure', 'staff_behaviour', 'communication', 'third_party', 'no_fault', 'other'] as const;
export const REMEDIES = ['none', 'explanation', 'apology', 'correction', 'refund', 'compensation', 'goodwill_gesture', 'other'] as const;
/** Why an accepted complaint waits in the review queue (never dropped). */
export const REVIEW_REASONS = ['contact_rate', 'spam_suspected'] as const;
/** Why the clocks wait on the customer (the only documented reasons that pause them). */
/** How an agent sent the acknowledgement to a customer without e-mail. */
export const MANUAL_ACK_CHANNELS = ['post', 'phone'] as const;
export const PAUSE_REASONS = ['missing_document', 'clarification', 'identity_check', 'customer_unavailable', 'other'] as const;
/** Units of the answer deadline (see complaints.sla.ts). */
export const SLA_ANSWER_UNITS = ['months', 'business-days'] as const;
/** The category key of organisation-wide SLA settings. */
export const ALL_CATEGORIES = '*';
/** Escalation levels: 1 advisor, 2 supervisor (internal escalation), 3 referred to the consumer mediator. */
export const MAX_ESCALATION_LEVEL = 3;

/** One task of a stored triage suggestion: the label, its confidence and the words that weighed most. */
export interface StoredTriageTask {
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
  reasons: { kind: 'word' | 'signal'; text: string; weight: number }[];
}

/**
 * The triage suggestion computed at intake (src/core/triage): which model answered, and per task
 * the label, confidence and reasons. Reasons are only words of the model's own vocabulary and tone
 * signals (see complaints.triage.ts), so the column holds no personal text.
 */
export interface StoredTriage {
  model: string;
  language: string;
  evidence: number;
  category: StoredTriageTask;
  urgency: StoredTriageTask;
  sentiment: StoredTriageTask;
}

/**
 * Complaints. Personal text (description, remedy sought, decision reasons, satisfaction comment)
 * is encrypted under the customer's subject key (`*_enc`); the tracking token is kept only as its
 * SHA-256. SLA due dates are local dates (`YYYY-MM-DD`) in the customer's time zone.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** Human reference, unique per organisation: REC-2026-000042. */
    reference: text('reference').notNull(),
    trackingHash: text('tracking_hash').notNull(),
    customerId: uuid('customer_id').notNull(),
    channel: text('channel', { enum: COMPLAINT_CHANNELS }).notNull(),
    category: text('category', { enum: COMPLAINT_CATEGORIES }).notNull(),
    severity: text('severity', { enum: COMPLAINT_SEVERITIES }),
    urgency: text('urgency', { enum: COMPLAINT_URGENCIES }).notNull().default('normal'),
    /** The agent's final sentiment (with category and urgency, the labels the triage model learns from). */
    sentiment: text('sentiment', { enum: COMPLAINT_SENTIMENTS }),
    /** The triage suggestion made at intake; null when it could not be computed (never blocks intake). */
    triage: jsonb('triage').$type<StoredTriage>(),
    vulnerabilities: text('vulnerabilities').array().notNull().default(sql`'{}'::text[]`),
    language: text('language').notNull().default('fr'),
    timezone: text('timezone').notNull().default('Europe/Paris'),
    descriptionEnc: text('description_enc').notNull(),
    remedySoughtEnc: text('remedy_sought_enc'),
    status: text('status', { enum: COMPLAINT_STATUSES }).notNull().default('received'),
    escalationLevel: smallint('escalation_level').notNull().default(1),
    assigneeId: uuid('assignee_id'),
    /**
     * Who owns the file at internal escalation level 2 (a supervisor): the one who escalated, one
     * chosen then, or the advisor's team lead when the customer's rejection escalated it. The
     * assignee stays the advisor who knows the customer; this is who answers for level 2.
     */
    level2OwnerId: uuid('level2_owner_id'),
    /** Accepted but waiting for a person to look at it (rate or spam signals). */
    reviewReason: text('review_reason', { enum: REVIEW_REASONS }),
    receivedAt: ts('received_at').notNull(),
    ackDueOn: text('ack_due_on').notNull(),
    answerDueOn: text('answer_due_on').notNull(),
    /** When each clock reaches 80% of its time: from then on the complaint shows as breaching soon. */
    ackWarnAt: ts('ack_warn_at').notNull(),
    answerWarnAt: ts('answer_warn_at').notNull(),
    /** SLA terms fixed at receipt (organisation or category settings, else the rules' defaults). */
    slaAckBusinessDays: smallint('sla_ack_business_days').notNull().default(10),
    slaAnswerAmount: smallint('sla_answer_amount').notNull().default(2),
    slaAnswerUnit: text('sla_answer_unit', { enum: SLA_ANSWER_UNITS }).notNull().default('months'),
    /** Set while the clocks wait on the customer (an agent asked for information). */
    pausedAt: ts('paused_at'),
    pauseReason: text('pause_reason', { enum: PAUSE_REASONS }),
    /** Time paused so far, per clock: the due dates above already include it. */
    pausedAckBusinessDays: integer('paused_ack_business_days').notNull().default(0),
    pausedAnswerBusinessDays: integer('paused_answer_business_days').notNull().default(0),
    pausedAnswerCalendarDays: integer('paused_answer_calendar_days').notNull().default(0),
    /**
     * The customer had no e-mail at intake: no receipt e-mail was queued and an agent must send the
     * acknowledgement by post or phone, then mark it done (which stops the ack clock).
     */
    manualAck: boolean('manual_ack').notNull().default(false),
    manualAckChannel: text('manual_ack_channel', { enum: MANUAL_ACK_CHANNELS }),
    acknowledgedAt: ts('acknowledged_at'),
    assessedAt: ts('assessed_at'),
    investigatingAt: ts('investigating_at'),
    answeredAt: ts('answered_at'),
    closedAt: ts('closed_at'),
    reopenedAt: ts('reopened_at'),
    escalatedAt: ts('escalated_at'),
    mediationReferredAt: ts('mediation_referred_at'),
    decision: text('decision', { enum: COMPLAINT_DECISIONS }),
    decisionReasonsEnc: text('decision_reasons_enc'),
    rootCause: text('root_cause', { enum: ROOT_CAUSES }),
    remedyGiven: text('remedy_given', { enum: REMEDIES }),
    customerResponse: text('customer_response', { enum: ['accepted', 'rejected'] }),
    customerRespondedAt: ts('customer_responded_at'),
    satisfaction: smallint('satisfaction'),
    satisfactionCommentEnc: text('satisfaction_comment_enc'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaints_reference_idx').on(t.orgId, t.reference),
    uniqueIndex('complaints_tracking_idx').on(t.trackingHash),
    index('complaints_status_idx').on(t.orgId, t.status),
    index('complaints_assignee_idx').on(t.orgId, t.assigneeId),
    index('complaints_level2_owner_idx').on(t.orgId, t.level2OwnerId),
    index('complaints_customer_idx').on(t.orgId, t.customerId, t.receivedAt),
    // The KPIs of a day range (kpi refresh, drill-down) read by these instants: without them each
    // refresh of one day scanned every complaint of the organisation (bench/kpi-dashboard.bench.ts).
    index('complaints_received_idx').on(t.orgId, t.receivedAt),
    index('complaints_acknowledged_idx').on(t.orgId, t.acknowledgedAt),
    index('complaints_mediation_idx').on(t.orgId, t.mediationReferredAt),
  ],
);

/** Next reference number per organisation and year (row lock serialises concurrent intakes). */
export const complaintCounters = pgTable(
  'complaint_counters',
  {
    orgId: uuid('org_id').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);

/** The conversation: `internal` notes are for staff only and never reach the portal. */
export const complaintMessages = pgTable(
  'complaint_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order, for a stable thread and timeline when two steps share a millisecond. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id').notNull(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    authorType: text('author_type', { enum: ['customer', 'staff', 'system'] }).notNull(),
    authorId: uuid('author_id'),
    internal: boolean('internal').notNull().default(false),
    bodyEnc: text('body_enc').notNull(),
    /** The nonce of the tracking-page form that posted it: one form, one message, however often it is sent (issue 15, finding 6). */
    formNonce: text('form_nonce'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('complaint_messages_complaint_idx').on(t.orgId, t.complaintId, t.createdAt),
    uniqueIndex('complaint_messages_form_nonce_idx').on(t.complaintId, t.formNonce),
  ],
);

/** Dated timeline of every step (ids and codes only: text lives in messages, encrypted). */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order, for a stable thread and timeline when two steps share a millisecond. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id').notNull(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('complaint_events_complaint_idx').on(t.orgId, t.complaintId, t.createdAt),
    // Answers, closures, escalations and ratings of a day range (the complaint KPIs).
    index('complaint_events_day_idx').on(t.orgId, t.createdAt),
  ],
);

/** Idempotency keys of API intake: a retried submission finds the complaint it created. */
export const complaintIdempotency = pgTable(
  'complaint_idempotency',
  {
    orgId: uuid('org_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of the request body: the same key with another body is a client error (409). */
    requestHash: text('request_hash').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);

/** PostgreSQL bytea as a Node Buffer (both drivers return bytea as bytes). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** Kinds of attachment (checked from the bytes, see complaints.attachments.ts). */
export const ATTACHMENT_KIND_VALUES = ['pdf', 'png', 'jpeg', 'webp', 'text'] as const;

/**
 * Files attached by the customer (portal form, tracking page) or by staff. The content is
 * encrypted under a key of its own, stored wrapped by the customer's subject key (`key_enc`);
 * the file name may name people, so it is encrypted too. Staff files on an internal note are
 * `internal` and never reach the portal. Why in the database rather than on disk: see
 * complaints.attachments.ts.
 */
export const complaintAttachments = pgTable(
  'complaint_attachments',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    /** The thread message the file came with, if any (the portal form's files have none). */
    messageId: uuid('message_id').references(() => complaintMessages.id, { onDelete: 'set null' }),
    uploaderType: text('uploader_type', { enum: ['customer', 'staff'] }).notNull(),
    uploaderId: uuid('uploader_id'),
    internal: boolean('internal').notNull().default(false),
    kind: text('kind', { enum: ATTACHMENT_KIND_VALUES }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    nameEnc: text('name_enc').notNull(),
    keyEnc: text('key_enc').notNull(),
    content: bytea('content').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('complaint_attachments_complaint_idx').on(t.orgId, t.complaintId, t.createdAt)],
);

/**
 * SLA terms of an organisation: one row for all categories (`*`) and rows for single categories,
 * which win. No row: the defaults of src/rules (10 business days, 2 months).
 */
export const complaintSlaSettings = pgTable(
  'complaint_sla_settings',
  {
    orgId: uuid('org_id').notNull(),
    /** A complaint category, or `*` for the organisation's default. */
    category: text('category').notNull(),
    ackBusinessDays: smallint('ack_business_days').notNull(),
    answerAmount: smallint('answer_amount').notNull(),
    answerUnit: text('answer_unit', { enum: SLA_ANSWER_UNITS }).notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.category] })],
);

/**
 * Categories that need a specialist: their complaints go to an advisor with the category among
 * their skills instead of the customer's advisor (the customer keeps their dedicated advisor).
 */
export const complaintSpecialistCategories = pgTable(
  'complaint_specialist_categories',
  {
    orgId: uuid('org_id').notNull(),
    category: text('category', { enum: COMPLAINT_CATEGORIES }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.category] })],
);
