/**
 * Tacit renewal of a fixed-term service contract (C. consom. L.215-1, as recodified on 2016-07-01):
 * al. 1: the trader tells the consumer, by a dedicated letter or e-mail, "au plus tôt trois mois et
 * au plus tard un mois avant le terme de la période autorisant le rejet de la reconduction", that
 * they may refuse the renewal, showing that last day "dans un encadré apparent";
 * al. 2: without that notice in time, the consumer may terminate free of charge "à tout moment à
 * compter de la date de reconduction".
 *
 * The last day to refuse is the date the contract fixes: it is not moved for weekends or public
 * holidays, and neither is the window counted back from it (Reg. 1182/71 art. 3(4) second
 * subparagraph: periods counted backwards from a date do not move).
 *
 * Month ends: both bounds are read so that a reminder in the window is in time under either
 * reading of "N months before D" (same day number N months earlier, or the day whose date N
 * months later reaches D). For D = 31 May, one month before is 30 April; three months before
 * would be 28 February by the first reading and 1 March by the second: the window opens on
 * 1 March, so no reminder can be called early.
 */
import { addDays, addMonths, isLocalDate, toEpochDay } from '../calendar.ts';
import type { LocalDate } from '../local-date.ts';
import { TransparencyRulesError } from './errors.ts';

export const RENEWAL_RULE_FROM: LocalDate = '2016-07-01';
export const RENEWAL_REF = 'C. consom. L.215-1';
export const RENEWAL_EARLIEST_MONTHS = 3;
export const RENEWAL_LATEST_MONTHS = 1;

export interface RenewalWindow {
  /** First day a reminder may be sent. */
  readonly opensOn: LocalDate;
  /** Last day a reminder may be sent. */
  readonly closesOn: LocalDate;
  /** The last day the consumer may refuse the renewal (shown in a visible box). */
  readonly lastDayToRefuse: LocalDate;
  readonly ref: string;
}

function assertDate(value: LocalDate, name: string): void {
  if (!isLocalDate(value))
    throw new TransparencyRulesError('invalid-input', `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** The window in which the reminder for `lastDayToRefuse` must be sent. */
export function renewalReminderWindow(lastDayToRefuse: LocalDate): RenewalWindow {
  assertDate(lastDayToRefuse, 'lastDayToRefuse');
  if (lastDayToRefuse < RENEWAL_RULE_FROM) {
    throw new TransparencyRulesError(
      'no-rule-in-force',
      `No renewal rule in force on ${lastDayToRefuse}: L.215-1 is judged from ${RENEWAL_RULE_FROM}`,
    );
  }
  const back = addMonths(lastDayToRefuse, -RENEWAL_EARLIEST_MONTHS);
  // A clamped day (no such day number that month) opens the window the next day: see above.
  const opensOn = addMonths(back, RENEWAL_EARLIEST_MONTHS) >= lastDayToRefuse ? back : addDays(back, 1);
  return { opensOn, closesOn: addMonths(lastDayToRefuse, -RENEWAL_LATEST_MONTHS), lastDayToRefuse, ref: RENEWAL_REF };
}

export type ReminderTiming = 'early' | 'in_window' | 'late';

/** Whether a reminder sent on `sentOn` is early, in the window, or late for `lastDayToRefuse`. */
export function reminderTiming(sentOn: LocalDate, lastDayToRefuse: LocalDate): ReminderTiming {
  assertDate(sentOn, 'sentOn');
  const w = renewalReminderWindow(lastDayToRefuse);
  if (sentOn < w.opensOn) return 'early';
  return sentOn > w.closesOn ? 'late' : 'in_window';
}

export type ReminderState =
  /** Before the window: nothing to do yet. */
  | 'not_yet'
  /** In the window, not sent: send now. */
  | 'due'
  /** Sent in the window. */
  | 'sent'
  /** Not sent in the window (or sent outside it) and the window has closed. */
  | 'missed';

export interface ReminderStatus {
  readonly state: ReminderState;
  readonly window: RenewalWindow;
  /** When missed: the consumer may terminate free of charge at any time from the renewal date (L.215-1 al. 2). */
  readonly terminateAnyTimeFrom: LocalDate | null;
}

/**
 * Where a contract stands on `today` for its reminder. `sentOn` is the day a reminder went out
 * (null if none); `renewalOn` the day the contract renews. A reminder sent outside the window does
 * not count: sent early, a new one is due in the window; sent late, the reminder is missed.
 */
export function reminderStatus(input: {
  lastDayToRefuse: LocalDate;
  renewalOn: LocalDate;
  today: LocalDate;
  sentOn: LocalDate | null;
}): ReminderStatus {
  assertDate(input.today, 'today');
  assertDate(input.renewalOn, 'renewalOn');
  if (input.renewalOn <= input.lastDayToRefuse)
    throw new TransparencyRulesError('invalid-input', 'renewalOn must be after lastDayToRefuse');
  const window = renewalReminderWindow(input.lastDayToRefuse);
  const valid = input.sentOn !== null && reminderTiming(input.sentOn, input.lastDayToRefuse) === 'in_window';
  const state: ReminderState = valid
    ? 'sent'
    : input.today < window.opensOn
      ? 'not_yet'
      : input.today <= window.closesOn
        ? 'due'
        : 'missed';
  return { state, window, terminateAnyTimeFrom: state === 'missed' ? input.renewalOn : null };
}

export interface RenewalPeriod {
  /** The last day of the renewed period. */
  readonly commitmentEndOn: LocalDate;
  /** The day the contract renews next, and the last day to refuse that renewal. */
  readonly renewalOn: LocalDate;
  readonly lastDayToRefuse: LocalDate;
}

/**
 * The period a tacit renewal on `renewalOn` starts, for a term of `termMonths`: it runs from the
 * renewal day to the day before the same day number `termMonths` later (clamped at a month's end,
 * like the first period), and the next last day to refuse keeps the same distance before the next
 * renewal as the contract fixed for the first (L.215-1 judges each renewal by its own last day).
 */
export function nextRenewalPeriod(input: { renewalOn: LocalDate; lastDayToRefuse: LocalDate; termMonths: number }): RenewalPeriod {
  assertDate(input.renewalOn, 'renewalOn');
  assertDate(input.lastDayToRefuse, 'lastDayToRefuse');
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1)
    throw new TransparencyRulesError('invalid-input', `termMonths must be a whole number of months, got ${input.termMonths}`);
  if (input.lastDayToRefuse >= input.renewalOn)
    throw new TransparencyRulesError('invalid-input', 'the last day to refuse must come before the renewal day');
  const commitmentEndOn = addDays(addMonths(input.renewalOn, input.termMonths), -1);
  const renewalOn = addDays(commitmentEndOn, 1);
  const daysBefore = toEpochDay(input.renewalOn) - toEpochDay(input.lastDayToRefuse);
  return { commitmentEndOn, renewalOn, lastDayToRefuse: addDays(renewalOn, -daysBefore) };
}
