/**
 * The offers ledger: an offer and its versions, append-only. A change of price or terms is a new
 * version with its reason and the instant it applies from; no version is edited or removed, so the
 * public history and the 30-day reduction check read the prices that were really applied.
 */
import { checkPriceReduction, TransparencyRulesError } from '../../rules/transparency/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { formatBasisPoints, formatMoney } from '../../i18n/money.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound, type Issue } from '../errors.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as repo from './offers.repo.ts';
import type { AnnouncedReduction, LocalizedText } from './offers.tables.ts';
import type { CreateOfferInput, NewVersionInput, ReductionCheckInput } from './offers.schemas.ts';

type VersionTerms = Omit<NewVersionInput, 'reason' | 'validFrom' | 'reduction'>;

function invalid(issues: Issue[]): AppError {
  return new AppError('validation', {}, issues);
}

/** The published breakdown is the price split up: when given, its lines add up to the price exactly. */
function checkBreakdown(terms: VersionTerms, ctx: RequestContext, currency: string): void {
  if (terms.breakdown.length === 0) return;
  const total = terms.breakdown.reduce((sum, line) => sum + line.amountCents, 0);
  if (total !== terms.priceCents) {
    throw invalid([
      {
        path: 'breakdown',
        code: 'breakdown_sum',
        params: { total: formatMoney(ctx.locale, total, currency), price: formatMoney(ctx.locale, terms.priceCents, currency) },
      },
    ]);
  }
}

function versionValues(terms: VersionTerms) {
  return {
    name: terms.name,
    summary: terms.summary,
    priceCents: terms.priceCents,
    pricePeriod: terms.pricePeriod,
    breakdown: terms.breakdown,
    conditions: terms.conditions,
    durationMonths: terms.durationMonths,
    renewal: terms.renewal,
    renewalTerms: terms.renewalTerms,
    environmental: terms.environmental,
  };
}

const launchReason = (): LocalizedText => ({ fr: t('fr', 'offers.launchReason'), en: t('en', 'offers.launchReason') });

/** Publishes an offer with its first version, in force from now. */
export async function createOffer(
  deps: Deps,
  ctx: RequestContext,
  input: CreateOfferInput,
): Promise<{ offer: repo.OfferRow; version: repo.OfferVersionRow }> {
  const orgId = requireOrg(ctx);
  checkBreakdown(input, ctx, 'EUR');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    if (await repo.findOfferBySlug(tx, orgId, input.slug)) throw invalid([{ path: 'slug', code: 'slug_taken' }]);
    const offer = await repo.insertOffer(tx, { orgId, slug: input.slug, kind: input.kind, sector: input.sector, createdAt: now });
    const reason = input.reason && input.reason.fr !== '' ? input.reason : launchReason();
    const version = await repo.insertVersion(tx, {
      orgId,
      offerId: offer.id,
      version: 1,
      validFrom: now,
      reason,
      ...versionValues(input),
      createdBy: actorId(ctx.actor),
      createdAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'offer.created',
      target: { type: 'offer', id: offer.id },
      payload: { offerId: offer.id, slug: offer.slug, kind: offer.kind, sector: offer.sector, versionId: version.id },
    });
    return { offer, version };
  });
}

/** The organisation's time zone: the trader's days the 30 days are counted in. */
async function orgTimeZone(deps: Deps, orgId: string): Promise<string> {
  return (await findOrganisationById(deps.db, orgId))?.timezone ?? 'Europe/Paris';
}

/**
 * Runs the reduction rule on the offer's ledger for a price applying at `validFrom`, counting the
 * 30 days in the organisation's time zone.
 */
function judgeReduction(
  tz: string,
  ledger: readonly repo.OfferVersionRow[],
  input: { priceCents: number; percent: number; validFrom: Date; firstReductionOn?: string | undefined },
) {
  try {
    return checkPriceReduction({
      appliesOn: toLocalDate(input.validFrom, tz),
      tz,
      newPriceCents: input.priceCents,
      announcedBasisPoints: Math.round(input.percent * 100),
      ledger: ledger.map((v) => ({ from: v.validFrom, priceCents: v.priceCents })),
      ...(input.firstReductionOn ? { firstReductionOn: input.firstReductionOn } : {}),
    });
  } catch (err) {
    if (err instanceof TransparencyRulesError) throw invalid([{ path: 'reduction.firstReductionOn', code: 'invalid_value' }]);
    throw err;
  }
}

/** A refused reduction as a field error, with the reference price and the real percentage in the user's language. */
function reductionIssue(
  ctx: RequestContext,
  tz: string,
  currency: string,
  check: ReturnType<typeof checkPriceReduction>,
  announcedBasisPoints: number,
): Issue {
  const money = (cents: number | null) => (cents === null ? '' : formatMoney(ctx.locale, cents, currency));
  const day = dateFormatter(ctx.locale, tz);
  return {
    path: 'reduction.percent',
    code: `reduction_${check.refusal}`,
    params: {
      announced: formatBasisPoints(ctx.locale, announcedBasisPoints),
      actual: check.actualBasisPoints === null ? '' : formatBasisPoints(ctx.locale, check.actualBasisPoints),
      reference: money(check.referencePriceCents),
      from: day.date(check.referenceFrom),
      to: day.date(check.referenceTo),
    },
  };
}

/**
 * Adds a version: new terms or price, with the reason, applying from `validFrom` (now when absent,
 * never before now nor before the last version). A reduction announced with it is checked against
 * the lowest price of the 30 days before it applies (Dir. 98/6/EC art. 6a) and kept as evidence.
 */
export async function addVersion(deps: Deps, ctx: RequestContext, offerId: string, input: NewVersionInput): Promise<repo.OfferVersionRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  const validFrom = input.validFrom ? new Date(input.validFrom) : now;
  if (validFrom.getTime() < now.getTime() - 60_000) throw invalid([{ path: 'validFrom', code: 'date_in_past' }]);
  const tz = await orgTimeZone(deps, orgId);
  return deps.db.transaction(async (tx) => {
    const offer = await repo.lockOffer(tx, orgId, offerId);
    if (!offer) throw notFound('offer');
    checkBreakdown(input, ctx, offer.currency);
    const versions = await repo.findVersions(tx, orgId, [offer.id]);
    const last = versions[0]!;
    if (validFrom.getTime() <= last.validFrom.getTime()) {
      throw invalid([
        { path: 'validFrom', code: 'version_order', params: { after: dateFormatter(ctx.locale, tz).dateTime(last.validFrom) } },
      ]);
    }
    let reduction: AnnouncedReduction | null = null;
    if (input.reduction) {
      const check = judgeReduction(tz, versions, {
        priceCents: input.priceCents,
        percent: input.reduction.percent,
        validFrom,
        firstReductionOn: input.reduction.firstReductionOn,
      });
      const announced = Math.round(input.reduction.percent * 100);
      if (!check.ok) throw invalid([reductionIssue(ctx, tz, offer.currency, check, announced)]);
      reduction = {
        announcedBasisPoints: announced,
        referencePriceCents: check.referencePriceCents!,
        referenceFrom: check.referenceFrom,
        referenceTo: check.referenceTo,
        firstReductionOn: input.reduction.firstReductionOn ?? null,
        ref: check.ref,
      };
    }
    const version = await repo.insertVersion(tx, {
      orgId,
      offerId: offer.id,
      version: last.version + 1,
      validFrom,
      reason: input.reason,
      ...versionValues(input),
      reduction,
      createdBy: actorId(ctx.actor),
      createdAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'offer.version_created',
      target: { type: 'offer', id: offer.id },
      payload: {
        offerId: offer.id,
        versionId: version.id,
        version: version.version,
        validFrom: validFrom.toISOString(),
        priceCents: version.priceCents,
        previousPriceCents: last.priceCents,
        reductionBasisPoints: reduction?.announcedBasisPoints ?? null,
      },
    });
    return version;
  });
}

/** What the reduction rule answers for a price and a percentage on this offer, without storing anything (the form's preview). */
export async function previewReduction(deps: Deps, ctx: RequestContext, offerId: string, input: ReductionCheckInput) {
  const orgId = requireOrg(ctx);
  const offer = await repo.findOffer(deps.db, orgId, offerId);
  if (!offer) throw notFound('offer');
  const [tz, versions] = await Promise.all([orgTimeZone(deps, orgId), repo.findVersions(deps.db, orgId, [offer.id])]);
  const validFrom = input.validFrom ? new Date(input.validFrom) : deps.clock.now();
  return judgeReduction(tz, versions, {
    priceCents: input.priceCents,
    percent: input.percent,
    validFrom,
    firstReductionOn: input.firstReductionOn,
  });
}
