/**
 * Time-based one-time passwords for the second sign-in factor: RFC 6238 (TOTP) over RFC 4226
 * (HOTP), HMAC-SHA-1, 30-second steps, 6 digits — the parameters every authenticator app
 * supports. Pure functions: the caller passes the time and remembers the last step used.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { secretsEqual } from '../secrets.ts';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/**
 * Steps accepted either side of now: one, for clock drift and typing time (RFC 6238 §5.2
 * recommends at most one step of network delay).
 */
const DRIFT_STEPS = 1;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, the form authenticator apps expect in otpauth:// URIs. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new shared secret: 160 bits, the HMAC-SHA-1 block recommendation of RFC 4226 §4. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The 30-second step a moment falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** HOTP value of a counter (RFC 4226 §5.3, dynamic truncation). */
export function hotp(secret: Buffer, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return code.toString().padStart(digits, '0');
}

/**
 * The step a code was valid for, or null. A step at or before `lastUsedStep` is refused, so a
 * code seen over someone's shoulder cannot be replayed (RFC 6238 §5.2).
 */
export function verifyTotp(secretBase32: string, code: string, at: Date, lastUsedStep: number): number | null {
  const given = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(given)) return null;
  const secret = base32Decode(secretBase32);
  const now = totpStep(at);
  for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
    if (step > lastUsedStep && secretsEqual(given, hotp(secret, step))) return step;
  }
  return null;
}

/** The otpauth:// URI an authenticator app reads from a QR code (Key Uri Format). */
export function otpauthUri(issuer: string, account: string, secretBase32: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** Ten single-use recovery codes of 10 base32 characters (50 bits each), shown once, as xxxxx-xxxxx. */
export function generateRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const raw = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** A recovery code as typed (any case, with or without the dash or spaces), in its stored form. */
export function normaliseRecoveryCode(code: string): string {
  const raw = code.replace(/[\s-]/g, '').toLowerCase();
  return raw.length === 10 ? `${raw.slice(0, 5)}-${raw.slice(5)}` : raw;
}
