/**
 * Right of withdrawal from a distance or off-premises contract (Dir. 2011/83/EU art. 9-11a;
 * C. consom. L.221-18 to L.221-20):
 * - 14 days from the day the contract is concluded (services) or the goods are received
 *   (sales), that day not counted (art. 9(2); Reg. 1182/71 art. 3(1), recital 41);
 * - a last day on a Saturday, a Sunday or a public holiday moves to the next working day
 *   (L.221-19; Reg. 1182/71 art. 3(4));
 * - information on the right not given: the period ends 12 months after the end of the initial
 *   period; given within those 12 months, 14 days after the day it was received (art. 10;
 *   L.221-20);
 * - from 2026-06-19, a contract concluded online offers a "withdraw from contract" function as
 *   easy as concluding it (art. 11a, added by Dir. 2023/2673).
 */
import { addDays, addMonths, isLocalDate, moveEndOfPeriod } from '../calendar.ts';
import type { LocalDate } from '../local-date.ts';
import { TransparencyRulesError } from './errors.ts';

export const WITHDRAWAL_DAYS = 14;
export const WITHDRAWAL_MISSING_INFO_MONTHS = 12;
export const WITHDRAWAL_BUTTON_FROM: LocalDate = '2026-06-19';
// Said the same in every language (it is shown on French and English pages alike): no 'to'.
export const WITHDRAWAL_REF = 'Dir. 2011/83/EU art. 9-10; C. consom. L.221-18, L.221-19, L.221-20';
export const WITHDRAWAL_BUTTON_REF = 'Dir. 2011/83/EU art. 11a (Dir. 2023/2673)';

export interface WithdrawalInput {
  readonly kind: 'service' | 'goods';
  readonly concludedOn: LocalDate;
  /** Sales: the day the consumer received the goods (required for `goods`). */
  readonly goodsReceivedOn?: LocalDate;
  /** The day the consumer received the information on the right; absent: never informed. Same as the start day when given before. */
  readonly informedOn?: LocalDate | null;
}

export interface WithdrawalPeriod {
  /** The day the period starts from (not counted). */
  readonly startsFrom: LocalDate;
  /** The last day on which the consumer may withdraw. */
  readonly lastDay: LocalDate;
  /** True when the information was missing or late and the period was extended (art. 10). */
  readonly extended: boolean;
  readonly ref: string;
}

function assertDate(value: LocalDate | undefined, name: string): asserts value is LocalDate {
  if (value === undefined || !isLocalDate(value))
    throw new TransparencyRulesError('invalid-input', `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/** The last day of the withdrawal period. */
export function withdrawalPeriod(input: WithdrawalInput): WithdrawalPeriod {
  assertDate(input.concludedOn, 'concludedOn');
  let startsFrom = input.concludedOn;
  if (input.kind === 'goods') {
    assertDate(input.goodsReceivedOn, 'goodsReceivedOn');
    if (input.goodsReceivedOn < input.concludedOn)
      throw new TransparencyRulesError('invalid-input', 'goodsReceivedOn must be on or after concludedOn');
    startsFrom = input.goodsReceivedOn;
  }
  const initialEnd = addDays(startsFrom, WITHDRAWAL_DAYS);
  const informedOn = input.informedOn ?? null;
  if (informedOn !== null) assertDate(informedOn, 'informedOn');
  if (informedOn !== null && informedOn <= startsFrom) {
    return { startsFrom, lastDay: moveEndOfPeriod(initialEnd), extended: false, ref: WITHDRAWAL_REF };
  }
  const longStop = addMonths(initialEnd, WITHDRAWAL_MISSING_INFO_MONTHS);
  if (informedOn !== null && informedOn <= longStop) {
    // Told late, but told: 14 days from the day the information was received (art. 10(2)),
    // always after the initial end since the information came after the start day.
    return { startsFrom, lastDay: moveEndOfPeriod(addDays(informedOn, WITHDRAWAL_DAYS)), extended: true, ref: WITHDRAWAL_REF };
  }
  return { startsFrom, lastDay: moveEndOfPeriod(longStop), extended: true, ref: WITHDRAWAL_REF };
}

/** Whether a withdrawal on `on` is within the period. */
export function canWithdraw(period: WithdrawalPeriod, on: LocalDate): boolean {
  assertDate(on, 'on');
  return on <= period.lastDay;
}

/** Art. 11a: whether a contract concluded online on `concludedOn` must offer the withdrawal function. */
export function withdrawalButtonRequired(concludedOn: LocalDate): boolean {
  assertDate(concludedOn, 'concludedOn');
  return concludedOn >= WITHDRAWAL_BUTTON_FROM;
}
