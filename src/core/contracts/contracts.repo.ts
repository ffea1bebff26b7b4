/** Queries of contracts; always tenant-scoped, never authorizes. */
import { and, asc, desc, eq, isNotNull, isNull, like, lte, sql } from 'drizzle-orm';
import type { NotifiedChange } from '../../rules/transparency/index.ts';
import type { Db } from '../../db/client.ts';
import { contractEvents, contracts } from './contracts.tables.ts';

export type ContractRow = typeof contracts.$inferSelect;
export type ContractEventRow = typeof contractEvents.$inferSelect;

export async function insertContract(db: Db, values: typeof contracts.$inferInsert): Promise<ContractRow> {
  const [row] = await db.insert(contracts).values(values).returning();
  return row!;
}

export async function insertEvent(db: Db, values: typeof contractEvents.$inferInsert): Promise<ContractEventRow> {
  const [row] = await db.insert(contractEvents).values(values).returning();
  return row!;
}

export async function findContract(db: Db, orgId: string, id: string): Promise<ContractRow | undefined> {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, id)));
  return row;
}

/** The contract, locked until the end of the transaction: it ends once, whoever posts first. */
export async function lockContract(db: Db, orgId: string, id: string): Promise<ContractRow | undefined> {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, id)))
    .for('update');
  return row;
}

export async function findContractByReference(db: Db, orgId: string, reference: string): Promise<ContractRow | undefined> {
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.reference, reference)));
  return row;
}

export async function findCustomerContracts(db: Db, orgId: string, customerId: string): Promise<ContractRow[]> {
  return db
    .select()
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.customerId, customerId)))
    .orderBy(desc(contracts.concludedOn), asc(contracts.reference));
}

/** What the back office's contract list filters on; all optional, combined with AND. */
export interface ContractFilter {
  customerId?: string | undefined;
  /** A whole reference, or the last group staff see (`CT-…-7QX2M`). */
  reference?: string | undefined;
  referenceEnd?: string | undefined;
  emailLookup?: string | undefined;
  status?: ContractRow['status'] | undefined;
  offerId?: string | undefined;
}

/** The organisation's contracts that match, newest first, a page at a time. */
export async function searchContracts(
  db: Db,
  orgId: string,
  filter: ContractFilter,
  limit: number,
  offset: number,
): Promise<ContractRow[]> {
  return db
    .select()
    .from(contracts)
    .where(
      and(
        eq(contracts.orgId, orgId),
        filter.customerId === undefined ? undefined : eq(contracts.customerId, filter.customerId),
        filter.reference === undefined ? undefined : eq(contracts.reference, filter.reference),
        // The group is five characters of the reference's own alphabet, checked by the caller: no wildcard.
        filter.referenceEnd === undefined ? undefined : like(contracts.reference, `%-${filter.referenceEnd}`),
        filter.emailLookup === undefined ? undefined : eq(contracts.emailLookup, filter.emailLookup),
        filter.status === undefined ? undefined : eq(contracts.status, filter.status),
        filter.offerId === undefined ? undefined : eq(contracts.offerId, filter.offerId),
      ),
    )
    .orderBy(desc(contracts.createdAt), asc(contracts.reference))
    .limit(limit)
    .offset(offset);
}

export async function findEvents(db: Db, orgId: string, contractId: string): Promise<ContractEventRow[]> {
  return db
    .select()
    .from(contractEvents)
    .where(and(eq(contractEvents.orgId, orgId), eq(contractEvents.contractId, contractId)))
    .orderBy(asc(contractEvents.at));
}

/** The event a portal form's nonce already made (a double submit), if any. */
export async function findEventByNonce(db: Db, orgId: string, nonce: string): Promise<ContractEventRow | undefined> {
  const [row] = await db
    .select()
    .from(contractEvents)
    .where(and(eq(contractEvents.orgId, orgId), eq(contractEvents.formNonce, nonce)));
  return row;
}

export async function endContract(
  db: Db,
  orgId: string,
  id: string,
  values: { status: 'terminated' | 'withdrawn'; endOn: string; endedAt: Date },
): Promise<ContractRow | undefined> {
  const [row] = await db
    .update(contracts)
    .set({ ...values, updatedAt: values.endedAt })
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, id), eq(contracts.status, 'active')))
    .returning();
  return row;
}

/**
 * Active tacit-renewal contracts with no reminder sent and no missed window recorded whose last
 * day to refuse is on or before `refuseBy`: those whose window is open or has closed. Every
 * organisation (the worker's daily scan) or one.
 */
export async function findRenewalCandidates(db: Db, refuseBy: string, orgId?: string): Promise<{ id: string; orgId: string }[]> {
  return db
    .select({ id: contracts.id, orgId: contracts.orgId })
    .from(contracts)
    .where(
      and(
        orgId === undefined ? undefined : eq(contracts.orgId, orgId),
        eq(contracts.status, 'active'),
        eq(contracts.renewal, 'tacit'),
        isNotNull(contracts.lastDayToRefuseOn),
        lte(contracts.lastDayToRefuseOn, refuseBy),
        isNull(contracts.reminderSentOn),
        isNull(contracts.terminateAnyTimeFrom),
      ),
    )
    .orderBy(asc(contracts.lastDayToRefuseOn));
}

/** Active tacit-renewal contracts whose renewal day is on or before `onOrBefore`: those that have renewed. */
export async function findDueRenewals(db: Db, onOrBefore: string, orgId?: string): Promise<{ id: string; orgId: string }[]> {
  return db
    .select({ id: contracts.id, orgId: contracts.orgId })
    .from(contracts)
    .where(
      and(
        orgId === undefined ? undefined : eq(contracts.orgId, orgId),
        eq(contracts.status, 'active'),
        eq(contracts.renewal, 'tacit'),
        isNotNull(contracts.renewalOn),
        lte(contracts.renewalOn, onOrBefore),
      ),
    )
    .orderBy(asc(contracts.renewalOn));
}

/**
 * Records the change a notice told the holder of. An earlier change whose window is still open on
 * `today` and that applies no later stays: the holder may still refuse that one first.
 */
export async function recordNotifiedChange(db: Db, orgId: string, id: string, change: NotifiedChange, today: string): Promise<void> {
  await db
    .update(contracts)
    .set({ notifiedChange: change })
    .where(
      and(
        eq(contracts.orgId, orgId),
        eq(contracts.id, id),
        sql`not coalesce(${contracts.notifiedChange}->>'terminateBy' >= ${today} and ${contracts.notifiedChange}->>'effectiveOn' <= ${change.effectiveOn}, false)`,
      ),
    );
}

export async function updateContract(db: Db, orgId: string, id: string, values: Partial<typeof contracts.$inferInsert>): Promise<void> {
  await db
    .update(contracts)
    .set(values)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, id)));
}

/** Moves a contract to another version of its offer (a notified change applying). */
export async function setOfferVersion(db: Db, orgId: string, id: string, offerVersionId: string, at: Date): Promise<void> {
  await db
    .update(contracts)
    .set({ offerVersionId, updatedAt: at })
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, id)));
}
