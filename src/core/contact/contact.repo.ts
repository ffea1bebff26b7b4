/** Queries of the contact history; always tenant-scoped, never authorizes. */
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { contactAttempts } from './contact.tables.ts';
import type { ContactChannel } from './contact.policy.ts';

export type ContactAttemptRow = typeof contactAttempts.$inferSelect;

export async function insertAttempt(db: Db, values: typeof contactAttempts.$inferInsert): Promise<ContactAttemptRow> {
  const [row] = await db.insert(contactAttempts).values(values).returning();
  return row!;
}

/** The subject's attempts on `channel` from `since` through `until` (inclusive), oldest first. */
export async function findAttemptsBetween(db: Db, orgId: string, customerId: string, channel: ContactChannel, since: Date, until: Date): Promise<ContactAttemptRow[]> {
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
