/**
 * Public API of the outbound-contact rules (pure, dated, per country; France first).
 * Import from here rather than from the individual files.
 */
export { CONSENT_STATES, CONTACT_CHANNELS, CONTACT_COUNTRIES, CONTACT_PURPOSES, CONTACT_REASON_CODES, CONTACT_SECTORS } from './policy.ts';
export type {
  ConsentState,
  ContactChannel,
  ContactCountry,
  ContactDecision,
  ContactFacts,
  ContactPurpose,
  ContactReason,
  ContactReasonCode,
  ContactSector,
  ReasonEvidence,
  RuleVersion,
  RulesPack,
} from './policy.ts';
export { FR_CALLING_RULES_FROM, FR_CALLING_WINDOWS, FR_MAX_ATTEMPTS, FR_PACK, FR_PHONE_OPT_IN_FROM, FR_REFUSAL_FULL_DAYS } from './fr.ts';
export { ContactRulesError, evaluateContact, packFor } from './evaluate.ts';
export { callingWindowsText, nextAllowedAt } from './next.ts';
export { isPhoneNoticeAt, phoneCollectionNotice } from './notice.ts';
export type { PhoneCollectionNotice } from './notice.ts';
export { ContactFactsLineSchema, parseContactLine, processContactLine, runContactJsonl } from './jsonl.ts';
export type { ContactJsonlCounts, ContactJsonlResult } from './jsonl.ts';
