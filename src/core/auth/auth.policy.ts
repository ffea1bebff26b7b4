/**
 * Pure authorization rules for accounts and tokens. No I/O: the service loads the rows, these
 * functions decide.
 */
import type { Actor } from '../context.ts';
import { hasPermission } from '../context.ts';
import { PERMISSIONS, type Permission, type Role } from './permissions.ts';

export interface UserFacts {
  id: string;
  orgId: string;
  roles: readonly string[];
  status: 'active' | 'disabled';
}

/**
 * Brute-force protection, per account AND per source address: from the 5th consecutive failure
 * of one source on one account, that source waits 1 minute, doubling per further failure, at
 * most 1 hour. Other sources are never slowed, so an attacker cannot lock the real user out.
 */
export const THROTTLE_THRESHOLD = 5;
export const THROTTLE_BASE_MS = 60_000;
export const THROTTLE_MAX_MS = 60 * 60_000;

/** The permissions the actor holds, in the order of the closed set (what the back office may show). */
export function grantedPermissions(actor: Actor): Permission[] {
  return PERMISSIONS.filter((p) => hasPermission(actor, p));
}

/** Admins manage accounts of their own organisation only. */
export function canUpdateUser(actor: Actor, target: UserFacts): boolean {
  return hasPermission(actor, 'user:manage') && 'orgId' in actor && actor.orgId === target.orgId;
}

/** Nobody disables their own account: it would lock them out mid-session by mistake. */
export function canDisableUser(actor: Actor, target: UserFacts): boolean {
  return canUpdateUser(actor, target) && !(actor.kind === 'user' && actor.id === target.id) && target.status === 'active';
}

/** Where an e-mailed invitation stands; null for an account created with a password. */
export type InvitationState = 'pending' | 'accepted' | 'expired';

export interface InvitationFacts {
  invitedAt: Date | null;
  invitationExpiresAt: Date | null;
  invitationAcceptedAt: Date | null;
}

/** Accepted once a password was set from a link; expired once the link's time is up unused. */
export function invitationState(user: InvitationFacts, now: Date): InvitationState | null {
  if (!user.invitedAt || !user.invitationExpiresAt) return null;
  if (user.invitationAcceptedAt) return 'accepted';
  return user.invitationExpiresAt > now ? 'pending' : 'expired';
}

/**
 * A new link goes only to an active account whose invitation is not accepted yet: afterwards the
 * person has a password, and the forgotten-password link is their way back in.
 */
export function canResendInvitation(actor: Actor, target: UserFacts & InvitationFacts): boolean {
  return canUpdateUser(actor, target) && target.status === 'active' && Boolean(target.invitedAt) && !target.invitationAcceptedAt;
}

/**
 * An organisation must keep an active admin; otherwise nobody could manage accounts.
 * `activeAdmins` counts active admins before the change.
 */
export function wouldRemoveLastAdmin(
  target: UserFacts,
  change: { roles?: readonly Role[] | undefined; status?: 'active' | 'disabled' | undefined },
  activeAdmins: number,
): boolean {
  const isAdminNow = target.status === 'active' && target.roles.includes('admin');
  if (!isAdminNow) return false;
  const staysAdmin = (change.status ?? target.status) === 'active' && (change.roles ?? target.roles).includes('admin');
  return !staysAdmin && activeAdmins <= 1;
}

/** A token can carry only permissions its creator holds (no privilege escalation through tokens). */
export function scopesWithin(scopes: readonly Permission[], granted: ReadonlySet<Permission>): boolean {
  return scopes.every((s) => granted.has(s));
}

/** How long a source waits after its `failures`-th consecutive failure on one account (0: not at all). */
export function throttleDelayMs(failures: number): number {
  if (failures < THROTTLE_THRESHOLD) return 0;
  const doublings = failures - THROTTLE_THRESHOLD;
  // Past the cap the exponent no longer matters; stopping early also avoids overflow to Infinity.
  if (doublings >= Math.log2(THROTTLE_MAX_MS / THROTTLE_BASE_MS)) return THROTTLE_MAX_MS;
  return THROTTLE_BASE_MS * 2 ** doublings;
}
