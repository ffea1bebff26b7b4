/**
 * Types of the outbound-contact rules: the facts a decision is taken on, the reasons it gives,
 * and the dated rule versions of a country pack (fr.ts). Pure data, no behaviour.
 */
import type { LocalDate } from '../local-date.ts';

/** Channels an outbound contact can use. */
export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'post'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * Why the organisation contacts the person: `prospecting` (selling, canvassing) falls under the
 * canvassing rules; `service` (about an existing contract, not selling) does not.
 */
export const CONTACT_PURPOSES = ['prospecting', 'service'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

/** State of the prospecting consent for the channel at the instant judged. */
export const CONSENT_STATES = ['given', 'withdrawn', 'none'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** Sectors some laws ban from canvassing (C. consom. L.223-1); `other` is every other sector. */
export const CONTACT_SECTORS = ['energy_renovation', 'housing_adaptation', 'other'] as const;
export type ContactSector = (typeof CONTACT_SECTORS)[number];

/** Countries that have a rules pack. */
export const CONTACT_COUNTRIES = ['FR'] as const;
export type ContactCountry = (typeof CONTACT_COUNTRIES)[number];

/** Everything a decision depends on, already gathered (the JSONL contract's facts, parsed). */
export interface ContactFacts {
  readonly country: ContactCountry;
  readonly channel: ContactChannel;
  readonly purpose: ContactPurpose;
  /** The instant of the contact judged. */
  readonly at: Date;
  /** The consumer's IANA time zone: days and hours are read on their wall clock. */
  readonly tz: string;
  readonly consent: ConsentState;
  /** The consumer's own consent to be called outside the legal days and hours (D.223-9 al. 2). */
  readonly outOfHoursConsent: boolean;
  readonly ongoingContract: boolean;
  /** The offer is related or complementary to the ongoing contract. */
  readonly relatedToContract: boolean;
  /** Soft opt-in: an existing customer offered products similar to those bought (CPCE L.34-5). */
  readonly existingCustomerSimilarProduct: boolean;
  /** On the telephone opposition list (Bloctel) at `at`. */
  readonly oppositionListed: boolean;
  /** Earlier call attempts of this organisation (third parties acting for it included). */
  readonly attempts: readonly Date[];
  /** Instants at which the consumer refused during a call. */
  readonly refusals: readonly Date[];
  readonly sector: ContactSector;
  /** The person objected to direct marketing (GDPR Art. 21(2)). */
  readonly objection: boolean;
  /** The person's browser sent Global Privacy Control (GDPR Art. 21(5)). */
  readonly gpc: boolean;
}

/** Stable reason codes (docs/CONTACT-RULES.md gives each one's meaning). */
export const CONTACT_REASON_CODES = [
  'objection_to_marketing',
  'gpc_objection',
  'banned_sector',
  'opposition_listed',
  'consent_missing',
  'consent_withdrawn',
  'outside_calling_days',
  'public_holiday',
  'outside_calling_hours',
  'attempt_cap_reached',
  'refusal_cooling_off',
] as const;
export type ContactReasonCode = (typeof CONTACT_REASON_CODES)[number];

/** Where the evidence of a reason lies in the facts: indexes into `attempts` or `refusals`. */
export interface ReasonEvidence {
  readonly attempts?: readonly number[];
  readonly refusals?: readonly number[];
}

/** One reason a contact is refused. */
export interface ContactReason {
  readonly code: ContactReasonCode;
  /** `law` with its article, or the organisation's own `policy`. */
  readonly source: 'law' | 'policy';
  /** Legal reference as text, e.g. "C. consom. D.223-9 al. 1". */
  readonly ref: string;
  /** The rule version that gave the reason (fr.ts ids). */
  readonly ruleId: string;
  readonly evidence?: ReasonEvidence;
}

/** The decision on one contact: allowed when no reason applies. */
export interface ContactDecision {
  readonly allowed: boolean;
  readonly reasons: readonly ContactReason[];
  /** Legal references of the reasons, each once, in order. */
  readonly rules: readonly string[];
  /** The consumer's local date of `at`, on which the rules in force were chosen. */
  readonly judgedOn: LocalDate;
}

/** What a rule sees: the facts and the consumer's wall clock at `at`. */
export interface RuleContext {
  readonly facts: ContactFacts;
  readonly localDate: LocalDate;
  /** Days since 1970-01-01 of `localDate`. */
  readonly epochDay: number;
  /** 1 = Monday ... 7 = Sunday. */
  readonly isoDayOfWeek: number;
  /** Seconds since local midnight on the wall clock (DST-aware). */
  readonly secondOfDay: number;
  readonly isPublicHoliday: boolean;
}

/** A reason a rule gives, before the pack adds its source, reference and rule id. */
export interface RuleFinding {
  readonly code: ContactReasonCode;
  readonly evidence?: ReasonEvidence;
}

/**
 * One dated version of a legal rule. A contact is judged by the versions in force on the
 * consumer's local date of `at`: validFrom <= date <= validTo (both inclusive, validTo open-ended
 * when absent).
 */
export interface RuleVersion {
  /** Stable id, e.g. "fr.phone.consent.opt-in". */
  readonly id: string;
  readonly validFrom: LocalDate;
  readonly validTo?: LocalDate;
  /** Legal reference as text. */
  readonly ref: string;
  /** The reasons this rule gives for the context (empty when it allows). */
  readonly check: (ctx: RuleContext) => readonly RuleFinding[];
}

/** A country's rules pack. */
export interface RulesPack {
  readonly country: ContactCountry;
  /** First local date the pack can judge; earlier contacts have no rules to be judged by. */
  readonly validFrom: LocalDate;
  readonly rules: readonly RuleVersion[];
}
