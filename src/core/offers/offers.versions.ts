/**
 * Pure reading of an offer's ledger: which version is in force at an instant, which are past or
 * announced, and what changed between two versions (the portal's side-by-side comparison).
 */
import type { OfferVersionRow } from './offers.repo.ts';

export type VersionState = 'past' | 'current' | 'upcoming';

/** The version in force at `now`: the latest `validFrom` at or before it (versions in any order). */
export function currentVersion<V extends Pick<OfferVersionRow, 'validFrom' | 'version'>>(versions: readonly V[], now: Date): V | null {
  let best: V | null = null;
  for (const v of versions) if (v.validFrom.getTime() <= now.getTime() && (best === null || v.version > best.version)) best = v;
  return best;
}

/** The next announced version after `now`, if any. */
export function upcomingVersion<V extends Pick<OfferVersionRow, 'validFrom' | 'version'>>(versions: readonly V[], now: Date): V | null {
  let next: V | null = null;
  for (const v of versions) if (v.validFrom.getTime() > now.getTime() && (next === null || v.version < next.version)) next = v;
  return next;
}

export function stateOf(
  v: Pick<OfferVersionRow, 'validFrom' | 'version'>,
  current: Pick<OfferVersionRow, 'version'> | null,
  now: Date,
): VersionState {
  if (v.validFrom.getTime() > now.getTime()) return 'upcoming';
  return current !== null && v.version === current.version ? 'current' : 'past';
}

/** The terms a comparison shows, in the order of the page. */
export const COMPARED_FIELDS = [
  'name',
  'summary',
  'price',
  'breakdown',
  'conditions',
  'duration',
  'renewal',
  'renewalTerms',
  'environmental',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

function valueOf(v: OfferVersionRow, field: ComparedField): unknown {
  switch (field) {
    case 'price':
      return [v.priceCents, v.pricePeriod];
    case 'duration':
      return v.durationMonths;
    case 'breakdown':
      return v.breakdown.map((l) => [l.label.fr, l.label.en, l.amountCents]);
    case 'environmental':
      return v.environmental;
    default:
      return v[field];
  }
}

/** For each compared field, whether it differs between `a` and `b`. */
export function changedFields(a: OfferVersionRow, b: OfferVersionRow): Record<ComparedField, boolean> {
  const out = {} as Record<ComparedField, boolean>;
  for (const f of COMPARED_FIELDS) out[f] = JSON.stringify(valueOf(a, f)) !== JSON.stringify(valueOf(b, f));
  return out;
}
