import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../db/schema.ts';

/** Back-office accounts. Customers are never users: they act through the portal. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    /** Stored lower-cased; unique across the instance so login needs no organisation. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull(),
    locale: text('locale').notNull().default('fr'),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, precision: 3 }),
    /**
     * Invitation by e-mail (issue 10): set when the account was created without a password and a
     * single-use link sent; null for accounts created with a password (API, CLI). The state the
     * admin sees (pending, accepted, expired) lives here because the link's own row is deleted
     * once used or purged once expired.
     */
    invitedAt: timestamp('invited_at', { withTimezone: true, precision: 3 }),
    invitationExpiresAt: timestamp('invitation_expires_at', { withTimezone: true, precision: 3 }),
    invitationAcceptedAt: timestamp('invitation_accepted_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email), index('users_org_idx').on(t.orgId)],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expiry_idx').on(t.expiresAt)],
);

/**
 * Password links: single use, expiring; the e-mailed token is random and only its SHA-256 is
 * stored, so a database reader cannot use a pending link. `purpose` keeps a reset link from
 * accepting an invitation and the other way round; a user has one pending link at most.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['reset', 'invitation'] }).notNull().default('reset'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/**
 * A user's second factor (TOTP). The shared secret is encrypted under a key derived from the
 * master key; recovery codes are stored as SHA-256 hashes only. `enabledAt` stays null until the
 * user proves their app works by typing a first code.
 */
export const userMfa = pgTable('user_mfa', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id').notNull(),
  secretEnc: text('secret_enc').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true, precision: 3 }),
  /** Last 30-second step accepted: a code is never accepted twice (RFC 6238 §5.2). */
  lastStep: bigint('last_step', { mode: 'number' }).notNull().default(0),
  recoveryHashes: text('recovery_hashes').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Password checked, second factor pending: a short-lived, hashed, attempt-limited ticket. */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    id: text('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }).notNull(),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [index('login_challenges_user_idx').on(t.userId)],
);

/** Tokens for machine clients: scoped to a subset of permissions, hashed at rest. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    name: text('name').notNull(),
    /** First characters of the secret, shown so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, precision: 3 }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, precision: 3 }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash), index('api_tokens_org_idx').on(t.orgId)],
);

/**
 * Failed sign-ins of one source on one account (see auth.policy throttleDelayMs). Instance-wide,
 * like login itself; keyed by salted hashes so the table names neither an e-mail nor an address,
 * and so unknown e-mails are throttled exactly like real accounts.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    emailHash: text('email_hash').notNull(),
    sourceHash: text('source_hash').notNull(),
    failures: integer('failures').notNull(),
    nextAllowedAt: timestamp('next_allowed_at', { withTimezone: true, precision: 3 }).notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.emailHash, t.sourceHash] }), index('login_throttles_last_failure_idx').on(t.lastFailureAt)],
);
