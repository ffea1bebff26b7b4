import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { complaints } from '../complaints/complaints.tables.ts';

/** The complaint a reference names in the organisation: its id and its customer. */
export async function findComplaintByReference(db: Db, orgId: string, reference: string): Promise<{ id: string; customerId: string } | undefined> {
  const [row] = await db
    .select({ id: complaints.id, customerId: complaints.customerId })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), eq(complaints.reference, reference)));
  return row;
}

/**
 * Every audit event about the given records: targeted at one of them, or naming one in its
 * payload (`customerId`, `complaintId`), in chain order.
 */
export async function findEventsAbout(db: Db, orgId: string, ids: readonly string[]) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, orgId),
        or(
          inArray(auditEvents.targetId, [...ids]),
          inArray(sql<string>`${auditEvents.payload}->>'customerId'`, [...ids]),
          inArray(sql<string>`${auditEvents.payload}->>'complaintId'`, [...ids]),
        ),
      ),
    )
    .orderBy(auditEvents.shard, auditEvents.seq);
}
