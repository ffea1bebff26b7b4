/**
 * AES-256-GCM envelope encryption (node:crypto only). A random data key per data subject
 * encrypts that subject's fields; the master key only wraps data keys. The additional
 * authenticated data binds each ciphertext to its subject and field, so a value copied to
 * another row or column fails to decrypt instead of leaking.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { pooledRandomBytes } from '../random.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Format marker, so the scheme can change without guessing what old values are. */
const FIELD_PREFIX = 'enc1:';

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

const derivedKeys = new WeakMap<Buffer, Map<string, Buffer>>();

/**
 * A key derived from the master key, computed once per master key and name (derivations run on
 * hot paths: every intake hashes an e-mail with the lookup key). `name` must say how the key is
 * derived as well as what for, so two derivations never share an entry.
 */
export function memoisedKey(masterKey: Buffer, name: string, derive: (masterKey: Buffer) => Buffer): Buffer {
  let keys = derivedKeys.get(masterKey);
  if (!keys) derivedKeys.set(masterKey, (keys = new Map()));
  let key = keys.get(name);
  if (!key) keys.set(name, (key = derive(masterKey)));
  return key;
}

/**
 * A key for one purpose (e.g. `confiance/mfa-secret/v1`), derived from the master key with
 * HKDF-SHA-256 (RFC 5869): independent of the key that wraps subject keys and of every other
 * purpose's key, so no ciphertext can be opened in another role.
 */
export function deriveKey(masterKey: Buffer, label: string): Buffer {
  return memoisedKey(masterKey, `hkdf:${label}`, (master) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), label, 32)));
}

export function generateDataKey(): Buffer {
  return pooledRandomBytes(32);
}

export function wrapKey(masterKey: Buffer, dataKey: Buffer, subjectId: string): string {
  return seal(masterKey, dataKey, `subject-key:${subjectId}`);
}

export function unwrapKey(masterKey: Buffer, wrapped: string, subjectId: string): Buffer {
  return open(masterKey, wrapped, `subject-key:${subjectId}`);
}

export function encryptField(dataKey: Buffer, subjectId: string, field: string, plaintext: string): string {
  return FIELD_PREFIX + seal(dataKey, Buffer.from(plaintext, 'utf8'), `${subjectId}:${field}`);
}

export function decryptField(dataKey: Buffer, subjectId: string, field: string, value: string): string {
  if (!value.startsWith(FIELD_PREFIX)) throw new Error('not an encrypted field value');
  return open(dataKey, value.slice(FIELD_PREFIX.length), `${subjectId}:${field}`).toString('utf8');
}

export function isEncryptedField(value: string): boolean {
  return value.startsWith(FIELD_PREFIX);
}
