/** Pure rules for dedicated advisors: who takes a new customer, who covers an absence. */
import type { AdvisorCandidate } from './advisors.repo.ts';
import { permissionsForRoles } from '../auth/index.ts';

/** Whether the advisor can take new work (an active account, not absent, not gone). */
export function isAvailable(a: Pick<AdvisorCandidate, 'userStatus' | 'status'>): boolean {
  return a.userStatus === 'active' && a.status === 'active';
}

/** Whether the advisor is gone for good (left, or account disabled), as opposed to absent. */
export function isGone(a: Pick<AdvisorCandidate, 'userStatus' | 'status'>): boolean {
  return a.userStatus !== 'active' || a.status === 'left';
}

/**
 * The advisor for a new customer: an available agent who speaks the customer's language (an
 * empty language list means any), with the fewest customers; ties broken by id so the choice
 * is deterministic. Falls back to any available agent when nobody speaks the language.
 */
export function chooseAdvisor(candidates: readonly AdvisorCandidate[], language: string): AdvisorCandidate | null {
  const available = candidates.filter(isAvailable);
  const speaking = available.filter((a) => a.languages.length === 0 || a.languages.includes(language));
  const pool = speaking.length > 0 ? speaking : available;
  const sorted = [...pool].sort((a, b) => a.customers - b.customers || (a.userId < b.userId ? -1 : 1));
  return sorted[0] ?? null;
}

/**
 * Who handles work for a customer whose advisor is `advisorId`: the advisor, or their deputy
 * while the advisor is absent or gone and the deputy is available. Nobody else is invented:
 * with no available deputy the work stays with the advisor (and shows on the supervisor queue).
 */
export function handlerFor(advisorId: string, byId: ReadonlyMap<string, AdvisorCandidate>): string {
  const advisor = byId.get(advisorId);
  if (!advisor || isAvailable(advisor) || !advisor.deputyId) return advisorId;
  const deputy = byId.get(advisor.deputyId);
  return deputy && isAvailable(deputy) ? deputy.userId : advisorId;
}

/** The first name shown to customers (the advisor's full name stays internal). */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Whether a user may lead a team of advisors: a team lead reassigns complaints (roles, not a person). */
export function canLeadTeam(roles: readonly string[]): boolean {
  return permissionsForRoles(roles).has('complaint:assign');
}
