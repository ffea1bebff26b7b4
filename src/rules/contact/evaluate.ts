/**
 * The pure decision on one outbound contact: facts in, allowed or denied with every reason that
 * applies. No clock, no I/O: the caller gathers the facts (consent ledger, contact history,
 * opposition list) and says when the contact would happen.
 */
import { toLocalDateTime, toLocalEpochDay } from '../calendar.ts';
import { isFrenchPublicHoliday } from '../holidays.ts';
import { FR_PACK } from './fr.ts';
import type { ContactDecision, ContactFacts, ContactReason, RuleContext, RuleVersion, RulesPack } from './policy.ts';

/** Why a contact cannot be judged (not a denial: there is no rule to judge it by). */
export class ContactRulesError extends Error {
  readonly code: 'no-rule-in-force' | 'unknown-country';

  constructor(code: 'no-rule-in-force' | 'unknown-country', message: string) {
    super(message);
    this.name = 'ContactRulesError';
    this.code = code;
  }
}

const PACKS: Readonly<Record<ContactFacts['country'], RulesPack>> = { FR: FR_PACK };

/** The rules pack of a country; throws {@link ContactRulesError} when there is none. */
export function packFor(country: string): RulesPack {
  const pack = (PACKS as Readonly<Record<string, RulesPack | undefined>>)[country];
  if (pack === undefined) throw new ContactRulesError('unknown-country', `No contact rules for country "${country}": known countries are ${Object.keys(PACKS).join(', ')}`);
  return pack;
}

type WallClockReading = Omit<RuleContext, 'facts'>;

// Readings by zone and instant: the questions of a batch (a call list) are mostly asked at one
// instant in one zone, and the instants "when may I call" tries (the start of a day, the next
// window) recur from one question to the next, so each is read once. The same answer either way.
const READINGS_LIMIT = 10_000;
const readings = new Map<string, Map<number, WallClockReading>>();

function wallClockReading(at: Date, tz: string): WallClockReading {
  const atMs = at.getTime();
  let byInstant = readings.get(tz);
  let reading = byInstant?.get(atMs);
  if (reading === undefined) {
    const local = toLocalDateTime(at, tz);
    reading = {
      localDate: local.date,
      epochDay: local.epochDay,
      isoDayOfWeek: local.isoDayOfWeek,
      secondOfDay: local.hour * 3600 + local.minute * 60 + local.second,
      // C. trav. L.3133-1 only (see fr.ts for why local holidays are left out).
      isPublicHoliday: isFrenchPublicHoliday(local.date),
    };
    // Kept under a zone only once it read well (an unknown zone throws above and leaves nothing).
    if (byInstant === undefined) readings.set(tz, (byInstant = new Map()));
    if (byInstant.size >= READINGS_LIMIT) byInstant.clear();
    byInstant.set(atMs, reading);
  }
  return reading;
}

/** The consumer's wall clock at `facts.at`, as the rules read it. */
export function ruleContext(facts: ContactFacts): RuleContext {
  return { facts, ...wallClockReading(facts.at, facts.tz) };
}

function inForce(rule: RuleVersion, date: string): boolean {
  return rule.validFrom <= date && (rule.validTo === undefined || date <= rule.validTo);
}

// The rule versions of a pack in force on a local date, by pack and date (few dates recur).
const inForceOn = new WeakMap<RulesPack, Map<string, readonly RuleVersion[]>>();

function rulesInForce(pack: RulesPack, date: string): readonly RuleVersion[] {
  let byDate = inForceOn.get(pack);
  if (byDate === undefined) inForceOn.set(pack, (byDate = new Map()));
  let rules = byDate.get(date);
  if (rules === undefined) {
    rules = pack.rules.filter((rule) => inForce(rule, date));
    if (byDate.size >= 10_000) byDate.clear();
    byDate.set(date, rules);
  }
  return rules;
}

/** The consumer's local days of the instants, in order; null when one lies after `at` (then the instant itself counts). */
function localDaysUpTo(instants: readonly Date[], atMs: number, tz: string): string | null {
  let days = '';
  for (let i = 0; i < instants.length; i += 1) {
    const instant = instants[i]!;
    if (instant.getTime() > atMs) return null;
    days += (i === 0 ? '' : ',') + toLocalEpochDay(instant, tz);
  }
  return days;
}

/**
 * Everything the rules read of `facts`, as one string: two facts with the same key get the same
 * decision and the same next allowed instant, reason evidence included, since that evidence
 * points at attempts and refusals by their place. Attempts and refusals count by their local
 * day only when none lies after `at` (the rules compare those instants with `at` itself, and so
 * would a later instant the next allowed time tries): otherwise there is no key (null) and the
 * facts are judged on their own. Every field of ContactFacts must be in the key (a unit test
 * changes each one).
 */
export function factsKey(facts: ContactFacts): string | null {
  // Asked twice in a row of the same facts (the decision, then the next allowed instant): made once.
  if (facts === keyed.facts) return keyed.key;
  const key = keyOf(facts);
  keyed = { facts, key };
  return key;
}

let keyed: { facts: ContactFacts | null; key: string | null } = { facts: null, key: null };

function keyOf(facts: ContactFacts): string | null {
  const atMs = facts.at.getTime();
  const attempts = localDaysUpTo(facts.attempts, atMs, facts.tz);
  if (attempts === null) return null;
  const refusals = localDaysUpTo(facts.refusals, atMs, facts.tz);
  if (refusals === null) return null;
  const flags =
    (facts.outOfHoursConsent ? 1 : 0) |
    (facts.ongoingContract ? 2 : 0) |
    (facts.relatedToContract ? 4 : 0) |
    (facts.existingCustomerSimilarProduct ? 8 : 0) |
    (facts.oppositionListed ? 16 : 0) |
    (facts.objection ? 32 : 0) |
    (facts.gpc ? 64 : 0);
  return `${facts.country}|${facts.channel}|${facts.purpose}|${facts.tz}|${atMs}|${facts.consent}|${facts.sector}|${flags}|${attempts}|${refusals}`;
}

/**
 * Judges one contact by the rules of its country in force on the consumer's local date of `at`.
 * Purpose `service` (about an existing contract, not selling) is outside the canvassing rules:
 * no legal rule of the pack applies to it.
 * Throws {@link ContactRulesError} before the pack's first date or for a country without a pack.
 */
export function evaluateContact(facts: ContactFacts): ContactDecision {
  const pack = packFor(facts.country);
  const reading = wallClockReading(facts.at, facts.tz);
  if (reading.localDate < pack.validFrom) {
    throw new ContactRulesError('no-rule-in-force', `No contact rules in force on ${reading.localDate}: the ${pack.country} pack starts on ${pack.validFrom}`);
  }
  const key = factsKey(facts);
  let decision = key === null ? undefined : decisions.get(key);
  if (decision === undefined) {
    decision = judge(pack, { facts, ...reading });
    if (key !== null) {
      if (decisions.size >= DECISIONS_LIMIT) decisions.clear();
      decisions.set(key, decision);
    }
  }
  return decision;
}

// Decisions by the facts they were taken on (factsKey): the people of a call list or a campaign,
// asked at one instant, fall into a few shapes of facts (no history, consent given, ...), each
// judged once. A decision is frozen: shared by every contact of its shape. Bounded; the same
// answer either way.
const DECISIONS_LIMIT = 10_000;
const decisions = new Map<string, ContactDecision>();

function judge(pack: RulesPack, ctx: RuleContext): ContactDecision {
  const { facts } = ctx;
  const reasons: ContactReason[] = [];
  // Each rule's reference once, in the order of the reasons (a campaign scrub judges a million
  // contacts: plain loops over a few items, no Set or spread per contact).
  const rules: string[] = [];
  if (facts.purpose === 'prospecting') {
    for (const rule of rulesInForce(pack, ctx.localDate)) {
      for (const finding of rule.check(ctx)) {
        const reason: { -readonly [K in keyof ContactReason]: ContactReason[K] } = { code: finding.code, source: 'law', ref: rule.ref, ruleId: rule.id };
        if (finding.evidence) reason.evidence = Object.freeze(finding.evidence);
        reasons.push(Object.freeze(reason));
        if (!rules.includes(rule.ref)) rules.push(rule.ref);
      }
    }
  }
  return Object.freeze({ allowed: reasons.length === 0, reasons: Object.freeze(reasons), rules: Object.freeze(rules), judgedOn: ctx.localDate });
}
