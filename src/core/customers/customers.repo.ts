import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { bulkInsertReturning } from '../../db/bulk.ts';
import { customers } from './customers.tables.ts';

export type CustomerRow = typeof customers.$inferSelect;

export async function findCustomerById(db: Db, orgId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id)));
  return row;
}

export async function findCustomerByLookup(db: Db, orgId: string, emailLookup: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.emailLookup, emailLookup)));
  return row;
}

/** Customers whose phone number has this keyed hash (a shared landline gives several). */
export async function findCustomersByPhoneLookup(db: Db, orgId: string, phoneLookup: string): Promise<CustomerRow[]> {
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.phoneLookup, phoneLookup)));
}

export async function findCustomersByIds(db: Db, orgId: string, ids: string[]): Promise<CustomerRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), inArray(customers.id, ids)));
}

export type NewCustomer = typeof customers.$inferInsert & { id: string };

/** Customers without e-mail known by any of these phone lookups (a partial index serves exactly these). */
export async function findPhoneOnlyCustomers(db: Db, orgId: string, phoneLookups: string[]): Promise<CustomerRow[]> {
  if (phoneLookups.length === 0) return [];
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), inArray(customers.phoneLookup, [...new Set(phoneLookups)]), isNull(customers.emailLookup)));
}

/** Gives customers known only by phone their e-mail, in one statement; returns those changed (still without e-mail until now). */
export async function addCustomerEmails(
  db: Db,
  orgId: string,
  emails: readonly { id: string; emailLookup: string; emailEnc: string }[],
): Promise<CustomerRow[]> {
  if (emails.length === 0) return [];
  const values = emails.map((e) => sql`(${e.id}::uuid, ${e.emailLookup}, ${e.emailEnc})`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`update customers c set email_lookup = v.email_lookup, email_enc = v.email_enc, updated_at = now()
        from (values ${sql.join(values, sql`, `)}) as v(id, email_lookup, email_enc)
        where c.org_id = ${orgId} and c.id = v.id and c.email_lookup is null
        returning c.id`,
  );
  return findCustomersByIds(
    db,
    orgId,
    rows.map((r) => String(r.id)),
  );
}

/** Customers known by any of these e-mail lookups. */
export async function findCustomersByLookups(db: Db, orgId: string, emailLookups: string[]): Promise<CustomerRow[]> {
  if (emailLookups.length === 0) return [];
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), inArray(customers.emailLookup, emailLookups)));
}

/**
 * Inserts the customers, with other writes in the same statement (`alongside`, e.g. their keys);
 * one whose e-mail another transaction stored first is skipped (not returned).
 */
/** Customers known by any of these phone lookups (a shared line gives several), in chunks for large batches. */
export async function findCustomersByPhoneLookups(db: Db, orgId: string, phoneLookups: readonly string[]): Promise<CustomerRow[]> {
  const out: CustomerRow[] = [];
  for (let i = 0; i < phoneLookups.length; i += 5000) {
    out.push(
      ...(await db
        .select()
        .from(customers)
        .where(and(eq(customers.orgId, orgId), inArray(customers.phoneLookup, phoneLookups.slice(i, i + 5000))))),
    );
  }
  return out;
}

export async function insertCustomers(db: Db, values: readonly NewCustomer[], alongside: readonly SQL[] = []): Promise<CustomerRow[]> {
  return bulkInsertReturning(db, customers, values, { onConflictDoNothing: true, alongside });
}

export async function updateCustomer(
  db: Db,
  orgId: string,
  id: string,
  values: Partial<typeof customers.$inferInsert>,
): Promise<CustomerRow> {
  const [row] = await db
    .update(customers)
    .set(values)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id)))
    .returning();
  if (!row) throw new Error('update matched no row');
  return row;
}
