/**
 * SLA clocks of a complaint, computed with the dated rules and the calendar of src/rules in the
 * customer's time zone. Defaults are the registry's rules in force on the day of receipt
 * (acknowledge within 10 business days, answer within 2 months: ACPR 2022-R-01); an organisation
 * may set other terms, per category. Documented waits on the customer pause the clocks: the due
 * dates move by the time paused (see {@link PausedTime}).
 *
 * Counting (Reg. (EEC, Euratom) 1182/71 Art. 3, as in src/rules/deadlines.ts): the day of receipt
 * is not counted (Art. 3(1)); business days end on the n-th working day after it; months end on
 * the same date n months later or that month's last day (Art. 3(2)(c)), moved to the next
 * working day when it is a Saturday, Sunday or public holiday (Art. 3(4)).
 */
import {
  addBusinessDays,
  addDays,
  addMonths,
  businessDaysBetween,
  moveEndOfPeriod,
  ruleFor,
  startOfLocalDay,
  toEpochDay,
  toLocalDate,
  type LocalDate,
} from '../../rules/index.ts';

/** Fraction of the allowed time after which a clock shows on the "breaching soon" queue. */
export const WARN_AT = 0.8;

const DAY_MS = 86_400_000;

/** Units an organisation may use for the answer deadline. */
export const ANSWER_UNITS = ['months', 'business-days'] as const;
export type AnswerUnit = (typeof ANSWER_UNITS)[number];

/** The terms a complaint is held to, fixed at receipt (a later change of settings does not move them). */
export interface SlaTerms {
  ackBusinessDays: number;
  answerAmount: number;
  answerUnit: AnswerUnit;
}

/** Bounds of configurable terms: long enough for any sector, short enough to stay a commitment. */
export const SLA_BOUNDS = { ackBusinessDays: { min: 1, max: 30 }, answer: { months: { min: 1, max: 6 }, 'business-days': { min: 1, max: 130 } } } as const;

/**
 * The default terms for a complaint received on `receivedOn` (local date): the versions of the
 * registry's `complaint-ack` and `complaint-answer` rules in force that day (RULES.md defaults).
 */
export function defaultSlaTerms(receivedOn: LocalDate): SlaTerms {
  const ack = ruleFor('complaint-ack', receivedOn);
  const answer = ruleFor('complaint-answer', receivedOn);
  if (ack.periodUnit !== 'business-days' || (answer.periodUnit !== 'months' && answer.periodUnit !== 'business-days')) {
    throw new Error('complaint rules changed unit: update complaints.sla.ts');
  }
  return { ackBusinessDays: ack.amount, answerAmount: answer.amount, answerUnit: answer.periodUnit };
}

/**
 * Time the clocks were paused by waits on the customer, counted per clock: only a clock still
 * running when the pause began is extended. Business-day clocks move by the working days of the
 * pause, calendar (month) clocks by its calendar days.
 */
export interface PausedTime {
  ackBusinessDays: number;
  answerBusinessDays: number;
  answerCalendarDays: number;
}

export const NO_PAUSE: PausedTime = { ackBusinessDays: 0, answerBusinessDays: 0, answerCalendarDays: 0 };

/**
 * The length of one pause, from the local date it began to the local date it ended. The day the
 * customer answers is given back whole and the clock runs again from the next day (the day of an
 * event is not counted, Reg. 1182/71 Art. 3(1)); the day the pause began was already running.
 * Working days follow src/rules (French public holidays are not working days).
 */
export function pauseLength(pausedOn: LocalDate, resumedOn: LocalDate): { businessDays: number; calendarDays: number } {
  if (resumedOn <= pausedOn) return { businessDays: 0, calendarDays: 0 };
  return { businessDays: businessDaysBetween(pausedOn, resumedOn), calendarDays: toEpochDay(resumedOn) - toEpochDay(pausedOn) };
}

export interface ComplaintDeadlines {
  ackDueOn: string;
  answerDueOn: string;
  ackWarnAt: Date;
  answerWarnAt: Date;
}

function businessWarnAt(startDate: LocalDate, amount: number, paused: number, tz: string): Date {
  // Progress counts working days fully elapsed (less those paused), so it reaches 80% the day
  // after the ceil(80%)-th unpaused working day.
  return startOfLocalDay(addDays(addBusinessDays(startDate, Math.ceil(amount * WARN_AT) + paused), 1), tz);
}

/**
 * Due dates and warning instants for a complaint received at `receivedAt` from a customer in
 * `tz`, under `terms` (defaults: the registry's rules) and after `paused` time.
 */
export function complaintDeadlines(receivedAt: Date, tz: string, terms?: SlaTerms, paused: PausedTime = NO_PAUSE): ComplaintDeadlines {
  const startDate = toLocalDate(receivedAt, tz);
  const t = terms ?? defaultSlaTerms(startDate);
  // Business days: the n-th working day after receipt (always a working day, so never moved).
  const ackDueOn = addBusinessDays(startDate, t.ackBusinessDays + paused.ackBusinessDays);
  const ackWarnAt = businessWarnAt(startDate, t.ackBusinessDays, paused.ackBusinessDays, tz);
  if (t.answerUnit === 'business-days') {
    return {
      ackDueOn,
      ackWarnAt,
      answerDueOn: addBusinessDays(startDate, t.answerAmount + paused.answerBusinessDays),
      answerWarnAt: businessWarnAt(startDate, t.answerAmount, paused.answerBusinessDays, tz),
    };
  }
  // Months (Art. 3(2)(c)), then the days paused, then Art. 3(4) moves a weekend or holiday end.
  const answerDueOn = moveEndOfPeriod(addDays(addMonths(startDate, t.answerAmount), paused.answerCalendarDays));
  // Calendar time up to the end of the due day, less the time paused.
  const pausedMs = paused.answerCalendarDays * DAY_MS;
  const end = startOfLocalDay(addDays(answerDueOn, 1), tz).getTime();
  const answerWarnAt = new Date(receivedAt.getTime() + pausedMs + Math.ceil((end - receivedAt.getTime() - pausedMs) * WARN_AT));
  return { ackDueOn, answerDueOn, ackWarnAt, answerWarnAt };
}

export interface SlaClock {
  kind: 'complaint-ack' | 'complaint-answer';
  dueOn: string;
  /** Business days or calendar months: how the clock counts. */
  unit: 'business-days' | 'months';
  /** The allowed time, in `unit`. */
  amount: number;
  /** 0 at the start, 1 when the time has run out, above 1 when late (frozen when stopped or paused). */
  progress: number;
  /** Working days from today to the due date (negative when late); null once stopped. */
  businessDaysLeft: number | null;
  /** When the step was done, if it was. */
  doneAt: string | null;
  state: 'running' | 'warning' | 'breached' | 'met' | 'missed' | 'paused';
}

/**
 * Fraction of a clock used at `at`: like src/rules slaProgress, less the time paused. Business
 * days: working days fully elapsed since the start date, less those paused, over those allowed.
 * Months: calendar time elapsed less the time paused, over the time to the end of the due day
 * less the time paused.
 */
export function clockProgress(unit: SlaClock['unit'], amount: number, start: Date, dueOn: string, at: Date, tz: string, pausedBusinessDays: number, pausedCalendarDays: number): number {
  if (unit === 'business-days') {
    if (amount <= 0) return 1;
    const startDate = toLocalDate(start, tz);
    const elapsed = businessDaysBetween(startDate, addDays(toLocalDate(at, tz), -1));
    return Math.max(0, (elapsed - pausedBusinessDays) / amount);
  }
  const pausedMs = pausedCalendarDays * DAY_MS;
  const total = startOfLocalDay(addDays(dueOn, 1), tz).getTime() - start.getTime() - pausedMs;
  if (total <= 0) return 1;
  return Math.max(0, (at.getTime() - start.getTime() - pausedMs) / total);
}

/** What the clocks need to know about a complaint. */
export interface ClockFacts {
  receivedAt: Date;
  timezone: string;
  ackDueOn: string;
  answerDueOn: string;
  acknowledgedAt: Date | null;
  answeredAt: Date | null;
  slaAckBusinessDays: number;
  slaAnswerAmount: number;
  slaAnswerUnit: AnswerUnit;
  /** When the current wait on the customer began, if the clocks are paused now. */
  pausedAt: Date | null;
  pausedAckBusinessDays: number;
  pausedAnswerBusinessDays: number;
  pausedAnswerCalendarDays: number;
}

function clock(
  kind: SlaClock['kind'],
  unit: SlaClock['unit'],
  amount: number,
  c: ClockFacts,
  dueOn: string,
  doneAt: Date | null,
  now: Date,
  pausedBusinessDays: number,
  pausedCalendarDays: number,
): SlaClock {
  const tz = c.timezone;
  // A paused clock is frozen where the wait began.
  const at = doneAt ?? c.pausedAt ?? now;
  const progress = clockProgress(unit, amount, c.receivedAt, dueOn, at, tz, pausedBusinessDays, pausedCalendarDays);
  const base = { kind, dueOn, unit, amount, progress };
  if (doneAt) {
    const onTime = toLocalDate(doneAt, tz) <= dueOn;
    return { ...base, businessDaysLeft: null, doneAt: doneAt.toISOString(), state: onTime ? 'met' : 'missed' };
  }
  const today = toLocalDate(now, tz);
  if (c.pausedAt) return { ...base, businessDaysLeft: businessDaysBetween(toLocalDate(c.pausedAt, tz), dueOn), doneAt: null, state: 'paused' };
  const state = today > dueOn ? 'breached' : progress >= WARN_AT ? 'warning' : 'running';
  return { ...base, businessDaysLeft: businessDaysBetween(today, dueOn), doneAt: null, state };
}

/** Both clocks of a complaint at `now`. */
export function complaintClocks(c: ClockFacts, now: Date): { ack: SlaClock; answer: SlaClock } {
  return {
    ack: clock('complaint-ack', 'business-days', c.slaAckBusinessDays, c, c.ackDueOn, c.acknowledgedAt, now, c.pausedAckBusinessDays, 0),
    answer: clock('complaint-answer', c.slaAnswerUnit, c.slaAnswerAmount, c, c.answerDueOn, c.answeredAt, now, c.pausedAnswerBusinessDays, c.pausedAnswerCalendarDays),
  };
}

/** The terms of a complaint as stored on it. */
export function termsOf(c: { slaAckBusinessDays: number; slaAnswerAmount: number; slaAnswerUnit: AnswerUnit }): SlaTerms {
  return { ackBusinessDays: c.slaAckBusinessDays, answerAmount: c.slaAnswerAmount, answerUnit: c.slaAnswerUnit };
}

/** Where a complaint stands, for a queue line (see SlaSummaryDtoSchema). */
export interface SlaSummary {
  state: 'ok' | 'soon' | 'breached' | 'paused';
  clock: 'ack' | 'answer';
  dueOn: string;
  businessDaysLeft: number | null;
  elapsed: number;
  doneAt: string | null;
}

/**
 * One state for a queue line: the acknowledgement clock while it runs, then the answer clock.
 * "soon" is the warning threshold ({@link WARN_AT}); a stopped clock reads "ok" when met and
 * "breached" when missed, so a late answer stays visible.
 */
export function slaSummary(clocks: { ack: SlaClock; answer: SlaClock }): SlaSummary {
  const current = clocks.ack.doneAt === null ? clocks.ack : clocks.answer;
  const state = ({ running: 'ok', met: 'ok', warning: 'soon', breached: 'breached', missed: 'breached', paused: 'paused' } as const)[current.state];
  return {
    state,
    clock: current === clocks.ack ? 'ack' : 'answer',
    dueOn: current.dueOn,
    businessDaysLeft: current.businessDaysLeft,
    elapsed: Math.min(1, Math.max(0, current.progress)),
    doneAt: current.doneAt,
  };
}
