/**
 * The arithmetic of KPIs, pure: a period's value from its stored days, trend buckets, day
 * arithmetic on local dates, and how dirty days group into ranges to recompute.
 */
import type { KpiAggregation } from '../module.ts';

/** The parts stored for one day (see KpiDayValue): enough to compute any period exactly. */
export interface DayParts {
  day: string;
  num: number;
  den: number | null;
  samples: number[] | null;
}

/**
 * The `q` quantile of sorted values with linear interpolation between the two nearest ranks,
 * as PostgreSQL's percentile_cont: the median of 1, 2, 3, 4 is 2.5.
 */
export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (position - lower);
}

/**
 * The value of a period from its days. A count with no day is 0 (nothing happened); a rate
 * without a denominator and a quantile without a sample have no value (null: "no data"), never 0.
 */
export function aggregate(aggregation: KpiAggregation, days: readonly DayParts[]): number | null {
  switch (aggregation.kind) {
    case 'sum':
      return days.reduce((sum, d) => sum + d.num, 0);
    case 'ratio': {
      const den = days.reduce((sum, d) => sum + (d.den ?? 0), 0);
      if (den === 0) return null;
      return (days.reduce((sum, d) => sum + d.num, 0) / den) * aggregation.scale;
    }
    case 'quantile': {
      const lists = days.flatMap((d) => (d.samples && d.samples.length > 0 ? [d.samples] : []));
      // One day's samples are stored sorted (samplesOf): the trend's daily values need no copy.
      if (lists.length === 1 && isSorted(lists[0]!)) return quantile(lists[0]!, aggregation.q);
      // The samples of several days in one typed array, and the one or two ranks the quantile
      // needs selected in place (Hoare's selection, linear on average): sorting every sample of
      // the period (typed array, native code) was still most of a dashboard load's own work.
      let count = 0;
      for (const list of lists) count += list.length;
      const all = new Float64Array(count);
      let at = 0;
      for (const list of lists) {
        all.set(list, at);
        at += list.length;
      }
      return quantileOfUnsorted(all, aggregation.q);
    }
  }
}

/** The `k`-th smallest value of `a` (0-based), reordering `a` around it. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // [lo, j] holds values <= pivot, [i, hi] values >= pivot, anything between equals it.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** {@link quantile} of values in any order (reordered): the same two ranks, found without sorting. */
export function quantileOfUnsorted(values: Float64Array, q: number): number | null {
  if (values.length === 0) return null;
  const position = (values.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = select(values, lower);
  const b = upper === lower ? a : select(values, upper);
  return a + (b - a) * (position - lower);
}

function isSorted(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}

const DAY_MS = 86_400_000;

/** `day` (YYYY-MM-DD) plus `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The local day of `instant` in time zone `tz`. */
export function dayIn(instant: Date, tz: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The period of the same length just before `from`..`to`, for comparison. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = daysBetween(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** Sorted days grouped into runs of consecutive days, each recomputed with one query. */
export function dayRuns(days: Iterable<string>): { from: string; to: string }[] {
  const sorted = [...new Set(days)].sort();
  const runs: { from: string; to: string }[] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === day) last.to = day;
    else runs.push({ from: day, to: day });
  }
  return runs;
}

export type Granularity = 'day' | 'week' | 'month';

/** Days up to two months are shown day by day, up to a year and a half week by week, beyond by month. */
export function granularityFor(from: string, to: string): Granularity {
  const length = daysBetween(from, to);
  if (length <= 62) return 'day';
  if (length <= 550) return 'week';
  return 'month';
}

/** The first day of the bucket holding `day`: itself, its ISO week's Monday, or its month's first. */
export function bucketOf(day: string, granularity: Granularity): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/** Every bucket of the period, in order, so a bucket without data still shows (a zero or a gap). */
export function bucketsOf(from: string, to: string, granularity: Granularity): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const bucket = bucketOf(day, granularity);
    if (out.at(-1) !== bucket) out.push(bucket);
  }
  return out;
}

/** Whether a value meets its target in the target's direction. */
export function meetsTarget(value: number, target: { value: number; direction: 'higher' | 'lower' }): boolean {
  return target.direction === 'higher' ? value >= target.value : value <= target.value;
}

/** A target: the value to reach, and whether higher or lower is better. */
export interface Target {
  value: number;
  direction: 'higher' | 'lower';
}

/**
 * The target that judges a period ending on `day`: the organisation's objective whose period
 * holds that day, otherwise the catalogue's default (null: the KPI has none).
 */
export function targetOn<O extends Target & { from: string; to: string }>(
  fallback: Target | null,
  objectives: readonly O[],
  day: string,
): { target: Target | null; objective: O | null } {
  const objective = objectives.find((o) => o.from <= day && day <= o.to) ?? null;
  if (objective) return { target: { value: objective.value, direction: objective.direction }, objective };
  return { target: fallback, objective: null };
}
