/**
 * Many rows into one table in one statement with one parameter per column:
 * `insert … select * from unnest($1::uuid[], $2::text[], …)`. Drizzle's multi-row insert binds
 * one parameter per value and checks every value's kind while building the query, which a batch
 * of intakes (dozens of rows of thirty columns) pays for in CPU on the request path
 * (docs/BENCHMARKS.md, intake profile). Values are converted by each column's own mapping, so
 * what is stored is exactly what Drizzle would store; rows read back go through the same mapping.
 */
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db } from './client.ts';

export interface BulkInsertOptions {
  /** Skip rows that violate a unique constraint (they are then absent from what is returned). */
  onConflictDoNothing?: boolean;
  /** Other writes that go in the same statement (see together). */
  alongside?: readonly SQL[];
}

/**
 * One statement that runs `statements` as data-modifying CTEs beside `main`: one round trip for
 * several writes, all or nothing. Each runs exactly once, on the same snapshot, so none may
 * depend on what another writes (constraints are checked once the statement is done).
 */
export function together(statements: readonly SQL[], main: SQL): SQL {
  if (statements.length === 0) return main;
  return sql`with ${sql.join(
    statements.map((s, i) => sql`${sql.identifier(`w${i}`)} as (${s})`),
    sql`, `,
  )} ${main}`;
}

/** The array type a column's values travel in: JSON goes as text and is cast back per row. */
function arrayType(column: PgColumn): { param: string; cast: string | null } {
  const type = column.getSQLType();
  if (type.endsWith('[]')) throw new Error(`bulk insert: array column ${column.name} is not supported`);
  if (type === 'jsonb' || type === 'json') return { param: 'text[]', cast: type };
  return { param: `${type}[]`, cast: null };
}

function plan<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]) {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const first = rows[0] as Record<string, unknown> | undefined;
  // Columns left out take their default, so every row must leave out the same ones.
  const all = Object.keys(columns);
  const keys = all.filter((key) => first?.[key] !== undefined);
  const set = new Set(keys);
  for (const row of rows as Record<string, unknown>[]) {
    for (const key of all) {
      if ((row[key] !== undefined) !== set.has(key)) throw new Error(`bulk insert into ${getTableName(table)}: rows differ in column ${key}`);
    }
  }
  return { columns, keys };
}

/** The statement bulkInsert runs, to embed in a larger one (e.g. a CTE that also moves a head). */
export function bulkInsertStatement<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][], options: BulkInsertOptions, returning: boolean): SQL {
  const { columns, keys } = plan(table, rows);
  const names = keys.map((key) => sql.identifier((columns[key] as PgColumn).name));
  const params = keys.map((key) => {
    const column = columns[key] as PgColumn;
    const values = (rows as Record<string, unknown>[]).map((row) => (row[key] === null ? null : column.mapToDriverValue(row[key])));
    const { param } = arrayType(column);
    return sql`${sql.param(values)}::${sql.raw(param)}`;
  });
  const selected = keys.map((key, i) => {
    const { cast } = arrayType(columns[key] as PgColumn);
    return cast ? sql`${sql.identifier(`c${i}`)}::${sql.raw(cast)}` : sql.identifier(`c${i}`);
  });
  const aliases = keys.map((_, i) => sql.identifier(`c${i}`));
  return together(options.alongside ?? [], sql`insert into ${table} (${sql.join(names, sql`, `)})
    select ${sql.join(selected, sql`, `)} from unnest(${sql.join(params, sql`, `)}) as u(${sql.join(aliases, sql`, `)})
    ${options.onConflictDoNothing ? sql`on conflict do nothing` : sql``}
    ${returning ? sql`returning *` : sql``}`);
}

/** Inserts the rows (all with the same columns set); nothing for an empty list. */
export async function bulkInsert<T extends PgTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], options: BulkInsertOptions = {}): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(bulkInsertStatement(table, rows, options, false));
}

/** Inserts the rows and returns them as stored (defaults filled), mapped like a Drizzle select. */
export async function bulkInsertReturning<T extends PgTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], options: BulkInsertOptions = {}): Promise<T['$inferSelect'][]> {
  if (rows.length === 0) return [];
  const stored = await queryRows<Record<string, unknown>>(db, bulkInsertStatement(table, rows, options, true));
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>);
  return stored.map((raw) => Object.fromEntries(columns.map(([key, column]) => [key, raw[column.name] === null || raw[column.name] === undefined ? null : column.mapFromDriverValue(raw[column.name])])) as T['$inferSelect']);
}
