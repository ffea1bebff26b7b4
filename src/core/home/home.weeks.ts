/**
 * Weekly trends of the home page: ISO weeks (Monday start, UTC), oldest first, so every module's
 * chart has the same x axis and a week without events still shows as zero.
 */
const DAY = 86_400_000;

/** Monday 00:00 UTC of the week holding `instant`. */
export function weekStart(instant: Date): Date {
  const day = Math.floor(instant.getTime() / DAY);
  const isoWeekday = ((day + 3) % 7) + 1; // 1970-01-01 was a Thursday (ISO weekday 4)
  return new Date((day - (isoWeekday - 1)) * DAY);
}

/** The `count` weeks ending with the current one: their Monday as YYYY-MM-DD. */
export function lastWeeks(now: Date, count: number): string[] {
  const current = weekStart(now).getTime();
  return Array.from({ length: count }, (_, i) => new Date(current - (count - 1 - i) * 7 * DAY).toISOString().slice(0, 10));
}

/** Buckets dated values into those weeks (values outside them are ignored). */
export function countByWeek<K extends string>(weeks: readonly string[], rows: readonly { at: Date; kind: K }[], kinds: readonly K[]): ({ week: string } & Record<K, number>)[] {
  const byWeek = new Map(weeks.map((week) => [week, Object.fromEntries(kinds.map((k) => [k, 0])) as Record<K, number>]));
  for (const row of rows) {
    const bucket = byWeek.get(weekStart(row.at).toISOString().slice(0, 10));
    if (bucket && row.kind in bucket) bucket[row.kind] += 1;
  }
  return weeks.map((week) => ({ week, ...(byWeek.get(week) as Record<K, number>) }));
}
