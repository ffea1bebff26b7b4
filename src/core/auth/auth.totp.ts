/**
 * Time-based one-time passwords for the second sign-in factor: RFC 6238 (TOTP) over RFC 4226
 * (HOTP), HMAC-SHA-1, 30-second steps, 6 digits — the parameters every authenticator app
 * supports. The algorithms are otplib's; this file fixes our parameters, the secret format
 * (base32, as enrolled secrets are stored), the drift window and replay protection. Pure
 * functions: the caller passes the time and remembers the last step used.
 */
import { randomBytes } from 'node:crypto';
import { generateSecret, generateSync, ScureBase32Plugin, verifySync } from 'otplib';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/**
 * Steps accepted either side of now: one, for clock drift and typing time (RFC 6238 §5.2
 * recommends at most one step of network delay).
 */
const DRIFT_STEPS = 1;
const base32 = new ScureBase32Plugin();

/** RFC 4648 base32 without padding, the form authenticator apps expect in otpauth:// URIs. */
export function base32Encode(bytes: Uint8Array): string {
  return base32.encode(bytes, { padding: false });
}

/** Base32 as stored or typed: any case, padding, spaces and dashes ignored. Throws on other characters. */
export function base32Decode(text: string): Buffer {
  return Buffer.from(base32.decode(text.replace(/[\s=-]/g, '')));
}

/** A new shared secret: 160 bits, the HMAC-SHA-1 block recommendation of RFC 4226 §4. */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The 30-second step a moment falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** HOTP value of a counter (RFC 4226 §5.3, dynamic truncation). */
export function hotp(secret: Uint8Array, counter: number, digits: number = TOTP_DIGITS): string {
  return generateSync({ strategy: 'hotp', secret, counter, digits, algorithm: 'sha1' });
}

/**
 * The step a code was valid for, or null. A step at or before `lastUsedStep` is refused, so a
 * code seen over someone's shoulder cannot be replayed (RFC 6238 §5.2).
 */
export function verifyTotp(secretBase32: string, code: string, at: Date, lastUsedStep: number): number | null {
  const token = code.replace(/\s/g, '');
  // Anything but six digits is not a TOTP code (it may be a recovery code): otplib would throw.
  if (!/^\d{6}$/.test(token)) return null;
  // Every step of the window is used already (otplib refuses such a bound rather than answer no).
  if (lastUsedStep >= totpStep(at) + DRIFT_STEPS) return null;
  const result = verifySync({
    secret: base32Decode(secretBase32),
    token,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_STEP_SECONDS,
    epoch: Math.floor(at.getTime() / 1000),
    // In seconds: one period either side of now covers exactly the steps now-1, now and now+1.
    epochTolerance: DRIFT_STEPS * TOTP_STEP_SECONDS,
    afterTimeStep: lastUsedStep,
  });
  // The functional API types HOTP and TOTP results together; only a TOTP result has the step.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * The otpauth:// URI an authenticator app reads from a QR code (Key Uri Format). Ours, not
 * otplib's, which leaves out parameters at their defaults and writes the label's colon bare:
 * this form (every parameter named, the colon encoded; both allowed by the format) is the one
 * enrolment has always shown, and the tests pin it.
 */
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
