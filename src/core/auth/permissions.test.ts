import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, permissionsForRoles } from './permissions.ts';

describe('roles and permissions', () => {
  it('every permission is resource:action and unique', () => {
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z_]+:[a-z_]+$/);
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });

  it('roles grant only permissions of the closed set, without duplicates', () => {
    for (const role of ROLES) {
      const list = ROLE_PERMISSIONS[role];
      for (const p of list) expect(PERMISSIONS).toContain(p);
      expect(new Set(list).size, role).toBe(list.length);
    }
  });

  it('the auditor only reads and verifies (read-only role)', () => {
    for (const p of ROLE_PERMISSIONS.auditor) expect(p).toMatch(/:(read|verify)$/);
  });

  it('speak-up reports are reserved to ethics officers (Dir. 2019/1937 Art. 16 confidentiality)', () => {
    for (const role of ROLES) {
      const hasSpeakup = ROLE_PERMISSIONS[role].some((p) => p.startsWith('speakup:'));
      expect(hasSpeakup, role).toBe(role === 'ethics_officer');
    }
  });

  it('agents cannot manage users, tokens or the organisation', () => {
    const agent = permissionsForRoles(['agent']);
    for (const p of ['user:manage', 'token:manage', 'org:manage', 'audit_log:read'] as const) expect(agent.has(p)).toBe(false);
  });

  it('unknown roles grant nothing; several roles add up', () => {
    expect(permissionsForRoles(['king']).size).toBe(0);
    const both = permissionsForRoles(['agent', 'dpo']);
    expect(both.has('complaint:create') && both.has('dsr:fulfil')).toBe(true);
  });
});
