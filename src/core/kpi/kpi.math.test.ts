import { describe, expect, it } from 'vitest';
import {
  addDays,
  aggregate,
  bucketOf,
  targetOn,
  bucketsOf,
  dayIn,
  dayRuns,
  granularityFor,
  meetsTarget,
  previousPeriod,
  quantile,
  quantileOfUnsorted,
} from './kpi.math.ts';

const day = (d: string, num: number, den: number | null = null, samples: number[] | null = null) => ({ day: d, num, den, samples });

describe('KPI maths', () => {
  it('takes quantiles as percentile_cont does (linear between ranks)', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([4, 24], 0.9)).toBeCloseTo(22, 10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
  });

  it('adds counts, and a period without a day counts 0', () => {
    expect(aggregate({ kind: 'sum' }, [day('2026-01-01', 2), day('2026-01-02', 3)])).toBe(5);
    expect(aggregate({ kind: 'sum' }, [])).toBe(0);
  });

  it('computes a rate from the period’s totals, never as an average of daily rates; none without a denominator', () => {
    // 1/1 and 1/9: the period is 2/10 = 20 %, not the mean of 100 % and 11 %.
    expect(aggregate({ kind: 'ratio', scale: 100 }, [day('2026-01-01', 1, 1), day('2026-01-02', 1, 9)])).toBeCloseTo(20, 10);
    expect(aggregate({ kind: 'ratio', scale: 100 }, [day('2026-01-01', 1, 0)])).toBeNull();
    expect(aggregate({ kind: 'ratio', scale: 100 }, [])).toBeNull();
  });

  it('takes a quantile over every sample of the period, not over daily medians', () => {
    const days = [day('2026-01-01', 3, null, [1, 2, 3]), day('2026-01-02', 1, null, [100])];
    expect(aggregate({ kind: 'quantile', q: 0.5 }, days)).toBe(2.5);
    expect(aggregate({ kind: 'quantile', q: 0.5 }, [])).toBeNull();
  });

  it('finds the quantile of unsorted samples by selection, equal to the sorted computation', () => {
    expect(quantileOfUnsorted(new Float64Array([]), 0.5)).toBeNull();
    expect(quantileOfUnsorted(new Float64Array([4, 1, 3, 2]), 0.5)).toBe(2.5);
    // Deterministic pseudo-random lists: many duplicates, already sorted, reversed, one value.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const lists = [
      Array.from({ length: 1001 }, () => next() % 50),
      Array.from({ length: 4000 }, () => (next() % 100000) / 7),
      Array.from({ length: 300 }, (_, i) => i),
      Array.from({ length: 300 }, (_, i) => 300 - i),
      Array.from({ length: 17 }, () => 5),
    ];
    for (const list of lists)
      for (const q of [0, 0.1, 0.5, 0.9, 1]) {
        const sorted = [...list].sort((a, b) => a - b);
        expect(quantileOfUnsorted(Float64Array.from(list), q)).toBe(quantile(sorted, q));
      }
  });

  it('takes one day’s quantile from its stored order, and sorts a day stored out of order', () => {
    expect(aggregate({ kind: 'quantile', q: 0.5 }, [day('2026-01-01', 3, null, [1, 2, 10])])).toBe(2);
    expect(aggregate({ kind: 'quantile', q: 0.5 }, [day('2026-01-01', 3, null, [10, 1, 2])])).toBe(2);
    expect(aggregate({ kind: 'quantile', q: 0.5 }, [day('2026-01-01', 0, null, []), day('2026-01-02', 1, null, [4])])).toBe(4);
  });

  it('does day arithmetic on local dates, across months and leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    // 23:30 UTC on 28 March is already the 29th in Paris (UTC+1), still the 28th in New York.
    expect(dayIn(new Date('2026-03-28T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-29');
    expect(dayIn(new Date('2026-03-28T23:30:00Z'), 'America/New_York')).toBe('2026-03-28');
  });

  it('groups dirty days into runs of consecutive days', () => {
    expect(dayRuns(['2026-03-05', '2026-03-03', '2026-03-04', '2026-01-01', '2026-03-04'])).toEqual([
      { from: '2026-01-01', to: '2026-01-01' },
      { from: '2026-03-03', to: '2026-03-05' },
    ]);
    expect(dayRuns([])).toEqual([]);
  });

  it('buckets by day up to two months, by ISO week up to a year and a half, then by month', () => {
    expect(granularityFor('2026-01-01', '2026-03-03')).toBe('day');
    expect(granularityFor('2026-01-01', '2026-03-04')).toBe('week');
    expect(granularityFor('2025-01-01', '2026-07-04')).toBe('week');
    expect(granularityFor('2025-01-01', '2026-07-05')).toBe('month');
    // Sunday 8 March 2026 belongs to the week of Monday 2 March.
    expect(bucketOf('2026-03-08', 'week')).toBe('2026-03-02');
    expect(bucketOf('2026-03-09', 'week')).toBe('2026-03-09');
    expect(bucketOf('2026-03-31', 'month')).toBe('2026-03-01');
    expect(bucketsOf('2026-03-04', '2026-03-17', 'week')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  });

  it('meets a target in its direction, the target itself included', () => {
    expect(meetsTarget(95, { value: 95, direction: 'higher' })).toBe(true);
    expect(meetsTarget(94.9, { value: 95, direction: 'higher' })).toBe(false);
    expect(meetsTarget(72, { value: 72, direction: 'lower' })).toBe(true);
    expect(meetsTarget(72.1, { value: 72, direction: 'lower' })).toBe(false);
  });
});

describe('targetOn', () => {
  const catalogue = { value: 95, direction: 'higher' as const };
  const objectives = [{ id: 'a', from: '2026-01-01', to: '2026-06-30', value: 80, direction: 'higher' as const }];
  it('takes the objective whose period holds the day, both ends included, else the catalogue target', () => {
    expect(targetOn(catalogue, objectives, '2026-01-01')).toMatchObject({ target: { value: 80, direction: 'higher' }, objective: { id: 'a' } });
    expect(targetOn(catalogue, objectives, '2026-06-30').objective?.id).toBe('a');
    expect(targetOn(catalogue, objectives, '2026-07-01')).toEqual({ target: catalogue, objective: null });
    expect(targetOn(null, objectives, '2025-12-31')).toEqual({ target: null, objective: null });
  });
});
