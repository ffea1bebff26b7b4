/**
 * Field encryption under per-subject keys, on real SQL and real AES-GCM: round trips, no
 * plaintext at rest, random IVs, ciphertexts bound to their subject and field, crypto-shredding
 * (per subject, recorded, final, and effective in every process), tenant scoping, and the master
 * key as the only way in.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createRuntime } from '../../runtime.ts';
import { loadConfig } from '../../config.ts';
import { queryRows } from '../../db/client.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg } from '../../db/testing/factories.ts';
import { fixedClock, systemClock } from '../clock.ts';
import { createFieldCipher, type FieldCipher } from './subject-keys.service.ts';
import { decryptField, isEncryptedField, unwrapKey } from './subject-keys.crypto.ts';
import { subjectKeys } from './subject-keys.tables.ts';

let rt: Runtime;
let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
  rt = await getTestRuntime();
  orgId = (await createTestOrg(rt)).id;
  otherOrgId = (await createTestOrg(rt)).id;
});

/** A cipher with a cold cache over the same database and master key: what another process sees. */
const anotherProcess = (clock = systemClock): FieldCipher => createFieldCipher(rt.deps.config.masterKey, clock);

async function encrypt(cipher: FieldCipher, org: string, subjectId: string, field: string, plaintext: string): Promise<string> {
  return rt.deps.db.transaction((tx) => cipher.encrypt(tx, org, subjectId, field, plaintext));
}

async function keyRow(subjectId: string) {
  const rows = await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.subjectId, subjectId));
  return rows[0];
}

const TEN_KB = Array.from({ length: 10_240 }, (_, i) => 'abcdéfghijklmnopqrstuvwxyz0123456789'[i % 36]).join('');

describe('encryption round trip', () => {
  it.each([
    ['unicode', 'Zoë Ørsted-Nguyễn — 日本語 🎉 \u00a0«\u202fguillemets\u202f»'],
    ['an empty string', ''],
    ['10 kB', TEN_KB],
  ])('encrypts then decrypts %s, in this process and in another one', async (_label, plaintext) => {
    const subjectId = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'note', plaintext);
    expect(isEncryptedField(value)).toBe(true);
    expect(await rt.deps.cipher.decrypt(rt.deps.db, orgId, subjectId, 'note', value)).toBe(plaintext);
    expect(await anotherProcess().decrypt(rt.deps.db, orgId, subjectId, 'note', value)).toBe(plaintext);
  });

  it('stores neither the plaintext nor the data key in clear; the master key unwraps the data key that opens the value', async () => {
    const subjectId = randomUUID();
    const plaintext = 'camille.martin@example.org';
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', plaintext);
    for (const encoding of ['utf8', 'base64', 'hex', 'base64url'] as const) {
      expect(value).not.toContain(Buffer.from(plaintext).toString(encoding));
    }
    expect(value).not.toContain('camille');

    const row = await keyRow(subjectId);
    expect(row).toMatchObject({ subjectId, orgId, keyVersion: 1, destroyedAt: null });
    expect(row?.wrappedKey).toBeTruthy();
    const [stored] = await queryRows<{ j: string }>(
      rt.deps.db,
      sql`select row_to_json(t)::text as j from subject_keys t where subject_id = ${subjectId}`,
    );
    const dataKey = unwrapKey(rt.deps.config.masterKey, row!.wrappedKey!, subjectId);
    expect(dataKey).toHaveLength(32);
    expect(stored!.j).not.toContain(plaintext);
    expect(stored!.j).not.toContain(dataKey.toString('base64'));
    expect(stored!.j).not.toContain(dataKey.toString('hex'));
    expect(decryptField(dataKey, subjectId, 'email', value)).toBe(plaintext);
  });

  it('uses one key per subject and a fresh IV per value: the same plaintext never encrypts the same way twice', async () => {
    const subjectId = randomUUID();
    const values = [];
    for (let i = 0; i < 5; i++) values.push(await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'same@example.org'));
    expect(new Set(values).size).toBe(5);
    const ivs = values.map((v) => Buffer.from(v.slice('enc1:'.length), 'base64').subarray(0, 12).toString('hex'));
    expect(new Set(ivs).size).toBe(5);
    for (const v of values) expect(await anotherProcess().decrypt(rt.deps.db, orgId, subjectId, 'email', v)).toBe('same@example.org');
    expect(await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.subjectId, subjectId))).toHaveLength(1);
  });

  it('two processes creating the same subject key at once end up with one key that opens both values', async () => {
    const subjectId = randomUUID();
    const [a, b] = await Promise.all([
      encrypt(anotherProcess(), orgId, subjectId, 'name', 'from process A'),
      encrypt(anotherProcess(), orgId, subjectId, 'name', 'from process B'),
    ]);
    const reader = anotherProcess();
    expect(await reader.decrypt(rt.deps.db, orgId, subjectId, 'name', a)).toBe('from process A');
    expect(await reader.decrypt(rt.deps.db, orgId, subjectId, 'name', b)).toBe('from process B');
  });

  it('refuses to decrypt a value that is not an encrypted field', async () => {
    const subjectId = randomUUID();
    await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'x@example.org');
    await expect(rt.deps.cipher.decrypt(rt.deps.db, orgId, subjectId, 'email', 'x@example.org')).rejects.toThrow(/not an encrypted field/);
  });
});

describe('ciphertexts are bound to their subject and field', () => {
  it('a value moved to another field or another subject fails to decrypt instead of leaking', async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, alice, 'email', 'alice@example.org');
    await encrypt(rt.deps.cipher, orgId, bob, 'email', 'bob@example.org');
    for (const cipher of [rt.deps.cipher, anotherProcess()]) {
      await expect(cipher.decrypt(rt.deps.db, orgId, alice, 'phone', value)).rejects.toThrow();
      await expect(cipher.decrypt(rt.deps.db, orgId, bob, 'email', value)).rejects.toThrow();
      // A subject with no key at all yields nothing, never Alice's plaintext.
      expect(await cipher.decrypt(rt.deps.db, orgId, randomUUID(), 'email', value)).toBeNull();
      expect(await cipher.decrypt(rt.deps.db, orgId, alice, 'email', value)).toBe('alice@example.org');
    }
  });

  it('a tampered value fails to decrypt', async () => {
    const subjectId = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'alice@example.org');
    const raw = Buffer.from(value.slice('enc1:'.length), 'base64');
    const last = raw.length - 1;
    raw[last] = raw[last]! ^ 0x01;
    await expect(rt.deps.cipher.decrypt(rt.deps.db, orgId, subjectId, 'email', `enc1:${raw.toString('base64')}`)).rejects.toThrow();
  });
});

describe('crypto-shredding', () => {
  it('destroy makes that subject unreadable, leaves others readable, is recorded, and is final', async () => {
    const clock = fixedClock(new Date('2031-03-04T05:06:07.089Z'));
    const cipher = createFieldCipher(rt.deps.config.masterKey, clock);
    const erased = randomUUID();
    const kept = randomUUID();
    const gone = await encrypt(cipher, orgId, erased, 'email', 'erase.me@example.org');
    const stays = await encrypt(cipher, orgId, kept, 'email', 'keep.me@example.org');
    expect(await cipher.decrypt(rt.deps.db, orgId, erased, 'email', gone)).toBe('erase.me@example.org'); // cache warm

    expect(await rt.deps.db.transaction((tx) => cipher.destroy(tx, orgId, erased))).toBe(true);

    expect(await cipher.decrypt(rt.deps.db, orgId, erased, 'email', gone)).toBeNull();
    expect(await anotherProcess().decrypt(rt.deps.db, orgId, erased, 'email', gone)).toBeNull();
    expect(await cipher.decrypt(rt.deps.db, orgId, kept, 'email', stays)).toBe('keep.me@example.org');
    expect(await anotherProcess().decrypt(rt.deps.db, orgId, kept, 'email', stays)).toBe('keep.me@example.org');

    const row = await keyRow(erased);
    expect(row?.wrappedKey).toBeNull();
    expect(row?.destroyedAt?.toISOString()).toBe('2031-03-04T05:06:07.089Z');
    expect((await keyRow(kept))?.destroyedAt).toBeNull();

    // A second destroy changes nothing, not even the recorded date.
    clock.advance(86_400_000);
    expect(await rt.deps.db.transaction((tx) => cipher.destroy(tx, orgId, erased))).toBe(false);
    expect((await keyRow(erased))?.destroyedAt?.toISOString()).toBe('2031-03-04T05:06:07.089Z');
    // No new key can be minted for an erased subject.
    await expect(encrypt(cipher, orgId, erased, 'email', 'back again')).rejects.toThrow(/destroyed/);
    await expect(encrypt(anotherProcess(), orgId, erased, 'email', 'back again')).rejects.toThrow(/destroyed/);
    expect(await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.subjectId, erased))).toHaveLength(1);
    // Destroying a subject that never had a key reports false.
    expect(await rt.deps.db.transaction((tx) => cipher.destroy(tx, orgId, randomUUID()))).toBe(false);
  });

  it('a destroy whose transaction rolls back destroys nothing', async () => {
    const subjectId = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'still@example.org');
    await expect(
      rt.deps.db.transaction(async (tx) => {
        expect(await rt.deps.cipher.destroy(tx, orgId, subjectId)).toBe(true);
        throw new Error('erasure request failed later');
      }),
    ).rejects.toThrow('erasure request failed later');
    expect((await keyRow(subjectId))?.wrappedKey).toBeTruthy();
    expect(await rt.deps.cipher.decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBe('still@example.org');
  });

  it('after destroy, another process that had the key cached can no longer decrypt either', async () => {
    // The server erases; the worker process (its own FieldCipher) had read this subject before.
    const server = anotherProcess();
    const worker = anotherProcess();
    const subjectId = randomUUID();
    const value = await encrypt(server, orgId, subjectId, 'email', 'erase.me@example.org');
    expect(await worker.decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBe('erase.me@example.org');
    expect(await rt.deps.db.transaction((tx) => server.destroy(tx, orgId, subjectId))).toBe(true);
    expect(await server.decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBeNull();
    expect(await worker.decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBeNull();
  });
});

describe('within one transaction', () => {
  it('reads a subject key once per transaction, never from outside one, and forgets it when destroyed in it', async () => {
    const subjectId = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'once@example.org');
    let reads = 0;
    await rt.deps.db.transaction(async (tx) => {
      // Count the key-row reads this transaction makes (the cache must spare all but the first).
      const select = tx.select.bind(tx);
      tx.select = ((...args: Parameters<typeof tx.select>) => {
        reads++;
        return select(...args);
      }) as typeof tx.select;
      for (let i = 0; i < 4; i++) expect(await rt.deps.cipher.decrypt(tx, orgId, subjectId, 'email', value)).toBe('once@example.org');
      expect(reads).toBe(1);
      expect(await rt.deps.cipher.destroy(tx, orgId, subjectId)).toBe(true);
      expect(await rt.deps.cipher.decrypt(tx, orgId, subjectId, 'email', value)).toBeNull();
    });
    // Outside a transaction nothing is remembered: the destroyed key is read again, and is gone.
    expect(await rt.deps.cipher.decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBeNull();
  });
});

describe('key lifecycle and scoping', () => {
  it('a key created in a transaction that rolls back is not used for later values (they stay readable after a restart)', async () => {
    const subjectId = randomUUID();
    await expect(
      rt.deps.db.transaction(async (tx) => {
        await rt.deps.cipher.encrypt(tx, orgId, subjectId, 'email', 'first try');
        throw new Error('request failed');
      }),
    ).rejects.toThrow('request failed');
    expect(await keyRow(subjectId)).toBeUndefined();

    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'second try');
    // The key that encrypted a committed value must itself be committed.
    expect(await keyRow(subjectId)).toBeDefined();
    expect(await anotherProcess().decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBe('second try');
  });

  it('keys are tenant-scoped: another organisation gets no key, cannot decrypt, encrypt or destroy', async () => {
    const subjectId = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'tenant.a@example.org');
    // A process that never saw the subject.
    const cold = anotherProcess();
    expect(await cold.decrypt(rt.deps.db, otherOrgId, subjectId, 'email', value)).toBeNull();
    await expect(encrypt(cold, otherOrgId, subjectId, 'email', 'hijack')).rejects.toThrow();
    expect(await rt.deps.db.transaction((tx) => cold.destroy(tx, otherOrgId, subjectId))).toBe(false);
    // The process that created the key (and caches it) must apply the same tenant check.
    expect(await rt.deps.cipher.decrypt(rt.deps.db, otherOrgId, subjectId, 'email', value)).toBeNull();
    await expect(encrypt(rt.deps.cipher, otherOrgId, subjectId, 'email', 'hijack')).rejects.toThrow();
    // The owner still reads it: nothing was destroyed or replaced.
    expect(await rt.deps.cipher.decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBe('tenant.a@example.org');
    expect(await keyRow(subjectId)).toMatchObject({ orgId, destroyedAt: null });
  });

  it('a runtime with a different master key cannot unwrap the stored key', async () => {
    const subjectId = randomUUID();
    const value = await encrypt(rt.deps.cipher, orgId, subjectId, 'email', 'secret@example.org');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'confiance-subject-keys-'));
    const config = loadConfig({
      CONFIANCE_DATA_DIR: dataDir,
      CONFIANCE_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      LOG_LEVEL: 'silent',
    });
    expect(config.masterKey.equals(rt.deps.config.masterKey)).toBe(false);
    const wrongKey = await createRuntime(config, { database: rt.database, migrate: false, logger: pino({ level: 'silent' }) });
    try {
      await expect(wrongKey.deps.cipher.decrypt(wrongKey.deps.db, orgId, subjectId, 'email', value)).rejects.toThrow();
      await expect(
        wrongKey.deps.db.transaction((tx) => wrongKey.deps.cipher.encrypt(tx, orgId, subjectId, 'email', 'x')),
      ).rejects.toThrow();
    } finally {
      await wrongKey.close();
    }
    // The shared database is untouched and the right key still works.
    expect(await anotherProcess().decrypt(rt.deps.db, orgId, subjectId, 'email', value)).toBe('secret@example.org');
  });
});
