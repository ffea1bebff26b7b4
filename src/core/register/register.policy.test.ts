import { describe, expect, it } from 'vitest';
import type { Actor } from '../context.ts';
import { permissionsForRoles, ROLES, type Role } from '../auth/permissions.ts';
import { registerAbilities, retentionRuleAbilities } from './register.policy.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const user = (roles: Role[], orgId = ORG): Actor => ({ kind: 'user', id: 'u', orgId, roles, permissions: permissionsForRoles(roles), sessionId: 's' });

describe('register and retention abilities', () => {
  it('by role: admins and DPOs keep the register and its retention periods; the others read at most', () => {
    const keeps: Record<Role, boolean> = { admin: true, dpo: true, agent: false, supervisor: false, ethics_officer: false, auditor: false };
    for (const role of ROLES) {
      expect(registerAbilities(user([role]), ORG), role).toEqual({ manage: keeps[role] });
      expect(retentionRuleAbilities(user([role]), ORG), role).toEqual({ edit: keeps[role] });
    }
  });

  it('never for another organisation, a data subject, the system or an anonymous caller; tokens by scope', () => {
    expect(registerAbilities(user(['dpo']), '00000000-0000-4000-8000-000000000002')).toEqual({ manage: false });
    for (const actor of [{ kind: 'subject', id: 'c', orgId: ORG }, { kind: 'system', name: 'job' }, { kind: 'anonymous' }] satisfies Actor[]) {
      expect(registerAbilities(actor, ORG)).toEqual({ manage: false });
      expect(retentionRuleAbilities(actor, ORG)).toEqual({ edit: false });
    }
    expect(registerAbilities({ kind: 'api_token', id: 't', orgId: ORG, permissions: new Set(['register:manage']) }, ORG)).toEqual({ manage: true });
    expect(retentionRuleAbilities({ kind: 'api_token', id: 't', orgId: ORG, permissions: new Set(['register:read', 'retention:read']) }, ORG)).toEqual({ edit: false });
  });
});
