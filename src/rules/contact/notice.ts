/**
 * The notice owed when a phone number is collected. From 2026-08-11 a professional may canvass a
 * consumer by phone only with their prior consent (C. consom. L.223-1 as rewritten by loi
 * 2025-594 art. 13 III), and the consumer is told so when the number is collected: a number given
 * to be called back about a complaint or a contract is not a consent to be sold to. Before that
 * date the opposition list applied (old L.223-1) and no such notice was owed.
 *
 * The notice is dated and versioned like the rules: its id and version are recorded with what was
 * collected (the complaint's audit event, for instance), so the proof names the text shown; the
 * text itself is in the i18n catalogues under `contact.phoneNotice.<id>.<version>`.
 */
import { toLocalDate } from '../calendar.ts';
import { FR_PHONE_OPT_IN_FROM } from './fr.ts';

export interface PhoneCollectionNotice {
  id: 'phone_canvassing_consent';
  version: string;
  ref: string;
  /** `id@version`, as recorded in the proof. */
  key: string;
  /** Catalogue key of the text (namespace `contact`). */
  textKey: string;
}

const FR_NOTICE: PhoneCollectionNotice = {
  id: 'phone_canvassing_consent',
  version: FR_PHONE_OPT_IN_FROM,
  ref: 'C. consom. L.223-1',
  key: `phone_canvassing_consent@${FR_PHONE_OPT_IN_FROM}`,
  textKey: `phoneNotice.phone_canvassing_consent.${FR_PHONE_OPT_IN_FROM}`,
};

/**
 * The notice to show when a phone number is collected at `at` from a consumer in `timeZone`, or
 * null when none is owed (before 2026-08-11 in the consumer's day).
 */
export function phoneCollectionNotice(at: Date, timeZone = 'Europe/Paris'): PhoneCollectionNotice | null {
  return toLocalDate(at, timeZone) >= FR_PHONE_OPT_IN_FROM ? FR_NOTICE : null;
}

/**
 * Whether `key` names the notice owed when a number was collected at `at` (the proof may only
 * name the text in force then: a notice recorded before 2026-08-11, or an unknown one, is refused).
 */
export function isPhoneNoticeAt(key: string, at: Date, timeZone = 'Europe/Paris'): boolean {
  return phoneCollectionNotice(at, timeZone)?.key === key;
}
