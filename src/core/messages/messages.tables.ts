import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { MESSAGE_TYPES, type MessageCategory, type Severity } from '../../rules/messages/index.ts';

/** Where an approval request stands: waiting for the ethics officer, or decided. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A finding as it stood when the message was submitted (kept as evidence of what was judged). */
export interface StoredFinding {
  category: MessageCategory;
  start: number;
  end: number;
  severity: Severity;
  rule: string;
}

/**
 * Requests to send a message whose check found something high (issue 12: "marketing messages and
 * campaigns with a high-severity finding are sent only after an ethics officer approves them").
 * One row per request, never edited after its decision. `text_hash` names the exact text approved:
 * a sender asks whether an approved row exists for the hash of what it is about to send, so any
 * change to the wording needs a new approval.
 */
export const messageApprovals = pgTable(
  'message_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    text: text('text').notNull(),
    /** SHA-256 of the normalised text (messages.approvals.ts `messageTextHash`). */
    textHash: text('text_hash').notNull(),
    type: text('type', { enum: MESSAGE_TYPES }).notNull(),
    lang: text('lang', { enum: ['fr', 'en'] }).notNull(),
    /** Sent to many customers at once (a campaign): needs approval whatever its type says. */
    campaign: boolean('campaign').notNull().default(false),
    findings: jsonb('findings').$type<StoredFinding[]>().notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true, precision: 3 }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 3 }),
    /** Why the ethics officer approved or refused it, in their words. */
    decisionReason: text('decision_reason'),
  },
  (t) => [index('message_approvals_org_status_idx').on(t.orgId, t.status, t.requestedAt), index('message_approvals_org_hash_idx').on(t.orgId, t.textHash)],
);
