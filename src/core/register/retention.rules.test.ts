import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, toLocalDate } from '../../rules/index.ts';
import { lastExpiredAnchor, meetsMinimum, RETENTION_DEFAULTS, retentionCutoff, retentionEnd } from './retention.rules.ts';
import { RETENTION_RULE_KEYS } from './register.taxonomy.ts';

describe('retentionEnd (Reg. 1182/71 Art. 3(2)(c): calendar months and years)', () => {
  it('ends on the same date, or on the month’s last day when it does not exist', () => {
    expect(retentionEnd('2024-01-31', { amount: 1, unit: 'months' })).toBe('2024-02-29');
    expect(retentionEnd('2025-01-31', { amount: 1, unit: 'months' })).toBe('2025-02-28');
    expect(retentionEnd('2024-02-29', { amount: 1, unit: 'years' })).toBe('2025-02-28');
    expect(retentionEnd('2024-02-29', { amount: 4, unit: 'years' })).toBe('2028-02-29');
    expect(retentionEnd('2021-03-15', { amount: 5, unit: 'years' })).toBe('2026-03-15');
    expect(retentionEnd('2026-12-31', { amount: 1, unit: 'days' })).toBe('2027-01-01');
    expect(retentionEnd('2026-06-01', { amount: 0, unit: 'days' })).toBe('2026-06-01');
  });
});

describe('lastExpiredAnchor', () => {
  it('is the last anchor whose whole period ran before today, at month ends too', () => {
    // 29 Feb 2024 + 1 month = 29 Mar 2024: expired from 30 Mar, not on 29 Mar.
    expect(lastExpiredAnchor('2024-03-30', { amount: 1, unit: 'months' })).toBe('2024-02-29');
    expect(lastExpiredAnchor('2024-03-29', { amount: 1, unit: 'months' })).toBe('2024-02-28');
    // 29, 30 and 31 Jan 2024 all end on 29 Feb: all expired on 1 Mar, none on 29 Feb.
    expect(lastExpiredAnchor('2024-03-01', { amount: 1, unit: 'months' })).toBe('2024-01-31');
    expect(lastExpiredAnchor('2024-02-29', { amount: 1, unit: 'months' })).toBe('2024-01-28');
    // 5 years after closure: closed 2021-06-15 ends 2026-06-15, purged from 2026-06-16.
    expect(lastExpiredAnchor('2026-06-16', { amount: 5, unit: 'years' })).toBe('2021-06-15');
    expect(lastExpiredAnchor('2026-06-15', { amount: 5, unit: 'years' })).toBe('2021-06-14');
    // Leap day + 1 year ends on 28 Feb: expired on 1 Mar 2025.
    expect(lastExpiredAnchor('2025-03-01', { amount: 1, unit: 'years' })).toBe('2024-02-29');
    expect(lastExpiredAnchor('2025-02-28', { amount: 1, unit: 'years' })).toBe('2024-02-27');
    expect(lastExpiredAnchor('2026-06-10', { amount: 0, unit: 'days' })).toBe('2026-06-09');
    expect(lastExpiredAnchor('2026-06-10', { amount: 1, unit: 'days' })).toBe('2026-06-08');
  });

  it('agrees with retentionEnd for any date and period (property)', () => {
    const date = fc.integer({ min: 0, max: 20_000 }).map((n) => addDays('1990-01-01', n));
    const period = fc.record({ amount: fc.integer({ min: 0, max: 120 }), unit: fc.constantFrom('days' as const, 'months' as const, 'years' as const) });
    fc.assert(
      fc.property(date, period, (today, p) => {
        const last = lastExpiredAnchor(today, p);
        expect(retentionEnd(last, p) < today).toBe(true);
        expect(retentionEnd(addDays(last, 1), p) >= today).toBe(true);
      }),
    );
  });
});

describe('retentionCutoff', () => {
  it('is the start, in the organisation’s time zone, of the day after the last expired anchor', () => {
    // 16 June 2026 in Paris (UTC+2): rows closed up to 15 June 2021 local are past 5 years.
    const cutoff = retentionCutoff(new Date('2026-06-16T08:00:00Z'), 'Europe/Paris', { amount: 5, unit: 'years' });
    expect(cutoff.toISOString()).toBe('2021-06-15T22:00:00.000Z');
    expect(toLocalDate(new Date(cutoff.getTime() - 1), 'Europe/Paris')).toBe('2021-06-15');
  });

  it('counts in local days: just after midnight in Paris is already the next day', () => {
    const now = new Date('2026-01-31T23:30:00Z'); // 1 February 00:30 in Paris
    expect(retentionCutoff(now, 'Europe/Paris', { amount: 1, unit: 'days' }).toISOString()).toBe('2026-01-30T23:00:00.000Z');
    expect(retentionCutoff(now, 'UTC', { amount: 1, unit: 'days' }).toISOString()).toBe('2026-01-30T00:00:00.000Z');
  });
});

describe('defaults', () => {
  it('cite a source and meet their own minimum', () => {
    for (const key of RETENTION_RULE_KEYS) {
      const d = RETENTION_DEFAULTS[key];
      expect(d.source, key).toMatch(/\S/);
      expect(meetsMinimum(d.period, d.minimum), key).toBe(true);
    }
  });

  it('keep closed complaints 5 years (C. civ. art. 2224) and prospects 3 years (CNIL)', () => {
    expect(RETENTION_DEFAULTS['complaint.closed'].period).toEqual({ amount: 5, unit: 'years' });
    expect(RETENTION_DEFAULTS['customer.inactive'].period).toEqual({ amount: 3, unit: 'years' });
  });

  it('compare periods of different units', () => {
    expect(meetsMinimum({ amount: 2, unit: 'months' }, { amount: 61, unit: 'days' })).toBe(false); // Jan + Feb 2001 = 59 days
    expect(meetsMinimum({ amount: 3, unit: 'months' }, { amount: 61, unit: 'days' })).toBe(true);
    expect(meetsMinimum({ amount: 60, unit: 'days' }, { amount: 61, unit: 'days' })).toBe(false);
  });
});
