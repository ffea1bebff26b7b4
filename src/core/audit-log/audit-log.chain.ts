import { createHash, createHmac, hkdfSync } from 'node:crypto';
import type { AuditEventRecord } from './audit-log.types.ts';

/** The `prev_hash` of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * How a row is linked (docs/adr/0012). 1: plain SHA-256, the rows written before the chain was
 * keyed; anyone who can write the database can recompute them, so they are only trusted as a
 * prefix that a keyed row seals. 2: HMAC-SHA-256 under a key derived from the master key, which
 * the database never holds. Every row written today is 2.
 */
export type ChainVersion = 1 | 2;
export const CURRENT_CHAIN_VERSION: ChainVersion = 2;

/**
 * A key of the audit log's own for one purpose, derived from the master key with HKDF-SHA-256
 * (RFC 5869): the database never holds it, and it opens nothing else. (Not subject-keys'
 * deriveKey: that module records audit events, and modules form no import circle.)
 */
export function deriveAuditKey(masterKey: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), label, 32));
}

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

type Linked = Omit<AuditEventRecord, 'hash' | 'shard' | 'chainVersion'>;

/**
 * Every stored field of the event and the previous hash. The shard is left out, so events written
 * before sharding (all in shard 0) keep their hashes; moving a row to another shard still breaks
 * both chains (a gap in one, a wrong link in the other).
 */
function material(event: Linked): unknown[] {
  return [
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
  ];
}

/** Version 1 link: SHA-256 of the material (kept to verify the rows written before version 2). */
export function hashEvent(event: Linked): string {
  return createHash('sha256')
    .update(canonicalJson(material(event)))
    .digest('hex');
}

/**
 * Version 2 link: HMAC-SHA-256 (RFC 2104) under the chain key. Without the key nobody can compute
 * a valid link, so an edited row cannot be "repaired" by recomputing the hashes after it. The
 * version is part of the material: a version 2 row relabelled as version 1 no longer matches.
 */
export function macEvent(key: Buffer, event: Linked): string {
  return createHmac('sha256', key)
    .update(canonicalJson([2, ...material(event)]))
    .digest('hex');
}

/** The link of `event` as its version computes it. */
export function linkOf(key: Buffer, event: Linked & { chainVersion: number }): string | null {
  if (event.chainVersion === 2) return macEvent(key, event);
  if (event.chainVersion === 1) return hashEvent(event);
  return null;
}

export type ChainBreakReason =
  /** A row is missing (deleted) or out of place. */
  | 'sequence_gap'
  /** A row does not point at the one before it (a row before it was replaced). */
  | 'prev_hash_mismatch'
  /** A row's content no longer matches its link (edited, or relinked without the key). */
  | 'hash_mismatch'
  /** An unkeyed (version 1) row after a keyed one: rows rewritten without the key. */
  | 'version_downgrade'
  /** The chain ends on unkeyed rows that no keyed row seals (rewritten, or never sealed). */
  | 'unsealed_legacy'
  /** The head row does not name the last row (a deleted tail, or a head edited or deleted). */
  | 'head_mismatch'
  /** The chain no longer holds the row the last signed checkpoint recorded (rewritten or deleted since). */
  | 'checkpoint_mismatch'
  /** The organisation has no event at all (every organisation starts with its creation). */
  | 'no_events'
  /** The checkpoint file is not signed by this installation's key, or not the successor of the previous one. */
  | 'checkpoint_invalid';

/** Where and why a chain stops being trustworthy. */
export interface ChainBreak {
  /** The organisation's chain (shard) that breaks; set by verification across shards. */
  shard?: number;
  seq: number;
  id: string;
  reason: ChainBreakReason;
}

/** Where a verification stands: the last good row of the chain. */
export interface ChainState {
  seq: number;
  hash: string;
  /** Version of the last good row (1 for the genesis: a chain may start with legacy rows). */
  version: number;
}

export const GENESIS_STATE: ChainState = { seq: 0, hash: GENESIS_HASH, version: 1 };

/**
 * Checks consecutive events of one chain, continuing from `expected` (the last good row). When
 * `anchor` (a signed checkpoint of this chain) falls in the segment, the row at its seq must
 * carry its hash. Returns the first break, or the state to continue from.
 */
export function verifySegment(
  key: Buffer,
  events: readonly Omit<AuditEventRecord, 'shard'>[],
  expected: ChainState,
  anchor?: { seq: number; hash: string },
): { broken: ChainBreak } | { next: ChainState } {
  let state = expected;
  for (const event of events) {
    const at = { seq: event.seq, id: event.id };
    if (event.seq !== state.seq + 1) return { broken: { ...at, reason: 'sequence_gap' } };
    if (event.prevHash !== state.hash) return { broken: { ...at, reason: 'prev_hash_mismatch' } };
    // Unkeyed rows are accepted only as the chain's first rows: once a keyed row is written,
    // every later one is keyed (docs/adr/0012).
    if (event.chainVersion < state.version) return { broken: { ...at, reason: 'version_downgrade' } };
    if (linkOf(key, event) !== event.hash) return { broken: { ...at, reason: 'hash_mismatch' } };
    if (anchor && event.seq === anchor.seq && event.hash !== anchor.hash) return { broken: { ...at, reason: 'checkpoint_mismatch' } };
    state = { seq: event.seq, hash: event.hash, version: event.chainVersion };
  }
  return { next: state };
}
