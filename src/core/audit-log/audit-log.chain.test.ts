import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, GENESIS_STATE, hashEvent, linkOf, macEvent, verifySegment } from './audit-log.chain.ts';
import type { AuditEventRecord } from './audit-log.types.ts';

const KEY = Buffer.alloc(32, 1);

/** A chain of `n` rows, the first `legacy` of them unkeyed (version 1, written before the key). */
function chain(n: number, legacy = 0): AuditEventRecord[] {
  const out: AuditEventRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      orgId: '11111111-1111-4111-8111-111111111111',
      shard: 0,
      seq,
      type: 'user.updated',
      actorType: 'user' as const,
      actorId: 'u1',
      targetType: 'user',
      targetId: `t${seq}`,
      outcome: 'success' as const,
      payload: { fields: ['name'], n: seq },
      requestId: null,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
      prevHash: prev,
      chainVersion: seq <= legacy ? 1 : 2,
    };
    const event = { ...base, hash: seq <= legacy ? hashEvent(base) : macEvent(KEY, base) };
    out.push(event);
    prev = event.hash;
  }
  return out;
}

/** What an attacker with write access but without the key does: edit a row, relink every later one. */
function relinkFrom(events: AuditEventRecord[], from: number, link: (e: AuditEventRecord) => string): void {
  let prev = from === 0 ? GENESIS_HASH : (events[from - 1]?.hash ?? GENESIS_HASH);
  for (let i = from; i < events.length; i++) {
    const e = { ...(events[i] as AuditEventRecord), prevHash: prev };
    e.hash = link(e);
    events[i] = e;
    prev = e.hash;
  }
}

describe('canonicalJson', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
  it('distinguishes values that differ', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe('verifySegment', () => {
  it('accepts an intact chain', () => {
    const events = chain(20);
    expect(verifySegment(KEY, events, GENESIS_STATE)).toEqual({ next: { seq: 20, hash: events[19]?.hash, version: 2 } });
  });

  it('names the edited row when any stored field changes', () => {
    const fields = ['type', 'actorId', 'targetId', 'outcome', 'payload', 'createdAt', 'requestId'] as const;
    for (const field of fields) {
      const events = chain(10);
      const victim = events[6] as AuditEventRecord;
      const tampered: AuditEventRecord =
        field === 'createdAt'
          ? { ...victim, createdAt: new Date(victim.createdAt.getTime() + 1) }
          : field === 'payload'
            ? { ...victim, payload: { fields: ['email'], n: 7 } }
            : field === 'outcome'
              ? { ...victim, outcome: 'denied' }
              : { ...victim, [field]: 'changed' };
      events[6] = tampered;
      expect(verifySegment(KEY, events, GENESIS_STATE), field).toEqual({ broken: { seq: 7, id: victim.id, reason: 'hash_mismatch' } });
    }
  });

  it('detects a deleted row as a sequence gap', () => {
    const events = chain(5);
    events.splice(2, 1);
    expect(verifySegment(KEY, events, GENESIS_STATE)).toMatchObject({ broken: { seq: 4, reason: 'sequence_gap' } });
  });

  it('detects a row whose hash was recomputed after editing (the next row no longer links)', () => {
    const events = chain(5, 5);
    const victim = events[1] as AuditEventRecord;
    const edited = { ...victim, targetId: 'forged' };
    events[1] = { ...edited, hash: hashEvent(edited) };
    expect(verifySegment(KEY, events, GENESIS_STATE)).toMatchObject({ broken: { seq: 3, reason: 'prev_hash_mismatch' } });
  });

  it('accepts unkeyed rows followed by keyed ones (a chain from before the key, sealed)', () => {
    const events = chain(8, 3);
    expect(verifySegment(KEY, events, GENESIS_STATE)).toEqual({ next: { seq: 8, hash: events[7]?.hash, version: 2 } });
  });

  it('refuses a keyed chain edited and relinked without the key (SHA-256, or another key)', () => {
    for (const link of [hashEvent, (e: AuditEventRecord) => macEvent(Buffer.alloc(32, 2), e)]) {
      const events = chain(10);
      events[4] = { ...(events[4] as AuditEventRecord), payload: { fields: ['roles'], n: 5 } };
      relinkFrom(events, 4, link);
      expect(verifySegment(KEY, events, GENESIS_STATE)).toMatchObject({ broken: { seq: 5, reason: 'hash_mismatch' } });
    }
  });

  it('refuses keyed rows relabelled as unkeyed and relinked with SHA-256 (a downgrade)', () => {
    const events = chain(10, 3);
    events.forEach((e, i) => i >= 5 && (events[i] = { ...e, chainVersion: 1 }));
    relinkFrom(events, 5, hashEvent);
    expect(verifySegment(KEY, events, GENESIS_STATE)).toMatchObject({ broken: { seq: 6, reason: 'version_downgrade' } });
    // Relabelling a keyed row's version alone breaks its link: the version is part of the material.
    const relabelled = chain(4);
    relabelled[3] = { ...(relabelled[3] as AuditEventRecord), chainVersion: 1 };
    expect(linkOf(KEY, relabelled[3] as AuditEventRecord)).not.toBe(relabelled[3]?.hash);
  });

  it('refuses an unkeyed prefix edited and relinked up to the first keyed row', () => {
    const events = chain(8, 4);
    events[1] = { ...(events[1] as AuditEventRecord), targetId: 'forged' };
    const keyed = events.slice(4);
    relinkFrom(events, 1, hashEvent);
    // The first keyed row's link covers the last unkeyed hash: keeping it, or relinking it, fails.
    expect(verifySegment(KEY, [...events.slice(0, 4), ...keyed], GENESIS_STATE)).toMatchObject({
      broken: { seq: 5, reason: 'prev_hash_mismatch' },
    });
    expect(verifySegment(KEY, events, GENESIS_STATE)).toMatchObject({ broken: { seq: 5, reason: 'hash_mismatch' } });
  });

  it('refuses a row that differs from the signed checkpoint of its seq', () => {
    const events = chain(6);
    expect(verifySegment(KEY, events, GENESIS_STATE, { seq: 4, hash: events[3]?.hash ?? '' })).toMatchObject({ next: { seq: 6 } });
    expect(verifySegment(KEY, events, GENESIS_STATE, { seq: 4, hash: 'f'.repeat(64) })).toMatchObject({
      broken: { seq: 4, reason: 'checkpoint_mismatch' },
    });
  });
});
