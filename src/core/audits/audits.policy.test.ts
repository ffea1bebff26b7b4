import { describe, expect, it } from 'vitest';
import { permissionsForRoles, type Role } from '../auth/index.ts';
import type { Actor } from '../context.ts';
import { actionAbilities, canManageFindings, findingAbilities, isActionOverdue, reminderStage, statusWithAction } from './audits.policy.ts';

const user = (...roles: Role[]): Actor => ({
  kind: 'user',
  id: 'u',
  orgId: 'o',
  roles,
  permissions: permissionsForRoles(roles),
  sessionId: 's',
});

describe('who keeps the findings', () => {
  it('is the ethics officer and the administrator; the DPO, supervisor and auditor only read them', () => {
    expect(canManageFindings(user('ethics_officer'))).toBe(true);
    expect(canManageFindings(user('admin'))).toBe(true);
    for (const role of ['dpo', 'supervisor', 'auditor', 'agent'] as const) expect(canManageFindings(user(role))).toBe(false);
    for (const role of ['ethics_officer', 'dpo', 'supervisor', 'auditor'] as const)
      expect(permissionsForRoles([role]).has('finding:read')).toBe(true);
    expect(permissionsForRoles(['agent']).has('finding:read')).toBe(false);
  });
});

describe('what a finding allows', () => {
  it('lets a person close a manual finding or a reviewed fact, never one its control closes by itself', () => {
    expect(findingAbilities(true, { status: 'open', source: 'manual', closesItself: false })).toEqual({ addAction: true, close: true });
    expect(findingAbilities(true, { status: 'open', source: 'control', closesItself: false })).toEqual({ addAction: true, close: true });
    expect(findingAbilities(true, { status: 'in_remediation', source: 'control', closesItself: true })).toEqual({
      addAction: true,
      close: false,
    });
  });

  it('allows nothing on a closed finding, nor to someone who does not manage findings', () => {
    expect(findingAbilities(true, { status: 'closed', source: 'manual', closesItself: false })).toEqual({ addAction: false, close: false });
    expect(findingAbilities(false, { status: 'open', source: 'manual', closesItself: false })).toEqual({ addAction: false, close: false });
  });

  it('moves an open finding into remediation with its first action, and leaves other states', () => {
    expect(statusWithAction('open')).toBe('in_remediation');
    expect(statusWithAction('in_remediation')).toBe('in_remediation');
    expect(statusWithAction('closed')).toBe('closed');
  });
});

describe('actions', () => {
  it('are on time on their due day and overdue from the next day, while open', () => {
    expect(isActionOverdue({ status: 'open', dueOn: '2026-05-10' }, '2026-05-10')).toBe(false);
    expect(isActionOverdue({ status: 'open', dueOn: '2026-05-10' }, '2026-05-11')).toBe(true);
    expect(isActionOverdue({ status: 'done', dueOn: '2026-05-10' }, '2026-06-01')).toBe(false);
  });

  it('can be changed or closed only while open, by someone who manages findings', () => {
    expect(actionAbilities(true, 'open')).toEqual({ edit: true, close: true });
    expect(actionAbilities(true, 'done')).toEqual({ edit: false, close: false });
    expect(actionAbilities(false, 'open')).toEqual({ edit: false, close: false });
  });
});

describe('reminders to an action owner', () => {
  const action = { status: 'open' as const, dueOn: '2026-03-10', remindedSoonFor: null, remindedOverdueFor: null };
  it('say "due soon" from three days before through the due day, "overdue" from the next day, each once per due day', () => {
    expect(reminderStage(action, '2026-03-06')).toBeNull();
    expect(reminderStage(action, '2026-03-07')).toBe('due_soon');
    expect(reminderStage(action, '2026-03-10')).toBe('due_soon');
    expect(reminderStage({ ...action, remindedSoonFor: '2026-03-10' }, '2026-03-10')).toBeNull();
    expect(reminderStage({ ...action, remindedSoonFor: '2026-03-10' }, '2026-03-11')).toBe('overdue');
    expect(reminderStage({ ...action, remindedOverdueFor: '2026-03-10' }, '2026-03-20')).toBeNull();
    // Rescheduled to a new day: reminded again for it.
    expect(reminderStage({ ...action, dueOn: '2026-04-01', remindedSoonFor: '2026-03-10', remindedOverdueFor: '2026-03-10' }, '2026-03-30')).toBe('due_soon');
  });
  it('say nothing for a done or cancelled action', () => {
    expect(reminderStage({ ...action, status: 'done' }, '2026-03-11')).toBeNull();
    expect(reminderStage({ ...action, status: 'cancelled' }, '2026-03-09')).toBeNull();
  });
});
