/**
 * Dated registry of legal and product deadlines, and their computation.
 *
 * Every rule carries the date from which it applies (`effectiveFrom`, an ISO date), so that an
 * old record is judged by the rule in force on the day of its event, not today's rule
 * (RULES.md: "a rule has an effective date"). To change a deadline, append a new version with
 * a later `effectiveFrom`; never edit a version that records may already have been judged by.
 *
 * Counting (Reg. (EEC, Euratom) 1182/71, Art. 3):
 * - The event is placed on the consumer's local date (time zone `tz`), and that day itself is
 *   never counted (Art. 3(1)); the period runs from the next day.
 * - Days: the last day is event day + n (Art. 3(2)(b)). Months: same date n months later, or
 *   the last day of that month (Art. 3(2)(c)). Business days: the n-th working day after the
 *   event day. Then, for days and months, a last day falling on a Saturday, Sunday or public
 *   holiday moves to the next working day (Art. 3(4)).
 * - Hours: an instant, event + n hours, never moved (Art. 3(4) only covers periods "expressed
 *   otherwise than in hours").
 * - Art. 3(5) (a period of two days or more includes at least two working days) never binds
 *   here: the shortest day period, 7 days, always contains at least 3 working days.
 */
import {
  addBusinessDays,
  addDays,
  addMonths,
  assertTimeZone,
  businessDaysBetween,
  isLocalDate,
  moveEndOfPeriod,
  parseInstant,
  startOfLocalDay,
  toLocalDate,
} from './calendar.ts';
import type { CalendarOptions, LocalDate } from './calendar.ts';
import { DeadlineInputError } from './errors.ts';

/** Every deadline kind the registry knows, in a stable order. */
export const DEADLINE_KINDS = [
  'dsr',
  'dsr-extended',
  'breach-authority',
  'complaint-ack',
  'complaint-answer',
  'speakup-ack',
  'speakup-feedback',
  'mediation-limit',
] as const;

/** A deadline kind of the registry. */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** How a rule's period is counted. */
export type PeriodUnit = 'hours' | 'days' | 'business-days' | 'months';

/** One dated version of a deadline rule. */
export interface DeadlineRule {
  readonly kind: DeadlineKind;
  /** First local date (ISO `YYYY-MM-DD`, event date in the consumer's zone) the version applies to. */
  readonly effectiveFrom: LocalDate;
  /** Length of the period, in `periodUnit`. */
  readonly amount: number;
  readonly periodUnit: PeriodUnit;
  /** Whether Reg. 1182/71 Art. 3(4) moves a last day on a weekend/holiday to the next working day. */
  readonly moveToWorkingDay: boolean;
  /** What the period runs from (the `from` the caller must pass). */
  readonly from: string;
  /** Legal source. */
  readonly source: string;
  /** Reading chosen where the text leaves room, and points to verify. */
  readonly note?: string;
}

/**
 * The registry, one entry per (kind, version). Today each kind has a single version.
 * `effectiveFrom` is the date the source began to apply.
 */
export const DEADLINE_RULES: readonly DeadlineRule[] = [
  {
    kind: 'dsr',
    effectiveFrom: '2018-05-25', // GDPR applies from 25 May 2018 (Art. 99(2)).
    amount: 1,
    periodUnit: 'months',
    moveToWorkingDay: true,
    from: 'receipt of the data-subject request',
    source: 'GDPR (EU) 2016/679 Art. 12(3); Reg. 1182/71 Art. 3',
  },
  {
    kind: 'dsr-extended',
    effectiveFrom: '2018-05-25',
    amount: 3,
    periodUnit: 'months',
    moveToWorkingDay: true,
    from: 'receipt of the data-subject request (not the first deadline)',
    source: 'GDPR (EU) 2016/679 Art. 12(3) second sentence; Reg. 1182/71 Art. 3',
    note:
      'Art. 12(3): the one-month period "may be extended by two further months". Read as one period of ' +
      '3 calendar months from receipt (the extension prolongs the same period), not 2 months counted from ' +
      'the first deadline. The readings differ at month ends and when the first deadline was moved: received ' +
      '31 Jan, this reading gives 30 Apr, chaining from the unmoved first deadline (28 Feb) gives 28 Apr. ' +
      'The subject must be told of the extension, with reasons, within the first month.',
  },
  {
    kind: 'breach-authority',
    effectiveFrom: '2018-05-25',
    amount: 72,
    periodUnit: 'hours',
    moveToWorkingDay: false,
    from: 'the controller becoming aware of the breach',
    source: 'GDPR (EU) 2016/679 Art. 33(1); Reg. 1182/71 Art. 3(4) (hours never move)',
    note:
      'Computed as awareness + 72 h exactly. Reg. 1182/71 Art. 3(1) would not count the hour in which the ' +
      'event occurs (ending up to one hour later); the stricter exact reading is kept.',
  },
  {
    kind: 'complaint-ack',
    effectiveFrom: '2022-12-31', // ACPR 2022-R-01 of 9 May 2022 applies from 31 Dec. 2022.
    amount: 10,
    periodUnit: 'business-days',
    moveToWorkingDay: false,
    from: 'receipt of the complaint',
    source: 'ACPR recommendation 2022-R-01 (French practice; product default, configurable per sector)',
    note:
      'ACPR writes "dix jours ouvrables" (Monday-Saturday); RULES.md counts business days Monday-Friday, ' +
      'which can end later. ACPR counts from the sending of the complaint; receipt is used here. ' +
      'Earlier recommendations (2011-R-05, 2016-R-02) had the same figures.',
  },
  {
    kind: 'complaint-answer',
    effectiveFrom: '2022-12-31',
    amount: 2,
    periodUnit: 'months',
    moveToWorkingDay: true,
    from: 'receipt of the complaint',
    source: 'ACPR recommendation 2022-R-01 (product default, configurable per sector); Reg. 1182/71 Art. 3',
  },
  {
    kind: 'speakup-ack',
    effectiveFrom: '2021-12-17', // Transposition deadline of Directive 2019/1937 (Art. 26(1)).
    amount: 7,
    periodUnit: 'days',
    moveToWorkingDay: true,
    from: 'receipt of the report',
    source: 'Directive (EU) 2019/1937 Art. 9(1)(b); Reg. 1182/71 Art. 3',
    note:
      'France (décret 2022-1284 art. 4, in force 5 Oct. 2022) says "sept jours ouvrés" (7 working days), ' +
      'which ends later; 7 calendar days meets both texts.',
  },
  {
    kind: 'speakup-feedback',
    effectiveFrom: '2021-12-17',
    amount: 3,
    periodUnit: 'months',
    moveToWorkingDay: true,
    from: 'the acknowledgement of receipt (or, if none was sent, the end of the 7-day acknowledgement period)',
    source: 'Directive (EU) 2019/1937 Art. 9(1)(f); Reg. 1182/71 Art. 3',
  },
  {
    kind: 'mediation-limit',
    effectiveFrom: '2016-01-01', // Ordonnance 2015-1033 (consumer mediation), applicable 1 Jan. 2016 (verify).
    amount: 12,
    periodUnit: 'months',
    moveToWorkingDay: true,
    from: 'the written complaint to the professional',
    source: 'Code de la consommation L.612-2 (1 year); C. proc. civ. art. 641-642 / Reg. 1182/71 Art. 3 for counting',
    note: 'The last day on which the consumer may still refer the dispute to the mediator.',
  },
];

// Versions per kind, newest first, for ruleFor.
const RULES_BY_KIND: ReadonlyMap<DeadlineKind, readonly DeadlineRule[]> = (() => {
  const map = new Map<DeadlineKind, DeadlineRule[]>();
  for (const r of DEADLINE_RULES) {
    const list = map.get(r.kind) ?? [];
    list.push(r);
    map.set(r.kind, list);
  }
  for (const list of map.values()) list.sort((x, y) => (x.effectiveFrom < y.effectiveFrom ? 1 : -1));
  return map;
})();

/** True when `value` names a deadline kind of the registry. */
export function isDeadlineKind(value: unknown): value is DeadlineKind {
  return typeof value === 'string' && RULES_BY_KIND.has(value as DeadlineKind);
}

function unknownKind(kind: unknown): DeadlineInputError {
  return new DeadlineInputError('unknown-kind', `Unknown deadline kind ${JSON.stringify(kind)}: expected one of ${DEADLINE_KINDS.join(', ')}`);
}

/**
 * The version of `kind` in force on the event date `at` (a {@link LocalDate}): the version with
 * the latest `effectiveFrom` not after `at`. Throws {@link DeadlineInputError} for an unknown kind
 * (`unknown-kind`), an invalid date (`invalid-date`) or a date before the first version
 * (`no-rule-in-force`: the rule did not exist yet, so no deadline can be claimed).
 */
export function ruleFor(kind: string, at: LocalDate): DeadlineRule {
  const versions = isDeadlineKind(kind) ? RULES_BY_KIND.get(kind) : undefined;
  if (versions === undefined) throw unknownKind(kind);
  if (!isLocalDate(at)) throw new DeadlineInputError('invalid-date', `Invalid date ${JSON.stringify(at)}: expected YYYY-MM-DD`);
  const rule = versions.find((r) => r.effectiveFrom <= at);
  if (rule === undefined) {
    const first = versions[versions.length - 1]?.effectiveFrom ?? '?';
    throw new DeadlineInputError('no-rule-in-force', `No "${kind}" rule in force on ${at}: the first version applies from ${first}`);
  }
  return rule;
}

/** Input of {@link computeDeadline}. */
export interface DeadlineInput {
  /** A {@link DeadlineKind}; any other string throws `unknown-kind`. */
  readonly kind: string;
  /** The event instant (Date, or ISO 8601 string with an offset). */
  readonly from: Date | string;
  /** IANA time zone of the consumer, e.g. "Europe/Paris". */
  readonly tz: string;
  readonly options?: CalendarOptions;
}

/** A computed deadline. */
export interface Deadline {
  readonly kind: DeadlineKind;
  /** 'day': `due` is the last day on time (`YYYY-MM-DD`, in tz). 'hour': `due` is a UTC ISO instant. */
  readonly unit: 'day' | 'hour';
  readonly due: string;
}

const HOUR_MS = 3_600_000;

function lastDay(rule: DeadlineRule, eventDate: LocalDate, options: CalendarOptions | undefined): LocalDate {
  let end: LocalDate;
  switch (rule.periodUnit) {
    case 'days':
      end = addDays(eventDate, rule.amount);
      break;
    case 'months':
      end = addMonths(eventDate, rule.amount);
      break;
    case 'business-days':
      end = addBusinessDays(eventDate, rule.amount, options);
      break;
    case 'hours':
      throw new Error('hours are not a day period');
  }
  return rule.moveToWorkingDay ? moveEndOfPeriod(end, options) : end;
}

function toInputError(err: unknown): never {
  // Dates pushed past year 9999 by arithmetic surface as RangeError; report them as input errors.
  if (err instanceof RangeError) throw new DeadlineInputError('invalid-instant', `Instant out of the supported range: ${err.message}`);
  throw err;
}

/**
 * Computes the deadline of `kind` for an event at `from` in the consumer's time zone `tz`,
 * using the rule version in force on the event's local date (see {@link ruleFor}).
 * Returns `due` as `YYYY-MM-DD` (last day on time, in tz) for day and month kinds, or as a UTC
 * ISO 8601 instant for hour kinds. Throws {@link DeadlineInputError} for an unknown kind,
 * an unparsable instant or an unknown time zone.
 */
export function computeDeadline(input: DeadlineInput): Deadline {
  const { kind, from, tz, options } = input;
  if (!isDeadlineKind(kind)) throw unknownKind(kind);
  assertTimeZone(tz);
  const instant = parseInstant(from);
  const eventDate = toLocalDate(instant, tz);
  const rule = ruleFor(kind, eventDate);
  try {
    if (rule.periodUnit === 'hours') {
      return { kind, unit: 'hour', due: new Date(instant.getTime() + rule.amount * HOUR_MS).toISOString() };
    }
    return { kind, unit: 'day', due: lastDay(rule, eventDate, options) };
  } catch (err) {
    return toInputError(err);
  }
}

/** Input of {@link slaProgress}. */
export interface SlaProgressInput {
  readonly kind: string;
  /** When the clock started (the event instant passed to {@link computeDeadline}). */
  readonly start: Date | string;
  /** The `due` returned by {@link computeDeadline}: `YYYY-MM-DD`, or an ISO instant for hour kinds. */
  readonly due: string;
  readonly now: Date | string;
  readonly tz: string;
  readonly options?: CalendarOptions;
}

/**
 * Fraction of an SLA clock used up, for progress bars and escalation in the complaint module.
 * 0 = just started (never negative), 1 = the time allowed has run out, > 1 = overdue
 * (not clamped, so the UI can show how late).
 * - Business-day kinds: whole working days fully elapsed since the start date, over the number
 *   of working days allowed (start date excluded, due date included). Day resolution: the value
 *   stays below 1 throughout the due day and reaches 1 the day after.
 * - Other day/month kinds: elapsed time over the time from `start` to the end of the due day
 *   in tz (calendar time, including weekends and holidays).
 * - Hour kinds: elapsed time over the time from `start` to the due instant.
 * A degenerate clock (nothing allowed) returns 1.
 */
export function slaProgress(input: SlaProgressInput): number {
  const { kind, start, due, now, tz, options } = input;
  if (!isDeadlineKind(kind)) throw unknownKind(kind);
  assertTimeZone(tz);
  const startMs = parseInstant(start).getTime();
  const nowMs = parseInstant(now).getTime();
  const rule = ruleFor(kind, toLocalDate(new Date(startMs), tz));

  if (rule.periodUnit === 'hours') {
    const total = parseInstant(due).getTime() - startMs;
    if (total <= 0) return 1;
    return Math.max(0, (nowMs - startMs) / total);
  }
  if (!isLocalDate(due)) throw new DeadlineInputError('invalid-date', `Invalid due date ${JSON.stringify(due)}: expected YYYY-MM-DD`);
  if (rule.periodUnit === 'business-days') {
    const startDate = toLocalDate(new Date(startMs), tz);
    const total = businessDaysBetween(startDate, due, options);
    if (total <= 0) return 1;
    // Working days fully elapsed: those after the start date and before today.
    const yesterday = addDays(toLocalDate(new Date(nowMs), tz), -1);
    return Math.max(0, businessDaysBetween(startDate, yesterday, options) / total);
  }
  const endMs = startOfLocalDay(addDays(due, 1), tz).getTime();
  const total = endMs - startMs;
  if (total <= 0) return 1;
  return Math.max(0, (nowMs - startMs) / total);
}
