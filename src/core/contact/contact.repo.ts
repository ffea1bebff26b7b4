/** Queries of the contact history; always tenant-scoped, never authorizes. */
import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contactAttempts } from './contact.tables.ts';
import type { ContactChannel } from './contact.policy.ts';

export type ContactAttemptRow = typeof contactAttempts.$inferSelect;

export async function insertAttempt(db: Db, values: typeof contactAttempts.$inferInsert): Promise<ContactAttemptRow> {
  const [row] = await db.insert(contactAttempts).values(values).returning();
  return row!;
}

/** The subject's attempts on `channel` from `since` through `until` (inclusive), oldest first. */
export async function findAttemptsBetween(
  db: Db,
  orgId: string,
  customerId: string,
  channel: ContactChannel,
  since: Date,
  until: Date,
): Promise<ContactAttemptRow[]> {
  return db
    .select()
    .from(contactAttempts)
    .where(
      and(
        eq(contactAttempts.orgId, orgId),
        eq(contactAttempts.customerId, customerId),
        eq(contactAttempts.channel, channel),
        gte(contactAttempts.occurredAt, since),
        lte(contactAttempts.occurredAt, until),
      ),
    )
    .orderBy(contactAttempts.occurredAt);
}

/** The phone rows of many subjects from `since` through `until` (inclusive), oldest first. */
export async function findPhoneHistoryOfSubjects(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  since: Date,
  until: Date,
): Promise<ContactAttemptRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .select()
    .from(contactAttempts)
    .where(
      and(
        eq(contactAttempts.orgId, orgId),
        inArray(contactAttempts.customerId, [...customerIds]),
        eq(contactAttempts.channel, 'phone'),
        gte(contactAttempts.occurredAt, since),
        lte(contactAttempts.occurredAt, until),
      ),
    )
    .orderBy(contactAttempts.occurredAt);
}

/**
 * Inserts imported attempts, skipping those whose import key is already there (the same file
 * uploaded again, or a concurrent upload): the rows written come back.
 */
export async function insertImportedAttempts(
  db: Db,
  values: readonly (typeof contactAttempts.$inferInsert)[],
): Promise<ContactAttemptRow[]> {
  if (values.length === 0) return [];
  return db
    .insert(contactAttempts)
    .values([...values])
    .onConflictDoNothing({ target: [contactAttempts.orgId, contactAttempts.importKey] })
    .returning();
}

/** The import keys among `keys` already in the history. */
export async function findImportKeys(db: Db, orgId: string, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 5_000) {
    const rows = await db
      .select({ key: contactAttempts.importKey })
      .from(contactAttempts)
      .where(and(eq(contactAttempts.orgId, orgId), inArray(contactAttempts.importKey, keys.slice(i, i + 5_000))));
    for (const r of rows) if (r.key) found.add(r.key);
  }
  return found;
}

/** The subject's history, newest first. */
export async function findAttempts(db: Db, orgId: string, customerId: string, limit = 200): Promise<ContactAttemptRow[]> {
  return db
    .select()
    .from(contactAttempts)
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.customerId, customerId)))
    .orderBy(desc(contactAttempts.occurredAt))
    .limit(limit);
}

export async function deleteSubject(db: Db, orgId: string, customerId: string): Promise<number> {
  const gone = await db
    .delete(contactAttempts)
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.customerId, customerId)))
    .returning({ id: contactAttempts.id });
  return gone.length;
}
