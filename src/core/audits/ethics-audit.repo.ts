/** Queries of ethics audits, their answers and evidence files; always tenant-scoped, never authorizes. */
import { and, asc, count, desc, eq, inArray, like, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { findings, remediationActions } from './audits.tables.ts';
import { ethicsAuditAnswers, ethicsAuditEvidence, ethicsAudits } from './ethics-audit.tables.ts';

export type AuditRow = typeof ethicsAudits.$inferSelect;
export type AnswerRow = typeof ethicsAuditAnswers.$inferSelect;
export type AuditEvidenceRow = typeof ethicsAuditEvidence.$inferSelect;

export async function countAuditReferences(db: Db, orgId: string, prefix: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(ethicsAudits)
    .where(and(eq(ethicsAudits.orgId, orgId), like(ethicsAudits.reference, `${prefix}%`)));
  return row?.n ?? 0;
}

export async function insertAudit(db: Db, values: typeof ethicsAudits.$inferInsert): Promise<AuditRow> {
  const [row] = await db.insert(ethicsAudits).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findAudit(db: Db, orgId: string, id: string, lock = false): Promise<AuditRow | undefined> {
  const q = db
    .select()
    .from(ethicsAudits)
    .where(and(eq(ethicsAudits.orgId, orgId), eq(ethicsAudits.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateAudit(db: Db, orgId: string, id: string, values: Partial<typeof ethicsAudits.$inferInsert>): Promise<AuditRow> {
  const [row] = await db
    .update(ethicsAudits)
    .set(values)
    .where(and(eq(ethicsAudits.orgId, orgId), eq(ethicsAudits.id, id)))
    .returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

/** Audits, the ones not closed first, newest start first. */
export async function findAudits(db: Db, orgId: string, status: 'open' | 'closed' | 'all', limit: number): Promise<AuditRow[]> {
  const conditions = [eq(ethicsAudits.orgId, orgId)];
  if (status === 'open') conditions.push(ne(ethicsAudits.status, 'closed'));
  if (status === 'closed') conditions.push(eq(ethicsAudits.status, 'closed'));
  return db
    .select()
    .from(ethicsAudits)
    .where(and(...conditions))
    .orderBy(sql`${ethicsAudits.status} = 'closed'`, desc(ethicsAudits.startsOn), desc(ethicsAudits.reference))
    .limit(limit);
}

/** Answers of the audits among `auditIds` (the list's progress) or of one audit. */
export async function findAnswers(db: Db, orgId: string, auditIds: readonly string[]): Promise<AnswerRow[]> {
  if (auditIds.length === 0) return [];
  return db
    .select()
    .from(ethicsAuditAnswers)
    .where(and(eq(ethicsAuditAnswers.orgId, orgId), inArray(ethicsAuditAnswers.auditId, [...auditIds])));
}

export async function findAnswer(db: Db, orgId: string, auditId: string, itemKey: string): Promise<AnswerRow | undefined> {
  const [row] = await db
    .select()
    .from(ethicsAuditAnswers)
    .where(and(eq(ethicsAuditAnswers.orgId, orgId), eq(ethicsAuditAnswers.auditId, auditId), eq(ethicsAuditAnswers.itemKey, itemKey)));
  return row;
}

/** Records or replaces the answer to one item. */
export async function upsertAnswer(db: Db, values: typeof ethicsAuditAnswers.$inferInsert): Promise<AnswerRow> {
  const [row] = await db
    .insert(ethicsAuditAnswers)
    .values(values)
    .onConflictDoUpdate({
      target: [ethicsAuditAnswers.orgId, ethicsAuditAnswers.auditId, ethicsAuditAnswers.itemKey],
      set: { answer: values.answer, comment: values.comment ?? null, answeredBy: values.answeredBy, answeredAt: values.answeredAt },
    })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  return row;
}

export async function insertEvidence(db: Db, values: typeof ethicsAuditEvidence.$inferInsert): Promise<void> {
  await db.insert(ethicsAuditEvidence).values(values);
}

/** The files of an audit, oldest first, without their content. */
export async function findEvidence(db: Db, orgId: string, auditId: string) {
  return db
    .select({
      id: ethicsAuditEvidence.id,
      itemKey: ethicsAuditEvidence.itemKey,
      kind: ethicsAuditEvidence.kind,
      sizeBytes: ethicsAuditEvidence.sizeBytes,
      nameEnc: ethicsAuditEvidence.nameEnc,
      createdAt: ethicsAuditEvidence.createdAt,
    })
    .from(ethicsAuditEvidence)
    .where(and(eq(ethicsAuditEvidence.orgId, orgId), eq(ethicsAuditEvidence.auditId, auditId)))
    .orderBy(asc(ethicsAuditEvidence.createdAt), asc(ethicsAuditEvidence.id));
}

/** How many files and bytes an audit holds (the limits are per audit). */
export async function evidenceTotals(db: Db, orgId: string, auditId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db
    .select({ count: count(), bytes: sql<number>`coalesce(sum(${ethicsAuditEvidence.sizeBytes}), 0)::int` })
    .from(ethicsAuditEvidence)
    .where(and(eq(ethicsAuditEvidence.orgId, orgId), eq(ethicsAuditEvidence.auditId, auditId)));
  return { count: row?.count ?? 0, bytes: Number(row?.bytes ?? 0) };
}

export async function findEvidenceFile(db: Db, orgId: string, auditId: string, evidenceId: string): Promise<AuditEvidenceRow | undefined> {
  const [row] = await db
    .select()
    .from(ethicsAuditEvidence)
    .where(and(eq(ethicsAuditEvidence.orgId, orgId), eq(ethicsAuditEvidence.auditId, auditId), eq(ethicsAuditEvidence.id, evidenceId)));
  return row;
}

/** The findings an audit raised, oldest first. */
export async function findAuditFindings(db: Db, orgId: string, auditId: string) {
  return db
    .select()
    .from(findings)
    .where(and(eq(findings.orgId, orgId), eq(findings.auditId, auditId)))
    .orderBy(asc(findings.openedAt), asc(findings.reference));
}

/** Open findings per audit among `auditIds` (the list). */
export async function countOpenFindings(db: Db, orgId: string, auditIds: readonly string[]): Promise<Map<string, number>> {
  if (auditIds.length === 0) return new Map();
  const rows = await db
    .select({ auditId: findings.auditId, n: count() })
    .from(findings)
    .where(and(eq(findings.orgId, orgId), inArray(findings.auditId, [...auditIds]), ne(findings.status, 'closed')))
    .groupBy(findings.auditId);
  return new Map(rows.map((r) => [r.auditId ?? '', r.n]));
}

/** The actions of the findings among `findingIds`. */
export async function findActionsOf(db: Db, orgId: string, findingIds: readonly string[]) {
  if (findingIds.length === 0) return [];
  return db
    .select()
    .from(remediationActions)
    .where(and(eq(remediationActions.orgId, orgId), inArray(remediationActions.findingId, [...findingIds])))
    .orderBy(asc(remediationActions.dueOn), asc(remediationActions.createdAt));
}

/** References of the audits among `ids` (the audit log viewer and findings' evidence name them). */
export async function findAuditReferencesByIds(db: Db, orgId: string, ids: readonly string[]): Promise<{ id: string; reference: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: ethicsAudits.id, reference: ethicsAudits.reference })
    .from(ethicsAudits)
    .where(and(eq(ethicsAudits.orgId, orgId), inArray(ethicsAudits.id, [...ids])));
}
