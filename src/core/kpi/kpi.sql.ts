/**
 * SQL pieces every module's KPI queries share: the local day of an instant in the organisation's
 * time zone, and bounds on an instant column that keep its index usable.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { KpiDayRange } from '../module.ts';

/** The local day (YYYY-MM-DD) of the instant `column` in time zone `tz`. */
export function localDay(column: SQL, tz: string): SQL<string> {
  return sql<string>`to_char((${column} at time zone ${tz})::date, 'YYYY-MM-DD')`;
}

/**
 * `column` falls within the local days of `range`: compared with the two instants that bound
 * them (midnight in `tz`), not through a function of the column, so an index on it serves.
 */
export function withinDays(column: SQL, range: KpiDayRange): SQL {
  return sql`(${column} >= (${range.from}::date::timestamp at time zone ${range.tz}) and ${column} < ((${range.to}::date + 1)::timestamp at time zone ${range.tz}))`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A list of uuids for `in (...)`, as one array parameter: a refresh after a busy minute names
 * thousands of records, and as many `$n::uuid` parameters cost more to send and plan than the
 * lookup itself (bench/kpi-dashboard.bench.ts). Strings that are not uuids can match no uuid key
 * and are left out (they would break the array literal).
 */
export function uuidList(ids: readonly string[]): SQL {
  const valid = ids.filter((id) => UUID.test(id));
  return sql`select unnest(${`{${valid.join(',')}}`}::uuid[])`;
}

/** Splits ids into lists short enough for one statement's parameters. */
export function chunks<T>(items: readonly T[], size = 5000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Distinct non-empty strings. */
export function distinct(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

/**
 * The durations of a group as one JSON array, smallest first: both drivers parse JSON, whereas a
 * float array comes back as text from one of them. Read it with {@link readSamples}.
 */
export function samplesOf(value: SQL): SQL<unknown> {
  return sql`json_agg((${value})::float8 order by (${value})::float8)`;
}

/** The samples of a row from {@link samplesOf}, as numbers. */
export function readSamples(value: unknown): number[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? list.map(Number) : [];
}
