import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SQL } from 'drizzle-orm';
import { bulkInsertStatement } from '../db/bulk.ts';
import { jobs } from '../db/schema.ts';
import type { Deps } from '../core/deps.ts';
import type { Clock } from '../core/clock.ts';

/** Work a module hands to the worker; the handler must be safe to run again after a crash. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  schema: S;
  /** Tries before the job is marked dead (default 5). */
  maxAttempts?: number;
  handler(deps: Deps, payload: z.infer<S>, job: { id: number; orgId: string | null; attempt: number }): Promise<void>;
}

/** A recurring task: every `intervalMs`, one job of `jobType` is enqueued (once per tick across processes). */
export interface CronDefinition {
  name: string;
  intervalMs: number;
  jobType: string;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition {
  return definition as unknown as JobDefinition;
}

export interface EnqueueInput {
  type: string;
  payload?: Record<string, unknown>;
  orgId?: string | null;
  runAt?: Date;
  /** A second enqueue with the same key is ignored (e.g. one reminder per request and day). */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Writes jobs in the caller's transaction (outbox pattern). */
export interface JobQueue {
  enqueue(tx: Db, input: EnqueueInput): Promise<void>;
  /** Several jobs in one insert (a batch of intakes queues one acknowledgement each). */
  enqueueMany(tx: Db, inputs: readonly EnqueueInput[]): Promise<void>;
  /** The insert enqueueMany runs, for a caller to run inside its own statement; null for none. */
  enqueueStatement(inputs: readonly EnqueueInput[]): SQL | null;
}

export function createJobQueue(definitions: ReadonlyMap<string, JobDefinition>, clock: Clock): JobQueue {
  const enqueueStatement: JobQueue['enqueueStatement'] = (inputs) => {
    if (inputs.length === 0) return null;
    const rows = inputs.map((input) => {
      const definition = definitions.get(input.type);
      if (!definition) throw new Error(`job type "${input.type}" is not registered by any module manifest`);
      return {
        type: input.type,
        payload: definition.schema.parse(input.payload ?? {}) as Record<string, unknown>,
        orgId: input.orgId ?? null,
        // The application clock, not the database's: the worker compares run_at with the same clock.
        runAt: input.runAt ?? clock.now(),
        dedupeKey: input.dedupeKey ?? null,
        maxAttempts: input.maxAttempts ?? definition.maxAttempts ?? 5,
      };
    });
    return bulkInsertStatement(jobs, rows, { onConflictDoNothing: true }, false);
  };
  const enqueueMany: JobQueue['enqueueMany'] = async (tx, inputs) => {
    const statement = enqueueStatement(inputs);
    if (statement) await tx.execute(statement);
  };
  return { enqueueMany, enqueueStatement, enqueue: (tx, input) => enqueueMany(tx, [input]) };
}
