import { and, asc, count, desc, eq, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers } from '../customers/customers.tables.ts';
import { breachSubjectNotices, breachSupplements, breaches } from './breaches.tables.ts';

export type BreachRow = typeof breaches.$inferSelect;
export type SupplementRow = typeof breachSupplements.$inferSelect;
export type SubjectNoticeRow = typeof breachSubjectNotices.$inferSelect;

/** Rows per INSERT of notices (6 parameters each). */
const NOTICE_INSERT_BATCH = 5_000;

export async function insertBreach(db: Db, values: typeof breaches.$inferInsert): Promise<BreachRow> {
  const [row] = await db.insert(breaches).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** How many breaches the organisation recorded with a reference of this prefix (`BR-2026-`). */
export async function countReferences(db: Db, orgId: string, prefix: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(breaches)
    .where(and(eq(breaches.orgId, orgId), sql`${breaches.reference} like ${`${prefix}%`}`));
  return row?.n ?? 0;
}

export async function findBreach(db: Db, orgId: string, id: string, lock = false): Promise<BreachRow | undefined> {
  const q = db.select().from(breaches).where(and(eq(breaches.orgId, orgId), eq(breaches.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The register, newest awareness first; `open` leaves closed files out. */
export async function findBreaches(db: Db, orgId: string, options: { open?: boolean } = {}): Promise<BreachRow[]> {
  const conditions = [eq(breaches.orgId, orgId)];
  if (options.open) conditions.push(ne(breaches.status, 'closed'));
  return db.select().from(breaches).where(and(...conditions)).orderBy(desc(breaches.awareAt), asc(breaches.reference));
}

/** Every organisation's open breaches, not yet warned about, whose deadline is before `dueBefore`. */
export async function findBreachesToWarn(db: Db, dueBefore: Date): Promise<{ id: string; orgId: string }[]> {
  return db
    .select({ id: breaches.id, orgId: breaches.orgId })
    .from(breaches)
    .where(and(eq(breaches.status, 'open'), isNull(breaches.deadlineWarnedAt), lte(breaches.authorityDueAt, dueBefore)))
    .orderBy(asc(breaches.authorityDueAt));
}

export async function updateBreach(db: Db, orgId: string, id: string, values: Partial<typeof breaches.$inferInsert>): Promise<BreachRow> {
  const [row] = await db.update(breaches).set(values).where(and(eq(breaches.orgId, orgId), eq(breaches.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function insertSupplement(db: Db, values: typeof breachSupplements.$inferInsert): Promise<SupplementRow> {
  const [row] = await db.insert(breachSupplements).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findSupplements(db: Db, orgId: string, breachId: string): Promise<SupplementRow[]> {
  return db
    .select()
    .from(breachSupplements)
    .where(and(eq(breachSupplements.orgId, orgId), eq(breachSupplements.breachId, breachId)))
    .orderBy(asc(breachSupplements.providedAt), asc(breachSupplements.createdAt));
}

/** Customers of the organisation among `ids` that can still be written to (not erased). */
export async function findReachableCustomers(db: Db, orgId: string, ids: string[]): Promise<{ id: string; locale: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: customers.id, locale: customers.locale })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), inArray(customers.id, ids), isNull(customers.erasedAt)));
}

/** Every customer of the organisation that can still be written to (not erased). */
export async function findAllReachableCustomers(db: Db, orgId: string): Promise<{ id: string; locale: string }[]> {
  return db
    .select({ id: customers.id, locale: customers.locale })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), isNull(customers.erasedAt)));
}

/** Which of `ids` exist in the organisation at all (erased or not), to refuse foreign ids. */
export async function findCustomerIds(db: Db, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: customers.id }).from(customers).where(and(eq(customers.orgId, orgId), inArray(customers.id, ids)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Records the notices not yet recorded and returns only the new ones: a subject already told of
 * this breach is skipped (unique key), so a repeated send queues nothing twice.
 */
export async function insertSubjectNotices(db: Db, values: (typeof breachSubjectNotices.$inferInsert)[]): Promise<SubjectNoticeRow[]> {
  const inserted: SubjectNoticeRow[] = [];
  // In slices: one statement may bind at most 65,535 parameters (PostgreSQL protocol limit).
  for (let i = 0; i < values.length; i += NOTICE_INSERT_BATCH) {
    inserted.push(...(await db.insert(breachSubjectNotices).values(values.slice(i, i + NOTICE_INSERT_BATCH)).onConflictDoNothing().returning()));
  }
  return inserted;
}

export async function countSubjectNotices(db: Db, orgId: string, breachId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(breachSubjectNotices)
    .where(and(eq(breachSubjectNotices.orgId, orgId), eq(breachSubjectNotices.breachId, breachId)));
  return row?.n ?? 0;
}

/** The breaches a subject was told of, with the file's reference and title (access requests). */
export async function findNoticesOfSubject(db: Db, orgId: string, customerId: string) {
  return db
    .select({ id: breachSubjectNotices.id, breachId: breachSubjectNotices.breachId, reference: breaches.reference, title: breaches.title, locale: breachSubjectNotices.locale, queuedAt: breachSubjectNotices.queuedAt })
    .from(breachSubjectNotices)
    .innerJoin(breaches, and(eq(breaches.id, breachSubjectNotices.breachId), eq(breaches.orgId, breachSubjectNotices.orgId)))
    .where(and(eq(breachSubjectNotices.orgId, orgId), eq(breachSubjectNotices.customerId, customerId)))
    .orderBy(asc(breachSubjectNotices.queuedAt));
}

/** File references of the organisation's breaches among `ids` (for the audit log viewer). */
export async function findReferencesByIds(db: Db, orgId: string, ids: readonly string[]): Promise<{ id: string; reference: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: breaches.id, reference: breaches.reference })
    .from(breaches)
    .where(and(eq(breaches.orgId, orgId), inArray(breaches.id, [...ids])));
}

/**
 * The organisation's breaches still waiting for the authority decision after their deadline
 * (GDPR Art. 33(1)): strictly after it, since at the deadline itself the controller is on time.
 */
export async function findAuthorityOverdue(db: Db, orgId: string, now: Date): Promise<Pick<BreachRow, 'id' | 'reference' | 'authorityDueAt'>[]> {
  return db
    .select({ id: breaches.id, reference: breaches.reference, authorityDueAt: breaches.authorityDueAt })
    .from(breaches)
    .where(and(eq(breaches.orgId, orgId), eq(breaches.status, 'open'), lt(breaches.authorityDueAt, now)))
    .orderBy(asc(breaches.authorityDueAt));
}
