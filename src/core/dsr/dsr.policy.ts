/**
 * Pure rules of data-subject requests: what a user may do with a request in its state. No I/O:
 * the queries load the facts, these functions decide. The service enforces the same state rules
 * with their own error codes (dsr.closed, dsr.already_extended, dsr.extension_too_late).
 */
import { hasPermission, type Actor } from '../context.ts';
import type { DSR_STATUSES } from './dsr.tables.ts';

export type DsrStatus = (typeof DSR_STATUSES)[number];

/** What the policy needs to know about a request. */
export interface DsrFacts {
  orgId: string;
  status: DsrStatus;
  /** Still open past its due date (a local date in the subject's time zone). */
  overdue: boolean;
}

/** What a user may do with a request, for the back office buttons. */
export interface DsrAbilities {
  /** GDPR Art. 12(3): two more months, once, while the first month runs. */
  extend: boolean;
  /** GDPR Art. 12(4): with reasons and the right to complain to the authority. */
  refuse: boolean;
  fulfil: boolean;
}

/** A request is answered (fulfilled or refused) once; until then it is open. */
export function isOpen(status: DsrStatus): boolean {
  return status === 'received' || status === 'extended';
}

/** Whether the actor answers the organisation's requests. */
function fulfils(actor: Actor, orgId: string): boolean {
  return 'orgId' in actor && actor.orgId === orgId && hasPermission(actor, 'dsr:fulfil');
}

/**
 * Whether `actor` may read who made a request and what they wrote. Only those who answer
 * requests do: an agent logs a request and an auditor checks deadlines without either needing
 * the subject's identity or words (GDPR Art. 5(1)(c) data minimisation, Art. 25(2) by default;
 * Art. 32(4): staff process personal data only as their task requires).
 */
export function readsSubjectContent(actor: Actor, orgId: string): boolean {
  return fulfils(actor, orgId);
}

/** What `actor` may do with the request now. */
export function requestAbilities(actor: Actor, r: DsrFacts): DsrAbilities {
  const fulfiller = fulfils(actor, r.orgId);
  return {
    // Not yet extended, and the first month still runs: a received request past its due date is overdue.
    extend: fulfiller && r.status === 'received' && !r.overdue,
    refuse: fulfiller && isOpen(r.status),
    fulfil: fulfiller && isOpen(r.status),
  };
}

/**
 * Whether `actor` may lift the restriction a request obtained (GDPR Art. 18(3): the subject is
 * told first). `restriction` is null when the request obtained none.
 */
export function canLiftRestriction(actor: Actor, r: Pick<DsrFacts, 'orgId'>, restriction: { active: boolean } | null): boolean {
  return fulfils(actor, r.orgId) && restriction !== null && restriction.active;
}
