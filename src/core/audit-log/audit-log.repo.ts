import { and, asc, desc, eq, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
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

/**
 * Locks one given head for the rest of the transaction (sealing a legacy chain appends to that
 * very shard); null when it does not exist.
 */
export async function lockChainHeadOf(tx: Db, orgId: string, shard: number): Promise<(ChainHead & { version: number | null }) | null> {
  const [head] = await queryRows<ChainHead & { version: number | null }>(
    tx,
    sql`select h.shard, h.seq::float8 as seq, h.hash, e.chain_version as version
        from audit_chain_heads h left join audit_events e on e.org_id = h.org_id and e.shard = h.shard and e.seq = h.seq
        where h.org_id = ${orgId} and h.shard = ${shard} for update of h`,
  );
  return head ?? null;
}

/** Heads whose last row is an unkeyed (version 1) row: chains written before the key, not sealed yet. */
export async function findLegacyHeads(db: Db): Promise<{ orgId: string; shard: number }[]> {
  return queryRows<{ orgId: string; shard: number }>(
    db,
    sql`select h.org_id as "orgId", h.shard from audit_chain_heads h
        join audit_events e on e.org_id = h.org_id and e.shard = h.shard and e.seq = h.seq
        where e.chain_version = 1 order by 1, 2`,
  );
}

/** Every head of every organisation (for a checkpoint). */
export async function findAllChainHeads(db: Db): Promise<(ChainHead & { orgId: string })[]> {
  return db
    .select({ orgId: auditChainHeads.orgId, shard: auditChainHeads.shard, seq: auditChainHeads.seq, hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .orderBy(asc(auditChainHeads.orgId), asc(auditChainHeads.shard));
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

/** Events of one shard after `afterSeq` (up to `upToSeq` when given), oldest first, for verification. */
export async function findEventsAfter(
  db: Db,
  orgId: string,
  shard: number,
  afterSeq: number,
  limit: number,
  upToSeq?: number,
): Promise<AuditEventRecord[]> {
  const conditions = [eq(auditEvents.orgId, orgId), eq(auditEvents.shard, shard), gt(auditEvents.seq, afterSeq)];
  if (upToSeq !== undefined) conditions.push(lte(auditEvents.seq, upToSeq));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
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

/** Organisations that have a chain head or events (for verifying everything: a head deleted by hand must not hide events). */
export async function findChainedOrgIds(db: Db): Promise<string[]> {
  const rows = await queryRows<{ orgId: string }>(
    db,
    sql`select org_id as "orgId" from audit_chain_heads union select org_id from audit_events order by 1`,
  );
  return rows.map((r) => r.orgId);
}

/** Display names of users and tokens, for showing who acted in the audit log viewer. */
export async function findActorLabels(db: Db, orgId: string, userIds: string[], tokenIds: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (userIds.length > 0) {
    const rows = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, userIds)));
    rows.forEach((r) => labels.set(r.id, r.name));
  }
  if (tokenIds.length > 0) {
    const rows = await db
      .select({ id: apiTokens.id, name: apiTokens.name })
      .from(apiTokens)
      .where(and(eq(apiTokens.orgId, orgId), inArray(apiTokens.id, tokenIds)));
    rows.forEach((r) => labels.set(r.id, r.name));
  }
  return labels;
}
