/** Queries of the offers ledger; always tenant-scoped, never authorizes. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { offers, offerVersions } from './offers.tables.ts';

export type OfferRow = typeof offers.$inferSelect;
export type OfferVersionRow = typeof offerVersions.$inferSelect;

export async function insertOffer(db: Db, values: typeof offers.$inferInsert): Promise<OfferRow> {
  const [row] = await db.insert(offers).values(values).returning();
  return row!;
}

export async function insertVersion(db: Db, values: typeof offerVersions.$inferInsert): Promise<OfferVersionRow> {
  const [row] = await db.insert(offerVersions).values(values).returning();
  return row!;
}

export async function findOffer(db: Db, orgId: string, id: string): Promise<OfferRow | undefined> {
  const [row] = await db
    .select()
    .from(offers)
    .where(and(eq(offers.orgId, orgId), eq(offers.id, id)));
  return row;
}

/** The offer, locked until the end of the transaction: versions of one offer are numbered one at a time. */
export async function lockOffer(db: Db, orgId: string, id: string): Promise<OfferRow | undefined> {
  const [row] = await db
    .select()
    .from(offers)
    .where(and(eq(offers.orgId, orgId), eq(offers.id, id)))
    .for('update');
  return row;
}

export async function findOfferBySlug(db: Db, orgId: string, slug: string): Promise<OfferRow | undefined> {
  const [row] = await db
    .select()
    .from(offers)
    .where(and(eq(offers.orgId, orgId), eq(offers.slug, slug)));
  return row;
}

export async function findOffers(db: Db, orgId: string): Promise<OfferRow[]> {
  return db.select().from(offers).where(eq(offers.orgId, orgId)).orderBy(asc(offers.slug));
}

/** Every version of the offers, newest first per offer. */
export async function findVersions(db: Db, orgId: string, offerIds: readonly string[]): Promise<OfferVersionRow[]> {
  if (offerIds.length === 0) return [];
  return db
    .select()
    .from(offerVersions)
    .where(and(eq(offerVersions.orgId, orgId), inArray(offerVersions.offerId, [...offerIds])))
    .orderBy(asc(offerVersions.offerId), desc(offerVersions.version));
}
