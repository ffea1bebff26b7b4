/**
 * Pure rules of ethics audits: who may run them, the steps of an audit and when it may close,
 * and when a remediation action's owner is reminded.
 */
import { hasPermission, type Actor } from '../context.ts';
import type { Issue } from '../errors.ts';
import type { ANSWERS, AUDIT_STATUSES } from './ethics-audit.tables.ts';

export type AuditStatus = (typeof AUDIT_STATUSES)[number];
export type Answer = (typeof ANSWERS)[number];

/** Files one audit holds (per item and for the whole audit together): enough for a checklist's exhibits. */
export const EVIDENCE_FILES_PER_AUDIT = 60;

/**
 * Who runs audits: the ethics officer (and administrators) hold `ethics_audit:manage`; the DPO
 * and the `auditor` role read them (why the DPO only reads: permissions.ts). The
 * person named as an audit's auditor is chosen among users; their answers go through a manager's
 * permission, so an outside auditor given only the auditor role reviews, and does not write.
 */
export function canManageAudits(actor: Actor): boolean {
  return hasPermission(actor, 'ethics_audit:manage');
}

/**
 * The steps of an audit: planned, in progress (answers are being given), reporting (the findings
 * and the conclusion are written up; going back to answering is allowed), closed. Nothing moves
 * out of closed: a closed audit is the record of what was found.
 */
const NEXT: Readonly<Record<AuditStatus, readonly AuditStatus[]>> = {
  planned: ['in_progress'],
  in_progress: ['reporting'],
  reporting: ['in_progress', 'closed'],
  closed: [],
};

export function canMove(from: AuditStatus, to: AuditStatus): boolean {
  return NEXT[from].includes(to);
}

export interface AuditAbilities {
  edit: boolean;
  answer: boolean;
  addEvidence: boolean;
  raiseFinding: boolean;
  /** The statuses the audit may move to now (closing only once every item is answered). */
  moveTo: AuditStatus[];
}

/** What the viewer may do with an audit in `status`, `unanswered` items left. */
export function auditAbilities(canManage: boolean, status: AuditStatus, unanswered: number): AuditAbilities {
  const live = canManage && status !== 'closed';
  return {
    edit: live,
    answer: live,
    addEvidence: live,
    raiseFinding: live,
    moveTo: canManage ? NEXT[status].filter((to) => to !== 'closed' || unanswered === 0) : [],
  };
}

/** Dates of an audit: the end, when given, is not before the start. */
export function auditDateIssues(startsOn: string, endsOn: string | null): Issue[] {
  return endsOn !== null && endsOn < startsOn ? [{ path: 'endsOn', code: 'ends_before_start' }] : [];
}

/** The first answer moves a planned audit in progress; later answers leave the status alone. */
export function statusAfterAnswer(status: AuditStatus): AuditStatus {
  return status === 'planned' ? 'in_progress' : status;
}
