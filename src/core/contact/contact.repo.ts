/** Queries of the contact history; always tenant-scoped, never authorizes. */
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import type { Db } from '../../db/client.ts';
import { contactAttempts, oppositionEntries, oppositionLists } from './contact.tables.ts';
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

export type OppositionListRow = typeof oppositionLists.$inferSelect;

/** The organisation's opposition list extracts, newest extract first. */
export async function findOppositionLists(db: Db, orgId: string): Promise<OppositionListRow[]> {
  return db
    .select()
    .from(oppositionLists)
    .where(eq(oppositionLists.orgId, orgId))
    .orderBy(desc(oppositionLists.extractedOn), desc(oppositionLists.createdAt));
}

export async function insertOppositionList(db: Db, values: typeof oppositionLists.$inferInsert): Promise<OppositionListRow> {
  const [row] = await db.insert(oppositionLists).values(values).returning();
  return row!;
}

/** Adds numbers (keyed hashes) to an extract; a number twice in a file is kept once. */
export async function insertOppositionEntries(db: Db, listId: string, hashes: readonly string[]): Promise<void> {
  await bulkInsert(
    db,
    oppositionEntries,
    hashes.map((numberHash) => ({ listId, numberHash })),
    { onConflictDoNothing: true },
  );
}

export async function completeOppositionList(db: Db, orgId: string, id: string, rejected: number, at: Date): Promise<OppositionListRow> {
  const [row] = await db
    .update(oppositionLists)
    .set({ status: 'ready', rejected, completedAt: at, entries: sql`(select count(*)::int from opposition_entries where list_id = ${id})` })
    .where(and(eq(oppositionLists.orgId, orgId), eq(oppositionLists.id, id)))
    .returning();
  return row!;
}

/** Which of these number hashes are on the extract. */
export async function listedAmong(db: Db, listId: string, hashes: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 5_000) {
    const rows = await db
      .select({ h: oppositionEntries.numberHash })
      .from(oppositionEntries)
      .where(and(eq(oppositionEntries.listId, listId), inArray(oppositionEntries.numberHash, hashes.slice(i, i + 5_000))));
    for (const r of rows) found.add(r.h);
  }
  return found;
}

/**
 * Prospecting attempts the rules refused at their time but that were made all the same (recorded
 * flagged, or imported from a dialer's log), oldest first: a contact without a valid decision.
 * A page of `limit` after the attempt `after` (keyset: time, then id), so a reader can walk them all.
 */
export async function findRefusedProspecting(
  db: Db,
  orgId: string,
  limit: number,
  after?: { occurredAt: Date; id: string },
): Promise<Pick<ContactAttemptRow, 'id' | 'customerId' | 'channel' | 'occurredAt' | 'reasons'>[]> {
  return db
    .select({ id: contactAttempts.id, customerId: contactAttempts.customerId, channel: contactAttempts.channel, occurredAt: contactAttempts.occurredAt, reasons: contactAttempts.reasons })
    .from(contactAttempts)
    .where(
      and(
        eq(contactAttempts.orgId, orgId),
        eq(contactAttempts.purpose, 'prospecting'),
        eq(contactAttempts.allowed, false),
        after ? sql`(${contactAttempts.occurredAt}, ${contactAttempts.id}) > (${after.occurredAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(contactAttempts.occurredAt, contactAttempts.id)
    .limit(limit);
}
