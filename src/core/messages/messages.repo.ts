/** Queries of message approval requests; always tenant-scoped, never authorizes. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { users } from '../auth/auth.tables.ts';
import { messageApprovals, type ApprovalStatus } from './messages.tables.ts';

export type ApprovalRow = typeof messageApprovals.$inferSelect;
/** A request with the names of the people who asked and decided (null for an API token or a deleted user). */
export type ApprovalView = ApprovalRow & { requesterName: string | null; deciderName: string | null };

export async function insertApproval(db: Db, values: typeof messageApprovals.$inferInsert): Promise<ApprovalRow> {
  const [row] = await db.insert(messageApprovals).values(values).returning();
  return row!;
}

/** The request, locked until the end of the transaction: it is decided once. */
export async function lockApproval(db: Db, orgId: string, id: string): Promise<ApprovalRow | undefined> {
  const [row] = await db
    .select()
    .from(messageApprovals)
    .where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.id, id)))
    .for('update');
  return row;
}

export async function decideApproval(
  db: Db,
  orgId: string,
  id: string,
  decision: { status: Exclude<ApprovalStatus, 'pending'>; decidedBy: string; decidedAt: Date; decisionReason: string },
): Promise<ApprovalRow> {
  const [row] = await db
    .update(messageApprovals)
    .set(decision)
    .where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.id, id)))
    .returning();
  return row!;
}

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

function selectViews(db: Db) {
  return db
    .select({ row: messageApprovals, requesterName: requester.name, deciderName: decider.name })
    .from(messageApprovals)
    .leftJoin(requester, and(eq(requester.orgId, messageApprovals.orgId), sql`${requester.id}::text = ${messageApprovals.requestedBy}`))
    .leftJoin(decider, and(eq(decider.orgId, messageApprovals.orgId), sql`${decider.id}::text = ${messageApprovals.decidedBy}`));
}

const toView = ({ row, requesterName, deciderName }: { row: ApprovalRow; requesterName: string | null; deciderName: string | null }): ApprovalView => ({
  ...row,
  requesterName,
  deciderName,
});

/** Requests in one status with the people's names: pending ones oldest first (the order to judge them in), decided ones newest first. */
export async function findApprovals(db: Db, orgId: string, status: ApprovalStatus, limit: number): Promise<ApprovalView[]> {
  const rows = await selectViews(db)
    .where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.status, status)))
    .orderBy(status === 'pending' ? asc(messageApprovals.requestedAt) : desc(messageApprovals.decidedAt))
    .limit(limit);
  return rows.map(toView);
}

/** One request with the people's names. */
export async function findApprovalView(db: Db, orgId: string, id: string): Promise<ApprovalView | undefined> {
  const [row] = await selectViews(db).where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.id, id)));
  return row ? toView(row) : undefined;
}

/** Every request for one exact text, newest first. */
export async function findApprovalsByHash(db: Db, orgId: string, textHash: string): Promise<ApprovalRow[]> {
  return db
    .select()
    .from(messageApprovals)
    .where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.textHash, textHash)))
    .orderBy(desc(messageApprovals.requestedAt));
}

export async function countPending(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messageApprovals)
    .where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.status, 'pending')));
  return row?.n ?? 0;
}

/** Approval requests of the organisation still pending that were made before `before`, oldest first. */
export async function findPendingSince(db: Db, orgId: string, before: Date): Promise<Pick<ApprovalRow, 'id' | 'requestedAt' | 'campaign'>[]> {
  return db
    .select({ id: messageApprovals.id, requestedAt: messageApprovals.requestedAt, campaign: messageApprovals.campaign })
    .from(messageApprovals)
    .where(and(eq(messageApprovals.orgId, orgId), eq(messageApprovals.status, 'pending'), sql`${messageApprovals.requestedAt} < ${before}`))
    .orderBy(asc(messageApprovals.requestedAt));
}
