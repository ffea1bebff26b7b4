import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';

/** What is sold: a product, a plan (subscription) or a service. */
export const OFFER_KINDS = ['product', 'plan', 'service'] as const;
/** What the price pays for: once, per month, per year. */
export const PRICE_PERIODS = ['once', 'month', 'year'] as const;
/** How the contract renews at the end of its duration. */
export const RENEWAL_KINDS = ['none', 'tacit', 'on_request'] as const;

/** Text the company writes in both portal languages; English may be left empty (French is shown). */
export interface LocalizedText {
  fr: string;
  en: string;
}

/** One line of the cost breakdown the company chooses to publish; the lines add up to the price. */
export interface BreakdownLine {
  label: LocalizedText;
  amountCents: number;
}

/** Optional environmental information, as the company states it (checked by people, not here). */
export interface EnvironmentalInfo {
  text: LocalizedText;
  /** Greenhouse gases per year of use, kg CO2e, when the company publishes the figure. */
  co2eKgPerYear: number | null;
}

/**
 * A reduction announced with this version (Dir. 98/6/EC art. 6a): what was announced and the
 * reference the rules found in the ledger when the version was made, kept as evidence.
 */
export interface AnnouncedReduction {
  announcedBasisPoints: number;
  referencePriceCents: number;
  referenceFrom: string;
  referenceTo: string;
  firstReductionOn: string | null;
  ref: string;
}

/**
 * An offer: the stable identity of something sold (its public address and sector). Its terms and
 * price live in `offer_versions`; the offer itself never changes once made.
 */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** The public page's address: /portal/<org>/offers/<slug>. */
    slug: text('slug').notNull(),
    kind: text('kind', { enum: OFFER_KINDS }).notNull(),
    /** The sector whose notice rules apply to a change (src/rules/transparency notice table). */
    sector: text('sector', { enum: NOTICE_SECTORS }).notNull(),
    currency: text('currency').notNull().default('EUR'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('offers_org_slug_uq').on(t.orgId, t.slug)],
);

/**
 * The ledger of an offer: every version, append-only. A change is a new row with its reason and
 * the instant it applies from; the version in force at an instant is the latest `valid_from` at or
 * before it. The prices of this table are the ledger the 30-day reduction check reads.
 */
export const offerVersions = pgTable(
  'offer_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    /** 1, 2, 3... in the order made, which is also the order of `valid_from`. */
    version: integer('version').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true, precision: 3 }).notNull(),
    /** Why this version exists (the first: the launch); shown on the public page. */
    reason: jsonb('reason').$type<LocalizedText>().notNull(),
    name: jsonb('name').$type<LocalizedText>().notNull(),
    summary: jsonb('summary').$type<LocalizedText>().notNull(),
    priceCents: integer('price_cents').notNull(),
    pricePeriod: text('price_period', { enum: PRICE_PERIODS }).notNull(),
    breakdown: jsonb('breakdown').$type<BreakdownLine[]>().notNull(),
    conditions: jsonb('conditions').$type<LocalizedText>().notNull(),
    /** Length of a contract in months; null: no fixed term. */
    durationMonths: integer('duration_months'),
    renewal: text('renewal', { enum: RENEWAL_KINDS }).notNull(),
    renewalTerms: jsonb('renewal_terms').$type<LocalizedText>().notNull(),
    environmental: jsonb('environmental').$type<EnvironmentalInfo>(),
    reduction: jsonb('reduction').$type<AnnouncedReduction>(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('offer_versions_offer_version_uq').on(t.offerId, t.version),
    index('offer_versions_org_offer_idx').on(t.orgId, t.offerId, t.validFrom),
  ],
);
