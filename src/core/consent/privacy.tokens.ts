/**
 * Signed, expiring tokens of the privacy centre (portal session, form tokens, withdrawal and
 * download links). Stateless HMAC-SHA-256 under keys derived from the master key, one per use,
 * so a token made for one use is refused by another. Single use is enforced by the caller
 * (the token id is recorded when used).
 */
import { createHmac } from 'node:crypto';
import { secretsEqual } from '../secrets.ts';

export type TokenUse = 'portal-session' | 'form' | 'withdraw' | 'export';

/** A key per use, derived from the master key. */
export function deriveKey(masterKey: Buffer, use: TokenUse): Buffer {
  return createHmac('sha256', masterKey).update(`confiance-privacy-token:${use}`).digest();
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url').toString('utf8');
const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

/** Signs `fields` (no dots allowed in the encoding) with an expiry in epoch ms. */
export function signToken(key: Buffer, fields: Record<string, string>, expiresAtMs: number): string {
  const body = b64(JSON.stringify({ ...fields, exp: expiresAtMs }));
  return `${body}.${mac(key, body)}`;
}

export type TokenCheck =
  { ok: true; fields: Record<string, string> } | { ok: false; reason: 'malformed' | 'forged' | 'expired'; fields?: Record<string, string> };

/** Verifies signature then expiry; an expired token still returns its (authentic) fields. */
export function verifyToken(key: Buffer, token: string, nowMs: number): TokenCheck {
  if (token.length > 2000) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  if (!secretsEqual(parts[1], mac(key, parts[0]))) return { ok: false, reason: 'forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(unb64(parts[0]));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'malformed' };
  const { exp, ...rest } = parsed as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === 'string') fields[k] = v;
  if (typeof exp !== 'number' || nowMs >= exp) return { ok: false, reason: 'expired', fields };
  return { ok: true, fields };
}

/** HMAC of a one-time code bound to its challenge id: the code itself is never stored. */
export function hashCode(masterKey: Buffer, challengeId: string, code: string): string {
  return createHmac('sha256', deriveKey(masterKey, 'portal-session')).update(`otp:${challengeId}:${code}`).digest('hex');
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const bytesUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
const COMPACT_MAC = 16;

/**
 * A compact token of three uuids and a small code, bound to the organisation (in the MAC, not the
 * body), short enough for a URL path segment: fields i, s, p (uuids) and c (0-255).
 */
export function signCompact(
  key: Buffer,
  orgId: string,
  fields: { i: string; s: string; p: string; c: number },
  expiresAtMs: number,
): string {
  const body = Buffer.alloc(53);
  uuidBytes(fields.i).copy(body, 0);
  uuidBytes(fields.s).copy(body, 16);
  uuidBytes(fields.p).copy(body, 32);
  body.writeUInt8(fields.c, 48);
  body.writeUInt32BE(Math.floor(expiresAtMs / 1000), 49);
  const b = body.toString('base64url');
  return `${b}.${createHmac('sha256', key).update(`${orgId}:${b}`).digest().subarray(0, COMPACT_MAC).toString('base64url')}`;
}

export function verifyCompact(key: Buffer, orgId: string, token: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0].length !== 71) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', key).update(`${orgId}:${parts[0]}`).digest().subarray(0, COMPACT_MAC);
  const given = Buffer.from(parts[1], 'base64url');
  if (!secretsEqual(given, expected)) return { ok: false, reason: 'forged' };
  const body = Buffer.from(parts[0], 'base64url');
  const fields = {
    i: bytesUuid(body.subarray(0, 16)),
    s: bytesUuid(body.subarray(16, 32)),
    p: bytesUuid(body.subarray(32, 48)),
    c: String(body.readUInt8(48)),
    o: orgId,
  };
  if (nowMs >= body.readUInt32BE(49) * 1000) return { ok: false, reason: 'expired', fields };
  return { ok: true, fields };
}
