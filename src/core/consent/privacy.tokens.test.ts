import { describe, expect, it } from 'vitest';
import { deriveKey, hashCode, signCompact, signToken, verifyCompact, verifyToken } from './privacy.tokens.ts';
import { secretsEqual } from '../secrets.ts';

const master = Buffer.alloc(32, 9);
const key = deriveKey(master, 'withdraw');
const ids = {
  i: '11111111-1111-4111-8111-111111111111',
  s: '22222222-2222-4222-8222-222222222222',
  p: '33333333-3333-4333-8333-333333333333',
  c: 2,
};
const org = '44444444-4444-4444-8444-444444444444';

describe('signed tokens', () => {
  it('round-trips, refuses forgery, another use’s key, another organisation, and expiry', () => {
    const token = signToken(key, { a: 'b' }, 10_000);
    expect(verifyToken(key, token, 9_999)).toEqual({ ok: true, fields: { a: 'b' } });
    expect(verifyToken(key, token, 10_000)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyToken(deriveKey(master, 'export'), token, 0)).toMatchObject({ ok: false, reason: 'forged' });
    const [body, mac] = token.split('.');
    const tampered = Buffer.from(JSON.stringify({ a: 'c', exp: 10_000 })).toString('base64url');
    expect(verifyToken(key, `${tampered}.${mac}`, 0)).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyToken(key, `${body}`, 0)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('compact withdrawal tokens are short, bound to the organisation, and expire', () => {
    const token = signCompact(key, org, ids, 5_000_000);
    expect(token.length).toBeLessThan(100);
    expect(verifyCompact(key, org, token, 0)).toEqual({ ok: true, fields: { i: ids.i, s: ids.s, p: ids.p, c: '2', o: org } });
    expect(verifyCompact(key, '55555555-5555-4555-8555-555555555555', token, 0)).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyCompact(key, org, token, 5_000_000)).toMatchObject({ ok: false, reason: 'expired' });
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(verifyCompact(key, org, flipped, 0)).toMatchObject({ ok: false, reason: 'forged' });
    expect(verifyCompact(key, org, 'nonsense', 0)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('one-time codes are stored as HMACs bound to their challenge', () => {
    const h = hashCode(master, 'c1', '123456');
    expect(h).not.toContain('123456');
    expect(secretsEqual(h, hashCode(master, 'c1', '123456'))).toBe(true);
    expect(secretsEqual(h, hashCode(master, 'c2', '123456'))).toBe(false);
  });
});
