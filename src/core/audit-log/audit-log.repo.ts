import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { bulkInsertStatement } from '../../db/bulk.ts';
import { auditChainHeads, auditEvents } from './audit-log.tables.ts';
import { apiTokens, users } from '../auth/auth.tables.ts';
import { GENESIS_HASH } from './audit-log.chain.ts';
import type { AuditEventRecord, AuditOutcome } from './audit-log.types.ts';

/**
 * How many chains (shards) an organisation may have. Appends to one shard are serialised from
 * the first event of a transaction to its commit (fsync included), so one chain caps an
 * organisation's write rate at about one commit per disk flush; N shards let N transactions
 * commit together (docs/adr/0003). Shards are created only when all existing ones are busy.
 */
export const AUDIT_CHAIN_SHARDS = 16;

export interface ChainHead {
  shard: number;
  seq: number;
  hash: string;
}

/**
 * Locks one of the organisation's chain heads for the rest of the transaction and returns it:
 * the lowest shard nobody else holds, without waiting (rows this very transaction locked are
 * never skipped, so a transaction that already holds a head never waits for another: no deadlock
 * between heads). Only when every existing head is busy does it queue on one, picked by
 * transaction id, creating it if it is new.
 */
export async function lockChainHead(tx: Db, orgId: string): Promise<ChainHead> {
  const [free] = await queryRows<ChainHead>(
    tx,
    sql`select shard, seq::float8 as seq, hash from audit_chain_heads where org_id = ${orgId} order by shard limit 1 for update skip locked`,
  );
  if (free) return free;
  // Every head is busy (or the organisation has none yet): queue on one; concurrent transactions
  // have consecutive ids, so they spread over the shards. The upsert creates and locks it at once.
  const [head] = await queryRows<ChainHead>(
    tx,
    sql`insert into audit_chain_heads (org_id, shard, seq, hash)
        values (${orgId}, mod(txid_current(), ${AUDIT_CHAIN_SHARDS}), 0, ${GENESIS_HASH})
        on conflict (org_id, shard) do update set seq = audit_chain_heads.seq
        returning shard, seq::float8 as seq, hash`,
  );
  if (!head) throw new Error('audit chain head vanished inside its own transaction');
  return head;
}

/**
 * The two writes that append events: insert them, and move each shard's head to its last one.
 * The events of one shard come in chain order, each linking to the one before (the service
 * chains them). Run together, in one statement (see together in src/db/bulk.ts).
 */
export function appendStatements(events: readonly AuditEventRecord[]): SQL[] {
  if (events.length === 0) return [];
  const heads = new Map<string, AuditEventRecord>();
  for (const event of events) heads.set(`${event.orgId}:${event.shard}`, event);
  const moved = [...heads.values()].map((e) => sql`(${e.orgId}::uuid, ${e.shard}::int, ${e.seq}::bigint, ${e.hash})`);
  return [
    bulkInsertStatement(auditEvents, events, {}, false),
    sql`update audit_chain_heads h set seq = m.seq, hash = m.hash
        from (values ${sql.join(moved, sql`, `)}) as m(org_id, shard, seq, hash)
        where h.org_id = m.org_id and h.shard = m.shard`,
  ];
}

/** Every chain head of the organisation, by shard. */
export async function findChainHeads(db: Db, orgId: string): Promise<ChainHead[]> {
  return db
    .select({ shard: auditChainHeads.shard, seq: auditChainHeads.seq, hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.orgId, orgId))
    .orderBy(asc(auditChainHeads.shard));
}

/** Shards that hold events of the organisation (a head row deleted by hand must not hide its chain). */
export async function findEventShards(db: Db, orgId: string): Promise<number[]> {
  const rows = await db.selectDistinct({ shard: auditEvents.shard }).from(auditEvents).where(eq(auditEvents.orgId, orgId));
  return rows.map((r) => r.shard);
}

/** Events of one shard after `afterSeq`, oldest first, for verification. */
export async function findEventsAfter(db: Db, orgId: string, shard: number, afterSeq: number, limit: number): Promise<AuditEventRecord[]> {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.shard, shard), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}

export interface AuditEventFilter {
  /** Cursor: events inserted before this `position`. */
  before?: number | undefined;
  type?: string | undefined;
  outcome?: AuditOutcome | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
}

export type StoredAuditEvent = typeof auditEvents.$inferSelect;

/** Newest first across shards, keyset-paginated on `position`. */
export async function findEvents(db: Db, orgId: string, filter: AuditEventFilter): Promise<StoredAuditEvent[]> {
  const conditions: SQL[] = [eq(auditEvents.orgId, orgId)];
  if (filter.before !== undefined) conditions.push(lt(auditEvents.position, filter.before));
  // A part of a type matches (`complaint.` for every complaint event, `denied` for access.denied).
  if (filter.type) conditions.push(sql`strpos(${auditEvents.type}, ${filter.type}) > 0`);
  if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditEvents.targetId, filter.targetId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.position))
    .limit(filter.limit);
}

/** Organisations that have a chain (for verifying everything). */
export async function findChainedOrgIds(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ orgId: auditChainHeads.orgId }).from(auditChainHeads).orderBy(sql`1`);
  return rows.map((r) => r.orgId);
}

/** Display names of users and tokens, for showing who acted in the audit log viewer. */
export async function findActorLabels(db: Db, orgId: string, userIds: string[], tokenIds: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (userIds.length > 0) {
    const rows = await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, userIds)));
    rows.forEach((r) => labels.set(r.id, r.name));
  }
  if (tokenIds.length > 0) {
    const rows = await db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(and(eq(apiTokens.orgId, orgId), inArray(apiTokens.id, tokenIds)));
    rows.forEach((r) => labels.set(r.id, r.name));
  }
  return labels;
}
