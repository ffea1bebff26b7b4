/** Read models of the offers ledger: an offer with its versions, newest first. */
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findOrganisationById, type OrganisationRow } from '../organisations/index.ts';
import * as repo from './offers.repo.ts';

export interface OfferView {
  offer: repo.OfferRow;
  /** Every version, newest first. */
  versions: repo.OfferVersionRow[];
  /** The organisation's portal address, for the offer's public page. */
  orgSlug: string;
}

async function withVersions(deps: Deps, org: Pick<OrganisationRow, 'id' | 'slug'>, rows: repo.OfferRow[]): Promise<OfferView[]> {
  const orgId = org.id;
  const versions = await repo.findVersions(
    deps.db,
    orgId,
    rows.map((o) => o.id),
  );
  const byOffer = new Map<string, repo.OfferVersionRow[]>(rows.map((o) => [o.id, []]));
  for (const v of versions) byOffer.get(v.offerId)?.push(v);
  return rows.map((offer) => ({ offer, versions: byOffer.get(offer.id) ?? [], orgSlug: org.slug }));
}

async function ownOrg(deps: Deps, ctx: RequestContext): Promise<Pick<OrganisationRow, 'id' | 'slug'>> {
  const org = await findOrganisationById(deps.db, requireOrg(ctx));
  if (!org) throw notFound('organisation');
  return org;
}

export async function listOffers(deps: Deps, ctx: RequestContext): Promise<OfferView[]> {
  const org = await ownOrg(deps, ctx);
  return withVersions(deps, org, await repo.findOffers(deps.db, org.id));
}

export async function getOffer(deps: Deps, ctx: RequestContext, id: string): Promise<OfferView> {
  const org = await ownOrg(deps, ctx);
  const offer = await repo.findOffer(deps.db, org.id, id);
  if (!offer) throw notFound('offer');
  const [view] = await withVersions(deps, org, [offer]);
  return view!;
}

/** The organisation's offers for its public pages: published terms are public by nature. */
export async function publicOffers(deps: Deps, org: OrganisationRow): Promise<OfferView[]> {
  return withVersions(deps, org, await repo.findOffers(deps.db, org.id));
}

/** One offer by its public address, or null (the page answers 404). */
export async function publicOffer(deps: Deps, org: OrganisationRow, slug: string): Promise<OfferView | null> {
  const offer = await repo.findOfferBySlug(deps.db, org.id, slug);
  if (!offer) return null;
  const [view] = await withVersions(deps, org, [offer]);
  return view ?? null;
}
