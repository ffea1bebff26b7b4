import { randomUUID } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { together } from '../../db/bulk.ts';
import type { Clock } from '../clock.ts';
import { actorId, systemContext, type RequestContext } from '../context.ts';
import {
  CURRENT_CHAIN_VERSION,
  deriveAuditKey,
  GENESIS_STATE,
  macEvent,
  verifySegment,
  type ChainBreak,
  type ChainState,
} from './audit-log.chain.ts';
import { createCheckpointStore, type Checkpoint, type CheckpointHead, type CheckpointStore } from './audit-log.checkpoints.ts';
import * as repo from './audit-log.repo.ts';
import type { ChainHead } from './audit-log.repo.ts';
import type { AuditEventInput, AuditEventRecord, AuditEventSchemas } from './audit-log.types.ts';

export interface VerifyResult {
  ok: boolean;
  /** Events found intact, over every shard of the organisation. */
  checked: number;
  /** The first broken row of the first broken shard. */
  firstBroken: ChainBreak | null;
  /** The signed checkpoint the chains were compared against (null: none written yet). */
  checkpoint: { number: number; createdAt: string } | null;
}

/** What writing a checkpoint did. */
export interface CheckpointResult {
  /** The checkpoint written, or null when no head moved since the last one. */
  written: Checkpoint | null;
  /** Chains that did not verify from their last checkpoint: their entry was kept as it was. */
  refused: (ChainBreak & { orgId: string })[];
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
  /**
   * Recomputes every chain (shard) of an organisation, compares it with the last signed
   * checkpoint, and names the first broken row.
   */
  verify(db: Db, orgId: string): Promise<VerifyResult>;
  /** Organisations to verify: those with a head or events in the database, and those of the last checkpoint. */
  chainedOrgIds(db: Db): Promise<string[]>;
  /**
   * Writes a signed checkpoint of every head, each verified from its previous checkpoint (a
   * chain that does not verify keeps its old entry, so it keeps failing verification).
   */
  checkpoint(db: Db): Promise<CheckpointResult>;
  /**
   * Appends a keyed event to every chain that still ends on unkeyed (version 1) rows, binding
   * them: from then on they can no longer be rewritten without the key (docs/adr/0012).
   * Returns the number of chains sealed.
   */
  sealLegacyChains(db: Db): Promise<number>;
  readonly checkpoints: CheckpointStore;
}

export interface AuditLogOptions {
  /** The master key: the chain and checkpoint keys are derived from it, never stored. */
  masterKey: Buffer;
  /** Where signed checkpoints go, outside the data directory. */
  checkpointDir: string;
}

/** One event to record and the request it belongs to. */
export interface AuditEntry {
  ctx: RequestContext;
  event: AuditEventInput;
}

const VERIFY_BATCH = 2000;

/**
 * Walks one chain from `from` (up to `upToSeq` when given) in batches; returns the first break or
 * the state after the last row.
 */
async function walkChain(
  db: Db,
  key: Buffer,
  orgId: string,
  shard: number,
  from: ChainState,
  anchor?: CheckpointHead,
  upToSeq?: number,
): Promise<{ state: ChainState; checked: number; broken: ChainBreak | null }> {
  let state = from;
  let checked = 0;
  for (;;) {
    const batch = await repo.findEventsAfter(db, orgId, shard, state.seq, VERIFY_BATCH, upToSeq);
    const result = verifySegment(key, batch, state, anchor);
    if ('broken' in result) return { state, checked: checked + batch.findIndex((e) => e.seq === result.broken.seq), broken: result.broken };
    checked += batch.length;
    state = result.next;
    if (batch.length < VERIFY_BATCH) return { state, checked, broken: null };
  }
}

/**
 * What is wrong at the end of a chain whose rows all verified: rows missing since the checkpoint,
 * a head that does not name the last row (a deleted tail, a head edited or deleted), or unkeyed
 * rows that no keyed row seals.
 */
function endOfChainBreak(state: ChainState, head: ChainHead | undefined, anchor: CheckpointHead | undefined): ChainBreak | null {
  const next = { seq: state.seq + 1, id: '' };
  if (anchor && state.seq < anchor.seq) return { ...next, reason: 'checkpoint_mismatch' };
  if (!head || head.seq !== state.seq || head.hash !== state.hash) return { ...next, reason: 'head_mismatch' };
  if (state.seq > 0 && state.version < CURRENT_CHAIN_VERSION) return { ...next, reason: 'unsealed_legacy' };
  return null;
}

/**
 * Builds the audit log over the event schemas collected from every module manifest. The runtime
 * makes one (deps.audit); it owns the chain heads its transactions hold, below.
 */
export function createAuditLog(schemas: AuditEventSchemas, clock: Clock, options: AuditLogOptions): AuditLog {
  // HKDF (RFC 5869) from the master key, so the database holds nothing that can relink a chain.
  const chainKey = deriveAuditKey(options.masterKey, 'confiance/audit-chain/hmac/v2');
  const checkpoints = createCheckpointStore(options.checkpointDir, options.masterKey);

  /**
   * The head each open transaction holds per organisation, as it left it. The row stays locked by
   * this transaction until it ends, so nobody else can move it, and its later events append
   * without reading the head again (one round trip per event instead of two). Keyed by the
   * transaction handle, so it is forgotten with it: nothing to close. A savepoint (a nested
   * transaction: none today) has a handle of its own; if it appended, the outer handle's copy is
   * stale and its next append collides on (org, shard, seq) and fails: loudly, never a forked chain.
   */
  const heldHeads = new WeakMap<Db, Map<string, ChainHead>>();
  const walk = (db: Db, orgId: string, shard: number, from: ChainState, anchor?: CheckpointHead, upToSeq?: number) =>
    walkChain(db, chainKey, orgId, shard, from, anchor, upToSeq);

  /** verify() inside its snapshot. */
  async function verifyIn(db: Db, orgId: string, anchors: Map<number, CheckpointHead>, checkpoint: VerifyResult['checkpoint']): Promise<VerifyResult> {
    const heads = await repo.findChainHeads(db, orgId);
    const shards = [...new Set([...heads.map((h) => h.shard), ...(await repo.findEventShards(db, orgId)), ...anchors.keys()])].sort(
      (a, b) => a - b,
    );
    // Every organisation's chain starts with its creation: none at all means it was deleted.
    if (shards.length === 0) return { ok: false, checked: 0, firstBroken: { seq: 1, id: '', reason: 'no_events' }, checkpoint };
    let checked = 0;
    for (const shard of shards) {
      const walked = await walk(db, orgId, shard, GENESIS_STATE, anchors.get(shard));
      checked += walked.checked;
      const broken =
        walked.broken ??
        endOfChainBreak(
          walked.state,
          heads.find((h) => h.shard === shard),
          anchors.get(shard),
        );
      if (broken) return { ok: false, checked, firstBroken: { ...broken, shard }, checkpoint };
    }
    return { ok: true, checked, firstBroken: null, checkpoint };
  }

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
        chainVersion: CURRENT_CHAIN_VERSION,
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
      const record = { ...base, hash: macEvent(chainKey, base) };
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
      const latest = checkpoints.latest();
      if (latest.status === 'invalid') {
        return { ok: false, checked: 0, firstBroken: { seq: 0, id: '', reason: 'checkpoint_invalid' }, checkpoint: null };
      }
      const anchors = new Map<number, CheckpointHead>();
      if (latest.status === 'valid') for (const h of latest.checkpoint.heads) if (h.orgId === orgId) anchors.set(h.shard, h);
      const checkpoint = latest.status === 'valid' ? { number: latest.checkpoint.number, createdAt: latest.checkpoint.createdAt } : null;
      // One snapshot for the heads and the rows: read apart, a row committed in between (the
      // server keeps writing) goes past its head and reads as a broken chain ("head_mismatch").
      return db.transaction((snapshot) => verifyIn(snapshot, orgId, anchors, checkpoint), { isolationLevel: 'repeatable read', accessMode: 'read only' });
    },

    async chainedOrgIds(db) {
      const latest = checkpoints.latest();
      const fromCheckpoint = latest.status === 'valid' ? latest.checkpoint.heads.map((h) => h.orgId) : [];
      return [...new Set([...(await repo.findChainedOrgIds(db)), ...fromCheckpoint])].sort();
    },

    async checkpoint(db) {
      const latest = checkpoints.latest();
      if (latest.status === 'invalid')
        throw new Error(`The last audit checkpoint ${latest.file} is invalid (${latest.problem}): not writing another on top of it`);
      const previous = new Map((latest.status === 'valid' ? latest.checkpoint.heads : []).map((h) => [`${h.orgId}:${h.shard}`, h]));
      const next = new Map(previous);
      const refused: CheckpointResult['refused'] = [];
      let moved = false;
      for (const head of await repo.findAllChainHeads(db)) {
        const key = `${head.orgId}:${head.shard}`;
        const anchor = previous.get(key);
        if (anchor && anchor.seq === head.seq && anchor.hash === head.hash) continue;
        // Only the rows since the last checkpoint are walked: the earlier ones were checked then.
        const from: ChainState = anchor ? { seq: anchor.seq, hash: anchor.hash, version: anchor.version } : GENESIS_STATE;
        if (head.seq < from.seq) {
          // The head went back behind its checkpoint: rows were deleted since.
          refused.push({ seq: head.seq, id: '', reason: 'checkpoint_mismatch', shard: head.shard, orgId: head.orgId });
          continue;
        }
        const walked = await walk(db, head.orgId, head.shard, from, undefined, head.seq);
        const broken = walked.broken ?? endOfChainBreak(walked.state, head, undefined);
        if (broken) {
          refused.push({ ...broken, shard: head.shard, orgId: head.orgId });
          continue;
        }
        next.set(key, {
          orgId: head.orgId,
          shard: head.shard,
          seq: walked.state.seq,
          hash: walked.state.hash,
          version: walked.state.version,
        });
        moved = true;
      }
      // Entries of chains no longer in the database stay: their disappearance must keep failing.
      const written = moved || latest.status === 'none' ? checkpoints.write([...next.values()], clock.now()) : null;
      return { written, refused };
    },

    async sealLegacyChains(db) {
      let sealed = 0;
      for (const { orgId, shard } of await repo.findLegacyHeads(db)) {
        const done = await db.transaction(async (tx) => {
          const head = await repo.lockChainHeadOf(tx, orgId, shard);
          // Another process may have sealed it since the query above.
          if (!head || head.version !== 1) return false;
          const held = heldHeads.get(tx) ?? new Map<string, ChainHead>();
          held.set(orgId, { shard: head.shard, seq: head.seq, hash: head.hash });
          heldHeads.set(tx, held);
          await recordMany(tx, [
            { ctx: systemContext(orgId, 'audit-log'), event: { type: 'audit_log.chain_sealed', payload: { shard, sealedSeq: head.seq } } },
          ]);
          return true;
        });
        if (done) sealed++;
      }
      return sealed;
    },

    checkpoints,
  };
}
