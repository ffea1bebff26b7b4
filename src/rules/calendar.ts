/**
 * Pure legal calendar: local dates in the consumer's time zone, calendar-day and calendar-month
 * arithmetic, French working days, and the end-of-period rule.
 *
 * Legal basis: Regulation (EEC, Euratom) No 1182/71 of 3 June 1971 determining the rules
 * applicable to periods, dates and time limits ("Reg. 1182/71"), which governs the periods
 * of EU acts such as the GDPR (Art. 12(3), 33(1)); French national periods follow the same
 * pattern (Code de procédure civile art. 641-642).
 *
 * Dates are {@link LocalDate} strings `YYYY-MM-DD` (see local-date.ts for why). Functions here
 * throw RangeError for a malformed LocalDate (a programming error) and
 * {@link DeadlineInputError} for bad external input (instants, time zones).
 */
import { DeadlineInputError } from './errors.ts';
import { holidayEpochDays } from './holidays.ts';
import type { HolidayOptions } from './holidays.ts';
import {
  daysInMonth,
  formatLocalDate,
  fromEpochDay,
  isoDayOfWeekOfEpochDay,
  parseLocalDate,
  MAX_EPOCH_DAY,
  MIN_EPOCH_DAY,
  partsFromEpochDay,
  toEpochDay,
  MAX_YEAR,
  MIN_YEAR,
} from './local-date.ts';
import type { LocalDate } from './local-date.ts';

export {
  daysInMonth,
  formatLocalDate,
  fromEpochDay,
  isLeapYear,
  isLocalDate,
  parseLocalDate,
  toEpochDay,
  MAX_YEAR,
  MIN_YEAR,
} from './local-date.ts';
export type { DateParts, LocalDate } from './local-date.ts';

/** Calendar options: which public holidays count (see holidays.ts). */
export type CalendarOptions = HolidayOptions;

/** The default time zone of the product (metropolitan France). */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

// ---------------------------------------------------------------------------------------------
// Instants and time zones (Intl only, no dependency)
// ---------------------------------------------------------------------------------------------

// Formatters are expensive to build; one per time zone is reused (batch jobs hit few zones).
// The locale pins the Gregorian calendar and Latin digits so formatToParts is parseable.
const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (f === undefined) {
    if (typeof timeZone !== 'string' || timeZone.trim() === '') {
      throw new DeadlineInputError('invalid-time-zone', `Unknown time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "Europe/Paris"`);
    }
    try {
      f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
    } catch {
      throw new DeadlineInputError('invalid-time-zone', `Unknown time zone "${timeZone}": expected an IANA name such as "Europe/Paris"`);
    }
    formatterCache.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA time zone known to this runtime's Intl. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws {@link DeadlineInputError} (code `invalid-time-zone`) unless `timeZone` is known to Intl. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(epochMs);
  let year = NaN;
  let month = NaN;
  let day = NaN;
  let hour = NaN;
  let minute = NaN;
  let second = NaN;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value);
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      default:
        break;
    }
  }
  return { year, month, day, hour, minute, second };
}

// ISO 8601 / RFC 3339 date-time with a mandatory offset. An offset is required because a
// "local" time without one would be read in the server's time zone, silently shifting days.
const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

function invalidInstant(value: string): DeadlineInputError {
  return new DeadlineInputError(
    'invalid-instant',
    `Invalid instant ${JSON.stringify(value)}: expected an ISO 8601 date-time with a time zone offset, e.g. "2026-03-04T10:00:00Z" or "2026-03-04T11:00:00+01:00"`,
  );
}

/**
 * Parses an instant: a valid `Date`, or an ISO 8601 date-time string with `Z` or a numeric
 * offset (`±hh:mm`, `±hhmm`, `±hh`). Fractions beyond milliseconds are truncated.
 * Throws {@link DeadlineInputError} (code `invalid-instant`) otherwise.
 */
export function parseInstant(value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new DeadlineInputError('invalid-instant', 'Invalid instant: the Date is invalid');
    return new Date(value.getTime());
  }
  if (typeof value !== 'string') throw new DeadlineInputError('invalid-instant', 'Invalid instant: expected a Date or an ISO 8601 string');
  const m = INSTANT_RE.exec(value);
  if (m === null) throw invalidInstant(value);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalidInstant(value);
  if (hour > 23 || minute > 59 || second > 59) throw invalidInstant(value);
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = m[11] === undefined ? 0 : Number(m[11]);
    if (oh > 23 || om > 59) throw invalidInstant(value);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return new Date(utc);
}

const DAY_MS = 86_400_000;
const OFFSET_CACHE_LIMIT = 50_000;
// Per time zone: UTC day number -> UTC offset (ms) valid for that whole UTC day, or null when the
// offset changes during that day. Formatting through Intl costs microseconds per call; batch
// jobs (100k lines) hit the same few days and zones, so most lookups become a Map hit.
const offsetCache = new Map<string, Map<number, number | null>>();

/** Offset (local wall clock minus UTC, in ms) of `timeZone` at `epochMs`, to the second, read through Intl. */
function exactOffsetAt(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallMs - Math.floor(epochMs / 1000) * 1000;
}

/** The offset of `timeZone` for the whole UTC day `utcDay`, or null when it changes that day (cached). */
function dayOffset(utcDay: number, timeZone: string): number | null {
  let perZone = offsetCache.get(timeZone);
  if (perZone === undefined) {
    formatterFor(timeZone); // validates the zone before anything is cached under its name
    perZone = new Map();
    offsetCache.set(timeZone, perZone);
  }
  let offset = perZone.get(utcDay);
  if (offset === undefined) {
    // Same offset at the first and the last second of the UTC day: no transition inside it
    // (tzdb never has two transitions cancelling out within one day).
    const first = exactOffsetAt(utcDay * DAY_MS, timeZone);
    const last = exactOffsetAt(utcDay * DAY_MS + DAY_MS - 1000, timeZone);
    offset = first === last ? first : null;
    if (perZone.size >= OFFSET_CACHE_LIMIT) perZone.clear();
    perZone.set(utcDay, offset);
  }
  return offset;
}

/**
 * Offset (local wall clock minus UTC, in ms) of `timeZone` at `epochMs`, to the second: the UTC
 * day's cached offset, read through Intl only on a day with a change of offset. Why: turning wall
 * times into instants (the next calling window, the start of a day) asks it several times per
 * decision, and Intl costs microseconds per call (most of a refused check's time before).
 */
function offsetAt(epochMs: number, timeZone: string): number {
  return dayOffset(Math.floor(epochMs / DAY_MS), timeZone) ?? exactOffsetAt(epochMs, timeZone);
}

/** Local epoch day of `epochMs` in `timeZone`, using the per-day offset cache. */
function localEpochDay(epochMs: number, timeZone: string): number {
  // Offsets are whole seconds, so local wall time is exactly epochMs + offset.
  return Math.floor((epochMs + offsetAt(epochMs, timeZone)) / DAY_MS);
}

/** Epoch ms of an instant (Date or ISO 8601 string), without copying a Date; throws like {@link parseInstant}. */
function instantMs(instant: Date | string): number {
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new DeadlineInputError('invalid-instant', 'Invalid instant: the Date is invalid');
    return ms;
  }
  return parseInstant(instant).getTime();
}

/**
 * The local date, in the IANA `timeZone`, of an instant, as an epoch day (days since 1970-01-01):
 * {@link toLocalDate} without the text, for rules that count days (attempts in 30 days, 60 days
 * after a refusal) over many instants. Throws like toLocalDate.
 */
export function toLocalEpochDay(instant: Date | string, timeZone: string): number {
  return checkedLocalEpochDay(instantMs(instant), timeZone);
}

function checkedLocalEpochDay(ms: number, timeZone: string): number {
  // Range check on the UTC day first (offsets are under a day), then on the local day.
  const utcDay = Math.floor(ms / DAY_MS);
  const day = utcDay < MIN_EPOCH_DAY - 1 || utcDay > MAX_EPOCH_DAY + 1 ? utcDay : localEpochDay(ms, timeZone);
  if (day < MIN_EPOCH_DAY || day > MAX_EPOCH_DAY) {
    throw new DeadlineInputError('invalid-instant', `Instant out of the supported range (years ${MIN_YEAR}-${MAX_YEAR})`);
  }
  return day;
}

/**
 * The local date, in the IANA `timeZone`, of an instant (Date or ISO 8601 string).
 * Why: a deadline counts in the consumer's days (RULES.md "Time zone of the consumer"), so a
 * request sent at 2026-01-31T23:30Z from Paris is received on 1 February.
 * Throws {@link DeadlineInputError} for a bad instant, an unknown zone, or a year out of range.
 */
export function toLocalDate(instant: Date | string, timeZone: string): LocalDate {
  return fromEpochDay(toLocalEpochDay(instant, timeZone));
}

/**
 * The instant at which `date` begins in `timeZone` (usually local midnight; when midnight is
 * skipped by a DST change, the first existing instant of that day).
 * Used to turn "the end of the last day" into an instant: end of D = start of D + 1 day.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(date);
  const wall = Date.UTC(year, month - 1, day);
  const off1 = offsetAt(wall, timeZone);
  const off2 = offsetAt(wall - off1, timeZone);
  const candidates = [wall - off1, wall - off2].filter((t) => toLocalDate(new Date(t), timeZone) === date);
  const best = candidates.length > 0 ? Math.min(...candidates) : wall - off2;
  return new Date(best);
}

/** Wall-clock reading of an instant in a time zone: local date, ISO day of week, and time of day. */
export interface LocalDateTime {
  readonly date: LocalDate;
  /** `date` as days since 1970-01-01. */
  readonly epochDay: number;
  /** ISO day of week of `date`: 1 = Monday ... 7 = Sunday. */
  readonly isoDayOfWeek: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * The local date and time of day, in the IANA `timeZone`, of an instant.
 * Why: rules on hours (calling windows of C. consom. D.223-9) read the consumer's wall clock,
 * which DST moves against UTC.
 * Throws {@link DeadlineInputError} for a bad instant, an unknown zone, or a year out of range.
 */
export function toLocalDateTime(instant: Date | string, timeZone: string): LocalDateTime {
  const ms = instantMs(instant);
  const epochDay = checkedLocalEpochDay(ms, timeZone);
  // The wall clock is the instant plus the offset (whole seconds): the UTC day's cached offset, so
  // no Intl call unless the offset changes that day (a campaign scrub reads a million of them).
  const wall = Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone);
  const secondOfDay = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
  return {
    date: fromEpochDay(epochDay),
    epochDay,
    isoDayOfWeek: isoDayOfWeekOfEpochDay(epochDay),
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor((secondOfDay % 3600) / 60),
    second: secondOfDay % 60,
  };
}

/**
 * The instant at which the wall clock of `timeZone` reads `hour:minute` on `date`.
 * When DST skips that time, the time is read after the gap, moved forward by the gap's length
 * (02:30 on a spring-forward night becomes 03:30, as Temporal's "compatible"); when DST repeats
 * it, the earlier of the two instants.
 */
export function localTimeToInstant(date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const off1 = offsetAt(wall, timeZone);
  const off2 = offsetAt(wall - off1, timeZone);
  const candidates = [wall - off1, wall - off2];
  const exact = candidates.filter((t) => offsetAt(t, timeZone) === wall - t);
  // No exact reading: the time falls in a DST gap; the later candidate lies after the gap.
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (Reg. 1182/71 Art. 3(2))
// ---------------------------------------------------------------------------------------------

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

/**
 * `date` plus `days` calendar days (negative goes back). Periods in days include Saturdays,
 * Sundays and holidays unless expressed in working days (Reg. 1182/71 Art. 3(3)).
 */
export function addDays(date: LocalDate, days: number): LocalDate {
  assertInteger(days, 'days');
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * `date` plus `months` calendar months (negative goes back): the same date of the target
 * month, or that month's last day when the date does not exist there
 * (Reg. 1182/71 Art. 3(2)(c)): 31 Jan + 1 month = 28 Feb (29 Feb in a leap year),
 * 31 Mar + 1 month = 30 Apr. Never "30 days".
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  assertInteger(months, 'months');
  const { year, month, day } = parseLocalDate(date);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`Date out of the supported range (years ${MIN_YEAR}-${MAX_YEAR})`);
  return formatLocalDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** ISO day of week of `date`: 1 = Monday ... 7 = Sunday. */
export function isoDayOfWeek(date: LocalDate): number {
  return isoDayOfWeekOfEpochDay(toEpochDay(date));
}

// ---------------------------------------------------------------------------------------------
// Working days (Reg. 1182/71 Art. 2(2): all days other than public holidays, Sundays and
// Saturdays; public holidays are those of the Member State, Art. 2(1): here France).
// ---------------------------------------------------------------------------------------------

function isWorkingEpochDay(epochDay: number, options: CalendarOptions | undefined): boolean {
  if (isoDayOfWeekOfEpochDay(epochDay) > 5) return false;
  return !holidayEpochDays(partsFromEpochDay(epochDay).year, options).has(epochDay);
}

/** True for Monday to Friday that is not a French public holiday (Reg. 1182/71 Art. 2(2); C. trav. L3133-1). */
export function isWorkingDay(date: LocalDate, options?: CalendarOptions): boolean {
  return isWorkingEpochDay(toEpochDay(date), options);
}

function nextWorkingEpochDay(epochDay: number, options: CalendarOptions | undefined): number {
  let d = epochDay;
  while (!isWorkingEpochDay(d, options)) d += 1;
  return d;
}

/** `date` itself if it is a working day, else the first working day after it. */
export function nextWorkingDayOnOrAfter(date: LocalDate, options?: CalendarOptions): LocalDate {
  return fromEpochDay(nextWorkingEpochDay(toEpochDay(date), options));
}

/**
 * The `n`-th working day after `date`; the starting day itself is never counted (Reg. 1182/71
 * Art. 3(1): the day of the event does not fall within the period), whether or not it is a
 * working day. `n = 0` returns `date` unchanged (even if it is not a working day). A negative
 * `n` counts backwards: the |n|-th working day before `date`.
 * For n > 0 the result is always a working day, so no Art. 3(4) move is needed.
 */
export function addBusinessDays(date: LocalDate, n: number, options?: CalendarOptions): LocalDate {
  assertInteger(n, 'n');
  let d = toEpochDay(date);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  while (left > 0) {
    d += step;
    if (isWorkingEpochDay(d, options)) left -= 1;
  }
  return fromEpochDay(d);
}

/**
 * Number of working days after `a` up to and including `b`, i.e. in the interval (a, b].
 * Same convention as {@link addBusinessDays}: `businessDaysBetween(a, addBusinessDays(a, n)) === n`
 * for n >= 0. When `b` equals `a` the result is 0; when `b` is before `a` the result is the
 * negated count for (b, a], so the function is antisymmetric: f(a, b) === -f(b, a).
 */
export function businessDaysBetween(a: LocalDate, b: LocalDate, options?: CalendarOptions): number {
  const ea = toEpochDay(a);
  const eb = toEpochDay(b);
  if (eb === ea) return 0;
  const [lo, hi, sign] = eb > ea ? [ea, eb, 1] : [eb, ea, -1];
  let count = 0;
  for (let d = lo + 1; d <= hi; d += 1) if (isWorkingEpochDay(d, options)) count += 1;
  return count === 0 ? 0 : sign * count;
}

/**
 * Reg. 1182/71 Art. 3(4): a period expressed in days, weeks, months or years whose last day is a
 * Saturday, a Sunday or a public holiday ends with the expiry of the last hour of the following
 * working day. Give it the computed last day; it returns the last day actually allowed.
 * Not for periods in hours (they never move, Art. 3(4) only covers periods "expressed otherwise
 * than in hours") nor for periods counted backwards from a date (Art. 3(4) second subparagraph).
 */
export function moveEndOfPeriod(lastDay: LocalDate, options?: CalendarOptions): LocalDate {
  return nextWorkingDayOnOrAfter(lastDay, options);
}
