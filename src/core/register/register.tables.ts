import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { LEGAL_BASES } from '../consent/consent.tables.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Where a processing activity of the register came from. */
export const ACTIVITY_ORIGINS = ['purpose', 'module', 'manual'] as const;
export const ACTIVITY_STATUSES = ['active', 'archived'] as const;
export const RETENTION_RUN_TRIGGERS = ['cron', 'manual'] as const;
export const RETENTION_RUN_STATUSES = ['succeeded', 'failed'] as const;

/**
 * GDPR Art. 30(1)(a): the controller, joint controllers, the representative and the DPO, one row
 * per organisation. Professional contact details published anyway (Art. 13(1)(a)-(b), 37(7)).
 */
export const registerControllers = pgTable('register_controllers', {
  orgId: uuid('org_id').primaryKey(),
  controllerName: text('controller_name').notNull(),
  controllerContact: text('controller_contact').notNull(),
  jointControllers: text('joint_controllers').notNull().default(''),
  representative: text('representative').notNull().default(''),
  dpoName: text('dpo_name').notNull().default(''),
  dpoContact: text('dpo_contact').notNull().default(''),
  updatedBy: text('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Records of processing activities (GDPR Art. 30(1)(b)-(g)), kept per organisation. Prefilled from
 * the consent purposes and the modules' data inventory (`key` says which), then edited by the DPO.
 */
export const processingActivities = pgTable(
  'processing_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** `purpose:<purpose key>`, `module:<module name>` or `manual:<uuid>`: prefill never creates twice. */
    key: text('key').notNull(),
    origin: text('origin', { enum: ACTIVITY_ORIGINS }).notNull(),
    name: text('name').notNull(),
    /** (b) purposes of the processing. */
    purposes: text('purposes').notNull(),
    legalBasis: text('legal_basis', { enum: LEGAL_BASES }),
    /** fideslang data use of the purpose (`marketing.communications.email`). */
    dataUse: text('data_use'),
    /** (c) categories of data subjects and of personal data (closed vocabularies, register.taxonomy.ts). */
    subjectCategories: text('subject_categories').array().notNull().default(sql`'{}'::text[]`),
    dataCategories: text('data_categories').array().notNull().default(sql`'{}'::text[]`),
    /** (d) recipients, including in third countries. */
    recipients: text('recipients').notNull().default(''),
    /** (e) transfers to third countries and their safeguards (Art. 46, 49(1) second subparagraph). */
    transfers: text('transfers').notNull().default(''),
    safeguards: text('safeguards').notNull().default(''),
    /** (f) time limits for erasure. */
    erasureLimits: text('erasure_limits').notNull().default(''),
    /** (g) technical and organisational security measures (Art. 32(1)). */
    securityMeasures: text('security_measures').notNull().default(''),
    status: text('status', { enum: ACTIVITY_STATUSES }).notNull().default('active'),
    updatedBy: text('updated_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('processing_activities_key_idx').on(t.orgId, t.key)],
);

/** An organisation's own retention period for a rule; without a row the default applies. */
export const retentionSettings = pgTable(
  'retention_settings',
  {
    orgId: uuid('org_id').notNull(),
    rule: text('rule').notNull(),
    amount: integer('amount').notNull(),
    unit: text('unit', { enum: ['days', 'months', 'years'] }).notNull(),
    updatedBy: text('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.rule] })],
);

/** What one retention run did per rule (counts only: the ids are in the audit log). */
export interface RetentionRunResult {
  rule: string;
  action: 'delete' | 'anonymise';
  cutoff: string;
  purged: number;
  held: number;
}

/** Every retention run, scheduled or launched by hand, for the DPO dashboard. */
export const retentionRuns = pgTable(
  'retention_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    trigger: text('trigger', { enum: RETENTION_RUN_TRIGGERS }).notNull(),
    /** The user who launched it, or the cron name. */
    actorId: text('actor_id'),
    status: text('status', { enum: RETENTION_RUN_STATUSES }).notNull(),
    purged: integer('purged').notNull().default(0),
    held: integer('held').notNull().default(0),
    results: jsonb('results').$type<RetentionRunResult[]>().notNull().default(sql`'[]'::jsonb`),
    /** The rule that failed, if any (no message text: it could quote data). */
    failedRule: text('failed_rule'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at').notNull(),
  },
  (t) => [index('retention_runs_org_idx').on(t.orgId, t.startedAt)],
);
