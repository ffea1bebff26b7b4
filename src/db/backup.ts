/**
 * Logical backup and restore, identical on PGlite and PostgreSQL (a PGlite backup restores into
 * PostgreSQL and back). The dump is read in one REPEATABLE READ, read-only transaction, so it is
 * a consistent snapshot even while Confiance keeps writing. Format: gzip'd JSON lines, a header
 * then one `{"t": table, "r": row}` per row.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Db } from './client.ts';

const FORMAT = 'confiance-backup';
const BATCH = 1000;

interface Header {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: number;
  tables: { name: string; rows: number }[];
}

/** Tables of the public schema, parents before children (foreign keys). */
async function tablesInDependencyOrder(db: Db): Promise<string[]> {
  const tables = (await queryRows<{ name: string }>(db, sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`)).map((r) => r.name);
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent.replace(/"/g, ''), path);
    ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function migrationCount(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from drizzle.__drizzle_migrations`);
  return Number(rows[0]?.n ?? 0);
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/**
 * The backup row's columns as an SQL list, checked against the table: a column this version
 * does not know means the backup comes from a newer schema.
 */
async function columnsCarried(db: Db, table: string, row: unknown) {
  const known = new Set(
    (await queryRows<{ name: string }>(db, sql`select column_name as name from information_schema.columns where table_schema = 'public' and table_name = ${table}`)).map((c) => c.name),
  );
  if (known.size === 0) throw new Error(`restore failed: table "${table}" does not exist in this version`);
  const names = Object.keys(row as Record<string, unknown>);
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) throw new Error(`restore failed: column "${table}.${unknown}" does not exist in this version: upgrade Confiance first`);
  return sql.join(names.map(ident), sql`, `);
}

/** Writes a consistent dump of every table to `file`; returns the row counts. */
export async function backupDatabase(database: Database, file: string): Promise<Header> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: unknown) => {
    if (!gzip.write(JSON.stringify(line) + '\n')) await once(gzip, 'drain');
  };
  const header = await database.db.transaction(
    async (tx) => {
      const tables = await tablesInDependencyOrder(tx);
      const counts: { name: string; rows: number }[] = [];
      for (const name of tables) {
        const [row] = await queryRows<{ n: number | string }>(tx, sql`select count(*) as n from ${ident(name)}`);
        counts.push({ name, rows: Number(row?.n ?? 0) });
      }
      const head: Header = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations: await migrationCount(tx), tables: counts };
      await write(head);
      for (const { name } of counts) {
        // A cursor streams large tables in batches inside the same snapshot.
        await tx.execute(sql`declare backup_cursor no scroll cursor for select row_to_json(t)::text as j from ${ident(name)} t`);
        for (;;) {
          const rows = await queryRows<{ j: string }>(tx, sql`fetch ${sql.raw(String(BATCH))} from backup_cursor`);
          for (const r of rows) {
            if (!gzip.write(`{"t":${JSON.stringify(name)},"r":${r.j}}\n`)) await once(gzip, 'drain');
          }
          if (rows.length < BATCH) break;
        }
        await tx.execute(sql`close backup_cursor`);
      }
      return head;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  gzip.end();
  await once(out, 'finish');
  return header;
}

/**
 * Loads a dump into an empty, migrated database, in one transaction: all or nothing.
 * Only the columns the backup carries are named in the insert, so a column added by a later
 * migration gets its default (an older backup restores into a newer version).
 */
export async function restoreDatabase(database: Database, file: string): Promise<Header> {
  const db = database.db;
  for (const table of await tablesInDependencyOrder(db)) {
    const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from (select 1 from ${ident(table)} limit 1) t`);
    if (Number(row?.n ?? 0) > 0) throw new Error(`restore needs an empty database: table "${table}" already holds rows`);
  }
  // Open the file before the transaction: a missing file must not leave a transaction open.
  await access(file, constants.R_OK);
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  // Listen now: lines read while the transaction opens (a network round trip on PostgreSQL) are
  // buffered by the iterator; made later, it missed them (the header first) or waited forever.
  const iterator = lines[Symbol.asyncIterator]();
  let header: Header | undefined;
  await db.transaction(async (tx) => {
    let table = '';
    let batch: unknown[] = [];
    const flush = async () => {
      const first = batch[0];
      if (first === undefined) return;
      const columns = await columnsCarried(tx, table, first);
      try {
        await tx.execute(
          sql`insert into ${ident(table)} (${columns}) select ${columns} from json_populate_recordset(null::${ident(table)}, ${JSON.stringify(batch)}::json)`,
        );
      } catch (error) {
        // The driver's message quotes the query parameters, i.e. the rows (password hashes,
        // wrapped keys): report the table and the database's own reason only.
        const cause = (error as { cause?: { message?: string } }).cause;
        throw new Error(`restore failed while loading table "${table}": ${cause?.message ?? 'insert refused'}`, { cause: error });
      }
      batch = [];
    };
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw new Error('not a Confiance backup file (not gzip-compressed JSON lines)', { cause: error });
      }
      if (next.done) break;
      const line = next.value;
      if (!line) continue;
      let parsed: { t?: string; r?: unknown } & Partial<Header>;
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch (error) {
        throw new Error('not a Confiance backup file (a line is not JSON)', { cause: error });
      }
      if (!header) {
        if (parsed.format !== FORMAT) throw new Error('not a Confiance backup file');
        header = parsed as Header;
        const here = await migrationCount(tx);
        if (header.migrations > here) throw new Error(`backup needs ${header.migrations} migrations, this version has ${here}: upgrade Confiance first`);
        continue;
      }
      if (parsed.t !== table || batch.length >= BATCH) {
        await flush();
        table = parsed.t ?? '';
      }
      batch.push(parsed.r);
    }
    await flush();
    if (!header) throw new Error('empty backup file');
    // Serial columns continue after the restored ids.
    const serials = await queryRows<{ table_name: string; column_name: string }>(
      tx,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`,
    );
    for (const s of serials) {
      await tx.execute(sql`select setval(pg_get_serial_sequence(${s.table_name}, ${s.column_name}), coalesce((select max(${ident(s.column_name)}) from ${ident(s.table_name)}), 0) + 1, false)`);
    }
  });
  return header as Header;
}
