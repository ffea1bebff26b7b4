/**
 * Local (civil) dates without time or time zone, and the day arithmetic under them.
 *
 * Representation choice: a {@link LocalDate} is an ISO 8601 calendar-date string `YYYY-MM-DD`.
 * Why a string and not a {y,m,d} record: it is what the API, the database and the JSONL output
 * carry anyway, it compares correctly with `<` / `>` (lexicographic order = chronological
 * order for 4-digit years), it is a valid Map/Set key and it survives JSON without a codec.
 * Internally, arithmetic runs on "epoch days" (whole days since 1970-01-01), which is fast and
 * free of any time-zone or DST effect.
 *
 * Only the Gregorian calendar is supported, years 1583 to 9999: 1583 is the first full year of
 * the Gregorian calendar (the Easter computus of holidays.ts is only valid from then) and 9999
 * keeps the four-digit `YYYY` form.
 *
 * This module is dependency-free so that holidays.ts and calendar.ts can both import it
 * without an import cycle; calendar.ts re-exports it.
 */

/** A civil date as an ISO 8601 string `YYYY-MM-DD` (Gregorian, years 1583-9999). */
export type LocalDate = string;

/** The parts of a {@link LocalDate}; `month` is 1-12, `day` is 1-31. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** First supported year (first full year of the Gregorian calendar). */
export const MIN_YEAR = 1583;
/** Last supported year (keeps the four-digit `YYYY` form). */
export const MAX_YEAR = 9999;

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Epoch day of 1583-01-01, the first supported day. */
export const MIN_EPOCH_DAY = -141_349;
/** Epoch day of 9999-12-31, the last supported day. */
export const MAX_EPOCH_DAY = 2_932_896;

/** Gregorian leap year: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

function validParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True when `value` is a well-formed, existing `YYYY-MM-DD` date in the supported range. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE_RE.exec(value);
  if (m === null) return false;
  return validParts(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Splits a {@link LocalDate} into its parts; throws RangeError if it is not a valid date. */
export function parseLocalDate(date: LocalDate): DateParts {
  const m = LOCAL_DATE_RE.exec(date);
  if (m !== null) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (validParts(year, month, day)) return { year, month, day };
  }
  throw new RangeError(`Invalid local date "${date}": expected an existing date YYYY-MM-DD (years ${MIN_YEAR}-${MAX_YEAR})`);
}

/** Builds a {@link LocalDate} from its parts; throws RangeError if the date does not exist. */
export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  if (!validParts(year, month, day)) {
    throw new RangeError(`Invalid date ${year}-${month}-${day} (years ${MIN_YEAR}-${MAX_YEAR})`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 of a civil date (no validation; callers pass valid parts).
 * Algorithm "days_from_civil" (H. Hinnant), exact for the proleptic Gregorian calendar.
 */
export function epochDayFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Civil date parts of an epoch day (inverse of {@link epochDayFromParts}, "civil_from_days"). */
export function partsFromEpochDay(epochDay: number): DateParts {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

// The same few days go to and from text over and over (each decision of a batch of 1,000 reads its
// date, the rules' dates and the holidays): both ways are kept, valid dates only, a bounded number.
const MEMO_LIMIT = 10_000;
const dayOfText = new Map<string, number>();
const textOfDay = new Map<number, LocalDate>();

/** Days since 1970-01-01 of a {@link LocalDate}; throws RangeError if invalid. */
export function toEpochDay(date: LocalDate): number {
  let epochDay = dayOfText.get(date);
  if (epochDay === undefined) {
    const { year, month, day } = parseLocalDate(date);
    epochDay = epochDayFromParts(year, month, day);
    if (dayOfText.size >= MEMO_LIMIT) dayOfText.clear();
    dayOfText.set(date, epochDay);
  }
  return epochDay;
}

/** The {@link LocalDate} of an epoch day; throws RangeError outside years 1583-9999. */
export function fromEpochDay(epochDay: number): LocalDate {
  let text = textOfDay.get(epochDay);
  if (text === undefined) {
    if (!Number.isInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
      throw new RangeError(`Date out of the supported range (years ${MIN_YEAR}-${MAX_YEAR})`);
    }
    const { year, month, day } = partsFromEpochDay(epochDay);
    text = formatLocalDate(year, month, day);
    if (textOfDay.size >= MEMO_LIMIT) textOfDay.clear();
    textOfDay.set(epochDay, text);
  }
  return text;
}

/** ISO day of week of an epoch day: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoDayOfWeekOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}
