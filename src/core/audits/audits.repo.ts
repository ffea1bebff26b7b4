/** Queries of findings, remediation actions and control runs; always tenant-scoped, never authorizes. */
import { and, asc, count, desc, eq, inArray, isNotNull, like, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { controlRuns, findings, remediationActions } from './audits.tables.ts';

export type FindingRow = typeof findings.$inferSelect;
export type FindingInsert = typeof findings.$inferInsert;
export type ActionRow = typeof remediationActions.$inferSelect;
export type ControlRunRow = typeof controlRuns.$inferSelect;

export async function countReferences(db: Db, orgId: string, prefix: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(findings)
    .where(and(eq(findings.orgId, orgId), like(findings.reference, `${prefix}%`)));
  return row?.n ?? 0;
}

/** Waits for, then holds until the transaction ends, the organisation's lock on finding references. */
export async function lockFindingReferences(db: Db, orgId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`findings:${orgId}`}))`);
}

export async function insertFinding(db: Db, values: FindingInsert): Promise<FindingRow> {
  const [row] = await db.insert(findings).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findFinding(db: Db, orgId: string, id: string, lock = false): Promise<FindingRow | undefined> {
  const q = db
    .select()
    .from(findings)
    .where(and(eq(findings.orgId, orgId), eq(findings.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateFinding(db: Db, orgId: string, id: string, values: Partial<FindingInsert>): Promise<FindingRow> {
  const [row] = await db
    .update(findings)
    .set(values)
    .where(and(eq(findings.orgId, orgId), eq(findings.id, id)))
    .returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export interface FindingFilter {
  status?: 'open' | 'closed' | 'all';
  severity?: string;
  source?: string;
  controlKey?: string;
}

/** Findings, open ones first by severity and age, closed ones newest first. */
export async function findFindings(db: Db, orgId: string, filter: FindingFilter, limit: number): Promise<FindingRow[]> {
  const conditions = [eq(findings.orgId, orgId)];
  if (filter.status === 'open') conditions.push(ne(findings.status, 'closed'));
  if (filter.status === 'closed') conditions.push(eq(findings.status, 'closed'));
  if (filter.severity) conditions.push(eq(findings.severity, filter.severity as FindingRow['severity']));
  if (filter.source) conditions.push(eq(findings.source, filter.source as FindingRow['source']));
  if (filter.controlKey) conditions.push(eq(findings.controlKey, filter.controlKey));
  const severityRank = sql`case ${findings.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
  return db
    .select()
    .from(findings)
    .where(and(...conditions))
    .orderBy(sql`${findings.status} = 'closed'`, severityRank, desc(findings.openedAt), asc(findings.reference))
    .limit(limit);
}

/** The findings a control opened that are still open, or (`everClosed`) every one it opened. */
export async function findControlFindings(
  db: Db,
  orgId: string,
  controlKey: string,
  options: { includeClosed: boolean },
): Promise<FindingRow[]> {
  const conditions = [eq(findings.orgId, orgId), eq(findings.controlKey, controlKey), isNotNull(findings.causeKey)];
  if (!options.includeClosed) conditions.push(ne(findings.status, 'closed'));
  return db
    .select()
    .from(findings)
    .where(and(...conditions));
}

/** Open findings by severity (the ethics officer's home). */
export async function countOpenBySeverity(db: Db, orgId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ severity: findings.severity, n: count() })
    .from(findings)
    .where(and(eq(findings.orgId, orgId), ne(findings.status, 'closed')))
    .groupBy(findings.severity);
  return new Map(rows.map((r) => [r.severity, r.n]));
}

export async function findReferencesByIds(db: Db, orgId: string, ids: readonly string[]): Promise<{ id: string; reference: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: findings.id, reference: findings.reference })
    .from(findings)
    .where(and(eq(findings.orgId, orgId), inArray(findings.id, [...ids])));
}

export async function insertAction(db: Db, values: typeof remediationActions.$inferInsert): Promise<ActionRow> {
  const [row] = await db.insert(remediationActions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findAction(db: Db, orgId: string, id: string, lock = false): Promise<ActionRow | undefined> {
  const q = db
    .select()
    .from(remediationActions)
    .where(and(eq(remediationActions.orgId, orgId), eq(remediationActions.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateAction(
  db: Db,
  orgId: string,
  id: string,
  values: Partial<typeof remediationActions.$inferInsert>,
): Promise<ActionRow> {
  const [row] = await db
    .update(remediationActions)
    .set(values)
    .where(and(eq(remediationActions.orgId, orgId), eq(remediationActions.id, id)))
    .returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function findActions(db: Db, orgId: string, findingId: string): Promise<ActionRow[]> {
  return db
    .select()
    .from(remediationActions)
    .where(and(eq(remediationActions.orgId, orgId), eq(remediationActions.findingId, findingId)))
    .orderBy(asc(remediationActions.dueOn), asc(remediationActions.createdAt));
}

/** Open actions whose due day is before `today` (the overdue-action control). */
export async function findOverdueActions(db: Db, orgId: string, today: string): Promise<ActionRow[]> {
  return db
    .select()
    .from(remediationActions)
    .where(and(eq(remediationActions.orgId, orgId), eq(remediationActions.status, 'open'), sql`${remediationActions.dueOn} < ${today}`));
}

/**
 * Open actions of the organisation that may be owed a reminder: due on or before `lastDay` (its
 * today plus the lead time) and not yet reminded as overdue for their due day (the index on
 * org, status, due day serves it); the policy decides the stage of each.
 */
export async function findActionsToRemind(db: Db, orgId: string, lastDay: string): Promise<ActionRow[]> {
  return db
    .select()
    .from(remediationActions)
    .where(
      and(
        eq(remediationActions.orgId, orgId),
        eq(remediationActions.status, 'open'),
        sql`${remediationActions.dueOn} <= ${lastDay}`,
        sql`${remediationActions.remindedOverdueFor} is distinct from ${remediationActions.dueOn}`,
      ),
    )
    .orderBy(remediationActions.dueOn, remediationActions.id);
}

/** The organisation's control-run row, created if missing and locked: one run at a time per organisation. */
export async function lockControlRun(db: Db, orgId: string, now: Date): Promise<ControlRunRow> {
  await db.insert(controlRuns).values({ orgId, ranAt: now }).onConflictDoNothing();
  const [row] = await db.select().from(controlRuns).where(eq(controlRuns.orgId, orgId)).for('update');
  if (!row) throw new Error('control run row missing');
  return row;
}

export async function saveControlRun(db: Db, row: ControlRunRow): Promise<void> {
  await db
    .update(controlRuns)
    .set({ ranAt: row.ranAt, opened: row.opened, closed: row.closed, failed: row.failed })
    .where(eq(controlRuns.orgId, row.orgId));
}

export async function findControlRun(db: Db, orgId: string): Promise<ControlRunRow | undefined> {
  const [row] = await db.select().from(controlRuns).where(eq(controlRuns.orgId, orgId));
  return row;
}
