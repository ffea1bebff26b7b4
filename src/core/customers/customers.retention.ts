/**
 * Retention of customer records (GDPR Art. 5(1)(e)): a customer with no contact for the rule's
 * period (CNIL, référentiel « gestion commerciale »: 3 years after the last contact) is erased the
 * way an erasure request erases (every module's eraser, then the subject key is destroyed), so
 * the encrypted identity is crypto-shredded and the row stays only as the erasure record.
 */
import { and, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { RetentionHandler } from '../module.ts';
import { customers } from './customers.tables.ts';

/**
 * Legal hold: the customer still has records under a longer retention of their own (a complaint,
 * open or within its limitation period; a data-subject request; a consent proof; a contract). Those rules
 * purge them first; the customer record goes last, so no kept record loses its subject.
 */
const held: SQL = sql`(
  exists (select 1 from complaints c where c.org_id = ${customers.orgId} and c.customer_id = ${customers.id})
  or exists (select 1 from dsr_requests r where r.org_id = ${customers.orgId} and r.customer_id = ${customers.id})
  or exists (select 1 from consent_events e where e.org_id = ${customers.orgId} and e.customer_id = ${customers.id})
  or exists (select 1 from contracts k where k.org_id = ${customers.orgId} and k.customer_id = ${customers.id}))`;

/** Customers not erased whose last contact (last change of the record) is before `cutoff`. */
const expired = (orgId: string, cutoff: Date) => and(eq(customers.orgId, orgId), isNull(customers.erasedAt), lt(customers.updatedAt, cutoff));

async function selectIds(db: Db, where: SQL | undefined): Promise<string[]> {
  return (await db.select({ id: customers.id }).from(customers).where(where).orderBy(customers.updatedAt)).map((r) => r.id);
}

export const customerRetention: RetentionHandler = {
  rule: 'customer.inactive',
  action: 'anonymise',
  async findExpired(_deps, db, orgId, cutoff) {
    const ids = await selectIds(db, and(expired(orgId, cutoff), sql`not ${held}`));
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(customers).where(and(expired(orgId, cutoff), held));
    return { ids, held: row?.n ?? 0 };
  },
  async purge(deps, tx, ctx, orgId, ids, cutoff, eraseSubject) {
    if (ids.length === 0) return [];
    // Re-checked under row locks: a customer who came back since the dry run stays.
    const still = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(expired(orgId, cutoff), sql`not ${held}`, inArray(customers.id, [...ids])))
      .for('update');
    for (const { id } of still) await eraseSubject(deps, tx, ctx, orgId, id);
    return still.map((r) => r.id);
  },
};
