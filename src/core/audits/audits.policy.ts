/**
 * Pure rules of findings and remediation: who may act, what a finding's state allows, and when
 * an action is overdue.
 */
import { hasPermission, type Actor } from '../context.ts';
import { addDays } from '../../rules/index.ts';
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

/** How many days before its due day an action's owner is reminded (the house's own lead time). */
export const DUE_SOON_DAYS = 3;

export type ReminderStage = 'due_soon' | 'overdue';

/**
 * Which reminder an action's owner gets today, if any: "due soon" once from
 * {@link DUE_SOON_DAYS} days before the due day through the due day itself, "overdue" once from
 * the next day (the remediation_overdue control opens its finding that same day). Each is sent
 * once per due day: a rescheduled action is reminded again for its new day.
 */
export function reminderStage(
  action: { status: ActionStatus; dueOn: string; remindedSoonFor: string | null; remindedOverdueFor: string | null },
  today: string,
): ReminderStage | null {
  if (action.status !== 'open') return null;
  if (isActionOverdue(action, today)) return action.remindedOverdueFor === action.dueOn ? null : 'overdue';
  if (action.dueOn <= addDays(today, DUE_SOON_DAYS) && action.remindedSoonFor !== action.dueOn) return 'due_soon';
  return null;
}
