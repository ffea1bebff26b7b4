import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, GENESIS_HASH, hashEvent, verifySegment } from './audit-log.chain.ts';
import type { AuditEventRecord } from './audit-log.types.ts';

function chain(n: number): AuditEventRecord[] {
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
    };
    const event = { ...base, hash: hashEvent(base) };
    out.push(event);
    prev = event.hash;
  }
  return out;
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
    expect(verifySegment(events, { seq: 0, hash: GENESIS_HASH })).toEqual({ next: { seq: 20, hash: events[19]?.hash } });
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
      expect(verifySegment(events, { seq: 0, hash: GENESIS_HASH }), field).toEqual({ broken: { seq: 7, id: victim.id, reason: 'hash_mismatch' } });
    }
  });

  it('detects a deleted row as a sequence gap', () => {
    const events = chain(5);
    events.splice(2, 1);
    expect(verifySegment(events, { seq: 0, hash: GENESIS_HASH })).toMatchObject({ broken: { seq: 4, reason: 'sequence_gap' } });
  });

  it('detects a row whose hash was recomputed after editing (the next row no longer links)', () => {
    const events = chain(5);
    const victim = events[1] as AuditEventRecord;
    const edited = { ...victim, targetId: 'forged' };
    events[1] = { ...edited, hash: hashEvent(edited) };
    expect(verifySegment(events, { seq: 0, hash: GENESIS_HASH })).toMatchObject({ broken: { seq: 3, reason: 'prev_hash_mismatch' } });
  });
});
