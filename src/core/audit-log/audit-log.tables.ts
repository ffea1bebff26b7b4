import { bigint, bigserial, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail. Each organisation has a few chains (shards, see
 * docs/adr/0003): each row stores the keyed hash of the previous row of its organisation's shard,
 * so editing or deleting a row breaks every later link of that shard, and nobody without the
 * chain key can relink them (docs/adr/0012).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    /** Which of the organisation's chains the event is in (0 for every event before sharding). */
    shard: smallint('shard').notNull().default(0),
    /** Position in its shard's chain, from 1. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** Insertion order across shards, for the viewer's newest-first pages; not part of the chain. */
    position: bigserial('position', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    actorType: text('actor_type', { enum: ['user', 'api_token', 'system', 'subject', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: ['success', 'denied'] }).notNull(),
    /** Ids, field names and codes only: never a personal-data value (GDPR Art. 5(1)(c)). */
    payload: jsonb('payload').notNull(),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
    prevHash: text('prev_hash').notNull(),
    /**
     * How `hash` is computed (docs/adr/0012): 1 for the rows written before the chain was keyed
     * (plain SHA-256, hence the default for them), 2 for every row written since (HMAC under a key
     * derived from the master key).
     */
    chainVersion: smallint('chain_version').notNull().default(1),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_shard_chain_idx').on(t.orgId, t.shard, t.seq),
    index('audit_events_position_idx').on(t.orgId, t.position),
    index('audit_events_type_idx').on(t.orgId, t.type),
    index('audit_events_target_idx').on(t.orgId, t.targetType, t.targetId),
  ],
);

/** The head of each chain of an organisation; locking this row serialises the appends to its shard. */
export const auditChainHeads = pgTable(
  'audit_chain_heads',
  {
    orgId: uuid('org_id').notNull(),
    shard: smallint('shard').notNull().default(0),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.shard] })],
);
