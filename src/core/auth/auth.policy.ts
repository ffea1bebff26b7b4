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

/** Failed logins before the account locks, and for how long (brute-force protection). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60_000;

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

/** Failed-login bookkeeping: the new counter and, past the threshold, the lock end. */
export function afterFailedLogin(failedLogins: number, now: Date): { failedLogins: number; lockedUntil: Date | null } {
  const next = failedLogins + 1;
  return next >= LOCKOUT_THRESHOLD
    ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) }
    : { failedLogins: next, lockedUntil: null };
}
