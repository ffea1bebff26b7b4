import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Decode, base32Encode, generateRecoveryCodes, generateTotpSecret, hotp, normaliseRecoveryCode, otpauthUri, totpStep, verifyTotp } from './auth.totp.ts';

// RFC 6238 Appendix B: SHA-1 seed "12345678901234567890", 8-digit values.
const RFC_SECRET = Buffer.from('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vectors', () => {
    for (const [seconds, expected] of RFC_VECTORS) {
      expect(hotp(RFC_SECRET, totpStep(new Date(seconds * 1000)), 8)).toBe(expected);
    }
  });

  it('matches RFC 4226 Appendix D HOTP values', () => {
    expect([0, 1, 2, 9].map((c) => hotp(RFC_SECRET, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('base32 round-trips any bytes, and the RFC 4648 example', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => base32Decode(base32Encode(Buffer.from(bytes))).equals(Buffer.from(bytes))));
  });

  it('accepts the current step and one either side, never an older or replayed step', () => {
    const secret = generateTotpSecret();
    const at = new Date('2026-11-25T10:00:15Z');
    const step = totpStep(at);
    const codeAt = (s: number) => hotp(base32Decode(secret), s);
    expect(verifyTotp(secret, codeAt(step), at, 0)).toBe(step);
    expect(verifyTotp(secret, codeAt(step - 1), at, 0)).toBe(step - 1);
    expect(verifyTotp(secret, codeAt(step + 1), at, 0)).toBe(step + 1);
    expect(verifyTotp(secret, codeAt(step - 2), at, 0)).toBeNull();
    expect(verifyTotp(secret, codeAt(step + 2), at, 0)).toBeNull();
    // Already used: the same code, or an earlier one, is refused.
    expect(verifyTotp(secret, codeAt(step), at, step)).toBeNull();
    expect(verifyTotp(secret, codeAt(step - 1), at, step - 1)).toBeNull();
    expect(verifyTotp(secret, ` ${codeAt(step).slice(0, 3)} ${codeAt(step).slice(3)} `, at, 0)).toBe(step);
    expect(verifyTotp(secret, 'abcdef', at, 0)).toBeNull();
    expect(verifyTotp(secret, '12345', at, 0)).toBeNull();
  });

  it('still verifies secrets enrolled before otplib: same base32, same codes', () => {
    // Computed by the hand-written implementation this file replaced, for a stored secret.
    const enrolled = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const at = new Date('2026-11-25T10:00:15Z');
    expect(verifyTotp(enrolled, '343045', at, 0)).toBe(59853360);
    expect(verifyTotp(enrolled.toLowerCase().replace(/(.{4})/g, '$1 '), '343045', at, 0)).toBe(59853360);
    // RFC 4648 §10 test vectors (without padding, as stored).
    const vectors: [string, string][] = [['f', 'MY'], ['fo', 'MZXQ'], ['foo', 'MZXW6'], ['foob', 'MZXW6YQ'], ['fooba', 'MZXW6YTB']];
    for (const [text, encoded] of vectors) expect(base32Encode(Buffer.from(text))).toBe(encoded);
  });

  it('answers no, without throwing, when every step of the window is used already', () => {
    const secret = generateTotpSecret();
    const at = new Date('2026-11-25T10:00:15Z');
    const step = totpStep(at);
    expect(verifyTotp(secret, hotp(base32Decode(secret), step + 1), at, step + 1)).toBeNull();
    expect(verifyTotp(secret, hotp(base32Decode(secret), step), at, step + 40)).toBeNull();
  });

  it('builds the otpauth URI authenticator apps read', () => {
    expect(otpauthUri('Confiance', 'léa@exemple.fr', 'JBSWY3DPEHPK3PXP')).toBe(
      'otpauth://totp/Confiance%3Al%C3%A9a%40exemple.fr?secret=JBSWY3DPEHPK3PXP&issuer=Confiance&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('recovery codes are distinct, readable, and typed in any form', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const first = codes[0] ?? '';
    expect(normaliseRecoveryCode(first.toUpperCase().replace('-', ' '))).toBe(first);
  });
});
