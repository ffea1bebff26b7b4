import { describe, expect, it } from 'vitest';
import type { Actor } from '../context.ts';
import { permissionsForRoles, ROLES, type Role } from '../auth/permissions.ts';
import { canLiftRestriction, isOpen, requestAbilities, type DsrFacts } from './dsr.policy.ts';
import { DSR_STATUSES } from './dsr.tables.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const user = (roles: Role[], orgId = ORG): Actor => ({ kind: 'user', id: 'u', orgId, roles, permissions: permissionsForRoles(roles), sessionId: 's' });
const request = (status: DsrFacts['status'], overdue = false): DsrFacts => ({ orgId: ORG, status, overdue });
const none = { extend: false, refuse: false, fulfil: false };

describe('data-subject request abilities', () => {
  it('by role: admins and DPOs answer requests; agents, supervisors, ethics officers and auditors do not', () => {
    const answers: Record<Role, boolean> = { admin: true, dpo: true, agent: false, supervisor: false, ethics_officer: false, auditor: false };
    for (const role of ROLES) {
      expect(requestAbilities(user([role]), request('received')), role).toEqual(answers[role] ? { extend: true, refuse: true, fulfil: true } : none);
      expect(canLiftRestriction(user([role]), request('fulfilled'), { active: true }), role).toBe(answers[role]);
    }
  });

  it('extends once, while the first month runs (GDPR Art. 12(3)); refuses and fulfils while open', () => {
    const dpo = user(['dpo']);
    expect(requestAbilities(dpo, request('received', true))).toEqual({ extend: false, refuse: true, fulfil: true });
    expect(requestAbilities(dpo, request('extended'))).toEqual({ extend: false, refuse: true, fulfil: true });
    expect(requestAbilities(dpo, request('fulfilled'))).toEqual(none);
    expect(requestAbilities(dpo, request('refused'))).toEqual(none);
    expect(DSR_STATUSES.filter(isOpen)).toEqual(['received', 'extended']);
  });

  it('lifts only an active restriction (GDPR Art. 18(3)), whatever the status of the request', () => {
    const dpo = user(['dpo']);
    expect(canLiftRestriction(dpo, request('fulfilled'), { active: true })).toBe(true);
    expect(canLiftRestriction(dpo, request('fulfilled'), { active: false })).toBe(false);
    expect(canLiftRestriction(dpo, request('received'), null)).toBe(false);
  });

  it('gives nothing to another organisation, data subjects, the system or anonymous callers; tokens by scope', () => {
    expect(requestAbilities(user(['dpo'], OTHER), request('received'))).toEqual(none);
    for (const actor of [{ kind: 'subject', id: 'c', orgId: ORG }, { kind: 'system', name: 'job' }, { kind: 'anonymous' }] satisfies Actor[]) {
      expect(requestAbilities(actor, request('received'))).toEqual(none);
      expect(canLiftRestriction(actor, request('received'), { active: true })).toBe(false);
    }
    expect(requestAbilities({ kind: 'api_token', id: 't', orgId: ORG, permissions: new Set(['dsr:fulfil']) }, request('received')).fulfil).toBe(true);
    expect(requestAbilities({ kind: 'api_token', id: 't', orgId: ORG, permissions: new Set(['dsr:read']) }, request('received'))).toEqual(none);
  });
});
