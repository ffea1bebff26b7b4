/**
 * One schema, two drivers: embedded PGlite (WASM PostgreSQL on disk) by default, node-postgres
 * when DATABASE_URL is set. Both expose the same Drizzle `PgDatabase` surface to the rest of the code.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The Drizzle handle every repository receives: the database itself or an open transaction. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** An open database with its driver-specific lifecycle. */
export interface Database {
  db: Db;
  driver: 'pglite' | 'pg';
  /** Resolves when the database answers a trivial query (readiness probe). */
  ping(): Promise<void>;
  /** Applies pending migrations; safe from several processes at once on PostgreSQL. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Key of the advisory lock that keeps two processes from migrating the same PostgreSQL at once. */
const MIGRATION_LOCK = 7_240_611;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite files; `memory://` keeps it in memory (tests). */
  pgliteDir?: string;
  /** Pool size for node-postgres. */
  poolSize?: number;
}

/** Opens the configured database (no migration). */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    // Nor may a checked-out one between two statements of a transaction: pg emits the loss as an
    // 'error' event when no query is running, and an unheard 'error' event ends the process (found
    // by `npm run test:resilience`, an immediate stop of PostgreSQL under load). The transaction's
    // next statement fails instead ("not queryable"), the request answers 503, and the pool drops
    // the broken client on release.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzle(pool) as unknown as Db;
    return {
      db,
      driver: 'pg',
      ping: async () => void (await pool.query('select 1')),
      migrate: async () => {
        const { migrate } = await import('drizzle-orm/node-postgres/migrator');
        // A session-level advisory lock on one dedicated connection: parallel test workers or
        // replicas starting together wait for the first to finish instead of racing.
        const lock = await pool.connect();
        try {
          await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
          await migrate(drizzle(pool), { migrationsFolder });
        } finally {
          await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
          lock.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dir = options.pgliteDir ?? 'memory://';
  const releaseLock = dir === 'memory://' ? () => undefined : lockDataDirectory(dir);
  const client = await PGlite.create(dir === 'memory://' ? undefined : dir).catch((error: unknown) => {
    releaseLock();
    throw error;
  });
  const db = drizzle(client) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    ping: async () => void (await client.query('select 1')),
    migrate: async () => {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client), { migrationsFolder });
    },
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process (a CLI command while the server runs)
 * opening the same directory would corrupt it. `<dir>.lock` holds the owner's pid; a lock whose
 * process is dead (kill -9, power loss) is stale and taken over. Returns the release function.
 */
export function lockDataDirectory(dir: string): () => void {
  const lockFile = `${path.resolve(dir)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(owner) && owner > 0 && processIsAlive(owner)) {
        throw new Error(`The database directory ${dir} is in use by process ${owner} (lock file ${lockFile}); stop that process first, or use PostgreSQL for several processes.`, { cause: error });
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the database directory ${dir} (lock file ${lockFile})`);
}

/** Rows of a raw query, whichever driver ran it. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
