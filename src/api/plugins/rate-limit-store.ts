/**
 * The rate limits' counters, kept in the database (table rate_limits) instead of @fastify/rate-limit's
 * in-memory store: several server processes on one PostgreSQL then share each limit, where a
 * counter per process would let a client that is spread over N processes try N times as often
 * (docs/OPERATIONS.md, "Several processes"). Used on PGlite too, which is one process: the same
 * code runs everywhere the tests run.
 *
 * One statement per limited request: an upsert that counts the hit, or opens a new window when the
 * last one is over, and answers the count and the time left. The window is measured by the
 * database's clock, the one clock every process shares. Rows of windows that are over are swept
 * at most once a minute per process.
 */
import { sql } from 'drizzle-orm';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { queryRows, type Db } from '../../db/client.ts';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
/** What @fastify/rate-limit hands a store's child: its typings omit `routeInfo`, the route it limits. */
type ChildOptions = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { method?: unknown; url?: unknown } };

const SWEEP_EVERY_MS = 60_000;

/** A store class for @fastify/rate-limit's `store` option, over `db`. */
export function databaseRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  let lastSweep = 0;

  function sweep(): void {
    const now = Date.now();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    // A failed sweep is retried a minute later; the rows it leaves are only space.
    db.execute(sql`delete from rate_limits where reset_at < now()`).catch(() => undefined);
  }

  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      /** The route part of the key; empty for the plugin's own (global) store, which routes never use. */
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const window = `${Math.max(1, Math.round(timeWindow))} milliseconds`;
      queryRows<{ hits: number; ttl: number | string }>(
        db,
        sql`insert into rate_limits as r (key, hits, reset_at) values (${this.prefix + key}, 1, now() + ${window}::interval)
            on conflict (key) do update set
              hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
              reset_at = case when r.reset_at <= now() then now() + ${window}::interval else r.reset_at end
            returning hits, ceil(extract(epoch from (reset_at - now())) * 1000) as ttl`,
      ).then(
        ([row]) => {
          sweep();
          callback(null, { current: row ? Number(row.hits) : 1, ttl: Math.max(0, Number(row?.ttl ?? timeWindow)) });
        },
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), { current: 0, ttl: 0 }),
      );
    }

    child(routeOptions: ChildOptions): DatabaseRateLimitStore {
      const route = routeOptions.routeInfo ?? {};
      return new DatabaseRateLimitStore(undefined, `${String(route.method)} ${String(route.url)}|`);
    }
  };
}
