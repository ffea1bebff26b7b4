/**
 * The closed vocabularies of the data inventory (records of processing, GDPR Art. 30(1)(c), and
 * retention, Art. 5(1)(e)). Modules name what their tables hold with these words, so the register
 * and the retention job read one typed inventory instead of free text.
 */

/**
 * Personal-data categories, named after the fideslang taxonomy (ethyca/fideslang, data
 * categories): a table declares the most precise ones that apply.
 */
export const DATA_CATEGORIES = [
  'user.name',
  'user.contact.email',
  'user.contact.phone_number',
  'user.contact.address',
  'user.account',
  'user.authorization.credentials',
  'user.unique_id',
  'user.device.ip_address',
  'user.device',
  'user.content',
  'user.financial',
  'user.privacy_preferences',
  'user.behavior',
  'user.workplace',
  'user.job_title',
] as const;
/** A fideslang data category. */
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Categories of data subjects (GDPR Art. 30(1)(c)). */
export const SUBJECT_CATEGORIES = ['customers', 'prospects', 'complainants', 'employees', 'representatives'] as const;
/** A category of data subjects. */
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];

/**
 * Retention rules (GDPR Art. 5(1)(e) storage limitation; Art. 30(1)(f) erasure time limits). Each
 * inventory entry names one; defaults, sources and anchors are in retention.rules.ts.
 */
export const RETENTION_RULE_KEYS = [
  'customer.inactive',
  'complaint.closed',
  'contract.ended',
  'consent.proof',
  'privacy.otp',
  'privacy.link_use',
  'dsr.closed',
  'dsr.export',
  'auth.session',
  'mail.outbox',
  'staff.account',
  'audit.trail',
] as const;
/** The key of a retention rule. */
export type RetentionRuleKey = (typeof RETENTION_RULE_KEYS)[number];
