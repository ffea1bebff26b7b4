import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Where the controller learnt of the breach (the clock of GDPR Art. 33(1) starts at that moment). */
export const DISCOVERY_SOURCES = ['internal_detection', 'employee', 'processor', 'customer', 'third_party', 'authority', 'media', 'other'] as const;
/** Kinds of breach (EDPB Guidelines 9/2022 on breach notification, §2.2): several can apply. */
export const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'] as const;
/**
 * Outcome of the risk assessment that decides notification (GDPR Art. 33(1), 34(1)); `unassessed`
 * while the draft holds only what was known at discovery.
 */
export const RISK_LEVELS = ['unassessed', 'none', 'risk', 'high_risk'] as const;
/** Where the file stands: open until the authority decision is recorded and the file closed. */
export const BREACH_STATUSES = ['open', 'notified', 'not_notified', 'closed'] as const;
/** How the authority (the CNIL in France) was notified. */
export const AUTHORITY_CHANNELS = ['cnil_online', 'email', 'post', 'phone', 'other'] as const;
/** Where the communication to the data subjects (GDPR Art. 34) stands. */
export const SUBJECT_DECISIONS = ['not_required', 'pending', 'notified', 'exempted'] as const;
/** GDPR Art. 34(3)(a)-(c): the cases where subjects need not be told individually. */
export const SUBJECT_EXEMPTIONS = ['encrypted', 'measures_taken', 'disproportionate_effort'] as const;
/** Who the subject communication went to. */
export const SUBJECT_AUDIENCES = ['selected', 'all'] as const;

/**
 * The breach register (GDPR Art. 33(5)): every personal-data breach, notified or not, with the
 * facts, effects and remedial action, the Art. 33(3) content, the risk assessment and the
 * notification decisions. The text describes the incident, written by staff; it names no data
 * subject (the subjects told are in `breach_subject_notices`).
 */
export const breaches = pgTable(
  'breaches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** Internal file reference, `BR-<year>-<n>`, unique in the organisation. */
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: BREACH_STATUSES }).notNull().default('open'),
    /** When the controller became aware (GDPR Art. 33(1): the 72 hours run from here). */
    awareAt: timestamp('aware_at', { withTimezone: true, precision: 3 }).notNull(),
    /** When the breach happened, when known. */
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }),
    // A draft holds what is known at discovery (title, description, awareness); the Art. 33(3)
    // content is completed as it becomes known (null until then), in phases if need be (Art. 33(4)).
    discoverySource: text('discovery_source', { enum: DISCOVERY_SOURCES }),
    description: text('description').notNull(),
    // GDPR Art. 33(3)(a): nature, categories and approximate numbers of subjects and of records.
    breachTypes: text('breach_types').array().notNull(),
    dataCategories: text('data_categories'),
    subjectCategories: text('subject_categories'),
    approxSubjects: integer('approx_subjects'),
    approxRecords: integer('approx_records'),
    // GDPR Art. 33(3)(b)-(d).
    dpoContact: text('dpo_contact'),
    consequences: text('consequences'),
    measures: text('measures'),
    risk: text('risk', { enum: RISK_LEVELS }).notNull().default('unassessed'),
    riskReasons: text('risk_reasons'),
    /** The `breach-authority` deadline of src/rules, stored as computed from `awareAt`. */
    authorityDueAt: timestamp('authority_due_at', { withTimezone: true, precision: 3 }).notNull(),
    authorityNotifiedAt: timestamp('authority_notified_at', { withTimezone: true, precision: 3 }),
    authorityReference: text('authority_reference'),
    authorityChannel: text('authority_channel', { enum: AUTHORITY_CHANNELS }),
    /** GDPR Art. 33(1): why the notification came after 72 hours. */
    delayReasons: text('delay_reasons'),
    /** Why the authority was not notified (GDPR Art. 33(1): breach unlikely to result in a risk). */
    waiverReason: text('waiver_reason'),
    waivedAt: timestamp('waived_at', { withTimezone: true, precision: 3 }),
    subjectsDecision: text('subjects_decision', { enum: SUBJECT_DECISIONS }).notNull().default('not_required'),
    subjectsAudience: text('subjects_audience', { enum: SUBJECT_AUDIENCES }),
    subjectsNotifiedAt: timestamp('subjects_notified_at', { withTimezone: true, precision: 3 }),
    subjectsNotifiedCount: integer('subjects_notified_count').notNull().default(0),
    subjectsExemption: text('subjects_exemption', { enum: SUBJECT_EXEMPTIONS }),
    subjectsExemptionReason: text('subjects_exemption_reason'),
    /** GDPR Art. 34(3)(c): the public communication made instead of individual messages. */
    publicCommunication: text('public_communication'),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
    /** When the people who can notify were warned that the 72 hours are running out (once per breach). */
    deadlineWarnedAt: timestamp('deadline_warned_at', { withTimezone: true, precision: 3 }),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('breaches_reference_idx').on(t.orgId, t.reference), index('breaches_status_idx').on(t.orgId, t.status, t.authorityDueAt)],
);

/** GDPR Art. 33(4): information given to the authority in phases, each dated. */
export const breachSupplements = pgTable(
  'breach_supplements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    breachId: uuid('breach_id').notNull(),
    providedAt: timestamp('provided_at', { withTimezone: true, precision: 3 }).notNull(),
    content: text('content').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('breach_supplements_breach_idx').on(t.orgId, t.breachId)],
);

/**
 * GDPR Art. 34: one row per data subject told of a breach. The unique key makes the message go
 * out once per subject, however often the DPO sends the communication.
 */
export const breachSubjectNotices = pgTable(
  'breach_subject_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    breachId: uuid('breach_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    locale: text('locale').notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex('breach_subject_notices_once_idx').on(t.orgId, t.breachId, t.customerId), index('breach_subject_notices_subject_idx').on(t.orgId, t.customerId)],
);
