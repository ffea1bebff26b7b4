/**
 * Test harness: one real database and one migrated runtime per test worker (PGlite in memory,
 * or PostgreSQL when DATABASE_URL is set), shared by the test files of that worker. Tests stay
 * independent by creating their own organisation (see factories.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pino from 'pino';
import { loadConfig } from '../../config.ts';
import { openDatabase, type Database } from '../client.ts';
import { createRuntime, type Runtime } from '../../runtime.ts';
import { createLogger } from '../../core/logging.ts';
import type { fixedClock } from '../../core/clock.ts';
import { createScratchDatabase } from './scratch-postgres.ts';

let shared: Promise<Runtime> | undefined;

/** A fresh runtime with its own database; close it when done. */
export async function createTestRuntime(options: { clock?: ReturnType<typeof fixedClock>; logger?: pino.Logger } = {}): Promise<Runtime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-test-'));
  // A salt of its own: rate limits are keyed by the hashed address, and on PostgreSQL every test
  // worker shares one database, so with one salt the files running side by side from 127.0.0.1
  // would spend each other's limits (CI saw a portal step refused that way).
  const config = loadConfig({
    ...process.env,
    CONFIANCE_DATA_DIR: dataDir,
    CONFIANCE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    CONFIANCE_IP_SALT: randomBytes(16).toString('hex'),
  });
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: 'memory://', poolSize: 5 });
  const rt = await createRuntime(config, { database, logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), ...(options.clock ? { clock: options.clock } : {}) });
  const close = rt.close;
  return { ...rt, close: async () => (await close(), await database.close()) };
}

/** The worker's shared runtime (created on first use, closed when the worker exits). */
export function getTestRuntime(): Promise<Runtime> {
  shared ??= createTestRuntime();
  return shared;
}

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/**
 * A database of a test's own, for tests that need a whole database (backups, the global job
 * table): a new PGlite in memory (or the one `pglite` makes), or a throw-away PostgreSQL database
 * next to DATABASE_URL's, dropped by `drop()`.
 */
export async function createPrivateDatabase(
  label: string,
  options: { pglite?: () => Promise<Database> } = {},
): Promise<{ database: Database; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = options.pglite ? await options.pglite() : await openDatabase({ pgliteDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const scratch = await createScratchDatabase(url, `test_${label}`);
  const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 5 });
  return {
    database,
    drop: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}
