/**
 * When may this contact happen? The first instant at or after `facts.at` that the rules allow,
 * for the agent's screen ("do not call now: 20:10, calls allowed 10:00-13:00 and 14:00-20:00").
 *
 * Only reasons that time lifts are waited out: the calling days and hours (D.223-9 al. 1), the
 * 30-day attempt window and the 60 days after a refusal (D.223-9 al. 3). Any other reason
 * (consent, objection, banned sector, opposition list) has no "later": the answer is null.
 */
import { addDays, fromEpochDay, localTimeToInstant, startOfLocalDay, toLocalEpochDay } from '../calendar.ts';
import { evaluateContact, factsKey, ruleContext } from './evaluate.ts';
import { FR_ATTEMPT_WINDOW_DAYS, FR_CALLING_WINDOWS, FR_MAX_ATTEMPTS, FR_REFUSAL_FULL_DAYS } from './fr.ts';
import type { ContactDecision, ContactFacts, ContactReason, ContactReasonCode } from './policy.ts';

/** Reasons that time lifts: the calling days and hours, the attempt window, the 60 days. */
function liftedByTime(code: ContactReasonCode): boolean {
  switch (code) {
    case 'outside_calling_days':
    case 'public_holiday':
    case 'outside_calling_hours':
    case 'attempt_cap_reached':
    case 'refusal_cooling_off':
      return true;
    default:
      return false;
  }
}

// A year of daily steps is far more than any real wait (60 days at most, then a window).
const MAX_STEPS = 400;

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The legal calling windows as text, e.g. ["10:00-13:00", "14:00-20:00"] (D.223-9 al. 1). */
export function callingWindowsText(): string[] {
  return FR_CALLING_WINDOWS.map((w) => `${hhmm(w.fromMinute)}-${hhmm(w.toMinute)}`);
}

/** The next opening of a calling window strictly after the wall-clock reading of `facts.at`. */
function nextWindowOpening(facts: ContactFacts): Date {
  const ctx = ruleContext(facts);
  const minuteOfDay = Math.floor(ctx.secondOfDay / 60);
  // Later today: the day itself may be a calling day; if not, the next evaluation says so again.
  for (const w of FR_CALLING_WINDOWS) {
    if (minuteOfDay < w.fromMinute) return wallTime(ctx.localDate, w.fromMinute, facts.tz);
  }
  return wallTime(addDays(ctx.localDate, 1), FR_CALLING_WINDOWS[0]!.fromMinute, facts.tz);
}

// Wall times turned into instants, by zone: the waits of many questions end on the same few days
// and windows (a batch of checks asks them again and again). Bounded; the same answer either way.
const INSTANTS_LIMIT = 10_000;
const instants = new Map<string, number>();

function memoInstant(key: string, compute: () => Date): Date {
  let ms = instants.get(key);
  if (ms === undefined) {
    ms = compute().getTime();
    if (instants.size >= INSTANTS_LIMIT) instants.clear();
    instants.set(key, ms);
  }
  return new Date(ms);
}

function startOfEpochDay(epochDay: number, tz: string): Date {
  return memoInstant(`${tz}|${epochDay}`, () => startOfLocalDay(fromEpochDay(epochDay), tz));
}

function wallTime(date: string, minute: number, tz: string): Date {
  return memoInstant(`${tz}|${date}|${minute}`, () => localTimeToInstant(date, Math.floor(minute / 60), minute % 60, tz));
}

function localDay(instant: Date, tz: string): number {
  return toLocalEpochDay(instant, tz);
}

/** The earliest instant at which a reason lifted by time is lifted. */
function liftedAt(reason: ContactReason, facts: ContactFacts): Date {
  switch (reason.code) {
    case 'attempt_cap_reached': {
      // Enough of the oldest attempts must leave the 30 days for the count to fall under the cap.
      const days = (reason.evidence?.attempts ?? []).map((i) => localDay(facts.attempts[i]!, facts.tz)).sort((a, b) => a - b);
      const mustLeave = days[days.length - FR_MAX_ATTEMPTS]!;
      return startOfEpochDay(mustLeave + FR_ATTEMPT_WINDOW_DAYS, facts.tz);
    }
    case 'refusal_cooling_off': {
      const last = Math.max(...(reason.evidence?.refusals ?? []).map((i) => localDay(facts.refusals[i]!, facts.tz)));
      return startOfEpochDay(last + FR_REFUSAL_FULL_DAYS + 1, facts.tz);
    }
    default:
      return nextWindowOpening(facts);
  }
}

// Next allowed instants by the facts they were searched for (factsKey), as epoch ms or null: the
// people of a call list share a few shapes of facts, and the search judges each several times.
// Bounded; the same answer either way.
const NEXT_LIMIT = 10_000;
const nextByFacts = new Map<string, number | null>();

/**
 * The first instant at or after `facts.at` when the contact would be allowed, or null when a
 * reason that time does not lift applies now or would apply then (e.g. the opt-in of 2026-08-11
 * starting while we wait). Assumes the facts stay as given (no new attempt, consent or refusal).
 */
export function nextAllowedAt(facts: ContactFacts, decided?: ContactDecision): Date | null {
  const key = factsKey(facts);
  let ms = key === null ? undefined : nextByFacts.get(key);
  if (ms === undefined) {
    ms = searchNextAllowed(facts, decided);
    if (key !== null) {
      if (nextByFacts.size >= NEXT_LIMIT) nextByFacts.clear();
      nextByFacts.set(key, ms);
    }
  }
  return ms === null ? null : new Date(ms);
}

function searchNextAllowed(facts: ContactFacts, decided?: ContactDecision): number | null {
  let candidate = facts;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    // The caller's own decision on `facts`, when given, is not taken again: a check refused for a
    // reason time does not lift (consent, objection, sector, list) then costs one look at its reasons.
    const decision = step === 0 && decided !== undefined ? decided : evaluateContact(candidate);
    if (decision.allowed) return candidate.at.getTime();
    if (decision.reasons.some((r) => !liftedByTime(r.code))) return null;
    // Every reason must be lifted: wait for the latest of their lifting instants, then re-check.
    let next = candidate.at.getTime();
    for (const reason of decision.reasons) next = Math.max(next, liftedAt(reason, candidate).getTime());
    if (next <= candidate.at.getTime()) return null;
    candidate = { ...candidate, at: new Date(next) };
  }
  return null;
}
