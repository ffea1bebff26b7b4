/**
 * Public API of the transparency rules (prices and contracts): pure and dated.
 * Import from here rather than from the individual files.
 */
export { TransparencyRulesError } from './errors.ts';
export type { TransparencyRulesErrorCode } from './errors.ts';
export { REDUCTION_REF, REDUCTION_REFERENCE_DAYS, REDUCTION_RULE_FROM, checkPriceReduction, lowestPriceBetween } from './reduction.ts';
export type { LedgerPrice, ReductionCheck, ReductionInput, ReductionRefusal } from './reduction.ts';
export { NOTICE_RULES, NOTICE_SECTORS, earliestEffectiveDate, latestNoticeDate, noticeRuleFor, planChangeNotice } from './notice.ts';
export type { NoticePlan, NoticeRule, NoticeSector, TerminationAnchor } from './notice.ts';
export { RENEWAL_REF, RENEWAL_RULE_FROM, nextRenewalPeriod, renewalReminderWindow, reminderStatus, reminderTiming } from './renewal.ts';
export type { ReminderState, ReminderStatus, ReminderTiming, RenewalPeriod, RenewalWindow } from './renewal.ts';
export {
  WITHDRAWAL_BUTTON_FROM,
  WITHDRAWAL_BUTTON_REF,
  WITHDRAWAL_DAYS,
  WITHDRAWAL_REF,
  canWithdraw,
  withdrawalButtonRequired,
  withdrawalPeriod,
} from './withdrawal.ts';
export type { WithdrawalInput, WithdrawalPeriod } from './withdrawal.ts';
export { ANY_TIME_REF, TERMINATION_RULES, terminationEffect, terminationRuleFor } from './termination.ts';
export type { NotifiedChange, TerminationEffect, TerminationInput, TerminationRule } from './termination.ts';
