import { describe, expect, it } from 'vitest';
import type { Actor } from '../context.ts';
import { canDisableUser, canResendInvitation, canUpdateUser, grantedPermissions, invitationState, scopesWithin, THROTTLE_MAX_MS, throttleDelayMs, wouldRemoveLastAdmin, type UserFacts } from './auth.policy.ts';
import { PERMISSIONS, permissionsForRoles, ROLE_PERMISSIONS } from './permissions.ts';

const org = 'org-1';
const admin: Actor = { kind: 'user', id: 'a', orgId: org, roles: ['admin'], permissions: permissionsForRoles(['admin']), sessionId: 's' };
const agent: Actor = { kind: 'user', id: 'b', orgId: org, roles: ['agent'], permissions: permissionsForRoles(['agent']), sessionId: 's' };
const target = (over: Partial<UserFacts> = {}): UserFacts => ({ id: 'c', orgId: org, roles: ['agent'], status: 'active', ...over });

describe('auth policy', () => {
  it('admins update users of their own organisation only', () => {
    expect(canUpdateUser(admin, target())).toBe(true);
    expect(canUpdateUser(admin, target({ orgId: 'other' }))).toBe(false);
    expect(canUpdateUser(agent, target())).toBe(false);
  });

  it('dates an invitation: pending until its link expires, accepted once a password is set, none without one', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const sent = { invitedAt: new Date('2026-12-01T10:00:00Z'), invitationExpiresAt: new Date('2026-12-08T10:00:00Z'), invitationAcceptedAt: null };
    expect(invitationState({ invitedAt: null, invitationExpiresAt: null, invitationAcceptedAt: null }, now)).toBeNull();
    expect(invitationState(sent, now)).toBe('pending');
    expect(invitationState(sent, new Date('2026-12-08T10:00:00Z'))).toBe('expired');
    expect(invitationState({ ...sent, invitationAcceptedAt: now }, new Date('2027-01-01T00:00:00Z'))).toBe('accepted');
  });

  it('resends an invitation of an active, not yet accepted account of the own organisation only', () => {
    const invited = { ...target(), invitedAt: new Date(), invitationExpiresAt: new Date(), invitationAcceptedAt: null };
    expect(canResendInvitation(admin, invited)).toBe(true);
    expect(canResendInvitation(agent, invited)).toBe(false);
    expect(canResendInvitation(admin, { ...invited, orgId: 'other' })).toBe(false);
    expect(canResendInvitation(admin, { ...invited, status: 'disabled' })).toBe(false);
    expect(canResendInvitation(admin, { ...invited, invitationAcceptedAt: new Date() })).toBe(false);
    expect(canResendInvitation(admin, { ...invited, invitedAt: null })).toBe(false);
  });

  it('nobody disables themselves or an already disabled account', () => {
    expect(canDisableUser(admin, target())).toBe(true);
    expect(canDisableUser(admin, target({ id: 'a', roles: ['admin'] }))).toBe(false);
    expect(canDisableUser(admin, target({ status: 'disabled' }))).toBe(false);
  });

  it('refuses to remove the last active admin, by role change or by disabling', () => {
    const lastAdmin = target({ roles: ['admin'] });
    expect(wouldRemoveLastAdmin(lastAdmin, { roles: ['agent'] }, 1)).toBe(true);
    expect(wouldRemoveLastAdmin(lastAdmin, { status: 'disabled' }, 1)).toBe(true);
    expect(wouldRemoveLastAdmin(lastAdmin, { roles: ['admin', 'agent'] }, 1)).toBe(false);
    expect(wouldRemoveLastAdmin(lastAdmin, { roles: ['agent'] }, 2)).toBe(false);
    expect(wouldRemoveLastAdmin(target(), { status: 'disabled' }, 1)).toBe(false);
  });

  it('lists the permissions an actor holds in the order of the closed set, none for non-staff actors', () => {
    expect(grantedPermissions(agent)).toEqual(PERMISSIONS.filter((p) => ROLE_PERMISSIONS.agent.includes(p)));
    expect(grantedPermissions({ kind: 'api_token', id: 't', orgId: org, permissions: new Set(['dsr:read', 'consent:read']) })).toEqual(['consent:read', 'dsr:read']);
    expect(grantedPermissions({ kind: 'subject', id: 'c', orgId: org })).toEqual([]);
    expect(grantedPermissions({ kind: 'anonymous' })).toEqual([]);
  });

  it('token scopes must be within the creator’s permissions', () => {
    expect(scopesWithin(['user:read'], admin.kind === 'user' ? admin.permissions : new Set())).toBe(true);
    expect(scopesWithin(['user:manage'], agent.kind === 'user' ? agent.permissions : new Set())).toBe(false);
  });

  it('slows a source from its 5th failure on an account: 1 minute, doubling, at most 1 hour', () => {
    expect(throttleDelayMs(0)).toBe(0);
    expect(throttleDelayMs(4)).toBe(0);
    expect(throttleDelayMs(5)).toBe(60_000);
    expect(throttleDelayMs(6)).toBe(120_000);
    expect(throttleDelayMs(10)).toBe(32 * 60_000);
    expect(throttleDelayMs(11)).toBe(THROTTLE_MAX_MS);
    expect(throttleDelayMs(12)).toBe(60 * 60_000);
    expect(throttleDelayMs(10_000)).toBe(THROTTLE_MAX_MS);
  });
});
