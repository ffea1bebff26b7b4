import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bulkInsertReturning, bulkInsertStatement } from '../../db/bulk.ts';
import type { Clock } from '../clock.ts';
import * as crypto from './subject-keys.crypto.ts';
import { subjectKeys } from './subject-keys.tables.ts';

/** Encrypts and decrypts personal-data fields under per-subject keys; erasure destroys the key. */
export interface FieldCipher {
  /** Encrypts `plaintext` for `subjectId`, creating the subject's key on first use. */
  encrypt(tx: Db, orgId: string, subjectId: string, field: string, plaintext: string): Promise<string>;
  /**
   * Reads the keys of several subjects of one organisation in one query, creating the missing
   * ones in one insert, so the transaction's next encrypt and decrypt calls for them need no round
   * trip (a batch of intakes). Outside a transaction there is nowhere to keep them: does nothing.
   */
  prepareKeys(tx: Db, orgId: string, subjectIds: readonly string[]): Promise<void>;
  /**
   * Keys for subjects whose ids were made just now (they cannot have keys yet): generated and
   * kept for this transaction's encrypt calls at once, and stored by the statement returned,
   * which the caller runs in this transaction with its own rows of those subjects (one round
   * trip). Null when there are none. A key already stored for one of them fails the statement.
   */
  newKeysStatement(tx: Db, orgId: string, subjectIds: readonly string[]): SQL | null;
  /** The plaintext, or null when the subject's key has been destroyed (crypto-shredded). */
  decrypt(db: Db, orgId: string, subjectId: string, field: string, value: string): Promise<string | null>;
  /** Destroys the subject's data key: every field encrypted under it becomes unreadable for good. */
  destroy(tx: Db, orgId: string, subjectId: string): Promise<boolean>;
}

/** Builds the field cipher under the master key; the runtime makes one (deps.cipher). */
export function createFieldCipher(masterKey: Buffer, clock: Clock): FieldCipher {
  /**
   * No cache of unwrapped keys beyond a transaction, on purpose: a key destroyed by another
   * process, a key of another organisation, or a key created in a transaction that rolled back
   * can never be used. Within one transaction, though, a key read once is remembered for the rest
   * of that transaction (an intake encrypts five fields of the same subject): keyed by the
   * transaction handle, the cache dies with it (nothing to close), and a savepoint gets its own.
   */
  const keysOfTransaction = new WeakMap<Db, Map<string, Buffer | null>>();

  /** The key cache of a transaction; none for the shared database handle (outside a transaction). */
  function transactionKeys(db: Db): Map<string, Buffer | null> | undefined {
    if (!('rollback' in db)) return undefined;
    let keys = keysOfTransaction.get(db);
    if (!keys) keysOfTransaction.set(db, (keys = new Map()));
    return keys;
  }

  async function loadKey(db: Db, orgId: string, subjectId: string): Promise<Buffer | null | undefined> {
    const cache = transactionKeys(db);
    const cached = cache?.get(`${orgId}:${subjectId}`);
    if (cached !== undefined) return cached;
    const key = await readKey(db, orgId, subjectId);
    if (key !== undefined) cache?.set(`${orgId}:${subjectId}`, key);
    return key;
  }

  async function readKey(db: Db, orgId: string, subjectId: string): Promise<Buffer | null | undefined> {
    const [row] = await db
      .select({ wrappedKey: subjectKeys.wrappedKey })
      .from(subjectKeys)
      .where(and(eq(subjectKeys.orgId, orgId), eq(subjectKeys.subjectId, subjectId)));
    if (!row) return undefined;
    return row.wrappedKey ? crypto.unwrapKey(masterKey, row.wrappedKey, subjectId) : null;
  }

  /** New data keys for these subjects, and the rows that store them wrapped by the master key. */
  function freshKeys(orgId: string, subjectIds: readonly string[]) {
    const keys = new Map(subjectIds.map((id) => [id, crypto.generateDataKey()]));
    const rows = [...keys].map(([subjectId, key]) => ({ subjectId, orgId, wrappedKey: crypto.wrapKey(masterKey, key, subjectId) }));
    return { keys, rows };
  }

  /** Stores fresh keys for subjects that have none; returns those this call created (another transaction may have been first). */
  async function createKeys(tx: Db, orgId: string, subjectIds: readonly string[]): Promise<Map<string, Buffer>> {
    const { keys, rows } = freshKeys(orgId, subjectIds);
    if (keys.size === 0) return keys;
    const created = new Set((await bulkInsertReturning(tx, subjectKeys, rows, { onConflictDoNothing: true })).map((r) => r.subjectId));
    for (const id of keys.keys()) if (!created.has(id)) keys.delete(id);
    return keys;
  }

  return {
    async encrypt(tx, orgId, subjectId, field, plaintext) {
      let key = await loadKey(tx, orgId, subjectId);
      if (key === null) throw new Error('cannot encrypt for a subject whose key was destroyed');
      if (key === undefined) {
        // Another transaction may have created the key first: use the stored one.
        key = (await createKeys(tx, orgId, [subjectId])).get(subjectId) ?? (await loadKey(tx, orgId, subjectId));
        if (!key) throw new Error('subject key could not be created');
        transactionKeys(tx)?.set(`${orgId}:${subjectId}`, key);
      }
      return crypto.encryptField(key, subjectId, field, plaintext);
    },

    newKeysStatement(tx, orgId, subjectIds) {
      const cache = transactionKeys(tx);
      if (!cache) throw new Error('new subject keys need a transaction');
      if (subjectIds.length === 0) return null;
      const { keys, rows } = freshKeys(orgId, subjectIds);
      for (const [id, key] of keys) cache.set(`${orgId}:${id}`, key);
      return bulkInsertStatement(subjectKeys, rows, {}, false);
    },

    async prepareKeys(tx, orgId, subjectIds) {
      const cache = transactionKeys(tx);
      const wanted = [...new Set(subjectIds)].filter((id) => !cache?.has(`${orgId}:${id}`));
      if (!cache || wanted.length === 0) return;
      const rows = await tx
        .select({ subjectId: subjectKeys.subjectId, wrappedKey: subjectKeys.wrappedKey })
        .from(subjectKeys)
        .where(and(eq(subjectKeys.orgId, orgId), inArray(subjectKeys.subjectId, wanted)));
      for (const row of rows) cache.set(`${orgId}:${row.subjectId}`, row.wrappedKey ? crypto.unwrapKey(masterKey, row.wrappedKey, row.subjectId) : null);
      const missing = wanted.filter((id) => !cache.has(`${orgId}:${id}`));
      for (const [id, key] of await createKeys(tx, orgId, missing)) cache.set(`${orgId}:${id}`, key);
    },

    async decrypt(db, orgId, subjectId, field, value) {
      const key = await loadKey(db, orgId, subjectId);
      if (!key) return null;
      return crypto.decryptField(key, subjectId, field, value);
    },

    async destroy(tx, orgId, subjectId) {
      const rows = await tx
        .update(subjectKeys)
        .set({ wrappedKey: null, destroyedAt: clock.now() })
        .where(and(eq(subjectKeys.orgId, orgId), eq(subjectKeys.subjectId, subjectId), isNull(subjectKeys.destroyedAt)))
        .returning({ subjectId: subjectKeys.subjectId });
      transactionKeys(tx)?.set(`${orgId}:${subjectId}`, null);
      return rows.length > 0;
    },
  };
}
