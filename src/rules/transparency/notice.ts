/**
 * Notice of a change to a consumer contract's price or terms, per sector: how long before the
 * change the notice must reach the consumer, and until when the consumer may terminate without
 * cost because of it. A dated table: a notice is judged by the row in force on the day it is sent;
 * to change a row, append a version with a later `from`, never edit one already used.
 *
 * Rows (RULES.md "Transparency of prices and contracts"; each checked against the code's wording,
 * the ones marked "verify" against Légifrance summaries only):
 * - electronic communications: C. consom. L.224-33 al. 1: the change is told "au moins un mois
 *   avant son entrée en vigueur"; the consumer may terminate without penalty "jusque dans un délai
 *   de quatre mois après l'entrée en vigueur de la modification". EECC (Dir. 2018/1972) art. 105(4)
 *   sets one month's notice and a right to withdraw within one month of it, extendable by Member
 *   States by up to three months: the French four months after the change give at least that.
 *   RULES.md says "within 4 months of the notice"; the French text counts from the change, which
 *   is later, so the table follows the code (verify).
 * - energy (electricity and gas supply): C. consom. L.224-10: the draft change is sent "au moins un
 *   mois avant la date d'application envisagée"; the consumer may terminate without penalty
 *   "dans un délai de trois mois à compter de sa réception" (from the notice).
 * - banking framework contracts (deposit account agreements, payment services): C. monét. fin.
 *   L.312-1-1 III and L.314-13 II: the draft is given "au plus tard deux mois avant la date
 *   d'application envisagée"; the client may refuse it and terminate without cost until that
 *   date (verify).
 * - other consumer contracts: no period in the code; a unilateral change is only fair when the
 *   consumer is told in reasonable time and may terminate (C. consom. R.212-4 al. 3, verify).
 *   One month, terminating until the change applies, is the product's policy (source `policy`).
 *
 * Counting: "at least N months before date E" is met by a notice sent on or before the same day
 * number N months before E (the month's last day when that day does not exist): sent 2026-02-28
 * for a change on 2026-03-31 is in time. Periods counted backwards never move for weekends
 * (Reg. 1182/71 art. 3(4) second subparagraph). The termination deadline is a period counted
 * forwards from an event (Reg. 1182/71 art. 3(2)(c): same day number N months later, or the
 * month's last day) and is not moved either: the consumer may always terminate earlier.
 * The rows are those of the codes as recodified on 2016-07-01 (ordonnance 2016-301); earlier
 * notices are not judged.
 */
import { addDays, addMonths, isLocalDate } from '../calendar.ts';
import type { LocalDate } from '../local-date.ts';
import { TransparencyRulesError } from './errors.ts';

export const NOTICE_SECTORS = ['electronic_communications', 'energy', 'banking', 'other'] as const;
export type NoticeSector = (typeof NOTICE_SECTORS)[number];

/** From what the termination period runs: the notice, or the day the change applies. */
export type TerminationAnchor = 'notice' | 'effective';

export interface NoticeRule {
  readonly sector: NoticeSector;
  /** First local date (of the notice) on which this row applies. */
  readonly from: LocalDate;
  /** Minimum notice before the change applies, in calendar months. */
  readonly noticeMonths: number;
  /** The consumer may terminate without cost during `terminationMonths` after `terminationAnchor`; 0 with `effective`: until the day before the change. */
  readonly terminationAnchor: TerminationAnchor;
  readonly terminationMonths: number;
  /** `law` when the numbers are in the text; `policy` when the product chose them. */
  readonly source: 'law' | 'policy';
  readonly ref: string;
}

export const NOTICE_RULES: readonly NoticeRule[] = [
  {
    sector: 'electronic_communications',
    from: '2016-07-01',
    noticeMonths: 1,
    terminationAnchor: 'effective',
    terminationMonths: 4,
    source: 'law',
    ref: 'C. consom. L.224-33; Dir. 2018/1972 art. 105(4)',
  },
  {
    sector: 'energy',
    from: '2016-07-01',
    noticeMonths: 1,
    terminationAnchor: 'notice',
    terminationMonths: 3,
    source: 'law',
    ref: 'C. consom. L.224-10',
  },
  {
    sector: 'banking',
    from: '2016-07-01',
    noticeMonths: 2,
    terminationAnchor: 'effective',
    terminationMonths: 0,
    source: 'law',
    ref: 'C. monét. fin. L.312-1-1 III, L.314-13',
  },
  {
    sector: 'other',
    from: '2016-07-01',
    noticeMonths: 1,
    terminationAnchor: 'effective',
    terminationMonths: 0,
    source: 'policy',
    ref: 'C. consom. R.212-4',
  },
];

function invalid(message: string): TransparencyRulesError {
  return new TransparencyRulesError('invalid-input', message);
}

function assertDate(value: LocalDate, name: string): void {
  if (!isLocalDate(value)) throw invalid(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** The row for `sector` in force on `on` (the notice's date). */
export function noticeRuleFor(sector: NoticeSector, on: LocalDate): NoticeRule {
  assertDate(on, 'date');
  if (!(NOTICE_SECTORS as readonly string[]).includes(sector))
    throw invalid(`Unknown sector ${JSON.stringify(sector)}: expected one of ${NOTICE_SECTORS.join(', ')}`);
  const rows = NOTICE_RULES.filter((r) => r.sector === sector && r.from <= on).sort((a, b) => (a.from < b.from ? 1 : -1));
  const row = rows[0];
  if (row === undefined) throw new TransparencyRulesError('no-rule-in-force', `No notice rule for ${sector} in force on ${on}`);
  return row;
}

/** The last day a notice may be sent for a change applying on `effectiveOn`: N months before, same day number or the month's last day. */
export function latestNoticeDate(effectiveOn: LocalDate, months: number): LocalDate {
  return addMonths(effectiveOn, -months);
}

/**
 * The first day a change may apply when its notice is sent on `sentOn`: the smallest E with
 * latestNoticeDate(E) >= sentOn. Sent 2026-01-31 with one month: 2026-03-01 (a change on
 * 2026-02-28 would need a notice by 2026-01-28).
 */
export function earliestEffectiveDate(sentOn: LocalDate, months: number): LocalDate {
  const candidate = addMonths(sentOn, months);
  // Clamped to a shorter month's end: the day number was lost, so the next day is the first that holds.
  return latestNoticeDate(candidate, months) >= sentOn ? candidate : addDays(candidate, 1);
}

export interface NoticePlan {
  readonly sector: NoticeSector;
  /** The day the change applies to this consumer: the planned day, or later when the notice would be late. */
  readonly effectiveOn: LocalDate;
  /** True when the planned day moved so the notice period holds (the notice must say so). */
  readonly moved: boolean;
  readonly plannedEffectiveOn: LocalDate;
  /** The notice is sent on this day. */
  readonly sendOn: LocalDate;
  /** The last day on which the notice could be sent for `effectiveOn`. */
  readonly sendBy: LocalDate;
  /** The last day the consumer may terminate without cost because of the change. */
  readonly terminateBy: LocalDate;
  readonly noticeMonths: number;
  readonly source: 'law' | 'policy';
  readonly ref: string;
}

/**
 * Plans the notice of a change planned for `plannedEffectiveOn`, sent on `sendOn` (today, or the
 * day a campaign will send it). A notice never goes out late: when `sendOn` is after the last day
 * allowed, the change applies later for this consumer, on the first day the notice period allows.
 */
export function planChangeNotice(input: { sector: NoticeSector; plannedEffectiveOn: LocalDate; sendOn: LocalDate }): NoticePlan {
  assertDate(input.plannedEffectiveOn, 'plannedEffectiveOn');
  assertDate(input.sendOn, 'sendOn');
  const rule = noticeRuleFor(input.sector, input.sendOn);
  const inTime = input.sendOn <= latestNoticeDate(input.plannedEffectiveOn, rule.noticeMonths);
  const effectiveOn = inTime ? input.plannedEffectiveOn : earliestEffectiveDate(input.sendOn, rule.noticeMonths);
  const terminateBy =
    rule.terminationAnchor === 'notice'
      ? addMonths(input.sendOn, rule.terminationMonths)
      : rule.terminationMonths === 0
        ? addDays(effectiveOn, -1)
        : addMonths(effectiveOn, rule.terminationMonths);
  return {
    sector: input.sector,
    effectiveOn,
    moved: !inTime,
    plannedEffectiveOn: input.plannedEffectiveOn,
    sendOn: input.sendOn,
    sendBy: latestNoticeDate(effectiveOn, rule.noticeMonths),
    terminateBy,
    noticeMonths: rule.noticeMonths,
    source: rule.source,
    ref: rule.ref,
  };
}
