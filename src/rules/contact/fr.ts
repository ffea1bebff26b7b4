/**
 * The French rules pack for outbound contact: dated versions of each legal rule.
 *
 * A contact is judged by the versions in force on the consumer's local date of the contact
 * (a law in force "from 11 August" is in force from local midnight wherever the consumer lives).
 * The pack starts on 2016-06-01, the opening of the telephone opposition list (Bloctel) under
 * C. consom. L.223-1 (loi 2014-344 "Hamon"); earlier contacts are not judged.
 *
 * Sources (RULES.md "French telephone canvassing"; dates marked "verify" were checked against
 * Légifrance summaries, not the Journal officiel itself):
 * - C. consom. L.223-1, old wording: opposition list, except a pre-existing contract; loi
 *   2020-901 of 24 July 2020 (JO 25 July, in force 26 July, verify) narrowed the exception to
 *   calls made under an ongoing contract about offers related to it, and banned phone canvassing
 *   for energy-saving and renewable-energy home works.
 * - C. consom. D.223-9 (décret 2022-1313 of 13 October 2022, in force 1 March 2023, verify):
 *   al. 1 days and hours, al. 2 out-of-hours consent, al. 3 four calls per 30 days and 60 days
 *   after a refusal.
 * - Loi 2025-594 of 30 June 2025 art. 13 II: both sectors banned on every channel from
 *   2025-07-01; art. 13 III: opt-in for phone prospecting from 2026-08-11 (new L.223-1).
 * - CPCE L.34-5: e-mail and SMS prospecting needs prior consent, except the soft opt-in.
 * - GDPR Art. 21(2)-(3) objection to direct marketing (before 2018-05-25: loi 78-17 art. 38),
 *   Art. 21(5) objection by automated means (Global Privacy Control).
 *
 * Public holidays: D.223-9 al. 1 names "les jours fériés mentionnés à l'article L.3133-1 du code
 * du travail", so only the national list of L.3133-1 counts. The Alsace-Moselle extras (Good
 * Friday, 26 December: C. trav. L.3134-13) and the overseas days commemorating the abolition of
 * slavery (loi 83-550, décret 83-1003) are holidays under other texts that D.223-9 does not name,
 * so they are deliberately not excluded here (frenchPublicHolidays without `alsaceMoselle`).
 */
import { toLocalEpochDay } from '../calendar.ts';
import type { LocalDate } from '../local-date.ts';
import type { ContactChannel, RuleContext, RuleFinding, RuleVersion, RulesPack } from './policy.ts';

/** Local date from which the opt-in for phone prospecting applies (loi 2025-594 art. 13 III). */
export const FR_PHONE_OPT_IN_FROM: LocalDate = '2026-08-11';
/** Local date from which D.223-9 (days, hours, caps, refusals) applies (décret 2022-1313). */
export const FR_CALLING_RULES_FROM: LocalDate = '2023-03-01';

/** One calling window on the wall clock, half-open: [from, to). */
export interface CallingWindow {
  /** Minutes after local midnight. */
  readonly fromMinute: number;
  readonly toMinute: number;
}

/**
 * D.223-9 al. 1: calls only from 10:00 to 13:00 and from 14:00 to 20:00, Monday to Friday.
 * Half-open windows: 12:59:59 is inside, 13:00:00 is not (a call at "13 heures" is after the
 * window "de 10 heures à 13 heures" has closed).
 */
export const FR_CALLING_WINDOWS: readonly CallingWindow[] = [
  { fromMinute: 10 * 60, toMinute: 13 * 60 },
  { fromMinute: 14 * 60, toMinute: 20 * 60 },
];

/** D.223-9 al. 3: at most 4 calls or attempts in 30 calendar days. */
export const FR_MAX_ATTEMPTS = 4;
export const FR_ATTEMPT_WINDOW_DAYS = 30;
/** D.223-9 al. 3: refused on day D, no call through D+60; calls again from D+61. */
export const FR_REFUSAL_FULL_DAYS = 60;

// What a rule that finds nothing returns: one shared empty list (rules only return findings, the
// evaluation only reads them), not a new one per rule and contact.
const NO_FINDING: readonly RuleFinding[] = Object.freeze([]);

const REF_CALLING_DAYS = 'C. consom. D.223-9 al. 1';
const REF_CALLING_HOLIDAYS = 'C. consom. D.223-9 al. 1; C. trav. L.3133-1';
const REF_CALLING_FREQUENCY = 'C. consom. D.223-9 al. 3';

/** E-mail and SMS: the channels of CPCE L.34-5. */
function isElectronic(channel: ContactChannel): boolean {
  return channel === 'sms' || channel === 'email';
}

function localEpochDayOf(instant: Date, tz: string): number {
  return toLocalEpochDay(instant, tz);
}

function exceptedByOngoingContract(ctx: RuleContext): boolean {
  return ctx.facts.ongoingContract && ctx.facts.relatedToContract;
}

/**
 * A consent withdrawn on a channel that needs no consent (post; phone before the opt-in) can only
 * mean the person said "stop": it is an objection to direct marketing.
 */
function withdrawalIsObjection(ctx: RuleContext): boolean {
  const { channel, consent } = ctx.facts;
  if (consent !== 'withdrawn') return false;
  return channel === 'post' || (channel === 'phone' && ctx.localDate < FR_PHONE_OPT_IN_FROM);
}

function objection(ctx: RuleContext): readonly RuleFinding[] {
  if (!ctx.facts.objection && ctx.facts.consent !== 'withdrawn') return NO_FINDING;
  const found: RuleFinding[] = [];
  if (ctx.facts.objection) found.push({ code: 'objection_to_marketing' });
  if (withdrawalIsObjection(ctx)) found.push({ code: 'consent_withdrawn' });
  return found;
}

function phoneOppositionList(exception: (ctx: RuleContext) => boolean) {
  return (ctx: RuleContext): readonly RuleFinding[] =>
    ctx.facts.channel === 'phone' && ctx.facts.oppositionListed && !exception(ctx) ? [{ code: 'opposition_listed' }] : NO_FINDING;
}

function isCallingDay(ctx: RuleContext): boolean {
  return ctx.isoDayOfWeek <= 5;
}

function inCallingWindow(secondOfDay: number): boolean {
  return FR_CALLING_WINDOWS.some((w) => secondOfDay >= w.fromMinute * 60 && secondOfDay < w.toMinute * 60);
}

/** D.223-9 al. 2 lifts the days and hours only, and only with the consumer's own consent to it. */
function callingTimeApplies(ctx: RuleContext): boolean {
  return ctx.facts.channel === 'phone' && !ctx.facts.outOfHoursConsent;
}

/** Indexes of the attempts, at or before `at`, whose local day lies in the 30 days ending on the day of `at`. */
export function attemptsInWindow(ctx: RuleContext): number[] {
  const first = ctx.epochDay - (FR_ATTEMPT_WINDOW_DAYS - 1);
  const at = ctx.facts.at.getTime();
  const inWindow: number[] = [];
  ctx.facts.attempts.forEach((attempt, index) => {
    if (attempt.getTime() > at) return;
    const day = localEpochDayOf(attempt, ctx.facts.tz);
    if (day >= first && day <= ctx.epochDay) inWindow.push(index);
  });
  return inWindow;
}

/** Indexes of the refusals, at or before `at`, whose 60 full days after their local day are not over. */
export function refusalsInForce(ctx: RuleContext): number[] {
  const at = ctx.facts.at.getTime();
  const found: number[] = [];
  ctx.facts.refusals.forEach((refusal, index) => {
    if (refusal.getTime() > at) return;
    const day = localEpochDayOf(refusal, ctx.facts.tz);
    if (ctx.epochDay <= day + FR_REFUSAL_FULL_DAYS) found.push(index);
  });
  return found;
}

/** The French pack, every rule version with its dates and reference. */
export const FR_PACK: RulesPack = {
  country: 'FR',
  validFrom: '2016-06-01',
  rules: [
    {
      id: 'fr.objection.lil-38',
      validFrom: '2016-06-01',
      validTo: '2018-05-24',
      ref: 'loi 78-17 art. 38',
      check: objection,
    },
    {
      id: 'fr.objection.gdpr-21',
      validFrom: '2018-05-25',
      ref: 'RGPD art. 21(2)-(3)',
      check: objection,
    },
    {
      id: 'fr.objection.gpc',
      validFrom: '2018-05-25',
      ref: 'RGPD art. 21(5)',
      check: (ctx) => (ctx.facts.gpc ? [{ code: 'gpc_objection' }] : NO_FINDING),
    },
    {
      // Loi 2020-901: energy-saving and renewable-energy home works, by phone only.
      id: 'fr.sector.energy-phone',
      validFrom: '2020-07-26',
      validTo: '2025-06-30',
      ref: 'C. consom. L.223-1; loi 2020-901',
      check: (ctx) =>
        ctx.facts.channel === 'phone' && ctx.facts.sector === 'energy_renovation' && !exceptedByOngoingContract(ctx) ? [{ code: 'banned_sector' }] : NO_FINDING,
    },
    {
      // Loi 2025-594 art. 13 II: both sectors, by phone and every electronic channel (post is
      // not one), whatever the consent; only calls under an ongoing contract about it escape.
      id: 'fr.sector.all-channels',
      validFrom: '2025-07-01',
      ref: 'C. consom. L.223-1; loi 2025-594 art. 13 II',
      check: (ctx) =>
        ctx.facts.channel !== 'post' && ctx.facts.sector !== 'other' && !exceptedByOngoingContract(ctx) ? [{ code: 'banned_sector' }] : NO_FINDING,
    },
    {
      // Old L.223-1 (loi 2014-344): no canvassing of listed consumers "sauf en cas de relations
      // contractuelles préexistantes": any contract, related to the offer or not.
      id: 'fr.phone.opposition-list.2016',
      validFrom: '2016-06-01',
      validTo: '2020-07-25',
      ref: 'C. consom. L.223-1 (ex-L.121-34, loi 2014-344)',
      check: phoneOppositionList((ctx) => ctx.facts.ongoingContract),
    },
    {
      // Loi 2020-901: the exception now needs an ongoing contract and an offer related to it.
      id: 'fr.phone.opposition-list.2020',
      validFrom: '2020-07-26',
      validTo: '2026-08-10',
      ref: 'C. consom. L.223-1 (rédaction de la loi 2020-901)',
      check: phoneOppositionList(exceptedByOngoingContract),
    },
    {
      // New L.223-1: prior consent, proven by the professional; the ongoing-contract exception
      // covers the absence of consent, never a withdrawn one (a withdrawal is an objection).
      id: 'fr.phone.opt-in',
      validFrom: FR_PHONE_OPT_IN_FROM,
      ref: 'C. consom. L.223-1; loi 2025-594 art. 13 III',
      check: (ctx) => {
        if (ctx.facts.channel !== 'phone') return NO_FINDING;
        if (ctx.facts.consent === 'withdrawn') return [{ code: 'consent_withdrawn' }];
        if (ctx.facts.consent === 'none' && !exceptedByOngoingContract(ctx)) return [{ code: 'consent_missing' }];
        return NO_FINDING;
      },
    },
    {
      // Prior consent, or the soft opt-in for an existing customer and similar products, unless
      // the person opted out (a withdrawn consent ends both).
      id: 'fr.electronic.consent',
      validFrom: '2016-06-01',
      ref: 'CPCE L.34-5',
      check: (ctx) => {
        if (!isElectronic(ctx.facts.channel)) return NO_FINDING;
        if (ctx.facts.consent === 'withdrawn') return [{ code: 'consent_withdrawn' }];
        if (ctx.facts.consent === 'none' && !ctx.facts.existingCustomerSimilarProduct) return [{ code: 'consent_missing' }];
        return NO_FINDING;
      },
    },
    {
      id: 'fr.phone.calling-days',
      validFrom: FR_CALLING_RULES_FROM,
      ref: REF_CALLING_DAYS,
      check: (ctx) => (callingTimeApplies(ctx) && !isCallingDay(ctx) ? [{ code: 'outside_calling_days' }] : NO_FINDING),
    },
    {
      id: 'fr.phone.calling-holidays',
      validFrom: FR_CALLING_RULES_FROM,
      ref: REF_CALLING_HOLIDAYS,
      check: (ctx) => (callingTimeApplies(ctx) && ctx.isPublicHoliday ? [{ code: 'public_holiday' }] : NO_FINDING),
    },
    {
      id: 'fr.phone.calling-hours',
      validFrom: FR_CALLING_RULES_FROM,
      ref: REF_CALLING_DAYS,
      check: (ctx) => (callingTimeApplies(ctx) && !inCallingWindow(ctx.secondOfDay) ? [{ code: 'outside_calling_hours' }] : NO_FINDING),
    },
    {
      // The cap holds with an out-of-hours consent too (RULES.md): it counts every attempt.
      id: 'fr.phone.attempt-cap',
      validFrom: FR_CALLING_RULES_FROM,
      ref: REF_CALLING_FREQUENCY,
      check: (ctx) => {
        if (ctx.facts.channel !== 'phone') return NO_FINDING;
        const counted = attemptsInWindow(ctx);
        return counted.length >= FR_MAX_ATTEMPTS ? [{ code: 'attempt_cap_reached', evidence: { attempts: counted } }] : NO_FINDING;
      },
    },
    {
      id: 'fr.phone.refusal-60-days',
      validFrom: FR_CALLING_RULES_FROM,
      ref: REF_CALLING_FREQUENCY,
      check: (ctx) => {
        if (ctx.facts.channel !== 'phone') return NO_FINDING;
        const refusals = refusalsInForce(ctx);
        return refusals.length > 0 ? [{ code: 'refusal_cooling_off', evidence: { refusals } }] : NO_FINDING;
      },
    },
  ] satisfies readonly RuleVersion[],
};
