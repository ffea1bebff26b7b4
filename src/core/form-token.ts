/**
 * CSRF defence for the anonymous portal forms (the complaint form, the contract termination and
 * withdrawal functions): a signed, expiring token in a hidden field
 * (HMAC-SHA-256 under a key derived from the master key), bound to the organisation and the form.
 * A cross-site page cannot read a fresh token from our origin, and an old one expires. The
 * random nonce doubles as a de-duplication key for a form posted twice.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretsEqual } from './secrets.ts';

/** A form stays valid for a long sitting: people write complaints slowly. */
export const FORM_TOKEN_TTL_MS = 6 * 60 * 60_000;

function key(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('portal-form-token').digest();
}

function mac(masterKey: Buffer, scope: string, issuedAt: number, nonce: string): string {
  return createHmac('sha256', key(masterKey)).update(`${scope}|${issuedAt}|${nonce}`).digest('base64url');
}

/** A token for a form of `scope` (e.g. `complaint:<orgId>`). */
export function signFormToken(masterKey: Buffer, scope: string, now: Date): string {
  const issuedAt = now.getTime();
  const nonce = randomBytes(12).toString('base64url');
  return `${issuedAt}.${nonce}.${mac(masterKey, scope, issuedAt, nonce)}`;
}

/** Checks a posted token; returns its nonce when valid. */
export function verifyFormToken(
  masterKey: Buffer,
  scope: string,
  token: string | undefined,
  now: Date,
  ttlMs: number = FORM_TOKEN_TTL_MS,
): { ok: true; nonce: string } | { ok: false; reason: 'missing' | 'invalid' | 'expired' } {
  if (!token) return { ok: false, reason: 'missing' };
  const [issued, nonce, signature] = token.split('.');
  const issuedAt = Number(issued);
  if (!nonce || !signature || !Number.isSafeInteger(issuedAt) || !/^[\w-]{16}$/.test(nonce)) return { ok: false, reason: 'invalid' };
  if (!secretsEqual(signature, mac(masterKey, scope, issuedAt, nonce))) return { ok: false, reason: 'invalid' };
  const age = now.getTime() - issuedAt;
  if (age < -60_000 || age > ttlMs) return { ok: false, reason: 'expired' };
  return { ok: true, nonce };
}
