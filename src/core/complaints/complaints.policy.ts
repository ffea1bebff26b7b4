/**
 * Pure rules of complaint handling: the state machine (ISO 10002 steps) and who may do what.
 * No I/O: the service loads the facts, these functions decide.
 */
import type { Actor } from '../context.ts';
import type { Issue } from '../errors.ts';
import type { AnswerDraft, AnswerInput, QueueName } from './complaints.schemas.ts';
import { hasPermission } from '../context.ts';
import type { Permission } from '../auth/index.ts';
import type { COMPLAINT_STATUSES} from './complaints.tables.ts';
import { MAX_ESCALATION_LEVEL } from './complaints.tables.ts';

export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/**
 * Allowed status changes. `answered` -> `reopened` is the customer rejecting the answer or adding
 * information: a rejected decision keeps the file open (RULES.md, Complaints). `closed` ->
 * `reopened` lets the customer come back on a closed file.
 */
export const TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  received: ['acknowledged'],
  acknowledged: ['assessing'],
  assessing: ['investigating', 'answered'],
  investigating: ['answered'],
  answered: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['assessing', 'investigating', 'answered'],
};

export function canTransition(from: ComplaintStatus, to: ComplaintStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Staff actions on a complaint, and the permission each needs. */
export const ACTION_PERMISSIONS = {
  acknowledge: 'complaint:handle',
  assess: 'complaint:handle',
  investigate: 'complaint:handle',
  reply: 'complaint:handle',
  note: 'complaint:handle',
  answer: 'complaint:handle',
  close: 'complaint:handle',
  request_info: 'complaint:handle',
  resume: 'complaint:handle',
  assign: 'complaint:assign',
  escalate: 'complaint:escalate',
} as const satisfies Record<string, Permission>;
export type ComplaintAction = keyof typeof ACTION_PERMISSIONS;

/** What the policy needs to know about a complaint. */
export interface ComplaintFacts {
  orgId: string;
  status: ComplaintStatus;
  escalationLevel: number;
  assigneeId: string | null;
  customerResponse: 'accepted' | 'rejected' | null;
  /** Whether the clocks wait on the customer now. */
  paused?: boolean;
}

/** The facts of a complaint row, as the policy reads them. */
export function complaintFacts(c: {
  orgId: string;
  status: ComplaintStatus;
  escalationLevel: number;
  assigneeId: string | null;
  customerResponse: 'accepted' | 'rejected' | null;
  pausedAt: Date | null;
}): ComplaintFacts {
  return { orgId: c.orgId, status: c.status, escalationLevel: c.escalationLevel, assigneeId: c.assigneeId, customerResponse: c.customerResponse, paused: c.pausedAt !== null };
}

/** Whether the complaint's state allows the action at all, whoever asks. */
export function stateAllows(action: ComplaintAction, c: ComplaintFacts): boolean {
  switch (action) {
    case 'acknowledge':
      return canTransition(c.status, 'acknowledged');
    case 'assess':
      // Assessment can be revised while the file is being handled (it is confirmed, then refined).
      return canTransition(c.status, 'assessing') || c.status === 'assessing' || c.status === 'investigating';
    case 'investigate':
      return canTransition(c.status, 'investigating');
    case 'answer':
      return canTransition(c.status, 'answered');
    case 'close':
      // An agent closes an answered file (accepted, or no answer from the customer); a rejected
      // answer keeps the file open, so it cannot be closed on the customer's behalf.
      return canTransition(c.status, 'closed') && c.customerResponse !== 'rejected';
    case 'reply':
    case 'assign':
      return c.status !== 'closed';
    case 'note':
      return true;
    case 'request_info':
      // Only a documented wait on the customer pauses the clocks: while the file is being handled
      // (not once answered: the customer's answer to a decision is not information requested).
      return !c.paused && c.status !== 'answered' && c.status !== 'closed';
    case 'resume':
      return c.paused === true;
    case 'escalate':
      return c.status !== 'closed' && c.escalationLevel < MAX_ESCALATION_LEVEL;
  }
}

/** Whether `actor` may perform `action` on the complaint now. */
export function can(actor: Actor, action: ComplaintAction, c: ComplaintFacts): boolean {
  if (!('orgId' in actor) || actor.orgId !== c.orgId) return false;
  if (!hasPermission(actor, ACTION_PERMISSIONS[action])) return false;
  return stateAllows(action, c);
}

/**
 * Whether `actor` works complaint files, and so reads what only the file's work needs: internal
 * notes, the customer's contact details and the decrypted documents. Readers who do not handle
 * complaints (an auditor checking the process, a DPO) see the file's course without them (GDPR
 * Art. 5(1)(c) data minimisation; Art. 32(4): staff process personal data as their task requires).
 */
export function worksOnFiles(actor: Actor): boolean {
  return hasPermission(actor, 'complaint:handle');
}

/** The abilities a viewer has on a complaint, for the back office buttons. */
export function abilities(actor: Actor, c: ComplaintFacts): Record<ComplaintAction, boolean> {
  const out = {} as Record<ComplaintAction, boolean>;
  for (const action of Object.keys(ACTION_PERMISSIONS) as ComplaintAction[]) out[action] = can(actor, action, c);
  return out;
}

/** What the customer may do from the tracking page. */
export function customerCan(action: 'message' | 'accept' | 'reject' | 'rate', c: ComplaintFacts & { satisfaction: number | null }): boolean {
  switch (action) {
    case 'message':
      return true;
    case 'accept':
    case 'reject':
      return c.status === 'answered' && c.customerResponse === null;
    case 'rate':
      // Satisfaction is asked at closure (or once the customer has accepted the answer), once.
      return (c.status === 'closed' || c.customerResponse === 'accepted') && c.satisfaction === null;
  }
}

/** The status after a customer message: a closed file is reopened, others keep their status. */
export function statusAfterCustomerMessage(status: ComplaintStatus): ComplaintStatus {
  return status === 'closed' ? 'reopened' : status;
}

/** Per-contact intake limit: more complaints than this from one e-mail in an hour go to review. */
export const CONTACT_LIMIT_PER_HOUR = 5;

/** Whether a new complaint from a contact goes to the review queue (it is still accepted). */
export function reviewReasonFor(input: { recentFromContact: number; honeypotFilled: boolean }): 'contact_rate' | 'spam_suspected' | null {
  if (input.honeypotFilled) return 'spam_suspected';
  if (input.recentFromContact >= CONTACT_LIMIT_PER_HOUR) return 'contact_rate';
  return null;
}

/** Human reference, unique per organisation and year: REC-2026-000042. */
export function formatReference(year: number, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999) throw new RangeError(`reference number out of range: ${n}`);
  return `REC-${year}-${String(n).padStart(6, '0')}`;
}

export const REFERENCE_PATTERN = /^REC-\d{4}-\d{6,9}$/;

/**
 * The queue a viewer lands on when they name none: a supervisor their team, an agent their own
 * complaints, anyone else (DPO, auditor, API token) all of them. A search looks everywhere: it is
 * how one finds a customer's complaints, whoever handles them.
 */
export function defaultQueue(actor: Actor, searching: boolean): QueueName {
  if (searching || actor.kind !== 'user') return 'all';
  if (actor.roles.includes('supervisor')) return 'team';
  if (actor.roles.includes('agent')) return 'mine';
  return 'all';
}

/**
 * What is missing from a reasoned answer, each named by its field ("Choose a decision"): nothing
 * is preselected, so an answer is a set of deliberate choices (ISO 10002: the decision is
 * communicated with its reasons).
 */
export function answerIssues(draft: AnswerDraft): Issue[] {
  const issues: Issue[] = [];
  if (!draft.decision) issues.push({ path: 'decision', code: 'choose_decision' });
  if (!draft.reasons) issues.push({ path: 'reasons', code: 'write_reasons' });
  if (!draft.rootCause) issues.push({ path: 'rootCause', code: 'choose_root_cause' });
  if (!draft.remedyGiven) issues.push({ path: 'remedyGiven', code: 'choose_remedy' });
  return issues;
}

/** The answer when it is complete, else null (see {@link answerIssues} for what is missing). */
export function completeAnswer(draft: AnswerDraft): AnswerInput | null {
  const { decision, reasons, rootCause, remedyGiven } = draft;
  return decision && reasons && rootCause && remedyGiven ? { decision, reasons, rootCause, remedyGiven } : null;
}
