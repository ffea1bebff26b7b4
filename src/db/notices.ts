/**
 * A connection of its own that LISTENs on one PostgreSQL channel, for state a process keeps in
 * memory and must drop when another process changes the database (the credential caches; the
 * consent decision index has its own, with barriers). PGlite is one process: there is nothing to
 * listen to, and `listening` is always true.
 *
 * Whoever relies on it must treat "not listening" as "notices may have been missed": `onLost` is
 * called when the connection goes, and `listening` stays false until it is back. `ensure()`
 * reconnects in the background, at most once a second, and never throws.
 */
import type { Client, Pool } from 'pg';
import { sql } from 'drizzle-orm';
import type { Database, Db } from './client.ts';

const RETRY_MS = 1_000;

export class NoticeListener {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private lastAttempt = 0;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly channel: string,
    private readonly handlers: { notice(payload: string): void; lost(): void; error(err: unknown, what: string): void },
  ) {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  }

  private get pool(): Pool | null {
    return this.database.driver === 'pg' ? ((this.database.db as unknown as { $client: Pool }).$client ?? null) : null;
  }

  /** True when no notice can have been missed since the last `lost()`. */
  get listening(): boolean {
    return this.database.driver !== 'pg' || (this.client !== null && !this.closed);
  }

  /** Starts listening if it does not; resolves when this attempt is over (listening or not). */
  ensure(): Promise<void> {
    if (this.listening || this.closed) return Promise.resolve();
    if (this.connecting) return this.connecting;
    const pool = this.pool;
    if (!pool || pool.ending || Date.now() - this.lastAttempt < RETRY_MS) return Promise.resolve();
    this.lastAttempt = Date.now();
    this.connecting = this.connect(pool).finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(pool: Pool): Promise<void> {
    const { default: pg } = await import('pg');
    const client = new pg.Client(pool.options);
    client.on('error', (err) => this.lose(client, err));
    client.on('end', () => this.lose(client));
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload !== undefined) this.handlers.notice(n.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      if (!pool.ending) this.handlers.error(err, `listening on ${this.channel} failed; retrying`);
      return;
    }
    if (this.closed || pool.ending) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lose(client: Client, err?: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.handlers.lost();
    const pool = this.pool;
    if (!this.closed && pool && !pool.ending && err !== undefined) this.handlers.error(err, `listening on ${this.channel} lost`);
  }

  /** Sends a notice on `db` (delivered when its transaction commits, if it is one); nothing on PGlite. */
  async send(db: Db, payload: string): Promise<void> {
    if (this.database.driver !== 'pg') return;
    await db.execute(sql`select pg_notify(${this.channel}, ${payload})`);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** The backend pid of the listening connection (tests cut it to prove a lost listener fails safe). */
  async pid(): Promise<number | null> {
    const client = this.client;
    if (!client) return null;
    const result = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return result.rows[0]?.pid ?? null;
  }
}
