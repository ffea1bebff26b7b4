/**
 * A throw-away PostgreSQL database next to the one `baseUrl` names, for tests and benchmarks that
 * need a database of their own (a migration from scratch, a child server process, a big seed).
 */
import { randomUUID } from 'node:crypto';

export interface ScratchDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** Drops it, closing any session still connected. */
  drop(): Promise<void>;
}

/** Creates `confiance_<label>_<random>` on the server of `baseUrl`. */
export async function createScratchDatabase(baseUrl: string, label: string): Promise<ScratchDatabase> {
  const { default: pg } = await import('pg');
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const name = `confiance_${label}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(`create database "${name}"`);
  const target = new URL(baseUrl);
  target.pathname = `/${name}`;
  return { url: target.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}
