/** Query and DTO schemas of the audit-log viewer routes (and, through src/api/contract.ts, of the back office). */
import { z } from 'zod';

/** One event of the hash-chained log, as the viewer shows it. */
export const AuditEventDtoSchema = z.object({
  id: z.uuid(),
  /** The organisation's chain (shard) the event is in, and its place in that chain. */
  shard: z.number().int(),
  seq: z.number().int(),
  type: z.string(),
  actorType: z.enum(['user', 'api_token', 'system', 'subject', 'anonymous']),
  actorId: z.string().nullable(),
  /** Current name of the acting user or token (looked up, never stored in the event). */
  actorLabel: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /**
   * The target's name (a user's name, a complaint's reference…), looked up when shown and only if
   * the viewer may read such records; null otherwise: the viewer shows the type and the id.
   */
  targetLabel: z.string().nullable(),
  outcome: z.enum(['success', 'denied']),
  payload: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  createdAt: z.string(),
  hash: z.string(),
});

/** A page of events, newest first; `nextBefore` is the cursor of the next (older) page. */
export const AuditPageDtoSchema = z.object({ items: z.array(AuditEventDtoSchema), nextBefore: z.number().int().nullable() });

export const AuditListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    before: z.coerce.number().int().min(1).optional(),
    /** An event type or a part of one (`complaint.` matches every complaint event). */
    type: z
      .string()
      .trim()
      .max(60)
      .regex(/^[a-z_.]+$/)
      .optional(),
    outcome: z.enum(['success', 'denied']).optional(),
    targetType: z.string().max(40).optional(),
    targetId: z.string().max(80).optional(),
  })
  .strict();
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;

/** The result of recomputing the chain: the first broken row, if any. */
export const VerifyDtoSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ shard: z.number().int().optional(), seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
  /** The signed checkpoint the chains were compared against; null when none was written yet. */
  checkpoint: z.object({ number: z.number().int(), createdAt: z.string() }).nullable(),
});
