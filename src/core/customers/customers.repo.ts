import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bulkInsertReturning } from '../../db/bulk.ts';
import { customers } from './customers.tables.ts';

export type CustomerRow = typeof customers.$inferSelect;

export async function findCustomerById(db: Db, orgId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, id)));
  return row;
}

export async function findCustomerByLookup(db: Db, orgId: string, emailLookup: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.emailLookup, emailLookup)));
  return row;
}

/** Customers whose phone number has this keyed hash (a shared landline gives several). */
export async function findCustomersByPhoneLookup(db: Db, orgId: string, phoneLookup: string): Promise<CustomerRow[]> {
  return db.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.phoneLookup, phoneLookup)));
}

export async function findCustomersByIds(db: Db, orgId: string, ids: string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(customers).where(and(eq(customers.orgId, orgId), inArray(customers.id, ids)));
}

export type NewCustomer = typeof customers.$inferInsert & { id: string };

/** Customers known by any of these e-mail lookups. */
export async function findCustomersByLookups(db: Db, orgId: string, emailLookups: string[]): Promise<CustomerRow[]> {
  if (emailLookups.length === 0) return [];
  return db.select().from(customers).where(and(eq(customers.orgId, orgId), inArray(customers.emailLookup, emailLookups)));
}

/**
 * Inserts the customers, with other writes in the same statement (`alongside`, e.g. their keys);
 * one whose e-mail another transaction stored first is skipped (not returned).
 */
export async function insertCustomers(db: Db, values: readonly NewCustomer[], alongside: readonly SQL[] = []): Promise<CustomerRow[]> {
  return bulkInsertReturning(db, customers, values, { onConflictDoNothing: true, alongside });
}

export async function updateCustomer(db: Db, orgId: string, id: string, values: Partial<typeof customers.$inferInsert>): Promise<CustomerRow> {
  const [row] = await db.update(customers).set(values).where(and(eq(customers.orgId, orgId), eq(customers.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}
