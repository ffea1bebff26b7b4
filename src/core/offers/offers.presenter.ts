/** Pure DTOs of the offers ledger. */
import type { OfferAbilities } from './offers.policy.ts';
import type { OfferVersionRow } from './offers.repo.ts';
import type { OfferView } from './offers.queries.ts';
import type { OfferDetailDto, OfferSummaryDto, OfferVersionDto } from './offers.schemas.ts';
import { currentVersion, stateOf, upcomingVersion } from './offers.versions.ts';

export function presentVersion(v: OfferVersionRow, current: OfferVersionRow | null, now: Date): OfferVersionDto {
  return {
    id: v.id,
    version: v.version,
    validFrom: v.validFrom.toISOString(),
    reason: v.reason,
    name: v.name,
    summary: v.summary,
    priceCents: v.priceCents,
    pricePeriod: v.pricePeriod,
    breakdown: v.breakdown,
    conditions: v.conditions,
    durationMonths: v.durationMonths,
    renewal: v.renewal,
    renewalTerms: v.renewalTerms,
    environmental: v.environmental ?? null,
    reduction: v.reduction ?? null,
    state: stateOf(v, current, now),
    createdAt: v.createdAt.toISOString(),
  };
}

export function presentOffer(view: OfferView, now: Date, abilities: OfferAbilities): OfferSummaryDto {
  const current = currentVersion(view.versions, now);
  const upcoming = upcomingVersion(view.versions, now);
  return {
    id: view.offer.id,
    slug: view.offer.slug,
    kind: view.offer.kind,
    sector: view.offer.sector,
    currency: view.offer.currency,
    current: current ? presentVersion(current, current, now) : null,
    versions: view.versions.length,
    upcoming: upcoming ? presentVersion(upcoming, current, now) : null,
    publicPath: `/portal/${view.orgSlug}/offers/${view.offer.slug}`,
    abilities,
  };
}

export function presentOfferDetail(view: OfferView, now: Date, abilities: OfferAbilities): OfferDetailDto {
  const current = currentVersion(view.versions, now);
  return { ...presentOffer(view, now, abilities), history: view.versions.map((v) => presentVersion(v, current, now)) };
}
