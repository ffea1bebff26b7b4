import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { together } from '../../db/bulk.ts';
import type { Clock } from '../clock.ts';
import { actorId, type RequestContext } from '../context.ts';
import { hashEvent, verifySegment, GENESIS_HASH, type ChainBreak } from './audit-log.chain.ts';
import * as repo from './audit-log.repo.ts';
import type { ChainHead } from './audit-log.repo.ts';
import type { AuditEventInput, AuditEventRecord, AuditEventSchemas } from './audit-log.types.ts';

export interface VerifyResult {
  ok: boolean;
  /** Events found intact, over every shard of the organisation. */
  checked: number;
  /** The first broken row of the first broken shard. */
  firstBroken: ChainBreak | null;
}

/** The audit log as services use it. */
export interface AuditLog {
  /**
   * Appends one event in the caller's transaction, so the event exists if and only if the
   * change does. Refuses an event type or payload that is not in the catalogue.
   */
  record(tx: Db, ctx: RequestContext, event: AuditEventInput): Promise<AuditEventRecord>;
  /**
   * Appends several events, each with its own request context, in one round trip: the events of
   * a batch of intakes (group commit) cost one insert instead of one each. Same checks as record.
   */
  recordMany(tx: Db, entries: readonly AuditEntry[]): Promise<AuditEventRecord[]>;
  /**
   * recordMany without the write: checks and chains the events and returns the statements that
   * append them, for the caller to run in this transaction inside its own statement (one round
   * trip for a batch's rows and its audit trail). The heads count as moved from now on: the
   * caller must run the statements before this transaction records anything else.
   */
  prepareMany(tx: Db, entries: readonly AuditEntry[]): Promise<{ records: AuditEventRecord[]; statements: SQL[] }>;
  /** Recomputes every chain (shard) of an organisation and names the first broken row. */
  verify(db: Db, orgId: string): Promise<VerifyResult>;
}

/** One event to record and the request it belongs to. */
export interface AuditEntry {
  ctx: RequestContext;
  event: AuditEventInput;
}

const VERIFY_BATCH = 2000;

/**
 * Builds the audit log over the event schemas collected from every module manifest. The runtime
 * makes one (deps.audit); it owns the chain heads its transactions hold, below.
 */
export function createAuditLog(schemas: AuditEventSchemas, clock: Clock): AuditLog {
  /**
   * The head each open transaction holds per organisation, as it left it. The row stays locked by
   * this transaction until it ends, so nobody else can move it, and its later events append
   * without reading the head again (one round trip per event instead of two). Keyed by the
   * transaction handle, so it is forgotten with it: nothing to close. A savepoint (a nested
   * transaction: none today) has a handle of its own; if it appended, the outer handle's copy is
   * stale and its next append collides on (org, shard, seq) and fails: loudly, never a forked chain.
   */
  const heldHeads = new WeakMap<Db, Map<string, ChainHead>>();

  const prepareMany: AuditLog['prepareMany'] = async (tx, entries) => {
    const records: AuditEventRecord[] = [];
    const held = heldHeads.get(tx) ?? new Map<string, ChainHead>();
    heldHeads.set(tx, held);
    // The heads as this call leaves them.
    const moved = new Map<string, ChainHead>();
    for (const { ctx, event } of entries) {
      const schema = schemas[event.type];
      if (!schema) throw new Error(`audit event "${event.type}" is not registered by any module manifest`);
      if (!ctx.orgId) throw new Error(`audit event "${event.type}" needs an organisation`);
      const payload = schema.parse(event.payload);
      // Locked head first: each shard's chain is appended strictly in commit order.
      const head = moved.get(ctx.orgId) ?? held.get(ctx.orgId) ?? (await repo.lockChainHead(tx, ctx.orgId));
      const base: Omit<AuditEventRecord, 'hash'> = {
        id: randomUUID(),
        orgId: ctx.orgId,
        shard: head.shard,
        seq: head.seq + 1,
        type: event.type,
        actorType: ctx.actor.kind,
        actorId: actorId(ctx.actor),
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        outcome: event.outcome ?? 'success',
        payload,
        requestId: ctx.requestId,
        createdAt: clock.now(),
        prevHash: head.hash,
      };
      const record = { ...base, hash: hashEvent(base) };
      records.push(record);
      moved.set(ctx.orgId, { shard: record.shard, seq: record.seq, hash: record.hash });
    }
    for (const [orgId, head] of moved) held.set(orgId, head);
    return { records, statements: repo.appendStatements(records) };
  };

  const recordMany: AuditLog['recordMany'] = async (tx, entries) => {
    const { records, statements } = await prepareMany(tx, entries);
    const last = statements.at(-1);
    if (last) await tx.execute(together(statements.slice(0, -1), last));
    return records;
  };

  return {
    recordMany,
    prepareMany,

    async record(tx, ctx, event) {
      const [record] = await recordMany(tx, [{ ctx, event }]);
      if (!record) throw new Error('audit event was not recorded');
      return record;
    },

    async verify(db, orgId) {
      const heads = await repo.findChainHeads(db, orgId);
      const shards = [...new Set([...heads.map((h) => h.shard), ...(await repo.findEventShards(db, orgId))])].sort((a, b) => a - b);
      let checked = 0;
      for (const shard of shards) {
        let state = { seq: 0, hash: GENESIS_HASH };
        for (;;) {
          const batch = await repo.findEventsAfter(db, orgId, shard, state.seq, VERIFY_BATCH);
          const result = verifySegment(batch, state);
          if ('broken' in result) {
            return { ok: false, checked: checked + batch.findIndex((e) => e.seq === result.broken.seq), firstBroken: { ...result.broken, shard } };
          }
          checked += batch.length;
          state = result.next;
          if (batch.length < VERIFY_BATCH) break;
        }
        // A deleted tail leaves a consistent prefix: the head row still remembers the last event
        // (and a head deleted by hand no longer matches the events left in its shard).
        const head = heads.find((h) => h.shard === shard);
        if (!head || head.seq !== state.seq || head.hash !== state.hash) {
          return { ok: false, checked, firstBroken: { seq: state.seq + 1, id: '', reason: 'head_mismatch', shard } };
        }
      }
      return { ok: true, checked, firstBroken: null };
    },
  };
}
