/**
 * The pure decision on one outbound contact: facts in, allowed or denied with every reason that
 * applies. No clock, no I/O: the caller gathers the facts (consent ledger, contact history,
 * opposition list) and says when the contact would happen.
 */
import { toLocalDateTime, toEpochDay } from '../calendar.ts';
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

/** The consumer's wall clock at `facts.at`, as the rules read it. */
export function ruleContext(facts: ContactFacts): RuleContext {
  return { facts, ...wallClockOf(facts.at, facts.tz) };
}

type WallClock = Omit<RuleContext, 'facts'>;

// A campaign scrub judges its whole audience at one instant, in a handful of time zones: the wall
// clock is read once per zone for the latest instant asked (the rules only read it).
let clockAtMs = Number.NaN;
const clocks = new Map<string, WallClock>();

function wallClockOf(at: Date, tz: string): WallClock {
  const atMs = at.getTime();
  if (atMs !== clockAtMs) {
    clocks.clear();
    clockAtMs = atMs;
  }
  let clock = clocks.get(tz);
  if (clock === undefined) {
    const local = toLocalDateTime(at, tz);
    clock = {
      localDate: local.date,
      epochDay: toEpochDay(local.date),
      isoDayOfWeek: local.isoDayOfWeek,
      secondOfDay: local.hour * 3600 + local.minute * 60 + local.second,
      // C. trav. L.3133-1 only (see fr.ts for why local holidays are left out).
      isPublicHoliday: isFrenchPublicHoliday(local.date),
    };
    if (clocks.size < 1_000) clocks.set(tz, clock);
  }
  return clock;
}

function inForce(rule: RuleVersion, date: string): boolean {
  return rule.validFrom <= date && (rule.validTo === undefined || date <= rule.validTo);
}

/**
 * Judges one contact by the rules of its country in force on the consumer's local date of `at`.
 * Purpose `service` (about an existing contract, not selling) is outside the canvassing rules:
 * no legal rule of the pack applies to it.
 * Throws {@link ContactRulesError} before the pack's first date or for a country without a pack.
 */
export function evaluateContact(facts: ContactFacts): ContactDecision {
  const pack = packFor(facts.country);
  const ctx = ruleContext(facts);
  if (ctx.localDate < pack.validFrom) {
    throw new ContactRulesError('no-rule-in-force', `No contact rules in force on ${ctx.localDate}: the ${pack.country} pack starts on ${pack.validFrom}`);
  }
  const reasons: ContactReason[] = [];
  // Each rule's reference once, in the order of the reasons (a campaign scrub judges a million
  // contacts: plain loops over a few items, no Set or spread per contact).
  const rules: string[] = [];
  if (facts.purpose === 'prospecting') {
    for (const rule of pack.rules) {
      if (!inForce(rule, ctx.localDate)) continue;
      for (const finding of rule.check(ctx)) {
        const reason: { -readonly [K in keyof ContactReason]: ContactReason[K] } = { code: finding.code, source: 'law', ref: rule.ref, ruleId: rule.id };
        if (finding.evidence) reason.evidence = finding.evidence;
        reasons.push(reason);
        if (!rules.includes(rule.ref)) rules.push(rule.ref);
      }
    }
  }
  return { allowed: reasons.length === 0, reasons, rules, judgedOn: ctx.localDate };
}
