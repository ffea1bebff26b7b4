/** Data access for advisors. Always scoped by organisation; never authorizes. */
import { and, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../auth/auth.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { advisors } from './advisors.tables.ts';

export type AdvisorRow = typeof advisors.$inferSelect;

/** Active agents of the organisation with their advisor settings (defaults when no row) and load. */
export async function findAdvisorCandidates(db: Db, orgId: string) {
  return withLoads(await findAdvisorSettings(db, orgId), await countCustomersByAdvisor(db, orgId));
}

/** Agents of the organisation with their advisor settings (defaults when no row). */
export async function findAdvisorSettings(db: Db, orgId: string) {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      locale: users.locale,
      userStatus: users.status,
      languages: advisors.languages,
      skills: advisors.skills,
      status: advisors.status,
      deputyId: advisors.deputyId,
      supervisorId: advisors.supervisorId,
    })
    .from(users)
    .leftJoin(advisors, and(eq(advisors.orgId, users.orgId), eq(advisors.userId, users.id)))
    .where(and(eq(users.orgId, orgId), sql`'agent' = any(${users.roles})`));
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    userStatus: r.userStatus,
    languages: r.languages ?? [],
    skills: r.skills ?? [],
    status: r.status ?? ('active' as const),
    deputyId: r.deputyId ?? null,
    supervisorId: r.supervisorId ?? null,
  }));
}

/** How many customers each advisor has (a count over all the organisation's customers). */
export async function countCustomersByAdvisor(db: Db, orgId: string): Promise<Map<string, number>> {
  const loads = await db
    .select({ advisorId: customers.advisorId, n: count() })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), isNotNull(customers.advisorId)))
    .groupBy(customers.advisorId);
  return new Map(loads.flatMap((l) => (l.advisorId ? [[l.advisorId, l.n] as const] : [])));
}

export function withLoads(settings: Awaited<ReturnType<typeof findAdvisorSettings>>, loads: ReadonlyMap<string, number>) {
  return settings.map((s) => ({ ...s, customers: loads.get(s.userId) ?? 0 }));
}
export type AdvisorCandidate = Awaited<ReturnType<typeof findAdvisorCandidates>>[number];

export async function findAdvisor(db: Db, orgId: string, userId: string): Promise<AdvisorRow | undefined> {
  const [row] = await db.select().from(advisors).where(and(eq(advisors.orgId, orgId), eq(advisors.userId, userId)));
  return row;
}

export async function upsertAdvisor(db: Db, orgId: string, userId: string, values: Partial<Omit<typeof advisors.$inferInsert, 'orgId' | 'userId'>>): Promise<AdvisorRow> {
  const [row] = await db
    .insert(advisors)
    .values({ orgId, userId, ...values })
    .onConflictDoUpdate({ target: [advisors.orgId, advisors.userId], set: values })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  return row;
}

/** Active users of the organisation with their roles (the service picks who may lead a team). */
export async function findActiveUsers(db: Db, orgId: string) {
  return db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.status, 'active')));
}

export async function findUsersByIds(db: Db, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select({ id: users.id, name: users.name, status: users.status, roles: users.roles }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, ids)));
}

/** Gives each customer their advisor, in one statement. */
export async function setCustomerAdvisors(db: Db, orgId: string, changes: readonly { customerId: string; advisorId: string }[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map((c) => sql`(${c.customerId}::uuid, ${c.advisorId}::uuid)`);
  await db.execute(sql`
    update customers c set advisor_id = v.advisor_id, updated_at = now()
    from (values ${sql.join(rows, sql`, `)}) as v(customer_id, advisor_id)
    where c.org_id = ${orgId} and c.id = v.customer_id`);
}

/** Moves every customer of `from` to `to`; returns those moved, and whether each has an e-mail. */
export async function moveCustomers(db: Db, orgId: string, from: string, to: string): Promise<{ id: string; reachableByMail: boolean }[]> {
  const rows = await db
    .update(customers)
    .set({ advisorId: to, updatedAt: sql`now()` })
    .where(and(eq(customers.orgId, orgId), eq(customers.advisorId, from)))
    .returning({ id: customers.id, emailLookup: customers.emailLookup });
  return rows.map((r) => ({ id: r.id, reachableByMail: r.emailLookup !== null }));
}

