import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditChainHeads, auditEvents } from './audit-log.tables.ts';
import { GENESIS_HASH } from './audit-log.chain.ts';
import type { AuditEventRecord, AuditOutcome } from './audit-log.types.ts';

/** Locks the organisation's chain head for this transaction, creating it on first use. */
export async function lockChainHead(tx: Db, orgId: string): Promise<{ seq: number; hash: string }> {
  await tx.insert(auditChainHeads).values({ orgId, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx
    .select({ seq: auditChainHeads.seq, hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.orgId, orgId))
    .for('update');
  if (!head) throw new Error('audit chain head vanished inside its own transaction');
  return head;
}

export async function appendEvent(tx: Db, event: AuditEventRecord): Promise<void> {
  await tx.insert(auditEvents).values(event);
  await tx
    .update(auditChainHeads)
    .set({ seq: event.seq, hash: event.hash })
    .where(eq(auditChainHeads.orgId, event.orgId));
}

export async function getChainHead(db: Db, orgId: string): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.orgId, orgId));
  return head;
}

/** Events after `afterSeq`, oldest first, for verification. */
export async function findEventsAfter(db: Db, orgId: string, afterSeq: number, limit: number): Promise<AuditEventRecord[]> {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}

export interface AuditEventFilter {
  before?: number | undefined;
  type?: string | undefined;
  outcome?: AuditOutcome | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
}

/** Newest first, keyset-paginated on `seq`. */
export async function findEvents(db: Db, orgId: string, filter: AuditEventFilter): Promise<AuditEventRecord[]> {
  const conditions: SQL[] = [eq(auditEvents.orgId, orgId)];
  if (filter.before !== undefined) conditions.push(lt(auditEvents.seq, filter.before));
  if (filter.type) conditions.push(eq(auditEvents.type, filter.type));
  if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditEvents.targetId, filter.targetId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(filter.limit);
}

/** Organisations that have a chain (for verifying everything). */
export async function findChainedOrgIds(db: Db): Promise<string[]> {
  const rows = await db.select({ orgId: auditChainHeads.orgId }).from(auditChainHeads).orderBy(sql`1`);
  return rows.map((r) => r.orgId);
}
