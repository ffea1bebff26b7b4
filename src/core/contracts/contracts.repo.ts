/** Queries of contracts; always tenant-scoped, never authorizes. */
import { and, asc, desc, eq, isNotNull, isNull, lte } from 'drizzle-orm';
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

/** The organisation's latest contracts, newest first. */
export async function findLatestContracts(db: Db, orgId: string, limit: number): Promise<ContractRow[]> {
  return db
    .select()
    .from(contracts)
    .where(eq(contracts.orgId, orgId))
    .orderBy(desc(contracts.createdAt), asc(contracts.reference))
    .limit(limit);
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

export async function updateContract(db: Db, orgId: string, id: string, values: Partial<typeof contracts.$inferInsert>): Promise<void> {
  await db
    .update(contracts)
    .set(values)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, id)));
}
