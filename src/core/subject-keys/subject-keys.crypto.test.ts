/**
 * The pure AES-256-GCM envelope functions: round trips, and every way a value can be wrong
 * (tampered, truncated, wrong key, wrong subject or field, wrong format) ends in an error,
 * never in a wrong plaintext.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, generateDataKey, isEncryptedField, unwrapKey, wrapKey } from './subject-keys.crypto.ts';

const SUBJECT = '6f1c2b9e-3d4a-4c5b-9e8f-0a1b2c3d4e5f';
const OTHER_SUBJECT = '0b6f6a57-2f59-4f8e-a1d6-6d0f2f1e9c11';
const PREFIX = 'enc1:';
const IV = 12;
const TAG = 16;

const body = (value: string) => Buffer.from(value.slice(PREFIX.length), 'base64');
const rebuild = (raw: Buffer) => PREFIX + raw.toString('base64');

describe('field encryption', () => {
  it('round-trips any string, including empty, unicode and large values', () => {
    const key = generateDataKey();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ minLength: 1, maxLength: 20 }), (plaintext, field) => {
        const value = encryptField(key, SUBJECT, field, plaintext);
        expect(isEncryptedField(value)).toBe(true);
        expect(decryptField(key, SUBJECT, field, value)).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
    const big = 'é'.repeat(50_000);
    expect(decryptField(key, SUBJECT, 'note', encryptField(key, SUBJECT, 'note', big))).toBe(big);
  });

  it('lays out prefix, 12-byte IV, 16-byte tag and a body as long as the plaintext', () => {
    const key = generateDataKey();
    const value = encryptField(key, SUBJECT, 'email', 'abc');
    expect(value.startsWith(PREFIX)).toBe(true);
    expect(body(value)).toHaveLength(IV + TAG + 3);
    expect(body(encryptField(key, SUBJECT, 'email', ''))).toHaveLength(IV + TAG);
  });

  it('uses a fresh IV each time, so equal plaintexts give unrelated values', () => {
    const key = generateDataKey();
    const values = Array.from({ length: 20 }, () => encryptField(key, SUBJECT, 'email', 'same'));
    expect(new Set(values).size).toBe(20);
    expect(new Set(values.map((v) => body(v).subarray(0, IV).toString('hex'))).size).toBe(20);
  });

  it('rejects a value with any single bit flipped (IV, tag or body)', () => {
    const key = generateDataKey();
    const value = encryptField(key, SUBJECT, 'email', 'alice@example.org');
    const raw = body(value);
    for (let byte = 0; byte < raw.length; byte++) {
      const tampered = Buffer.from(raw);
      tampered[byte] = tampered[byte]! ^ (1 << (byte % 8));
      expect(() => decryptField(key, SUBJECT, 'email', rebuild(tampered)), `byte ${byte}`).toThrow();
    }
  });

  it('rejects truncated or extended values', () => {
    const key = generateDataKey();
    const value = encryptField(key, SUBJECT, 'email', 'alice@example.org');
    const raw = body(value);
    expect(() => decryptField(key, SUBJECT, 'email', PREFIX)).toThrow(/too short/);
    expect(() => decryptField(key, SUBJECT, 'email', rebuild(raw.subarray(0, IV + TAG - 1)))).toThrow(/too short/);
    expect(() => decryptField(key, SUBJECT, 'email', rebuild(raw.subarray(0, raw.length - 1)))).toThrow();
    expect(() => decryptField(key, SUBJECT, 'email', rebuild(raw.subarray(0, IV + TAG)))).toThrow();
    expect(() => decryptField(key, SUBJECT, 'email', rebuild(Buffer.concat([raw, Buffer.from([0])])))).toThrow();
    expect(() => decryptField(key, SUBJECT, 'email', value.slice(0, -4))).toThrow();
  });

  it('rejects the wrong key, the wrong subject and the wrong field (authenticated data)', () => {
    const key = generateDataKey();
    const value = encryptField(key, SUBJECT, 'email', 'alice@example.org');
    expect(() => decryptField(generateDataKey(), SUBJECT, 'email', value)).toThrow();
    expect(() => decryptField(key, OTHER_SUBJECT, 'email', value)).toThrow();
    expect(() => decryptField(key, SUBJECT, 'phone', value)).toThrow();
    expect(() => decryptField(key, SUBJECT, 'Email', value)).toThrow();
    expect(decryptField(key, SUBJECT, 'email', value)).toBe('alice@example.org');
  });

  it('rejects values without the format prefix, and a key of the wrong length', () => {
    const key = generateDataKey();
    const value = encryptField(key, SUBJECT, 'email', 'alice@example.org');
    expect(isEncryptedField('alice@example.org')).toBe(false);
    expect(isEncryptedField(value.slice(PREFIX.length))).toBe(false);
    expect(() => decryptField(key, SUBJECT, 'email', value.slice(PREFIX.length))).toThrow(/not an encrypted field value/);
    expect(() => decryptField(key, SUBJECT, 'email', 'enc2:' + value.slice(PREFIX.length))).toThrow(/not an encrypted field value/);
    expect(() => encryptField(randomBytes(16), SUBJECT, 'email', 'x')).toThrow();
    expect(() => decryptField(key.subarray(0, 31), SUBJECT, 'email', value)).toThrow();
  });
});

describe('key wrapping', () => {
  it('generates distinct 32-byte data keys', () => {
    const keys = Array.from({ length: 50 }, () => generateDataKey());
    expect(keys.every((k) => k.length === 32)).toBe(true);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(50);
  });

  it('wraps and unwraps a data key under the master key, bound to its subject', () => {
    const master = randomBytes(32);
    const dataKey = generateDataKey();
    const wrapped = wrapKey(master, dataKey, SUBJECT);
    expect(wrapped).not.toContain(dataKey.toString('base64'));
    expect(Buffer.from(wrapped, 'base64')).toHaveLength(IV + TAG + 32);
    expect(unwrapKey(master, wrapped, SUBJECT).equals(dataKey)).toBe(true);
    expect(wrapKey(master, dataKey, SUBJECT)).not.toBe(wrapped);
  });

  it('refuses to unwrap with another master key, for another subject, or from a tampered or truncated value', () => {
    const master = randomBytes(32);
    const wrapped = wrapKey(master, generateDataKey(), SUBJECT);
    expect(() => unwrapKey(randomBytes(32), wrapped, SUBJECT)).toThrow();
    expect(() => unwrapKey(master, wrapped, OTHER_SUBJECT)).toThrow();
    const raw = Buffer.from(wrapped, 'base64');
    raw[IV + 3] = raw[IV + 3]! ^ 0x80;
    expect(() => unwrapKey(master, raw.toString('base64'), SUBJECT)).toThrow();
    expect(() => unwrapKey(master, wrapped.slice(0, 20), SUBJECT)).toThrow(/too short/);
    expect(() => unwrapKey(master, '', SUBJECT)).toThrow(/too short/);
  });

  it('a wrapped key is not a field value and a field value is not a wrapped key (distinct authenticated data)', () => {
    const key = generateDataKey();
    const wrapped = wrapKey(key, generateDataKey(), SUBJECT);
    expect(() => decryptField(key, SUBJECT, 'email', PREFIX + wrapped)).toThrow();
    const value = encryptField(key, SUBJECT, 'email', 'x'.repeat(32));
    expect(() => unwrapKey(key, value.slice(PREFIX.length), SUBJECT)).toThrow();
  });
});
