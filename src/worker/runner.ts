import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import { cronState } from '../db/schema.ts';
import type { Deps } from '../core/deps.ts';
import type { CronDefinition, JobDefinition } from './jobs.ts';

interface ClaimedJob {
  id: string | number;
  org_id: string | null;
  type: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface WorkerOptions {
  pollMs?: number;
  batchSize?: number;
  /** A running job older than this is presumed abandoned by a dead process and retried. */
  lockTimeoutMs?: number;
}

/** Polls the outbox and the cron registry; several workers can run side by side (SKIP LOCKED). */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
  /** Runs due cron ticks and jobs until nothing is due; returns how many jobs ran (tests, CLI). */
  drain(): Promise<number>;
}

export function createWorker(
  deps: Deps,
  definitions: ReadonlyMap<string, JobDefinition>,
  crons: readonly CronDefinition[],
  options: WorkerOptions = {},
): Worker {
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const pollMs = options.pollMs ?? 1000;
  const batchSize = options.batchSize ?? 10;
  const lockTimeoutMs = options.lockTimeoutMs ?? 15 * 60_000;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function scheduleCrons(): Promise<void> {
    const now = deps.clock.now();
    for (const cron of crons) {
      await deps.db.insert(cronState).values({ name: cron.name, nextRunAt: now }).onConflictDoNothing();
      // The conditional update is the claim: of several workers, exactly one sees a row come back.
      // Claim and enqueue commit together: a tick is never claimed without its job.
      await deps.db.transaction(async (tx) => {
        const claimed = await queryRows(
          tx,
          sql`update cron_state set last_run_at = ${now}, next_run_at = ${new Date(now.getTime() + cron.intervalMs)}
              where name = ${cron.name} and next_run_at <= ${now} returning name`,
        );
        if (claimed.length > 0) {
          await deps.jobs.enqueue(tx, { type: cron.jobType, dedupeKey: `cron:${cron.name}:${now.toISOString()}` });
        }
      });
    }
  }

  async function claim(): Promise<ClaimedJob[]> {
    const now = deps.clock.now();
    // A job whose process died is retried, unless it has used all its attempts: a job that
    // crashes its process must not be retried forever.
    await deps.db.execute(
      sql`update jobs set status = case when attempts >= max_attempts then 'dead' else 'pending' end,
            locked_by = null, last_error = coalesce(last_error, 'abandoned: worker lock timed out'),
            finished_at = case when attempts >= max_attempts then ${now} else finished_at end
          where status = 'running' and locked_at < ${new Date(now.getTime() - lockTimeoutMs)}`,
    );
    return queryRows<ClaimedJob>(
      deps.db,
      sql`update jobs set status = 'running', locked_by = ${workerId}, locked_at = ${now}, attempts = attempts + 1
          where id in (
            select id from jobs where status = 'pending' and run_at <= ${now}
            order by run_at, id limit ${batchSize} for update skip locked)
          returning id, org_id, type, payload, attempts, max_attempts`,
    );
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    const id = Number(job.id);
    const definition = definitions.get(job.type);
    try {
      if (!definition) throw new Error(`no handler for job type "${job.type}"`);
      const payload = definition.schema.parse(job.payload);
      await definition.handler(deps, payload, { id, orgId: job.org_id, attempt: job.attempts });
      await deps.db.execute(sql`update jobs set status = 'done', finished_at = ${deps.clock.now()}, last_error = null where id = ${id}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = job.attempts >= job.max_attempts || !definition;
      // Exponential backoff, capped at one hour.
      const retryAt = new Date(deps.clock.now().getTime() + Math.min(2 ** job.attempts * 1000, 3_600_000));
      deps.log.warn({ jobId: id, type: job.type, attempt: job.attempts, dead, err: message }, 'job failed');
      await deps.db.execute(
        sql`update jobs set status = ${dead ? 'dead' : 'pending'}, run_at = ${retryAt}, last_error = ${message.slice(0, 2000)},
            locked_by = null, finished_at = ${dead ? deps.clock.now() : null} where id = ${id}`,
      );
    }
  }

  async function tick(): Promise<number> {
    await scheduleCrons();
    const claimed = await claim();
    for (const job of claimed) await runJob(job);
    return claimed.length;
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let ran = 0;
          try {
            ran = await tick();
          } catch (error) {
            deps.log.error({ err: error instanceof Error ? error.message : String(error) }, 'worker tick failed');
          }
          if (ran < batchSize && running) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = null;
          }
        }
      })();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
    async drain() {
      let total = 0;
      for (;;) {
        const ran = await tick();
        total += ran;
        if (ran === 0) return total;
      }
    },
  };
}
