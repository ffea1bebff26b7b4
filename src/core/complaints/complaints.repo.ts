/** Data access for complaints, their thread and timeline. Always scoped by organisation; never authorizes. */
import { and, asc, count, desc, eq, gte, ilike, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { complaintCounters, complaintEvents, complaintIdempotency, complaintMessages, complaints } from './complaints.tables.ts';
import type { ComplaintQuery } from './complaints.schemas.ts';

export type ComplaintRow = typeof complaints.$inferSelect;
export type MessageRow = typeof complaintMessages.$inferSelect;
export type EventRow = typeof complaintEvents.$inferSelect;

/** The next reference number of the organisation for `year`; the counter row lock serialises intakes. */
export async function nextReferenceNumber(db: Db, orgId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(complaintCounters)
    .values({ orgId, year, last: 1 })
    .onConflictDoUpdate({ target: [complaintCounters.orgId, complaintCounters.year], set: { last: sql`${complaintCounters.last} + 1` } })
    .returning({ last: complaintCounters.last });
  if (!row) throw new Error('counter upsert returned no row');
  return row.last;
}

export async function insertComplaint(db: Db, values: typeof complaints.$inferInsert): Promise<ComplaintRow> {
  const [row] = await db.insert(complaints).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findComplaintById(db: Db, orgId: string, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.id, id)));
  return row;
}

/** Locks the complaint row for the rest of the transaction (concurrent steps are serialised). */
export async function lockComplaint(db: Db, orgId: string, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.id, id))).for('update');
  return row;
}

/** The complaint a tracking token opens, only within the organisation of the portal URL. */
export async function findComplaintByTrackingHash(db: Db, orgId: string, trackingHash: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.trackingHash, trackingHash)));
  return row;
}

export async function updateComplaint(db: Db, orgId: string, id: string, values: Partial<typeof complaints.$inferInsert>): Promise<ComplaintRow> {
  const [row] = await db.update(complaints).set(values).where(and(eq(complaints.orgId, orgId), eq(complaints.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function countRecentByCustomer(db: Db, orgId: string, customerId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), eq(complaints.customerId, customerId), gte(complaints.receivedAt, since)));
  return row?.n ?? 0;
}

export async function insertMessage(db: Db, values: typeof complaintMessages.$inferInsert): Promise<MessageRow> {
  const [row] = await db.insert(complaintMessages).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** The thread; the portal asks without internal notes, and the filter is in SQL so they never leave the database. */
export async function findMessages(db: Db, orgId: string, complaintId: string, options: { includeInternal: boolean }): Promise<MessageRow[]> {
  const where = [eq(complaintMessages.orgId, orgId), eq(complaintMessages.complaintId, complaintId)];
  if (!options.includeInternal) where.push(eq(complaintMessages.internal, false));
  return db.select().from(complaintMessages).where(and(...where)).orderBy(asc(complaintMessages.seq));
}

export async function insertEvent(db: Db, values: typeof complaintEvents.$inferInsert): Promise<void> {
  await db.insert(complaintEvents).values(values);
}

export async function findEvents(db: Db, orgId: string, complaintId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(complaintEvents)
    .where(and(eq(complaintEvents.orgId, orgId), eq(complaintEvents.complaintId, complaintId)))
    .orderBy(asc(complaintEvents.seq));
}

/**
 * Claims an idempotency key for a new complaint id. On PostgreSQL a concurrent claim of the same
 * key waits for the first transaction and then finds its row; returns the existing row, if any.
 */
export async function claimIdempotencyKey(db: Db, orgId: string, key: string, requestHash: string, complaintId: string) {
  const inserted = await db.insert(complaintIdempotency).values({ orgId, key, requestHash, complaintId }).onConflictDoNothing().returning();
  if (inserted.length > 0) return null;
  const [existing] = await db.select().from(complaintIdempotency).where(and(eq(complaintIdempotency.orgId, orgId), eq(complaintIdempotency.key, key)));
  if (!existing) throw new Error('idempotency key vanished');
  return existing;
}

/** A queue of the back office. `viewerId` is the "mine" user; `now` decides "breaching soon". */
export async function findQueue(db: Db, orgId: string, query: ComplaintQuery, viewerId: string | null, now: Date): Promise<{ rows: ComplaintRow[]; total: number }> {
  const where: SQL[] = [eq(complaints.orgId, orgId)];
  const open = sql`${complaints.status} <> 'closed'`;
  switch (query.queue ?? 'all') {
    case 'mine':
      where.push(viewerId ? eq(complaints.assigneeId, viewerId) : sql`false`, open);
      break;
    case 'unassigned':
      where.push(isNull(complaints.assigneeId), open);
      break;
    case 'breaching':
      // 80% of a running clock used (RULES.md: breaches show before they happen).
      where.push(
        open,
        or(and(isNull(complaints.acknowledgedAt), lte(complaints.ackWarnAt, now)), and(isNull(complaints.answeredAt), lte(complaints.answerWarnAt, now))) as SQL,
      );
      break;
    case 'review':
      where.push(sql`${complaints.reviewReason} is not null`, open);
      break;
    case 'all':
      break;
  }
  if (query.status) where.push(eq(complaints.status, query.status));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(complaints.reference, like), ilike(complaints.category, like), ilike(complaints.channel, like)) as SQL);
  }
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(complaints)
      .where(and(...where))
      .orderBy(desc(complaints.escalationLevel), asc(complaints.answerWarnAt), desc(complaints.receivedAt))
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0),
    db.select({ n: count() }).from(complaints).where(and(...where)),
  ]);
  return { rows, total: total?.n ?? 0 };
}
