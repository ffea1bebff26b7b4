/**
 * Retention of complaint files: deleted 5 years after closure by default (C. civ. art. 2224:
 * the limitation period of a claim the file could serve as evidence for). Messages, timeline
 * and attachments go with the complaint (ON DELETE CASCADE). Legal hold: a complaint that is not
 * closed (open, answered, reopened, before the mediator) is never purged, whatever its age.
 */
import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { RetentionHandler } from '../module.ts';
import { complaintIdempotency, complaints } from './complaints.tables.ts';

const closedBefore = (orgId: string, cutoff: Date) => and(eq(complaints.orgId, orgId), eq(complaints.status, 'closed'), lt(complaints.closedAt, cutoff));

export const complaintRetention: RetentionHandler = {
  rule: 'complaint.closed',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    const ids = (await db.select({ id: complaints.id }).from(complaints).where(closedBefore(orgId, cutoff)).orderBy(complaints.closedAt)).map((r) => r.id);
    // Held: files received before the cutoff that are still open, so their clock has not started.
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(complaints)
      .where(and(eq(complaints.orgId, orgId), ne(complaints.status, 'closed'), lt(complaints.receivedAt, cutoff)));
    return { ids, held: row?.n ?? 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(complaints)
      .where(and(closedBefore(orgId, cutoff), inArray(complaints.id, [...ids])))
      .returning({ id: complaints.id });
    if (gone.length > 0) {
      await tx.delete(complaintIdempotency).where(and(eq(complaintIdempotency.orgId, orgId), inArray(complaintIdempotency.complaintId, gone.map((g) => g.id))));
    }
    return gone.map((g) => g.id);
  },
};
