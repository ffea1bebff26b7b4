import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Where a finding comes from: a continuous control, an ethics audit, or a person. */
export const FINDING_SOURCES = ['control', 'audit', 'manual'] as const;
export const FINDING_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** Open, being remedied (an action exists), or closed (by a person, or by its control when the cause went). */
export const FINDING_STATUSES = ['open', 'in_remediation', 'closed'] as const;
export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;

/** A record a finding points at: its type (as the audit log names targets) and id. */
export interface EvidenceLink {
  type: string;
  id: string;
}

/** Parameters of a finding's title and explanation: codes, dates, counts and references, no personal text. */
export type MessageParams = Record<string, string | number>;

/**
 * Why a finding was closed: by its control, when the cause was gone (`reasonKey` names the
 * cause, `on` the local day it was seen gone), or by a person with a note.
 */
export interface FindingClosure {
  by: 'control' | 'user';
  on: string;
  reasonKey: string;
  params: MessageParams;
}

/**
 * Findings of ethical audits and continuous controls (issue 14). The title and the explanation
 * are message keys with parameters, so a finding reads in the viewer's language and holds no
 * prose about a person; the evidence is links (type + id) named at display time with the
 * viewer's permissions, as the audit log names its targets.
 */
export const findings = pgTable(
  'findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** `F-<year>-<n>`, unique in the organisation. */
    reference: text('reference').notNull(),
    source: text('source', { enum: FINDING_SOURCES }).notNull(),
    /** The control that opened it (source `control`). */
    controlKey: text('control_key'),
    /** What the control found, stable across runs (a record id, a KPI key): no duplicate while one is open. */
    causeKey: text('cause_key'),
    /** The ethics audit that raised it (source `audit`), and the checklist item when it came from one. */
    auditId: uuid('audit_id'),
    auditItem: text('audit_item'),
    severity: text('severity', { enum: FINDING_SEVERITIES }).notNull(),
    titleKey: text('title_key').notNull(),
    explanationKey: text('explanation_key').notNull(),
    params: jsonb('params').$type<MessageParams>().notNull(),
    evidence: jsonb('evidence').$type<EvidenceLink[]>().notNull(),
    status: text('status', { enum: FINDING_STATUSES }).notNull().default('open'),
    openedAt: ts('opened_at').notNull(),
    /** Who opened it: a user id, or the control's name. */
    openedBy: text('opened_by').notNull(),
    closedAt: ts('closed_at'),
    closedBy: text('closed_by'),
    closure: jsonb('closure').$type<FindingClosure>(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('findings_reference_idx').on(t.orgId, t.reference),
    // One open finding per control and cause: a control run twice (jobs may) cannot duplicate it.
    uniqueIndex('findings_open_cause_idx')
      .on(t.orgId, t.controlKey, t.causeKey)
      .where(sql`status <> 'closed' and control_key is not null`),
    index('findings_status_idx').on(t.orgId, t.status, t.openedAt),
    index('findings_audit_idx').on(t.orgId, t.auditId),
  ],
);

/** What is done about a finding: who does it, by when; overdue actions are themselves a control. */
export const remediationActions = pgTable(
  'remediation_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    findingId: uuid('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    /** What to do, written by staff about the organisation's practice (no customer is named). */
    title: text('title').notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** Last day to do it, local to the organisation (YYYY-MM-DD). */
    dueOn: text('due_on').notNull(),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    /**
     * The due day the owner was last reminded about, per kind of reminder (due soon, overdue): one
     * mail per stage and due day; a new due day (rescheduled) is reminded afresh.
     */
    remindedSoonFor: text('reminded_soon_for'),
    remindedOverdueFor: text('reminded_overdue_for'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    doneAt: ts('done_at'),
    doneBy: text('done_by'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('remediation_actions_finding_idx').on(t.orgId, t.findingId),
    index('remediation_actions_due_idx').on(t.orgId, t.status, t.dueOn),
  ],
);

/** When the controls last ran for an organisation (the row is also the run's lock). */
export const controlRuns = pgTable('control_runs', {
  orgId: uuid('org_id').primaryKey(),
  ranAt: ts('ran_at').notNull(),
  /** Findings opened and closed by that run. */
  opened: integer('opened').notNull().default(0),
  closed: integer('closed').notNull().default(0),
  /** Controls that failed in that run (their findings were left as they were). */
  failed: text('failed')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
});
