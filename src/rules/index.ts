/**
 * Public API of the pure, dated legal rules (calendar, holidays, deadlines).
 * Import from here rather than from the individual files.
 */
export { DeadlineInputError } from './errors.ts';
export type { DeadlineInputErrorCode } from './errors.ts';

export { easterSunday, frenchPublicHolidays, isFrenchPublicHoliday, holidayEpochDays } from './holidays.ts';
export type { HolidayKey, HolidayOptions, PublicHoliday } from './holidays.ts';

export {
  DEFAULT_TIME_ZONE,
  MAX_YEAR,
  MIN_YEAR,
  addBusinessDays,
  addDays,
  addMonths,
  assertTimeZone,
  businessDaysBetween,
  daysInMonth,
  formatLocalDate,
  fromEpochDay,
  isLeapYear,
  isLocalDate,
  isValidTimeZone,
  isWorkingDay,
  isoDayOfWeek,
  localTimeToInstant,
  moveEndOfPeriod,
  nextWorkingDayOnOrAfter,
  parseInstant,
  parseLocalDate,
  startOfLocalDay,
  toEpochDay,
  toLocalDate,
  toLocalDateTime,
  toLocalEpochDay,
} from './calendar.ts';
export type { CalendarOptions, DateParts, LocalDate, LocalDateTime } from './calendar.ts';

export { DEADLINE_KINDS, DEADLINE_RULES, computeDeadline, isDeadlineKind, ruleFor, slaProgress } from './deadlines.ts';
export type { Deadline, DeadlineInput, DeadlineKind, DeadlineRule, PeriodUnit, SlaProgressInput } from './deadlines.ts';

export { runDeadlineJsonl } from './deadline-jsonl.ts';
export type { DeadlineJsonlResult } from './deadline-jsonl.ts';
