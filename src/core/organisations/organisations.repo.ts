import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations } from '../../db/schema.ts';

export type OrganisationRow = typeof organisations.$inferSelect;

export async function findOrganisationById(db: Db, id: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findOrganisationBySlug(db: Db, slug: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.slug, slug));
  return row;
}

/** The oldest organisation: the portal's default on a single-tenant install. */
export async function findDefaultOrganisation(db: Db): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.slug)).limit(1);
  return row;
}

/** Every organisation of the installation, oldest first: for the operator (`confiance org list`), never for a route. */
export async function findAllOrganisations(db: Db): Promise<OrganisationRow[]> {
  return db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.slug));
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateOrganisation(db: Db, id: string, values: Partial<typeof organisations.$inferInsert>): Promise<OrganisationRow> {
  const [row] = await db.update(organisations).set(values).where(eq(organisations.id, id)).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}
