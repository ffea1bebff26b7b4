import { and, asc, count, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regulatoryEvents, regulatoryEvidence } from './regulatory.tables.ts';

export type RegulatoryEventRow = typeof regulatoryEvents.$inferSelect;
export type EvidenceRow = typeof regulatoryEvidence.$inferSelect;

export async function insertEvent(db: Db, values: typeof regulatoryEvents.$inferInsert): Promise<RegulatoryEventRow> {
  const [row] = await db.insert(regulatoryEvents).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** How many events the organisation recorded with a reference of this prefix (`REG-2026-`). */
export async function countReferences(db: Db, orgId: string, prefix: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(regulatoryEvents)
    .where(and(eq(regulatoryEvents.orgId, orgId), sql`${regulatoryEvents.reference} like ${`${prefix}%`}`));
  return row?.n ?? 0;
}

export async function findEvent(db: Db, orgId: string, id: string, lock = false): Promise<RegulatoryEventRow | undefined> {
  const q = db.select().from(regulatoryEvents).where(and(eq(regulatoryEvents.orgId, orgId), eq(regulatoryEvents.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The register, newest first, optionally within days `from`..`to` and one subject area. */
export async function findEvents(
  db: Db,
  orgId: string,
  filter: { from?: string | undefined; to?: string | undefined; subjectArea?: RegulatoryEventRow['subjectArea'] | undefined } = {},
): Promise<RegulatoryEventRow[]> {
  const conditions = [eq(regulatoryEvents.orgId, orgId)];
  if (filter.from) conditions.push(gte(regulatoryEvents.occurredOn, filter.from));
  if (filter.to) conditions.push(lte(regulatoryEvents.occurredOn, filter.to));
  if (filter.subjectArea) conditions.push(eq(regulatoryEvents.subjectArea, filter.subjectArea));
  return db
    .select()
    .from(regulatoryEvents)
    .where(and(...conditions))
    .orderBy(desc(regulatoryEvents.occurredOn), desc(regulatoryEvents.reference));
}

export async function updateEvent(db: Db, orgId: string, id: string, values: Partial<typeof regulatoryEvents.$inferInsert>): Promise<RegulatoryEventRow> {
  const [row] = await db
    .update(regulatoryEvents)
    .set(values)
    .where(and(eq(regulatoryEvents.orgId, orgId), eq(regulatoryEvents.id, id)))
    .returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function insertEvidence(db: Db, values: typeof regulatoryEvidence.$inferInsert): Promise<void> {
  await db.insert(regulatoryEvidence).values(values);
}

/** The files of an event, oldest first, without their content. */
export async function findEvidence(db: Db, orgId: string, eventId: string) {
  return db
    .select({
      id: regulatoryEvidence.id,
      kind: regulatoryEvidence.kind,
      sizeBytes: regulatoryEvidence.sizeBytes,
      nameEnc: regulatoryEvidence.nameEnc,
      createdAt: regulatoryEvidence.createdAt,
    })
    .from(regulatoryEvidence)
    .where(and(eq(regulatoryEvidence.orgId, orgId), eq(regulatoryEvidence.eventId, eventId)))
    .orderBy(asc(regulatoryEvidence.createdAt));
}

/** How many files and bytes an event holds (the limits are per event). */
export async function evidenceTotals(db: Db, orgId: string, eventId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db
    .select({ count: count(), bytes: sql<number>`coalesce(sum(${regulatoryEvidence.sizeBytes}), 0)::int` })
    .from(regulatoryEvidence)
    .where(and(eq(regulatoryEvidence.orgId, orgId), eq(regulatoryEvidence.eventId, eventId)));
  return { count: row?.count ?? 0, bytes: Number(row?.bytes ?? 0) };
}

export async function findEvidenceFile(db: Db, orgId: string, eventId: string, evidenceId: string): Promise<EvidenceRow | undefined> {
  const [row] = await db
    .select()
    .from(regulatoryEvidence)
    .where(and(eq(regulatoryEvidence.orgId, orgId), eq(regulatoryEvidence.eventId, eventId), eq(regulatoryEvidence.id, evidenceId)));
  return row;
}

/** References of the events among `ids` (the audit log viewer names its targets). */
export async function findReferencesByIds(db: Db, orgId: string, ids: readonly string[]): Promise<{ id: string; reference: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: regulatoryEvents.id, reference: regulatoryEvents.reference })
    .from(regulatoryEvents)
    .where(and(eq(regulatoryEvents.orgId, orgId), inArray(regulatoryEvents.id, [...ids])));
}
