import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail, one chain per organisation: each row stores the hash of
 * the previous row of its organisation, so editing or deleting a row breaks every later hash.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
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
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_chain_idx').on(t.orgId, t.seq),
    index('audit_events_type_idx').on(t.orgId, t.type),
    index('audit_events_target_idx').on(t.orgId, t.targetType, t.targetId),
  ],
);

/** The head of each organisation's chain; locking this row serialises appends per organisation. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  orgId: uuid('org_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
