/**
 * Price reductions: the announced percentage is recomputed on the lowest price of the previous
 * 30 days, from the ledger, and that reference price is what the announcement must show.
 *
 * Sources (RULES.md "Transparency of prices and contracts"):
 * - Dir. 98/6/EC art. 6a(1)-(2), added by the Omnibus Dir. 2019/2161 (applies from 2022-05-28):
 *   an announced reduction states the prior price, "the lowest price applied by the trader during
 *   a period of time not shorter than 30 days prior to the application of the price reduction".
 * - CJEU C-330/23 Aldi Süd (26 September 2024): the announced percentage (or "price highlight")
 *   is computed on that prior price, not on another reference.
 * - C. consom. L.112-1-1 (ordonnance 2021-1734, in force 2022-05-28), II: for successive
 *   reductions during one promotion, the reference is the price before the first reduction.
 *
 * Missing reference: the Commission's guidance (2021/C 526/02, 2.4) lets a Member State set a
 * shorter period for goods on the market for less than 30 days; France has not (verify), so a
 * ledger that does not cover the whole 30 days cannot give the reference and the check refuses.
 *
 * All amounts are integer minor units (cents) and percentages hundredths of a point (basis
 * points), so the comparison is exact: no float rounding decides a refusal.
 */
import { addDays, isLocalDate, parseInstant, startOfLocalDay } from '../calendar.ts';
import type { LocalDate } from '../local-date.ts';
import { TransparencyRulesError } from './errors.ts';

/** Art. 6a applies from this local date (Dir. 2019/2161 art. 7(1) second subparagraph). */
export const REDUCTION_RULE_FROM: LocalDate = '2022-05-28';
/** Art. 6a(2): the reference period, in days before the reduction applies. */
export const REDUCTION_REFERENCE_DAYS = 30;
export const REDUCTION_REF = 'Dir. 98/6/EC art. 6a; C. consom. L.112-1-1; CJEU C-330/23';

/** A price of the ledger: in force from `from` until the next entry's `from`. */
export interface LedgerPrice {
  readonly from: Date | string;
  /** Price in minor units (cents), a positive integer. */
  readonly priceCents: number;
}

export interface ReductionInput {
  /** The consumer-facing local date on which the reduced price applies. */
  readonly appliesOn: LocalDate;
  /** IANA time zone in which the trader's days are counted. */
  readonly tz: string;
  /** The reduced price, in cents. */
  readonly newPriceCents: number;
  /** The announced percentage in basis points (25 % = 2500); at most two decimals of a percent. */
  readonly announcedBasisPoints: number;
  /** Every price of the ledger (any order); the reference is read from them. */
  readonly ledger: readonly LedgerPrice[];
  /**
   * For a reduction following earlier reductions of the same promotion: the local date the first
   * one applied (L.112-1-1 II). The 30 days are counted before that date.
   */
  readonly firstReductionOn?: LocalDate;
}

export type ReductionRefusal =
  /** The ledger does not cover the 30 days before the reduction. */
  | 'missing_reference'
  /** The reduced price is not below the reference: there is no reduction to announce. */
  | 'no_reduction'
  /** The announced percentage is larger than the real one. */
  | 'overstated'
  /** The announced percentage is a full point or more below the real one. */
  | 'understated';

export interface ReductionCheck {
  readonly ok: boolean;
  readonly refusal: ReductionRefusal | null;
  /** The lowest price of the reference period, or null when the ledger does not cover it. */
  readonly referencePriceCents: number | null;
  /** First and last local day of the reference period. */
  readonly referenceFrom: LocalDate;
  readonly referenceTo: LocalDate;
  /** The real reduction in basis points, rounded down (null without a reference). */
  readonly actualBasisPoints: number | null;
  readonly ref: string;
}

function invalid(message: string): TransparencyRulesError {
  return new TransparencyRulesError('invalid-input', message);
}

function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw invalid(`${name} must be a positive whole number of cents`);
}

/**
 * The lowest price in force at any moment of [from, to) of the ledger, or null when the ledger
 * has no price in force at `from` (it does not cover the whole period).
 */
export function lowestPriceBetween(ledger: readonly LedgerPrice[], from: Date, to: Date): number | null {
  const entries = ledger.map((p) => ({ at: parseInstant(p.from).getTime(), price: p.priceCents })).sort((a, b) => a.at - b.at);
  const start = from.getTime();
  const end = to.getTime();
  let lowest: number | null = null;
  let covered = false;
  for (let i = 0; i < entries.length; i += 1) {
    const e = entries[i]!;
    const until = i + 1 < entries.length ? entries[i + 1]!.at : Number.POSITIVE_INFINITY;
    // Applied during the period: starts before its end and lasts beyond its start.
    if (e.at >= end || until <= start) continue;
    if (e.at <= start) covered = true;
    lowest = lowest === null ? e.price : Math.min(lowest, e.price);
  }
  return covered ? lowest : null;
}

/**
 * Checks an announced reduction against the ledger. Accepted when the announced percentage is
 * not above the real one and less than one point below it (a percentage rounded down to a whole
 * point is right; one that rounds up overstates the reduction, which art. 6a forbids).
 * Throws {@link TransparencyRulesError} for malformed input or a date before 2022-05-28.
 */
export function checkPriceReduction(input: ReductionInput): ReductionCheck {
  if (!isLocalDate(input.appliesOn)) throw invalid(`appliesOn must be a date YYYY-MM-DD, got ${JSON.stringify(input.appliesOn)}`);
  if (input.firstReductionOn !== undefined && (!isLocalDate(input.firstReductionOn) || input.firstReductionOn > input.appliesOn)) {
    throw invalid('firstReductionOn must be a date YYYY-MM-DD on or before appliesOn');
  }
  assertCents(input.newPriceCents, 'newPriceCents');
  const bp = input.announcedBasisPoints;
  if (!Number.isSafeInteger(bp) || bp <= 0 || bp >= 10_000) throw invalid('announcedBasisPoints must be a whole number between 1 and 9999');
  for (const p of input.ledger) assertCents(p.priceCents, 'ledger priceCents');
  if (input.appliesOn < REDUCTION_RULE_FROM) {
    throw new TransparencyRulesError(
      'no-rule-in-force',
      `No reduction rule in force on ${input.appliesOn}: Dir. 98/6/EC art. 6a applies from ${REDUCTION_RULE_FROM}`,
    );
  }
  const start = input.firstReductionOn ?? input.appliesOn;
  const referenceFrom = addDays(start, -REDUCTION_REFERENCE_DAYS);
  const referenceTo = addDays(start, -1);
  const reference = lowestPriceBetween(input.ledger, startOfLocalDay(referenceFrom, input.tz), startOfLocalDay(start, input.tz));
  const base = { referenceFrom, referenceTo, ref: REDUCTION_REF };
  if (reference === null) return { ok: false, refusal: 'missing_reference', referencePriceCents: null, actualBasisPoints: null, ...base };
  const saved = reference - input.newPriceCents;
  if (saved <= 0) return { ok: false, refusal: 'no_reduction', referencePriceCents: reference, actualBasisPoints: 0, ...base };
  // actual = saved / reference * 10000 basis points, compared without division.
  const actualScaled = saved * 10_000;
  const announcedScaled = bp * reference;
  const actualBasisPoints = Math.floor(actualScaled / reference);
  const refusal: ReductionRefusal | null =
    announcedScaled > actualScaled ? 'overstated' : actualScaled - announcedScaled >= 100 * reference ? 'understated' : null;
  return { ok: refusal === null, refusal, referencePriceCents: reference, actualBasisPoints, ...base };
}
