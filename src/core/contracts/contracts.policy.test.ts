import { describe, expect, it } from 'vitest';
import { abilitiesOf, mayWithdraw, withdrawalPeriodOf } from './contracts.policy.ts';
import { permissionsForRoles, type Role } from '../auth/permissions.ts';
import type { Actor } from '../context.ts';

const contract = {
  channel: 'online' as 'online' | 'phone' | 'shop' | 'off_premises',
  kind: 'service' as 'service' | 'goods',
  concludedOn: '2026-12-01',
  goodsReceivedOn: null as string | null,
  withdrawalInformedOn: '2026-12-01' as string | null,
  status: 'active',
};

const user = (roles: Role[]): Actor => ({
  kind: 'user',
  id: 'u',
  orgId: 'o',
  roles,
  permissions: permissionsForRoles(roles),
  sessionId: '',
});

describe('withdrawal right of a contract (Dir. 2011/83/EU art. 9-10; C. consom. L.221-18)', () => {
  it('14 days from the day after conclusion: the 14th day yes, the 15th no', () => {
    expect(withdrawalPeriodOf(contract)?.lastDay).toBe('2026-12-15');
    expect(mayWithdraw(contract, '2026-12-15')).toBe(true);
    expect(mayWithdraw(contract, '2026-12-16')).toBe(false);
  });
  it('a last day on a Saturday moves to the Monday (L.221-19)', () => {
    const c = { ...contract, concludedOn: '2026-12-05', withdrawalInformedOn: '2026-12-05' };
    expect(withdrawalPeriodOf(c)?.lastDay).toBe('2026-12-21');
    expect(mayWithdraw(c, '2026-12-21')).toBe(true);
  });
  it('distance and off-premises contracts have the right; a shop contract has none', () => {
    for (const channel of ['online', 'phone', 'off_premises'] as const) expect(withdrawalPeriodOf({ ...contract, channel })).not.toBeNull();
    expect(withdrawalPeriodOf({ ...contract, channel: 'shop' })).toBeNull();
    expect(mayWithdraw({ ...contract, channel: 'shop' }, '2026-12-02')).toBe(false);
  });
  it('never informed of the right: 12 months more (art. 10)', () => {
    expect(withdrawalPeriodOf({ ...contract, withdrawalInformedOn: null })?.lastDay).toBe('2027-12-15');
  });
  it('goods: from delivery; not yet delivered, the consumer may already withdraw', () => {
    const goods = { ...contract, kind: 'goods' as const };
    expect(mayWithdraw(goods, '2027-03-01')).toBe(true);
    expect(withdrawalPeriodOf({ ...goods, goodsReceivedOn: '2026-12-10' })?.lastDay).toBe('2026-12-24');
    expect(mayWithdraw({ ...goods, goodsReceivedOn: '2026-12-10' }, '2026-12-25')).toBe(false);
  });
  it('an ended contract cannot be withdrawn from', () => {
    expect(mayWithdraw({ ...contract, status: 'terminated' }, '2026-12-02')).toBe(false);
  });
});

describe('who may manage contracts', () => {
  it('supervisors and administrators manage; agents, the DPO, the ethics officer and the auditor read only', () => {
    for (const role of ['supervisor', 'admin'] as const) expect(abilitiesOf(user([role])).manage).toBe(true);
    for (const role of ['agent', 'dpo', 'ethics_officer', 'auditor'] as const) {
      expect(abilitiesOf(user([role])).manage).toBe(false);
      expect(permissionsForRoles([role]).has('contract:read')).toBe(true);
    }
  });
});
