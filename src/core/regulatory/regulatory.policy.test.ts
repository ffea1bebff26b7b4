import { describe, expect, it } from 'vitest';
import type { Actor } from '../context.ts';
import { permissionsForRoles, type Role } from '../auth/index.ts';
import { regulatoryAbilities, regulatoryIssues, type RegulatoryFacts } from './regulatory.policy.ts';

const user = (role: Role): Actor => ({ kind: 'user', id: 'u', orgId: 'o', roles: [role], permissions: permissionsForRoles([role]), sessionId: '' });
const fine: RegulatoryFacts = { occurredOn: '2026-03-12', authority: 'dgccrf', authorityName: null, kind: 'fine', amountCents: 100, currency: 'EUR' };

describe('regulatory policy', () => {
  it('lets the ethics officer and the DPO manage, the auditor read only', () => {
    expect(regulatoryAbilities(user('ethics_officer'))).toEqual({ edit: true, addEvidence: true, downloadEvidence: true });
    expect(regulatoryAbilities(user('dpo'))).toEqual({ edit: true, addEvidence: true, downloadEvidence: true });
    expect(regulatoryAbilities(user('auditor'))).toEqual({ edit: false, addEvidence: false, downloadEvidence: true });
    expect(regulatoryAbilities(user('agent'))).toEqual({ edit: false, addEvidence: false, downloadEvidence: false });
  });

  it('accepts an event dated today, refuses one dated tomorrow', () => {
    expect(regulatoryIssues(fine, '2026-03-12')).toEqual([]);
    expect(regulatoryIssues(fine, '2026-03-11')).toEqual([{ path: 'occurredOn', code: 'event_in_future' }]);
  });

  it('wants an amount with its currency, on fines only, and a name for another authority', () => {
    expect(regulatoryIssues({ ...fine, currency: null }, '2026-12-31')).toEqual([{ path: 'currency', code: 'required' }]);
    expect(regulatoryIssues({ ...fine, amountCents: null }, '2026-12-31')).toEqual([{ path: 'amountCents', code: 'required' }]);
    expect(regulatoryIssues({ ...fine, kind: 'warning' }, '2026-12-31')).toEqual([{ path: 'amountCents', code: 'amount_only_for_fines' }]);
    expect(regulatoryIssues({ ...fine, kind: 'warning', amountCents: null, currency: null }, '2026-12-31')).toEqual([]);
    expect(regulatoryIssues({ ...fine, authority: 'other' }, '2026-12-31')).toEqual([{ path: 'authorityName', code: 'required' }]);
  });
});
