import { and, asc, eq, inArray, lt, ne, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dsrExports, dsrRequests } from './dsr.tables.ts';

export type DsrRow = typeof dsrRequests.$inferSelect;
export type ExportRow = typeof dsrExports.$inferSelect;
export const OPEN_STATUSES = ['received', 'extended'] as const;

export async function insertRequest(db: Db, values: typeof dsrRequests.$inferInsert): Promise<DsrRow> {
  const [row] = await db.insert(dsrRequests).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findRequest(db: Db, orgId: string, id: string, lock = false): Promise<DsrRow | undefined> {
  const q = db.select().from(dsrRequests).where(and(eq(dsrRequests.orgId, orgId), eq(dsrRequests.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Open (received, extended), closed (fulfilled, refused) or all requests. */
export type RequestStatusFilter = 'open' | 'closed' | 'all';

export async function findRequests(db: Db, orgId: string, options: { status?: RequestStatusFilter; customerId?: string } = {}): Promise<DsrRow[]> {
  const conditions = [eq(dsrRequests.orgId, orgId)];
  if (options.status === 'open') conditions.push(inArray(dsrRequests.status, [...OPEN_STATUSES]));
  if (options.status === 'closed') conditions.push(notInArray(dsrRequests.status, [...OPEN_STATUSES]));
  if (options.customerId) conditions.push(eq(dsrRequests.customerId, options.customerId));
  return db.select().from(dsrRequests).where(and(...conditions)).orderBy(asc(dsrRequests.dueDate), asc(dsrRequests.receivedAt));
}

export async function findOpenRequestsAllOrgs(db: Db): Promise<DsrRow[]> {
  return db.select().from(dsrRequests).where(and(inArray(dsrRequests.status, [...OPEN_STATUSES]), eq(dsrRequests.reminded, false)));
}

export async function updateRequest(db: Db, orgId: string, id: string, values: Partial<typeof dsrRequests.$inferInsert>): Promise<DsrRow> {
  const [row] = await db.update(dsrRequests).set(values).where(and(eq(dsrRequests.orgId, orgId), eq(dsrRequests.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function insertExport(db: Db, values: typeof dsrExports.$inferInsert): Promise<ExportRow> {
  const [row] = await db.insert(dsrExports).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findExport(db: Db, orgId: string, id: string): Promise<ExportRow | undefined> {
  const [row] = await db.select().from(dsrExports).where(and(eq(dsrExports.orgId, orgId), eq(dsrExports.id, id)));
  return row;
}

export async function findExportsOfSubject(db: Db, orgId: string, customerId: string) {
  return db
    .select({ id: dsrExports.id, requestId: dsrExports.requestId, expiresAt: dsrExports.expiresAt, downloadedAt: dsrExports.downloadedAt, createdAt: dsrExports.createdAt })
    .from(dsrExports)
    .where(and(eq(dsrExports.orgId, orgId), eq(dsrExports.customerId, customerId)));
}

export async function markDownloaded(db: Db, orgId: string, id: string, at: Date): Promise<void> {
  await db.update(dsrExports).set({ downloadedAt: at }).where(and(eq(dsrExports.orgId, orgId), eq(dsrExports.id, id)));
}

/** Erasure: every request of the subject except erasure requests (the erasure record), and every export. */
export async function deleteSubject(db: Db, orgId: string, customerId: string): Promise<{ erased: number; kept: DsrRow[] }> {
  const exports = await db.delete(dsrExports).where(and(eq(dsrExports.orgId, orgId), eq(dsrExports.customerId, customerId))).returning({ id: dsrExports.id });
  const requests = await db
    .delete(dsrRequests)
    .where(and(eq(dsrRequests.orgId, orgId), eq(dsrRequests.customerId, customerId), ne(dsrRequests.type, 'erasure')))
    .returning({ id: dsrRequests.id });
  const kept = await db
    .update(dsrRequests)
    .set({ detailsEnc: null })
    .where(and(eq(dsrRequests.orgId, orgId), eq(dsrRequests.customerId, customerId), eq(dsrRequests.type, 'erasure')))
    .returning();
  return { erased: exports.length + requests.length, kept };
}

/**
 * The organisation's open requests whose last day on time is before `before` (YYYY-MM-DD): the
 * candidates of the overdue-request control, which then compares with each request's local day.
 */
export async function findOpenRequestsDueBefore(db: Db, orgId: string, before: string): Promise<Pick<DsrRow, 'id' | 'type' | 'dueDate' | 'timezone' | 'receivedAt'>[]> {
  return db
    .select({ id: dsrRequests.id, type: dsrRequests.type, dueDate: dsrRequests.dueDate, timezone: dsrRequests.timezone, receivedAt: dsrRequests.receivedAt })
    .from(dsrRequests)
    .where(and(eq(dsrRequests.orgId, orgId), inArray(dsrRequests.status, [...OPEN_STATUSES]), lt(dsrRequests.dueDate, before)))
    .orderBy(asc(dsrRequests.dueDate));
}
