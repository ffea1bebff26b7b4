import { describe, expect, it } from 'vitest';
import { computeDeadline } from '../../rules/index.ts';
import type { Actor } from '../context.ts';
import { permissionsForRoles, ROLES, type Role } from '../auth/permissions.ts';
import { abilitiesOf, authorityClock, breachAbilities, canManageBreaches, closeBlockers, isLateNotification, subjectsDecisionFor, WARNING_HOURS } from './breaches.policy.ts';

const HOUR = 3_600_000;
const aware = new Date('2026-03-27T12:00:00+01:00'); // the night of the change to summer time is inside the 72 h
const due = new Date(computeDeadline({ kind: 'breach-authority', from: aware, tz: 'Europe/Paris' }).due);

describe('the 72-hour clock (GDPR Art. 33(1))', () => {
  it('the deadline from src/rules is 72 real hours after awareness, across a DST change', () => {
    expect(due.getTime() - aware.getTime()).toBe(72 * HOUR);
  });

  it('a notification at exactly 72 h is on time; one minute later it is late', () => {
    expect(isLateNotification(new Date(aware.getTime() + 72 * HOUR), due)).toBe(false);
    expect(isLateNotification(new Date(aware.getTime() + 72 * HOUR + 60_000), due)).toBe(true);
    expect(isLateNotification(new Date(aware.getTime() + 72 * HOUR + 1), due)).toBe(true);
  });

  it('runs, warns in the last hours, is overdue one millisecond after the deadline, stops once decided', () => {
    const at = (h: number) => new Date(aware.getTime() + h * HOUR);
    expect(authorityClock({ status: 'open', authorityDueAt: due }, at(0)).state).toBe('running');
    expect(authorityClock({ status: 'open', authorityDueAt: due }, at(72 - WARNING_HOURS - 0.01)).state).toBe('running');
    expect(authorityClock({ status: 'open', authorityDueAt: due }, at(72 - WARNING_HOURS)).state).toBe('warning');
    expect(authorityClock({ status: 'open', authorityDueAt: due }, at(72))).toEqual({ state: 'warning', remainingMs: 0 });
    expect(authorityClock({ status: 'open', authorityDueAt: due }, new Date(due.getTime() + 1))).toEqual({ state: 'overdue', remainingMs: -1 });
    expect(authorityClock({ status: 'notified', authorityDueAt: due }, at(100)).state).toBe('stopped');
    expect(authorityClock({ status: 'not_notified', authorityDueAt: due }, at(1)).state).toBe('stopped');
  });
});

describe('subjects and closing (GDPR Art. 34)', () => {
  it('a high risk makes the subjects decision pending; lowering it lifts only an untaken decision', () => {
    expect(subjectsDecisionFor('high_risk', 'not_required')).toBe('pending');
    expect(subjectsDecisionFor('high_risk', 'notified')).toBe('notified');
    expect(subjectsDecisionFor('risk', 'pending')).toBe('not_required');
    expect(subjectsDecisionFor('none', 'notified')).toBe('notified');
  });

  it('closing needs the authority decision, and the subjects decision when the risk is high', () => {
    expect(closeBlockers({ status: 'open', risk: 'high_risk', subjectsDecision: 'pending' })).toEqual(['authority_decision', 'subjects_decision']);
    expect(closeBlockers({ status: 'notified', risk: 'high_risk', subjectsDecision: 'exempted' })).toEqual([]);
    expect(closeBlockers({ status: 'not_notified', risk: 'none', subjectsDecision: 'not_required' })).toEqual([]);
    expect(closeBlockers({ status: 'closed', risk: 'none', subjectsDecision: 'not_required' })).toEqual(['closed']);
  });

  it('abilities: no waiver unless no risk, subjects only at high risk, nothing for readers or closed files', () => {
    const open = { status: 'open', risk: 'risk', subjectsDecision: 'not_required' } as const;
    expect(breachAbilities(true, open)).toMatchObject({ notifyAuthority: true, waiveAuthority: false, notifySubjects: false, supplement: false, close: false });
    expect(breachAbilities(true, { ...open, risk: 'none' }).waiveAuthority).toBe(true);
    expect(breachAbilities(true, { status: 'notified', risk: 'high_risk', subjectsDecision: 'pending' })).toMatchObject({ supplement: true, notifySubjects: true, exemptSubjects: true, editAwareness: false, close: false });
    expect(breachAbilities(true, { status: 'notified', risk: 'high_risk', subjectsDecision: 'notified' })).toMatchObject({ notifySubjects: true, exemptSubjects: false, close: true });
    expect(Object.values(breachAbilities(false, open)).some(Boolean)).toBe(false);
    expect(Object.values(breachAbilities(true, { status: 'closed', risk: 'high_risk', subjectsDecision: 'notified' })).some(Boolean)).toBe(false);
  });
});

describe('who keeps the register (GDPR Art. 33(5))', () => {
  const ORG = '00000000-0000-4000-8000-000000000001';
  const user = (roles: Role[], orgId = ORG): Actor => ({ kind: 'user', id: 'u', orgId, roles, permissions: permissionsForRoles(roles), sessionId: 's' });
  const open = { orgId: ORG, status: 'open', risk: 'none', subjectsDecision: 'not_required' } as const;

  it('by role: admins and DPOs manage breach files; the others read at most', () => {
    const manages: Record<Role, boolean> = { admin: true, dpo: true, agent: false, supervisor: false, ethics_officer: false, auditor: false };
    for (const role of ROLES) {
      expect(canManageBreaches(user([role]), ORG), role).toBe(manages[role]);
      expect(abilitiesOf(user([role]), open), role).toEqual(breachAbilities(manages[role], open));
    }
  });

  it('never for another organisation, a data subject, the system or an anonymous caller; tokens by scope', () => {
    expect(canManageBreaches(user(['dpo']), '00000000-0000-4000-8000-000000000002')).toBe(false);
    for (const actor of [{ kind: 'subject', id: 'c', orgId: ORG }, { kind: 'system', name: 'job' }, { kind: 'anonymous' }] satisfies Actor[]) {
      expect(Object.values(abilitiesOf(actor, open)).some(Boolean)).toBe(false);
    }
    expect(canManageBreaches({ kind: 'api_token', id: 't', orgId: ORG, permissions: new Set(['breach:manage']) }, ORG)).toBe(true);
    expect(canManageBreaches({ kind: 'api_token', id: 't', orgId: ORG, permissions: new Set(['breach:read']) }, ORG)).toBe(false);
  });
});
