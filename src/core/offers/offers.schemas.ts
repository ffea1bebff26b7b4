import { z } from 'zod';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { OFFER_KINDS, PRICE_PERIODS, RENEWAL_KINDS } from './offers.tables.ts';

/** Text in French (required) and English (may be empty: the French is shown). */
const text = (max: number) => z.object({ fr: z.string().trim().min(1).max(max), en: z.string().trim().max(max).default('') }).strict();
const optionalText = (max: number) =>
  z.object({ fr: z.string().trim().max(max).default(''), en: z.string().trim().max(max).default('') }).strict();
/** Prices in cents: up to a million euros. */
const cents = z.number().int().min(0).max(100_000_000);

const BreakdownLineSchema = z.object({ label: text(80), amountCents: cents }).strict();

/** The terms of one version: what the public page shows. */
const VersionFields = {
  name: text(120),
  summary: optionalText(600).default({ fr: '', en: '' }),
  priceCents: cents,
  pricePeriod: z.enum(PRICE_PERIODS),
  /** The cost breakdown the company chooses to publish; when given, its lines add up to the price. */
  breakdown: z.array(BreakdownLineSchema).max(12).default([]),
  conditions: optionalText(4000).default({ fr: '', en: '' }),
  durationMonths: z.number().int().min(1).max(120).nullable().default(null),
  renewal: z.enum(RENEWAL_KINDS),
  renewalTerms: optionalText(2000).default({ fr: '', en: '' }),
  environmental: z
    .object({ text: text(1000), co2eKgPerYear: z.number().min(0).max(1_000_000).nullable().default(null) })
    .strict()
    .nullable()
    .default(null),
};

/** A reduction announced with a new price: the percentage shown to consumers (e.g. 25 or 12.5). */
const ReductionSchema = z
  .object({
    percent: z.number().gt(0).lt(100).multipleOf(0.01),
    /** For a reduction following others in the same promotion: the day the first applied (C. consom. L.112-1-1 II). */
    firstReductionOn: z.iso.date().optional(),
  })
  .strict();

export const CreateOfferSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/),
    kind: z.enum(OFFER_KINDS),
    sector: z.enum(NOTICE_SECTORS),
    ...VersionFields,
    /** Why the offer is published (defaults to a launch). */
    reason: optionalText(600).optional(),
  })
  .strict();
export type CreateOfferInput = z.infer<typeof CreateOfferSchema>;

export const NewVersionSchema = z
  .object({
    ...VersionFields,
    /** Why the terms change: required, shown on the public page. */
    reason: text(600),
    /** When the version applies: now when absent; never in the past (the ledger is not rewritten). */
    validFrom: z.iso.datetime({ offset: true }).optional(),
    reduction: ReductionSchema.optional(),
  })
  .strict();
export type NewVersionInput = z.infer<typeof NewVersionSchema>;

export const OfferParamsSchema = z.object({ id: z.uuid() }).strict();

const LocalizedDto = z.object({ fr: z.string(), en: z.string() });

export const OfferVersionDtoSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  validFrom: z.string(),
  reason: LocalizedDto,
  name: LocalizedDto,
  summary: LocalizedDto,
  priceCents: z.number().int(),
  pricePeriod: z.enum(PRICE_PERIODS),
  breakdown: z.array(z.object({ label: LocalizedDto, amountCents: z.number().int() })),
  conditions: LocalizedDto,
  durationMonths: z.number().int().nullable(),
  renewal: z.enum(RENEWAL_KINDS),
  renewalTerms: LocalizedDto,
  environmental: z.object({ text: LocalizedDto, co2eKgPerYear: z.number().nullable() }).nullable(),
  reduction: z
    .object({
      announcedBasisPoints: z.number().int(),
      referencePriceCents: z.number().int(),
      referenceFrom: z.string(),
      referenceTo: z.string(),
      firstReductionOn: z.string().nullable(),
      ref: z.string(),
    })
    .nullable(),
  /** `current`: in force now; `past`; `upcoming`: announced, not yet in force. */
  state: z.enum(['past', 'current', 'upcoming']),
  createdAt: z.string(),
});
export type OfferVersionDto = z.infer<typeof OfferVersionDtoSchema>;

export const OfferSummaryDtoSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  kind: z.enum(OFFER_KINDS),
  sector: z.enum(NOTICE_SECTORS),
  currency: z.string(),
  /** The version in force now (null when the first version only applies later). */
  current: OfferVersionDtoSchema.nullable(),
  versions: z.number().int(),
  /** The next announced version, if any. */
  upcoming: OfferVersionDtoSchema.nullable(),
  publicPath: z.string(),
  abilities: z.object({ manage: z.boolean() }),
});
export type OfferSummaryDto = z.infer<typeof OfferSummaryDtoSchema>;

export const OfferListDtoSchema = z.object({ items: z.array(OfferSummaryDtoSchema) });
export type OfferListDto = z.infer<typeof OfferListDtoSchema>;

export const OfferDetailDtoSchema = OfferSummaryDtoSchema.extend({
  /** Every version, newest first. */
  history: z.array(OfferVersionDtoSchema),
});
export type OfferDetailDto = z.infer<typeof OfferDetailDtoSchema>;

/** What a reduction check would answer now for a price and a percentage on this offer; nothing is stored. */
export const ReductionCheckSchema = z
  .object({
    priceCents: cents,
    percent: z.number().gt(0).lt(100).multipleOf(0.01),
    validFrom: z.iso.datetime({ offset: true }).optional(),
    firstReductionOn: z.iso.date().optional(),
  })
  .strict();
export type ReductionCheckInput = z.infer<typeof ReductionCheckSchema>;

export const ReductionCheckDtoSchema = z.object({
  ok: z.boolean(),
  refusal: z.enum(['missing_reference', 'no_reduction', 'overstated', 'understated']).nullable(),
  referencePriceCents: z.number().int().nullable(),
  referenceFrom: z.string(),
  referenceTo: z.string(),
  actualBasisPoints: z.number().int().nullable(),
  ref: z.string(),
});
export type ReductionCheckDto = z.infer<typeof ReductionCheckDtoSchema>;
