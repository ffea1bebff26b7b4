/**
 * Who may change the records of processing (GDPR Art. 30) and the retention periods (Art. 5(1)(e)).
 * Pure: the routes pass the actor and the organisation whose register is shown.
 */
import { hasPermission, type Actor } from '../context.ts';

/** What a user may do with the register, for the back office. */
export interface RegisterAbilities {
  /** Set the controller and DPO, prefill, add and edit activities. */
  manage: boolean;
}

/** What a user may do with a retention rule, for the back office. */
export interface RetentionRuleAbilities {
  /** Set the organisation's period (never below the rule's minimum: the service checks). */
  edit: boolean;
}

/** The register belongs to the controller: only its own DPO (or admin) keeps it. */
function keepsRegister(actor: Actor, orgId: string): boolean {
  return 'orgId' in actor && actor.orgId === orgId && hasPermission(actor, 'register:manage');
}

/** What `actor` may do with the register of organisation `orgId`. */
export function registerAbilities(actor: Actor, orgId: string): RegisterAbilities {
  return { manage: keepsRegister(actor, orgId) };
}

/** What `actor` may do with the retention rules of organisation `orgId` (they are part of the register). */
export function retentionRuleAbilities(actor: Actor, orgId: string): RetentionRuleAbilities {
  return { edit: keepsRegister(actor, orgId) };
}
