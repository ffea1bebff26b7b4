/**
 * Retention limits (GDPR Art. 5(1)(e): kept no longer than necessary; Art. 30(1)(f): the register
 * states the time limits for erasure). Pure: the defaults with their sources, and the cutoff
 * computation on calendar days, months and years from src/rules.
 */
import { addDays, addMonths, startOfLocalDay, toLocalDate, type LocalDate } from '../../rules/index.ts';
import type { RetentionRuleKey } from './register.taxonomy.ts';

export const RETENTION_UNITS = ['days', 'months', 'years'] as const;
/** Unit of a retention period. */
export type RetentionUnit = (typeof RETENTION_UNITS)[number];

/** A retention period: `amount` calendar units after the rule's anchor event. */
export interface RetentionPeriod {
  amount: number;
  unit: RetentionUnit;
}

/** A rule's default, where its clock starts, and the text it comes from. */
export interface RetentionDefault {
  period: RetentionPeriod;
  /** Shortest period an organisation may set (security needs, e.g. refusing replayed links). */
  minimum: RetentionPeriod;
  /** Whether a module purges automatically (`auto`) or the rule documents a limit applied by people (`manual`). */
  enforcement: 'auto' | 'manual';
  /** Legal source of the default (a citation; the explanation is in register.json, `rule.<key>.why`). */
  source: string;
}

const days = (amount: number): RetentionPeriod => ({ amount, unit: 'days' });
const months = (amount: number): RetentionPeriod => ({ amount, unit: 'months' });
const years = (amount: number): RetentionPeriod => ({ amount, unit: 'years' });

/**
 * Defaults per rule. The anchor (what starts the clock) is fixed by the module's handler and
 * described in the register catalogue (register.json, `rule.<key>.anchor`).
 */
export const RETENTION_DEFAULTS: Readonly<Record<RetentionRuleKey, RetentionDefault>> = {
  // CNIL, référentiel « gestion commerciale » (délibération 2016-264 updated 2021): prospects and
  // former customers, 3 years after the last contact coming from them.
  'customer.inactive': { period: years(3), minimum: days(1), enforcement: 'auto', source: 'CNIL, référentiel « gestion commerciale » (délib. 2016-264)' },
  // C. civ. art. 2224: personal actions are time-barred 5 years from when the holder knew the facts.
  'complaint.closed': { period: years(5), minimum: days(1), enforcement: 'auto', source: 'C. civ. art. 2224' },
  // C. civ. art. 2224, C. com. L.110-4: proof of a contract and of its end during the limitation
  // period after the end; online contracts are also held 10 years from conclusion (C. consom. L.213-1, D.213-2).
  'contract.ended': { period: years(5), minimum: days(1), enforcement: 'auto', source: 'C. civ. art. 2224; C. com. L.110-4; C. consom. L.213-1' },
  // GDPR Art. 7(1): proof of consent while it is relied on; then the limitation period (C. civ. art. 2224).
  'consent.proof': { period: years(5), minimum: days(1), enforcement: 'auto', source: 'GDPR Art. 7(1); C. civ. art. 2224' },
  // Verification codes live 10 minutes (privacy.portal-kit.ts): kept one more day for abuse analysis.
  'privacy.otp': { period: days(1), minimum: days(0), enforcement: 'auto', source: 'GDPR Art. 5(1)(e)' },
  // A used withdrawal link is remembered to refuse a replay while the link is valid (60 days).
  'privacy.link_use': { period: days(61), minimum: days(61), enforcement: 'auto', source: 'GDPR Art. 5(1)(e)' },
  // GDPR Art. 5(2) accountability: proof that requests were answered, for the limitation period.
  'dsr.closed': { period: years(5), minimum: days(1), enforcement: 'auto', source: 'GDPR Art. 5(2), 12(3); C. civ. art. 2224' },
  // Export packages are downloadable for 7 days (EXPORT_LINK_DAYS); removed the day after.
  'dsr.export': { period: days(1), minimum: days(0), enforcement: 'auto', source: 'GDPR Art. 5(1)(e)' },
  // Sessions expire by themselves; the row goes the next day.
  'auth.session': { period: days(1), minimum: days(0), enforcement: 'auto', source: 'GDPR Art. 5(1)(e), 32' },
  // Sent or abandoned e-mails: kept 30 days to answer delivery questions (Confiance default).
  'mail.outbox': { period: days(30), minimum: days(1), enforcement: 'auto', source: 'GDPR Art. 5(1)(e)' },
  // Staff accounts: for the time of employment; a departed employee's account is disabled then deleted by an admin.
  'staff.account': { period: months(6), minimum: days(1), enforcement: 'manual', source: 'CNIL, référentiel « gestion du personnel » (délib. 2019-160)' },
  // The audit trail holds ids only and is hash-chained (rows cannot be cut out): it is the proof of
  // compliance (Art. 5(2)), kept one year beyond the 5-year limitation of the records it proves.
  'audit.trail': { period: years(6), minimum: years(1), enforcement: 'manual', source: 'GDPR Art. 5(2); C. civ. art. 2224' },
};

/**
 * The last day of retention of a row whose clock started on `anchor` (a local date). Calendar
 * periods: the same date `amount` months (12 per year) later, or that month's last day when the
 * date does not exist (Reg. 1182/71 Art. 3(2)(c)): 29 Feb 2024 + 1 year = 28 Feb 2025. The end
 * is not moved to a working day (Art. 3(4)): a storage limit is not a time to act.
 */
export function retentionEnd(anchor: LocalDate, period: RetentionPeriod): LocalDate {
  switch (period.unit) {
    case 'days':
      return addDays(anchor, period.amount);
    case 'months':
      return addMonths(anchor, period.amount);
    case 'years':
      return addMonths(anchor, period.amount * 12);
  }
}

/**
 * The latest anchor date whose retention has fully run on `today`, i.e. whose last day is before
 * `today`. Month arithmetic is not invertible at month ends (31 Jan and 29 Jan + 1 month both end
 * on 28 Feb), so the answer is found by stepping from the naive inverse.
 */
export function lastExpiredAnchor(today: LocalDate, period: RetentionPeriod): LocalDate {
  let candidate = period.unit === 'days' ? addDays(today, -period.amount) : addMonths(today, -(period.unit === 'years' ? period.amount * 12 : period.amount));
  while (retentionEnd(candidate, period) >= today) candidate = addDays(candidate, -1);
  while (retentionEnd(addDays(candidate, 1), period) < today) candidate = addDays(candidate, 1);
  return candidate;
}

/**
 * The instant before which a row's clock must have started for it to be past its limit at `now`,
 * counting in the organisation's time zone: the start of the day after {@link lastExpiredAnchor}.
 */
export function retentionCutoff(now: Date, timeZone: string, period: RetentionPeriod): Date {
  return startOfLocalDay(addDays(lastExpiredAnchor(toLocalDate(now, timeZone), period), 1), timeZone);
}

/** Length of a period in days from a fixed date, to compare periods of different units. */
export function periodDays(period: RetentionPeriod, from: LocalDate = '2001-01-01'): number {
  return Math.round((Date.parse(`${retentionEnd(from, period)}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** True when `period` is at least `minimum` (compared from the same start date). */
export function meetsMinimum(period: RetentionPeriod, minimum: RetentionPeriod): boolean {
  return periodDays(period) >= periodDays(minimum);
}
