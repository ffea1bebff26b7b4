/**
 * Retention of data-subject requests (GDPR Art. 5(1)(e)): a closed request, erasure records
 * included, is the proof that it was answered (Art. 5(2), 12(3)) and is kept for the limitation
 * period after closure (C. civ. art. 2224); an open request is never purged. Export packages go
 * once their download link has expired.
 */
import { and, eq, inArray, isNotNull, lt, notInArray, sql } from 'drizzle-orm';
import type { RetentionHandler } from '../module.ts';
import { dsrExports, dsrRequests } from './dsr.tables.ts';

const OPEN: ('received' | 'extended')[] = ['received', 'extended'];
const closedBefore = (orgId: string, cutoff: Date) => and(eq(dsrRequests.orgId, orgId), notInArray(dsrRequests.status, OPEN), isNotNull(dsrRequests.closedAt), lt(dsrRequests.closedAt, cutoff));

export const dsrRequestRetention: RetentionHandler = {
  rule: 'dsr.closed',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    const ids = (await db.select({ id: dsrRequests.id }).from(dsrRequests).where(closedBefore(orgId, cutoff)).orderBy(dsrRequests.closedAt)).map((r) => r.id);
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(dsrRequests)
      .where(and(eq(dsrRequests.orgId, orgId), inArray(dsrRequests.status, OPEN), lt(dsrRequests.receivedAt, cutoff)));
    return { ids, held: row?.n ?? 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(dsrRequests)
      .where(and(closedBefore(orgId, cutoff), inArray(dsrRequests.id, [...ids])))
      .returning({ id: dsrRequests.id });
    if (gone.length > 0) await tx.delete(dsrExports).where(and(eq(dsrExports.orgId, orgId), inArray(dsrExports.requestId, gone.map((g) => g.id))));
    return gone.map((g) => g.id);
  },
};

export const dsrExportRetention: RetentionHandler = {
  rule: 'dsr.export',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    const rows = await db.select({ id: dsrExports.id }).from(dsrExports).where(and(eq(dsrExports.orgId, orgId), lt(dsrExports.expiresAt, cutoff)));
    return { ids: rows.map((r) => r.id), held: 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(dsrExports)
      .where(and(eq(dsrExports.orgId, orgId), lt(dsrExports.expiresAt, cutoff), inArray(dsrExports.id, [...ids])))
      .returning({ id: dsrExports.id });
    return gone.map((g) => g.id);
  },
};
