import { describe, expect, it } from 'vitest';
import { permissionsForRoles, type Role } from '../auth/index.ts';
import type { Actor } from '../context.ts';
import { auditAbilities, auditDateIssues, canManageAudits, canMove, statusAfterAnswer } from './ethics-audit.policy.ts';

const user = (...roles: Role[]): Actor => ({ kind: 'user', id: 'u', orgId: 'o', roles, permissions: permissionsForRoles(roles), sessionId: 's' });

describe('who runs ethics audits', () => {
  it('is the ethics officer and the administrator; the DPO and the auditor role read them; agents and supervisors do not see them', () => {
    for (const role of ['ethics_officer', 'admin'] as const) expect(canManageAudits(user(role))).toBe(true);
    for (const role of ['dpo', 'auditor', 'supervisor', 'agent'] as const) expect(canManageAudits(user(role))).toBe(false);
    for (const role of ['dpo', 'auditor'] as const) expect(permissionsForRoles([role]).has('ethics_audit:read')).toBe(true);
    for (const role of ['agent', 'supervisor'] as const) expect(permissionsForRoles([role]).has('ethics_audit:read')).toBe(false);
  });
});

describe('the steps of an audit', () => {
  it('go planned, in progress, reporting, closed, with a way back from reporting to answering and none out of closed', () => {
    expect(canMove('planned', 'in_progress')).toBe(true);
    expect(canMove('planned', 'closed')).toBe(false);
    expect(canMove('in_progress', 'reporting')).toBe(true);
    expect(canMove('in_progress', 'closed')).toBe(false);
    expect(canMove('reporting', 'in_progress')).toBe(true);
    expect(canMove('reporting', 'closed')).toBe(true);
    for (const to of ['planned', 'in_progress', 'reporting'] as const) expect(canMove('closed', to)).toBe(false);
  });

  it('offer closing only once every item is answered, and nothing to someone who only reads', () => {
    expect(auditAbilities(true, 'reporting', 1).moveTo).toEqual(['in_progress']);
    expect(auditAbilities(true, 'reporting', 0).moveTo).toEqual(['in_progress', 'closed']);
    expect(auditAbilities(true, 'closed', 0)).toEqual({ edit: false, answer: false, addEvidence: false, raiseFinding: false, moveTo: [] });
    expect(auditAbilities(false, 'in_progress', 0)).toEqual({ edit: false, answer: false, addEvidence: false, raiseFinding: false, moveTo: [] });
  });

  it('start with the first answer, and accept an end on the start day but not before it', () => {
    expect(statusAfterAnswer('planned')).toBe('in_progress');
    expect(statusAfterAnswer('reporting')).toBe('reporting');
    expect(auditDateIssues('2026-05-10', '2026-05-10')).toEqual([]);
    expect(auditDateIssues('2026-05-10', null)).toEqual([]);
    expect(auditDateIssues('2026-05-10', '2026-05-09')).toEqual([{ path: 'endsOn', code: 'ends_before_start' }]);
  });
});
