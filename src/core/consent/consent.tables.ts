import { bigint, bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Lawful bases of GDPR Art. 6(1) (a)-(f). */
export const LEGAL_BASES = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;
export const CHANNELS = ['email', 'sms', 'phone', 'post'] as const;
export const CONSENT_EVENT_KINDS = ['given', 'withdrawn', 'refused', 'expired'] as const;
export const CONSENT_METHODS = ['web_form', 'phone_recorded', 'paper_scan', 'api', 'imported'] as const;
export const RESTRICTION_KINDS = ['restriction', 'objection', 'gpc'] as const;

/**
 * Why the organisation processes personal data: one row per purpose, with its legal basis and
 * its data-use category in the fideslang taxonomy (e.g. `marketing.communications.email`).
 */
export const consentPurposes = pgTable(
  'consent_purposes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** Stable identifier used by callers of the decision API (`newsletter`). */
    key: text('key').notNull(),
    legalBasis: text('legal_basis', { enum: LEGAL_BASES }).notNull(),
    dataUse: text('data_use').notNull(),
    channels: text('channels').array().notNull(),
    /** GDPR Art. 21(5): a Global Privacy Control signal objects to this purpose (sale/sharing, marketing). */
    gpcApplies: boolean('gpc_applies').notNull().default(false),
    /** Latest notice version; earlier versions stay for the proof of older consents. */
    currentVersion: integer('current_version').notNull().default(1),
    status: text('status', { enum: ['active', 'retired'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('consent_purposes_key_idx').on(t.orgId, t.key)],
);

/** Notice texts of a purpose: a change creates a new version, never an edit (GDPR Art. 7(1) proof). */
export const consentNoticeVersions = pgTable(
  'consent_notice_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    purposeId: uuid('purpose_id').notNull(),
    version: integer('version').notNull(),
    titleFr: text('title_fr').notNull(),
    titleEn: text('title_en').notNull(),
    textFr: text('text_fr').notNull(),
    textEn: text('text_en').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('consent_notice_versions_idx').on(t.orgId, t.purposeId, t.version)],
);

/**
 * The consent ledger: append-only events per subject x purpose x channel. Rows are never updated;
 * the current state is the projection below. IP and user agent are stored as salted hashes only.
 */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Commit-independent total order of the ledger, used by the projection and its rebuild. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    purposeId: uuid('purpose_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    kind: text('kind', { enum: CONSENT_EVENT_KINDS }).notNull(),
    noticeVersion: integer('notice_version').notNull(),
    method: text('method', { enum: CONSENT_METHODS }).notNull(),
    /** Where it happened: `portal`, `mail-link`, a campaign or file reference. */
    source: text('source').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    /** A consent given for a limited time ends then (recorded later as `expired`). */
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }),
    ipHash: text('ip_hash'),
    userAgentHash: text('user_agent_hash'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    /** Where the proof itself lives: a call recording id, a scanned form, a CRM record (GDPR Art. 7(1)). */
    proofRef: text('proof_ref'),
    /**
     * The notice shown when the phone number was collected with this consent (C. consom. L.223-1
     * from 2026-08-11: the consumer is told that phone canvassing needs their consent, and that
     * notice is part of the consent proof), as `id@version` (src/rules/contact/notice.ts); null
     * when none was shown or none was owed. Only set by the screen or file that says it showed it.
     */
    phoneNotice: text('phone_notice'),
    /** For `imported` events: how the consent was originally collected (web_form, phone_recorded...). */
    originalMethod: text('original_method', { enum: CONSENT_METHODS }),
    /** For `imported` events: hash of the normalised CSV row, so re-uploading a file adds nothing twice. */
    importKey: text('import_key'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('consent_events_subject_idx').on(t.orgId, t.customerId),
    index('consent_events_seq_idx').on(t.orgId, t.seq),
    uniqueIndex('consent_events_import_key_idx').on(t.orgId, t.importKey),
  ],
);

/** Current state per subject x purpose x channel: the last ledger event, updated in the same transaction. */
export const consentStates = pgTable(
  'consent_states',
  {
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    purposeId: uuid('purpose_id').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    kind: text('kind', { enum: CONSENT_EVENT_KINDS }).notNull(),
    eventId: uuid('event_id').notNull(),
    /** The ledger's `seq` (bigint like it: a busy ledger outgrows 2^31 events). */
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    noticeVersion: integer('notice_version').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.customerId, t.purposeId, t.channel] }),
    index('consent_states_purpose_idx').on(t.orgId, t.purposeId),
  ],
);

/**
 * Restrictions (Art. 18), objections (Art. 21) and Global Privacy Control signals (Art. 21(5)):
 * they override consent in the decision API from the moment they are recorded until lifted.
 */
export const consentRestrictions = pgTable(
  'consent_restrictions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: RESTRICTION_KINDS }).notNull(),
    /** Null: every purpose the kind covers. */
    purposeId: uuid('purpose_id'),
    /** The data-subject request that asked for it, if any. */
    requestId: uuid('request_id'),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('consent_restrictions_subject_idx').on(t.orgId, t.customerId)],
);

/**
 * One-time codes that prove control of an e-mail address on the portal; only an HMAC is kept.
 * A code sent to an address no customer has creates no customer (issue 15, finding 6): the row
 * holds the address sealed until the code is verified, and expires with the code.
 */
export const privacyOtps = pgTable(
  'privacy_otps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** Null while the address belongs to nobody: the customer is created when the code is verified. */
    customerId: uuid('customer_id'),
    /** Keyed hash of the address, to throttle the codes sent to one address whoever asks. */
    emailLookup: text('email_lookup'),
    /** The address of a not-yet customer, sealed under a key of its own; cleared once verified. */
    pendingEmailEnc: text('pending_email_enc'),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('privacy_otps_subject_idx').on(t.orgId, t.customerId),
    index('privacy_otps_address_idx').on(t.orgId, t.emailLookup, t.createdAt),
  ],
);

/**
 * Portal sessions ended before their expiry (sign-out): the session cookie is a signed token, so
 * ending it server-side means remembering its id until it would have expired anyway (issue 15,
 * finding 6). No subject id: the row only says "this session id is over".
 */
export const portalSessionRevocations = pgTable('portal_session_revocations', {
  sessionId: uuid('session_id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  /** When the token expires on its own; the row may go then. */
  expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
});

/** Single-use signed links (withdrawal from an e-mail): a used token id is kept, so a replay is refused. */
export const privacyLinkUses = pgTable(
  'privacy_link_uses',
  {
    tokenId: uuid('token_id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('privacy_link_uses_subject_idx').on(t.orgId, t.customerId)],
);
