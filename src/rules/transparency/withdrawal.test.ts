import { describe, expect, it } from 'vitest';
import { canWithdraw, withdrawalButtonRequired, withdrawalPeriod } from './withdrawal.ts';
import { TransparencyRulesError } from './errors.ts';

describe('withdrawal period (Dir. 2011/83/EU art. 9-10; C. consom. L.221-18 to L.221-20)', () => {
  it('14 days from the conclusion of a service contract, the day itself not counted', () => {
    const p = withdrawalPeriod({ kind: 'service', concludedOn: '2026-11-16', informedOn: '2026-11-16' });
    expect(p).toMatchObject({ lastDay: '2026-11-30', extended: false });
    expect(canWithdraw(p, '2026-11-30')).toBe(true);
    expect(canWithdraw(p, '2026-12-01')).toBe(false);
  });

  it('from the receipt of goods for a sale', () => {
    expect(
      withdrawalPeriod({ kind: 'goods', concludedOn: '2026-11-01', goodsReceivedOn: '2026-11-09', informedOn: '2026-11-01' }).lastDay,
    ).toBe('2026-11-23');
    expect(() => withdrawalPeriod({ kind: 'goods', concludedOn: '2026-11-01', informedOn: '2026-11-01' })).toThrow(TransparencyRulesError);
    expect(() => withdrawalPeriod({ kind: 'goods', concludedOn: '2026-11-10', goodsReceivedOn: '2026-11-09' })).toThrow(
      TransparencyRulesError,
    );
  });

  it('a last day on a Saturday, Sunday or public holiday moves to the next working day (L.221-19)', () => {
    expect(withdrawalPeriod({ kind: 'service', concludedOn: '2026-11-21', informedOn: '2026-11-21' }).lastDay).toBe('2026-12-07'); // Sat 5 Dec -> Mon 7
    expect(withdrawalPeriod({ kind: 'service', concludedOn: '2026-12-11', informedOn: '2026-12-11' }).lastDay).toBe('2026-12-28'); // Fri 25 Dec (holiday) -> Mon 28
  });

  it('information missing: 12 months after the initial end; given late: 14 days from receiving it (art. 10)', () => {
    expect(withdrawalPeriod({ kind: 'service', concludedOn: '2026-11-16' })).toMatchObject({ lastDay: '2027-11-30', extended: true });
    expect(withdrawalPeriod({ kind: 'service', concludedOn: '2026-11-16', informedOn: '2027-01-04' })).toMatchObject({
      lastDay: '2027-01-18',
      extended: true,
    });
    // Informed after the 12 months: the 12 months stand.
    expect(withdrawalPeriod({ kind: 'service', concludedOn: '2026-11-16', informedOn: '2027-12-01' }).lastDay).toBe('2027-11-30');
  });

  it('the withdrawal function is required for contracts concluded online from 2026-06-19 (art. 11a)', () => {
    expect(withdrawalButtonRequired('2026-06-18')).toBe(false);
    expect(withdrawalButtonRequired('2026-06-19')).toBe(true);
  });
});
