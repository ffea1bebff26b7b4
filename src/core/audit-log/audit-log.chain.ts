import { createHash } from 'node:crypto';
import type { AuditEventRecord } from './audit-log.types.ts';

/** The `prev_hash` of the first event of every organisation. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth. PostgreSQL's jsonb does not keep key order, so
 * the hash must not depend on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * SHA-256 over every stored field of the event and the previous hash. The shard is left out, so
 * events written before sharding (all in shard 0) keep their hashes; moving a row to another
 * shard still breaks both chains (a gap in one, a wrong link in the other).
 */
export function hashEvent(event: Omit<AuditEventRecord, 'hash' | 'shard'>): string {
  const material = canonicalJson([
    event.orgId,
    event.seq,
    event.id,
    event.type,
    event.actorType,
    event.actorId,
    event.targetType,
    event.targetId,
    event.outcome,
    event.payload,
    event.requestId,
    event.createdAt.toISOString(),
    event.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** Where and why a chain stops being trustworthy. */
export interface ChainBreak {
  /** The organisation's chain (shard) that breaks; set by verification across shards. */
  shard?: number;
  seq: number;
  id: string;
  reason: 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
}

/**
 * Checks consecutive events of one organisation, continuing from `expected` (seq and hash of
 * the last good event). Returns the first break, or the state to continue from.
 */
export function verifySegment(
  events: readonly Omit<AuditEventRecord, 'shard'>[],
  expected: { seq: number; hash: string },
): { broken: ChainBreak } | { next: { seq: number; hash: string } } {
  let state = expected;
  for (const event of events) {
    if (event.seq !== state.seq + 1) return { broken: { seq: event.seq, id: event.id, reason: 'sequence_gap' } };
    if (event.prevHash !== state.hash) return { broken: { seq: event.seq, id: event.id, reason: 'prev_hash_mismatch' } };
    if (hashEvent(event) !== event.hash) return { broken: { seq: event.seq, id: event.id, reason: 'hash_mismatch' } };
    state = { seq: event.seq, hash: event.hash };
  }
  return { next: state };
}
