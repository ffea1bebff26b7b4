/**
 * Pure rules of findings and remediation: who may act, what a finding's state allows, and when
 * an action is overdue.
 */
import { hasPermission, type Actor } from '../context.ts';
import type { ACTION_STATUSES, FINDING_SOURCES, FINDING_STATUSES } from './audits.tables.ts';

type FindingStatus = (typeof FINDING_STATUSES)[number];
type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface FindingFacts {
  status: FindingStatus;
  source: (typeof FINDING_SOURCES)[number];
  /** Whether the control that opened it closes it when its cause is gone (then no person closes it). */
  closesItself: boolean;
}

export interface FindingAbilities {
  addAction: boolean;
  close: boolean;
}

/** Whether the actor keeps the organisation's findings (ethics officer, administrator). */
export function canManageFindings(actor: Actor): boolean {
  return hasPermission(actor, 'finding:manage');
}

/**
 * What can be done with a finding. A finding a control closes by itself is not closed by hand:
 * its cause is still in the records, and the next run would open it again; people act on the
 * cause (the remediation), and the control says when it is gone.
 */
export function findingAbilities(canManage: boolean, f: FindingFacts): FindingAbilities {
  const live = canManage && f.status !== 'closed';
  return { addAction: live, close: live && !(f.source === 'control' && f.closesItself) };
}

/** An action may be changed or closed while open, by someone who manages findings. */
export function actionAbilities(canManage: boolean, status: ActionStatus): { edit: boolean; close: boolean } {
  const live = canManage && status === 'open';
  return { edit: live, close: live };
}

/** Overdue from the day after its due day (the due day itself is still on time). */
export function isActionOverdue(action: { status: ActionStatus; dueOn: string }, today: string): boolean {
  return action.status === 'open' && today > action.dueOn;
}

/** A finding with an action is being remedied; one whose actions are all gone or closed stays so until it closes. */
export function statusWithAction(status: FindingStatus): FindingStatus {
  return status === 'open' ? 'in_remediation' : status;
}
