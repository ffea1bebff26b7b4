import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import { actorId, type RequestContext } from '../context.ts';
import { hashEvent, verifySegment, GENESIS_HASH, type ChainBreak } from './audit-log.chain.ts';
import * as repo from './audit-log.repo.ts';
import type { AuditEventInput, AuditEventRecord, AuditEventSchemas } from './audit-log.types.ts';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: ChainBreak | null;
}

/** The audit log as services use it. */
export interface AuditLog {
  /**
   * Appends one event in the caller's transaction, so the event exists if and only if the
   * change does. Refuses an event type or payload that is not in the catalogue.
   */
  record(tx: Db, ctx: RequestContext, event: AuditEventInput): Promise<AuditEventRecord>;
  /** Recomputes an organisation's chain and names the first broken row. */
  verify(db: Db, orgId: string): Promise<VerifyResult>;
}

const VERIFY_BATCH = 2000;

/** Builds the audit log over the event schemas collected from every module manifest. */
export function createAuditLog(schemas: AuditEventSchemas, clock: Clock): AuditLog {
  return {
    async record(tx, ctx, event) {
      const schema = schemas[event.type];
      if (!schema) throw new Error(`audit event "${event.type}" is not registered by any module manifest`);
      const payload = schema.parse(event.payload);
      if (!ctx.orgId) throw new Error(`audit event "${event.type}" needs an organisation`);
      // Locked head first: the chain is appended strictly in commit order per organisation.
      const head = await repo.lockChainHead(tx, ctx.orgId);
      const base: Omit<AuditEventRecord, 'hash'> = {
        id: randomUUID(),
        orgId: ctx.orgId,
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
      await repo.appendEvent(tx, record);
      return record;
    },

    async verify(db, orgId) {
      let state = { seq: 0, hash: GENESIS_HASH };
      let checked = 0;
      for (;;) {
        const batch = await repo.findEventsAfter(db, orgId, state.seq, VERIFY_BATCH);
        const result = verifySegment(batch, state);
        if ('broken' in result) return { ok: false, checked: checked + batch.findIndex((e) => e.seq === result.broken.seq), firstBroken: result.broken };
        checked += batch.length;
        state = result.next;
        if (batch.length < VERIFY_BATCH) break;
      }
      // A deleted tail leaves a consistent prefix: the head row still remembers the last event.
      const head = await repo.getChainHead(db, orgId);
      if (head && (head.seq !== state.seq || head.hash !== state.hash)) {
        return { ok: false, checked, firstBroken: { seq: state.seq + 1, id: '', reason: 'head_mismatch' } };
      }
      return { ok: true, checked, firstBroken: null };
    },
  };
}
