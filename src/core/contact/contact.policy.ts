/**
 * Pure rules of the contact module: which consent purposes speak for a channel, how the consent
 * ledger, the restrictions and the contact history become the facts of the legal rules
 * (src/rules/contact), which evidence each reason rests on, and what a refusal withdraws.
 */
import { toLocalDate } from '../../rules/index.ts';
import { FR_PHONE_OPT_IN_FROM } from '../../rules/contact/index.ts';
import type { ConsentState, ContactDecision, ContactFacts, ContactReasonCode } from '../../rules/contact/index.ts';
import type { CONTACT_CHANNELS, CONTACT_OUTCOMES, CONTACT_PURPOSES, ContactEvidence, DeclaredContactFacts } from './contact.tables.ts';

export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/**
 * The consent purpose key of the out-of-hours consent (C. consom. D.223-9 al. 2): a consent of its
 * own, given and proven like any other, on the phone channel. An organisation that asks for it
 * creates a purpose with this key.
 */
export const OUT_OF_HOURS_PURPOSE_KEY = 'phone-out-of-hours';

/** A consent purpose, as far as the contact rules care. */
export interface PurposeLite {
  readonly id: string;
  readonly key: string;
  readonly legalBasis: string;
  readonly dataUse: string;
  readonly channels: readonly string[];
  readonly status: string;
}

/**
 * The purposes whose consent is the prospecting consent of `channel`: active, based on consent,
 * a marketing data use (fideslang `marketing.*`) covering the channel; the out-of-hours consent
 * is not one (it lifts only days and hours). `only` narrows them to one purpose key.
 */
export function prospectingPurposes(purposes: readonly PurposeLite[], channel: ContactChannel, only?: string): PurposeLite[] {
  return purposes.filter(
    (p) =>
      p.status === 'active' &&
      p.legalBasis === 'consent' &&
      p.dataUse.startsWith('marketing.') &&
      p.channels.includes(channel) &&
      p.key !== OUT_OF_HOURS_PURPOSE_KEY &&
      (only === undefined || p.key === only),
  );
}

/** The out-of-hours consent purpose, when the organisation has one. */
export function outOfHoursPurpose(purposes: readonly PurposeLite[]): PurposeLite | undefined {
  return purposes.find((p) => p.status === 'active' && p.key === OUT_OF_HOURS_PURPOSE_KEY && p.channels.includes('phone'));
}

/** The consent module's answer for one purpose and channel (its `Decision`). */
export interface ConsentAnswer {
  readonly reason: string;
  readonly evidence: string | null;
}

/** One purpose's consent, read as the rules read it. */
export interface ConsentReading {
  readonly state: ConsentState;
  readonly eventId: string | null;
}

/** No consent on record (shared: readings are never changed). */
export const NO_CONSENT: ConsentReading = Object.freeze({ state: 'none', eventId: null });

/** A consent answer as a state: given; withdrawn or refused (the person said no); else none. */
export function readConsent(answer: ConsentAnswer): ConsentReading {
  if (answer.reason === 'consent') return { state: 'given', eventId: answer.evidence };
  if (answer.reason === 'withdrawn' || answer.reason === 'refused') return { state: 'withdrawn', eventId: answer.evidence };
  return NO_CONSENT;
}

/**
 * One state out of several purposes: a "no" on any of them wins (the person told the
 * organisation to stop: GDPR Art. 7(3), 21(3)), then a "yes" on any, else none.
 */
export function combineConsents(readings: readonly ConsentReading[]): ConsentReading {
  return readings.find((r) => r.state === 'withdrawn') ?? readings.find((r) => r.state === 'given') ?? NO_CONSENT;
}

/** An active restriction of the consent module (Art. 18 restriction, Art. 21 objection, GPC). */
export interface ActiveRestriction {
  readonly id: string;
  readonly kind: string;
  readonly purposeId: string | null;
}

/**
 * The restrictions that object to this prospecting: an objection to every purpose or to one of
 * the channel's prospecting purposes (Art. 21(2)-(3)), and GPC (Art. 21(5)). A restriction of
 * processing (Art. 18) does not stop consent-based processing and is not counted.
 */
export function objectionsTo(
  restrictions: readonly ActiveRestriction[],
  purposeIds: ReadonlySet<string>,
): { objection: readonly ActiveRestriction[]; gpc: readonly ActiveRestriction[] } {
  // Most people have none: one shared answer.
  if (restrictions.length === 0) return NO_OBJECTIONS;
  return {
    objection: restrictions.filter((r) => r.kind === 'objection' && (r.purposeId === null || purposeIds.has(r.purposeId))),
    gpc: restrictions.filter((r) => r.kind === 'gpc'),
  };
}

const NO_OBJECTIONS = Object.freeze({ objection: Object.freeze([]), gpc: Object.freeze([]) });

/** One row of the contact history, as the rules need it. */
export interface HistoryRow {
  readonly id: string;
  readonly channel: ContactChannel;
  readonly purpose: ContactPurpose;
  readonly outcome: ContactOutcome;
  readonly occurredAt: Date;
}

/** A refusal during a call: the offer refused, or "do not call me". */
export const isRefusal = (outcome: ContactOutcome): boolean => outcome === 'refused' || outcome === 'do_not_call';

/** Everything gathered for one decision. */
export interface GatheredContact {
  readonly channel: ContactChannel;
  readonly purpose: ContactPurpose;
  readonly at: Date;
  readonly declared: DeclaredContactFacts;
  readonly consent: ConsentReading;
  readonly outOfHours: ConsentReading;
  readonly objection: readonly ActiveRestriction[];
  readonly gpc: readonly ActiveRestriction[];
  /** Earlier phone prospecting rows (the caps of D.223-9 count calls made to sell). */
  readonly history: readonly HistoryRow[];
  /** The opposition list extract read (phone only) and whether the number is on it. */
  readonly oppositionList: { readonly id: string; readonly listed: boolean } | null;
}

/** An opposition list extract, as far as the guard cares. */
export interface OppositionExtract {
  readonly id: string;
  readonly country: string;
  /** Local date from which the extract is in force (until the next one). */
  readonly extractedOn: string;
}

/**
 * The extract in force on a local date: the newest French extract dated that day or before (a
 * later extract replaces it; the list a professional must scrub against is the latest one).
 */
export function extractInForce(extracts: readonly OppositionExtract[], localDate: string): OppositionExtract | undefined {
  let best: OppositionExtract | undefined;
  for (const e of extracts) if (e.country === 'FR' && e.extractedOn <= localDate && (!best || e.extractedOn > best.extractedOn)) best = e;
  return best;
}

/** Every extract in force on some day from `from` through `to` (local dates). */
export function extractsBetween(extracts: readonly OppositionExtract[], from: string, to: string): OppositionExtract[] {
  const first = extractInForce(extracts, from);
  return extracts.filter((e) => e === first || (e.country === 'FR' && e.extractedOn > from && e.extractedOn <= to));
}

const isProspectingCall = (h: HistoryRow): boolean => h.channel === 'phone' && h.purpose === 'prospecting';
const isRefusalRow = (h: HistoryRow): boolean => isRefusal(h.outcome);

/** The rows that pass `keep`: the list itself when all do (a campaign scrub reads only those), no copy. */
function keepAll<T>(rows: readonly T[], keep: (row: T) => boolean): readonly T[] {
  return rows.every(keep) ? rows : rows.filter(keep);
}

/** The facts for the rules, with the history ids behind the `attempts` and `refusals` indexes. */
export function factsOf(g: GatheredContact): { facts: ContactFacts; attemptIds: string[]; refusalIds: string[] } {
  const calls = keepAll(g.history, isProspectingCall);
  const refusals = calls.length === 0 ? calls : keepAll(calls, isRefusalRow);
  return {
    facts: {
      country: 'FR',
      channel: g.channel,
      purpose: g.purpose,
      at: g.at,
      tz: g.declared.tz,
      consent: g.consent.state,
      outOfHoursConsent: g.outOfHours.state === 'given',
      ongoingContract: g.declared.ongoingContract,
      relatedToContract: g.declared.relatedToContract,
      existingCustomerSimilarProduct: g.declared.existingCustomerSimilarProduct,
      // Declared by the caller, or found on the extract in force.
      oppositionListed: g.declared.oppositionListed || g.oppositionList?.listed === true,
      attempts: calls.map((h) => h.occurredAt),
      refusals: refusals.map((h) => h.occurredAt),
      sector: g.declared.sector,
      objection: g.objection.length > 0,
      gpc: g.gpc.length > 0,
    },
    attemptIds: calls.map((h) => h.id),
    refusalIds: refusals.map((h) => h.id),
  };
}

/** A reason with the ids of the records it rests on. */
export interface EvidencedReason {
  readonly code: ContactReasonCode;
  readonly source: 'law' | 'policy';
  readonly ref: string;
  readonly evidence: string[];
}

/**
 * The ids each reason rests on, and all the evidence of the decision (what a stored decision
 * keeps): the consent events read (the given ones an allowed contact relies on too), the
 * restrictions, and the earlier attempts and refusals counted.
 */
export function evidenceOf(
  decision: ContactDecision,
  g: GatheredContact,
  ids: { attemptIds: readonly string[]; refusalIds: readonly string[] },
): { reasons: EvidencedReason[]; evidence: ContactEvidence } {
  const reasons = decision.reasons.map((r): EvidencedReason => {
    let evidence: string[] = [];
    switch (r.code) {
      case 'consent_withdrawn':
        evidence = g.consent.eventId ? [g.consent.eventId] : [];
        break;
      case 'objection_to_marketing':
        evidence = g.objection.map((o) => o.id);
        break;
      case 'gpc_objection':
        evidence = g.gpc.map((o) => o.id);
        break;
      case 'attempt_cap_reached':
        evidence = (r.evidence?.attempts ?? []).map((i) => ids.attemptIds[i]!);
        break;
      case 'refusal_cooling_off':
        evidence = (r.evidence?.refusals ?? []).map((i) => ids.refusalIds[i]!);
        break;
      case 'opposition_listed':
        evidence = g.oppositionList?.listed ? [g.oppositionList.id] : [];
        break;
      default:
        break;
    }
    return { code: r.code, source: r.source, ref: r.ref, evidence };
  });
  // Plain loops over a few ids (a campaign scrub calls this for each of a million recipients).
  const consentEvents: string[] = [];
  if (g.consent.eventId !== null) consentEvents.push(g.consent.eventId);
  const ooh = g.outOfHours.state === 'given' ? g.outOfHours.eventId : null;
  if (ooh !== null && ooh !== g.consent.eventId) consentEvents.push(ooh);
  const restrictions: string[] = [];
  for (const r of g.objection) restrictions.push(r.id);
  for (const r of g.gpc) restrictions.push(r.id);
  const attempts: string[] = [];
  for (const r of reasons)
    if (r.code === 'attempt_cap_reached' || r.code === 'refusal_cooling_off')
      for (const id of r.evidence) if (!attempts.includes(id)) attempts.push(id);
  const evidence: ContactEvidence = { consentEvents, restrictions, attempts };
  // The extract the number was checked against, found or not: the proof of the scrub.
  if (g.oppositionList) evidence.oppositionLists = [g.oppositionList.id];
  return { reasons, evidence };
}

/**
 * Which phone consents an attempt's outcome withdraws, in the attempt's transaction:
 * - `do_not_call`, on any call: every phone prospecting consent and the out-of-hours one,
 *   whatever the date: the person objects to being called for marketing (GDPR Art. 21(3));
 * - `refused` during a prospecting call from 2026-08-11 (consumer's local date): the consents
 *   given (new C. consom. L.223-1, loi 2025-594 art. 13 III: the refusal withdraws the consent);
 *   before that date a refusal only starts the 60 days of D.223-9 al. 3;
 * - anything else: none.
 */
export function consentWithdrawalFor(
  attempt: { channel: ContactChannel; purpose: ContactPurpose; outcome: ContactOutcome; occurredAt: Date },
  tz: string,
): 'all' | 'given' | 'none' {
  if (attempt.channel !== 'phone') return 'none';
  if (attempt.outcome === 'do_not_call') return 'all';
  if (attempt.purpose === 'prospecting' && attempt.outcome === 'refused' && toLocalDate(attempt.occurredAt, tz) >= FR_PHONE_OPT_IN_FROM)
    return 'given';
  return 'none';
}
