/**
 * Logical backup and restore, identical on PGlite and PostgreSQL (a PGlite backup restores into
 * PostgreSQL and back). The dump is read in one REPEATABLE READ, read-only transaction, so it is
 * a consistent snapshot even while Confiance keeps writing. Format: gzip'd JSON lines, a header
 * then one `{"t": table, "r": row}` per row.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
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

/** Loads a dump into an empty, migrated database, in one transaction: all or nothing. */
export async function restoreDatabase(database: Database, file: string): Promise<Header> {
  const db = database.db;
  const [existing] = await queryRows<{ n: number | string }>(db, sql`select count(*) as n from organisations`);
  if (Number(existing?.n ?? 0) > 0) throw new Error('restore needs an empty database: this one already holds organisations');
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let header: Header | undefined;
  await db.transaction(async (tx) => {
    let table = '';
    let batch: unknown[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await tx.execute(sql`insert into ${ident(table)} select * from json_populate_recordset(null::${ident(table)}, ${JSON.stringify(batch)}::json)`);
      batch = [];
    };
    for await (const line of lines) {
      if (!line) continue;
      const parsed = JSON.parse(line) as { t?: string; r?: unknown } & Partial<Header>;
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
