/**
 * Pure rules of the breach register: where the 72-hour clock stands, when a notification is
 * late, what can be done to a file in its state, and what still blocks closing it.
 */
import { hasPermission, type Actor } from '../context.ts';
import type { BREACH_STATUSES, RISK_LEVELS, SUBJECT_DECISIONS } from './breaches.tables.ts';

type Status = (typeof BREACH_STATUSES)[number];
type Risk = (typeof RISK_LEVELS)[number];
type SubjectsDecision = (typeof SUBJECT_DECISIONS)[number];

/** The facts of a breach the policy looks at. */
export interface BreachFacts {
  status: Status;
  risk: Risk;
  subjectsDecision: SubjectsDecision;
  authorityDueAt: Date;
}

/** The clock is shown as a warning once this little time is left before the deadline. */
export const WARNING_HOURS = 24;
const HOUR_MS = 3_600_000;

/** `stopped`: the authority decision is recorded (notified or not), the clock no longer runs. */
export type AuthorityClockState = 'running' | 'warning' | 'overdue' | 'stopped';

/**
 * Where the 72-hour clock of GDPR Art. 33(1) stands at `now`. The deadline itself comes from
 * src/rules (`breach-authority`); at the deadline exactly the controller is still on time.
 */
export function authorityClock(facts: Pick<BreachFacts, 'status' | 'authorityDueAt'>, now: Date): { state: AuthorityClockState; remainingMs: number } {
  const remainingMs = facts.authorityDueAt.getTime() - now.getTime();
  if (facts.status !== 'open') return { state: 'stopped', remainingMs };
  if (remainingMs < 0) return { state: 'overdue', remainingMs };
  return { state: remainingMs <= WARNING_HOURS * HOUR_MS ? 'warning' : 'running', remainingMs };
}

/**
 * GDPR Art. 33(1): notification "not later than 72 hours after having become aware"; a
 * notification made after the deadline must give the reasons for the delay.
 */
export function isLateNotification(notifiedAt: Date, authorityDueAt: Date): boolean {
  return notifiedAt.getTime() > authorityDueAt.getTime();
}

/**
 * GDPR Art. 34(1): the subjects must be told when the risk is high. A file that becomes high
 * risk waits for that decision; one that no longer is does not, unless it was already taken.
 */
export function subjectsDecisionFor(risk: Risk, current: SubjectsDecision): SubjectsDecision {
  if (risk === 'high_risk') return current === 'not_required' ? 'pending' : current;
  return current === 'pending' ? 'not_required' : current;
}

/** The content a notification to the authority gives (GDPR Art. 33(3)(a)-(d)), and the risk assessment behind it. */
export const NOTIFICATION_CONTENT = ['discoverySource', 'breachTypes', 'dataCategories', 'subjectCategories', 'approxSubjects', 'approxRecords', 'dpoContact', 'consequences', 'measures', 'risk', 'riskReasons'] as const;
export type NotificationContent = (typeof NOTIFICATION_CONTENT)[number];

/** The parts of a file that may still be unknown in a draft. */
export type DraftFacts = { [K in Exclude<NotificationContent, 'breachTypes' | 'risk'>]: unknown } & { breachTypes: readonly string[]; risk: Risk };

/**
 * What the file does not say yet, in the order of Art. 33(3). A draft may be notified with gaps:
 * "where, and in so far as, it is not possible to provide the information at the same time, the
 * information may be provided in phases without undue further delay" (Art. 33(4)); the list tells
 * the DPO what the authority will ask for.
 */
export function missingBeforeNotification(facts: DraftFacts): NotificationContent[] {
  return NOTIFICATION_CONTENT.filter((key) => {
    if (key === 'breachTypes') return facts.breachTypes.length === 0;
    if (key === 'risk') return facts.risk === 'unassessed';
    return facts[key] === null || facts[key] === undefined;
  });
}

/** What still prevents closing the file (none: it can be closed). */
export function closeBlockers(facts: Pick<BreachFacts, 'status' | 'risk' | 'subjectsDecision'>): ('authority_decision' | 'risk_assessment' | 'subjects_decision' | 'closed')[] {
  if (facts.status === 'closed') return ['closed'];
  const blockers: ('authority_decision' | 'risk_assessment' | 'subjects_decision')[] = [];
  if (facts.status === 'open') blockers.push('authority_decision');
  // Every breach is documented with its assessment (Art. 33(5)), even one notified in phases.
  if (facts.risk === 'unassessed') blockers.push('risk_assessment');
  if (facts.risk === 'high_risk' && facts.subjectsDecision === 'pending') blockers.push('subjects_decision');
  return blockers;
}

/** What a user may do with a breach file, for the UI and for the service checks. */
export interface BreachAbilities {
  edit: boolean;
  /** The awareness time moves the deadline: only while the authority decision is not taken. */
  editAwareness: boolean;
  notifyAuthority: boolean;
  /** GDPR Art. 33(1): no notification only when the breach is unlikely to result in a risk. */
  waiveAuthority: boolean;
  /** GDPR Art. 33(4): information in phases, after the first notification. */
  supplement: boolean;
  /** GDPR Art. 34(1): high risk; sending again reaches only subjects not yet told. */
  notifySubjects: boolean;
  /** GDPR Art. 34(3): instead of telling each subject. */
  exemptSubjects: boolean;
  close: boolean;
}

/** What the file's state allows to someone who manages the register (`canManage`), and to nobody else. */
export function breachAbilities(canManage: boolean, facts: Pick<BreachFacts, 'status' | 'risk' | 'subjectsDecision'>): BreachAbilities {
  const live = canManage && facts.status !== 'closed';
  const highRisk = facts.risk === 'high_risk';
  return {
    edit: live,
    editAwareness: live && facts.status === 'open',
    notifyAuthority: live && facts.status === 'open',
    waiveAuthority: live && facts.status === 'open' && facts.risk === 'none',
    supplement: live && facts.status === 'notified',
    notifySubjects: live && highRisk && (facts.subjectsDecision === 'pending' || facts.subjectsDecision === 'notified'),
    exemptSubjects: live && highRisk && facts.subjectsDecision === 'pending',
    close: canManage && closeBlockers(facts).length === 0,
  };
}

/** Whether the actor keeps the organisation's breach register (GDPR Art. 33(5): the controller documents every breach). */
export function canManageBreaches(actor: Actor, orgId: string): boolean {
  return 'orgId' in actor && actor.orgId === orgId && hasPermission(actor, 'breach:manage');
}

/** What `actor` may do with the file now, for the back office buttons. */
export function abilitiesOf(actor: Actor, facts: Pick<BreachFacts, 'status' | 'risk' | 'subjectsDecision'> & { orgId: string }): BreachAbilities {
  return breachAbilities(canManageBreaches(actor, facts.orgId), facts);
}
