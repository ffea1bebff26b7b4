import { describe, expect, it } from 'vitest';
import { permissionsForRoles, type Role } from '../auth/index.ts';
import type { Actor } from '../context.ts';
import type { KpiSource } from '../module.ts';
import { canDrill } from './kpi.policy.ts';

const user = (role: Role): Actor => ({
  kind: 'user',
  id: 'u',
  orgId: 'o',
  roles: [role],
  permissions: permissionsForRoles([role]),
  sessionId: 's',
});
const source = { id: 'x', changedBy: [], affectedDays: async () => [] } satisfies KpiSource;
const kpi = (permission: 'complaint:read' | 'dsr:read' | 'contact:read') => ({ source, drill: { permission, records: async () => [] } });

describe('who may open the records behind a KPI', () => {
  it('follows the permission of the records’ own module, role by role', () => {
    expect(canDrill(user('ethics_officer'), kpi('complaint:read'))).toBe(true);
    expect(canDrill(user('ethics_officer'), kpi('dsr:read'))).toBe(false);
    expect(canDrill(user('dpo'), kpi('dsr:read'))).toBe(true);
    expect(canDrill(user('supervisor'), kpi('complaint:read'))).toBe(true);
    expect(canDrill(user('supervisor'), kpi('dsr:read'))).toBe(true);
    expect(canDrill(user('auditor'), kpi('contact:read'))).toBe(true);
    expect(canDrill(user('agent'), kpi('complaint:read'))).toBe(true);
  });

  it('never for a KPI without records, nor for a data subject', () => {
    expect(canDrill(user('admin'), { source: null, drill: undefined })).toBe(false);
    expect(canDrill(user('admin'), { source, drill: undefined })).toBe(false);
    expect(canDrill({ kind: 'subject', id: 'c', orgId: 'o' }, kpi('complaint:read'))).toBe(false);
  });
});
