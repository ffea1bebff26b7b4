/** Accounts, sessions and API tokens. Never sees HTTP: routes pass a RequestContext and plain input. */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { AppError, notFound, forbidden } from '../errors.ts';
import type { Actor, Locale, RequestContext } from '../context.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Database, Db } from '../../db/client.ts';
import { NoticeListener } from '../../db/notices.ts';
import * as policy from './auth.policy.ts';
import * as repo from './auth.repo.ts';
import { isRole, permissionsForRoles, type Permission, type Role } from './permissions.ts';
import type { AcceptInvitationInput, CreateTokenInput, CreateUserInput, LoginInput, LoginSecondFactorInput, RequestPasswordResetInput, ResetPasswordInput, UpdateUserInput } from './auth.schemas.ts';
import { generateRecoveryCodes, generateTotpSecret, normaliseRecoveryCode, otpauthUri, verifyTotp } from './auth.totp.ts';
import { decryptField, deriveKey, encryptField } from '../subject-keys/index.ts';
import { queueMail } from '../mail/index.ts';
import { findOrganisationById } from '../organisations/index.ts';

/** Sessions last a working day; after that the user signs in again. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** last_used_at of a token is written at most once a minute, not on every request. */
const TOKEN_TOUCH_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** argon2id (RFC 9106) with the library's defaults: m=19 MiB, t=2, p=1 (OWASP minimum). */
export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

/** Unknown e-mails cost the same time as wrong passwords, so timing does not reveal accounts. */
function burnVerifyTime(deps: Deps, password: string): Promise<boolean> {
  return deps.state.credentials.dummyHash().then((h) => argonVerify(h, password));
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
}

/** The password was right and the account has a second factor: the code is asked next. */
export interface SecondFactorRequired {
  secondFactorRequired: true;
  challenge: string;
}

/** The session of a password-only sign-in; for scripts and tests, whose accounts have no second factor. */
export function sessionOf(result: LoginResult | SecondFactorRequired): LoginResult {
  if ('secondFactorRequired' in result) throw new Error('this account signs in with a second factor');
  return result;
}

/** How long the second-factor step may take, and how many codes it may try. */
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;
export const LOGIN_CHALLENGE_ATTEMPTS = 5;

/** Whose failures count together: one account (salted hash of its e-mail, known or not) from one source address. */
interface ThrottleKey {
  emailHash: string;
  sourceHash: string;
}

/** Salted like IP hashes, so the throttle table names neither an e-mail nor an address; requests without an address share one bucket. */
function throttleKey(deps: Deps, ctx: RequestContext, email: string): ThrottleKey {
  return { emailHash: createHash('sha256').update(deps.config.ipHashSalt).update(email).digest('hex').slice(0, 32), sourceHash: ctx.ipHash ?? 'no-address' };
}

/** Counts a failure of this source on this account and records the wait it starts, if any. */
async function recordFailure(deps: Deps, tx: Db, userCtx: RequestContext | null, userId: string | null, key: ThrottleKey, now: Date, reason: 'password' | 'second_factor'): Promise<boolean> {
  const row = await repo.recordLoginFailure(tx, key.emailHash, key.sourceHash, now, policy.throttleDelayMs);
  const throttled = row.nextAllowedAt > now;
  if (userCtx && userId) {
    await deps.audit.record(tx, userCtx, { type: 'user.login_failed', target: { type: 'user', id: userId }, payload: { userId, reason, failedLogins: row.failures }, outcome: 'denied' });
    if (throttled) await deps.audit.record(tx, userCtx, { type: 'user.locked', target: { type: 'user', id: userId }, payload: { userId, until: row.nextAllowedAt.toISOString() } });
  }
  return throttled;
}

/**
 * Unknown e-mail, wrong password, disabled account and a throttled source all get the same
 * answer after the same argon2 work, so sign-in reveals neither which accounts exist nor which
 * are under attack.
 */
export async function login(deps: Deps, ctx: RequestContext, input: LoginInput): Promise<LoginResult | SecondFactorRequired> {
  const now = deps.clock.now();
  const email = normaliseEmail(input.email);
  const key = throttleKey(deps, ctx, email);
  const [user, throttle] = await Promise.all([repo.findUserByEmail(deps.db, email), repo.findLoginThrottle(deps.db, key.emailHash, key.sourceHash)]);
  const userCtx: RequestContext | null = user ? { ...ctx, orgId: user.orgId } : null;
  if (throttle && throttle.nextAllowedAt > now) {
    await burnVerifyTime(deps, input.password);
    if (user && userCtx) {
      await deps.db.transaction(async (tx) => {
        await deps.audit.record(tx, userCtx, { type: 'user.login_failed', target: { type: 'user', id: user.id }, payload: { userId: user.id, reason: 'locked', failedLogins: throttle.failures }, outcome: 'denied' });
      });
    }
    throw new AppError('auth.invalid_credentials');
  }
  if (!user || !userCtx) {
    await burnVerifyTime(deps, input.password);
    await deps.db.transaction((tx) => recordFailure(deps, tx, null, null, key, now, 'password'));
    deps.log.info({ requestId: ctx.requestId }, 'login failed: unknown account');
    throw new AppError('auth.invalid_credentials');
  }
  const passwordOk = await argonVerify(user.passwordHash, input.password);
  if (!passwordOk) {
    await deps.db.transaction((tx) => recordFailure(deps, tx, userCtx, user.id, key, now, 'password'));
    throw new AppError('auth.invalid_credentials');
  }
  if (user.status !== 'active') {
    await deps.db.transaction(async (tx) => {
      await deps.audit.record(tx, userCtx, { type: 'user.login_failed', target: { type: 'user', id: user.id }, payload: { userId: user.id, reason: 'disabled', failedLogins: throttle?.failures ?? 0 }, outcome: 'denied' });
    });
    throw new AppError('auth.invalid_credentials');
  }
  const mfa = await repo.findMfa(deps.db, user.orgId, user.id);
  if (mfa?.enabledAt) {
    const challenge = randomBytes(32).toString('base64url');
    await repo.insertLoginChallenge(deps.db, { id: sha256(challenge), orgId: user.orgId, userId: user.id, expiresAt: new Date(now.getTime() + LOGIN_CHALLENGE_TTL_MS) });
    return { secondFactorRequired: true, challenge };
  }
  return openSession(deps, userCtx, user, key, now);
}

/** Opens a session once every factor is checked; clears the failures of this source on this account. */
async function openSession(deps: Deps, userCtx: RequestContext, user: repo.UserRow, key: ThrottleKey, now: Date, also?: (tx: Db) => Promise<void>): Promise<LoginResult> {
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const actorCtx: RequestContext = { ...userCtx, actor: { kind: 'user', id: user.id, orgId: user.orgId, roles: user.roles.filter(isRole), permissions: new Set(), sessionId: '' } };
  await deps.db.transaction(async (tx) => {
    await also?.(tx);
    await repo.insertSession(tx, { id: sha256(sessionToken), orgId: user.orgId, userId: user.id, csrfToken, expiresAt });
    await repo.updateUser(tx, user.orgId, user.id, { lastLoginAt: now });
    await repo.clearLoginThrottle(tx, key.emailHash, key.sourceHash);
    await deps.audit.record(tx, actorCtx, { type: 'user.logged_in', target: { type: 'user', id: user.id }, payload: { userId: user.id } });
  });
  return { sessionToken, csrfToken, expiresAt, userId: user.id };
}

/** The TOTP secret is sealed under its own derived key, bound to the user id. */
const MFA_KEY_LABEL = 'confiance/mfa-secret/v1';
const sealSecret = (deps: Deps, userId: string, secret: string) => encryptField(deriveKey(deps.config.masterKey, MFA_KEY_LABEL), userId, 'totp', secret);
const openSecret = (deps: Deps, row: repo.MfaRow) => decryptField(deriveKey(deps.config.masterKey, MFA_KEY_LABEL), row.userId, 'totp', row.secretEnc);

/**
 * Checks a second-factor code: a TOTP code (advancing the last used step), or else a recovery
 * code (removed once used). Returns what to record, or null when the code is wrong.
 */
async function checkSecondFactor(deps: Deps, tx: Db, mfa: repo.MfaRow, code: string, now: Date): Promise<{ recoveryLeft: number | null } | null> {
  const step = verifyTotp(openSecret(deps, mfa), code, now, mfa.lastStep);
  if (step !== null) {
    await repo.updateMfa(tx, mfa.orgId, mfa.userId, { lastStep: step });
    return { recoveryLeft: null };
  }
  if (await repo.consumeRecoveryCode(tx, mfa.orgId, mfa.userId, sha256(normaliseRecoveryCode(code)))) {
    return { recoveryLeft: mfa.recoveryHashes.length - 1 };
  }
  return null;
}

/**
 * Second sign-in step: the challenge from `login` and a code. A wrong code counts as a failed
 * login (same throttle as passwords); a challenge allows a few tries for a few minutes only.
 */
export async function completeSecondFactor(deps: Deps, ctx: RequestContext, input: LoginSecondFactorInput): Promise<LoginResult> {
  const now = deps.clock.now();
  const challenge = await repo.attemptLoginChallenge(deps.db, sha256(input.challenge), now, LOGIN_CHALLENGE_ATTEMPTS);
  if (!challenge) throw new AppError('auth.challenge_invalid');
  const user = await repo.findUserById(deps.db, challenge.orgId, challenge.userId);
  const mfa = await repo.findMfa(deps.db, challenge.orgId, challenge.userId);
  if (!user || user.status !== 'active' || !mfa?.enabledAt) throw new AppError('auth.challenge_invalid');
  const userCtx: RequestContext = { ...ctx, orgId: user.orgId };
  const key = throttleKey(deps, ctx, user.email);
  const throttle = await repo.findLoginThrottle(deps.db, key.emailHash, key.sourceHash);
  // The password was right, so naming the refusal reveals nothing; the challenge dies with it.
  if (throttle && throttle.nextAllowedAt > now) {
    await repo.deleteLoginChallenge(deps.db, challenge.id);
    throw new AppError('auth.invalid_code');
  }

  let used: { recoveryLeft: number | null } | null = null;
  try {
    return await openSession(deps, userCtx, user, key, now, async (tx) => {
      used = await checkSecondFactor(deps, tx, mfa, input.code, now);
      if (!used) throw new AppError('auth.invalid_code');
      await repo.deleteLoginChallenge(tx, challenge.id);
      if (used.recoveryLeft !== null) {
        await deps.audit.record(tx, userCtx, { type: 'user.recovery_code_used', target: { type: 'user', id: user.id }, payload: { userId: user.id, left: used.recoveryLeft } });
      }
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'auth.invalid_code') throw error;
    await deps.db.transaction(async (tx) => {
      if (await recordFailure(deps, tx, userCtx, user.id, key, now, 'second_factor')) await repo.deleteLoginChallenge(tx, challenge.id);
    });
    throw error;
  }
}

/** Whether the signed-in user has a second factor, and how many recovery codes remain. */
export async function getMfaStatus(deps: Deps, ctx: RequestContext): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const me = requireUser(ctx);
  const mfa = await repo.findMfa(deps.db, me.orgId, me.id);
  return { enabled: Boolean(mfa?.enabledAt), recoveryCodesLeft: mfa?.enabledAt ? mfa.recoveryHashes.length : 0 };
}

/** Starts enrolling an authenticator app: a new secret, shown once, not active until confirmed. */
export async function startMfaSetup(deps: Deps, ctx: RequestContext): Promise<{ secret: string; uri: string }> {
  const me = requireUser(ctx);
  const user = await getCurrentUser(deps, ctx);
  const existing = await repo.findMfa(deps.db, me.orgId, me.id);
  if (existing?.enabledAt) throw new AppError('auth.mfa_already_enabled');
  const secret = generateTotpSecret();
  await repo.savePendingMfa(deps.db, { orgId: me.orgId, userId: me.id, secretEnc: sealSecret(deps, me.id, secret) });
  return { secret, uri: otpauthUri('Confiance', user.email, secret) };
}

/** Confirms enrolment with a first code from the app; returns the recovery codes, shown this once. */
export async function enableMfa(deps: Deps, ctx: RequestContext, code: string): Promise<{ recoveryCodes: string[] }> {
  const me = requireUser(ctx);
  const now = deps.clock.now();
  const pending = await repo.findMfa(deps.db, me.orgId, me.id);
  if (!pending || pending.enabledAt) throw new AppError(pending ? 'auth.mfa_already_enabled' : 'auth.mfa_not_started');
  const step = verifyTotp(openSecret(deps, pending), code, now, pending.lastStep);
  if (step === null) throw new AppError('auth.invalid_code');
  const recoveryCodes = generateRecoveryCodes();
  await deps.db.transaction(async (tx) => {
    await repo.updateMfa(tx, me.orgId, me.id, { enabledAt: now, lastStep: step, recoveryHashes: recoveryCodes.map(sha256) });
    await deps.audit.record(tx, ctx, { type: 'user.mfa_enabled', target: { type: 'user', id: me.id }, payload: { userId: me.id } });
  });
  return { recoveryCodes };
}

/** Turns the second factor off; a current code (or a recovery code) proves it is the owner. */
export async function disableOwnMfa(deps: Deps, ctx: RequestContext, code: string): Promise<void> {
  const me = requireUser(ctx);
  const now = deps.clock.now();
  const mfa = await repo.findMfa(deps.db, me.orgId, me.id);
  if (!mfa?.enabledAt) throw new AppError('auth.mfa_not_started');
  await deps.db.transaction(async (tx) => {
    if (!(await checkSecondFactor(deps, tx, mfa, code, now))) throw new AppError('auth.invalid_code');
    await repo.deleteMfa(tx, me.orgId, me.id);
    await deps.audit.record(tx, ctx, { type: 'user.mfa_disabled', target: { type: 'user', id: me.id }, payload: { userId: me.id, by: 'self' } });
  });
}

/** An admin removes the second factor of a user who lost their device and codes; they enrol again. */
export async function resetUserMfa(deps: Deps, ctx: RequestContext, userId: string): Promise<void> {
  const target = await repo.findUserById(deps.db, requireOrg(ctx), userId);
  if (!target) throw notFound('user');
  if (!policy.canUpdateUser(ctx.actor, { id: target.id, orgId: target.orgId, roles: target.roles, status: target.status })) throw forbidden('user:manage');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteMfa(tx, target.orgId, target.id))) throw new AppError('auth.mfa_not_started');
    await repo.deleteUserSessions(tx, target.orgId, target.id);
    await deps.audit.record(tx, ctx, { type: 'user.mfa_disabled', target: { type: 'user', id: target.id }, payload: { userId: target.id, by: 'admin' } });
  });
  await forgetUserSessions(deps, target.id);
}

function requireUser(ctx: RequestContext): { id: string; orgId: string } {
  if (ctx.actor.kind !== 'user') throw forbidden('session');
  return { id: ctx.actor.id, orgId: ctx.actor.orgId };
}

export async function logout(deps: Deps, ctx: RequestContext): Promise<void> {
  if (ctx.actor.kind !== 'user') return;
  const { id, sessionId } = ctx.actor;
  await deps.db.transaction(async (tx) => {
    await repo.deleteSession(tx, sessionId);
    await deps.audit.record(tx, ctx, { type: 'user.logged_out', target: { type: 'user', id }, payload: { userId: id } });
  });
  await deps.state.credentials.forget(deps, { session: sessionId });
}

/** A reset link works for 30 minutes (OWASP Forgot Password cheat sheet: short-lived, single use). */
export const PASSWORD_RESET_TTL_MS = 30 * 60_000;

/**
 * The secret of an e-mailed password link: 256 random bits, stored only as its SHA-256. It travels
 * in the URL fragment: browsers never send a fragment to a server or in a Referer.
 */
function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sends a single-use reset link to an active account's address. The answer is the same whether
 * or not the address has an account, so the form cannot be used to discover accounts.
 */
export async function requestPasswordReset(deps: Deps, ctx: RequestContext, input: RequestPasswordResetInput): Promise<void> {
  const user = await repo.findUserByEmail(deps.db, normaliseEmail(input.email));
  if (!user || user.status !== 'active') {
    deps.log.info({ requestId: ctx.requestId }, 'password reset asked for no active account');
    return;
  }
  const token = newLinkToken();
  const expiresAt = new Date(deps.clock.now().getTime() + PASSWORD_RESET_TTL_MS);
  const link = `${deps.config.publicUrl}/app/reset-password#token=${token}`;
  await deps.db.transaction(async (tx) => {
    await repo.replacePasswordReset(tx, { id: sha256(token), orgId: user.orgId, userId: user.id, purpose: 'reset', expiresAt });
    await queueMail(deps, tx, { orgId: user.orgId, to: { userId: user.id }, template: 'backoffice.mail.passwordReset', params: { link, minutes: PASSWORD_RESET_TTL_MS / 60_000 } });
    await deps.audit.record(tx, { ...ctx, orgId: user.orgId }, { type: 'user.password_reset_requested', target: { type: 'user', id: user.id }, payload: { userId: user.id } });
  });
}

/**
 * Sets a new password from a reset link, ends every session of the account (whoever had the old
 * password is signed out) and lifts every source's throttle on the account.
 */
export async function resetPassword(deps: Deps, ctx: RequestContext, input: ResetPasswordInput): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const userId = await deps.db.transaction(async (tx) => {
    const reset = await repo.consumePasswordReset(tx, sha256(input.token), 'reset', now);
    if (!reset) return null;
    const before = await repo.findUserById(tx, reset.orgId, reset.userId);
    // An invitee who asked for a reset instead (the reset replaced the invitation link) has now chosen a password: accepted.
    const accepts = Boolean(before?.invitedAt && !before.invitationAcceptedAt);
    const user = await repo.updateUser(tx, reset.orgId, reset.userId, { passwordHash, updatedAt: now, ...(accepts ? { invitationAcceptedAt: now } : {}) });
    if (accepts) await deps.audit.record(tx, { ...ctx, orgId: reset.orgId }, { type: 'user.invitation_accepted', target: { type: 'user', id: reset.userId }, payload: { userId: reset.userId } });
    await repo.clearLoginThrottles(tx, throttleKey(deps, ctx, user.email).emailHash);
    await repo.deleteUserSessions(tx, reset.orgId, reset.userId);
    await deps.audit.record(tx, { ...ctx, orgId: reset.orgId }, { type: 'user.password_reset', target: { type: 'user', id: reset.userId }, payload: { userId: reset.userId, sessionsEnded: true } });
    return reset.userId;
  });
  if (!userId) throw new AppError('auth.reset_invalid');
  await forgetUserSessions(deps, userId);
}

type SessionIdentity = { actor: Actor & { kind: 'user' }; csrfToken: string; locale: Locale };

/**
 * Live sessions and API tokens are remembered for a few seconds: most requests then skip the
 * credential query. A logout, a revocation or any change to a user (or to the creator of a token)
 * makes every process forget them at once: this one directly, the others through a PostgreSQL
 * notice (channel CREDENTIALS_CHANNEL) sent after the change commits. A process that is not
 * listening (its connection lost, not yet back) may have missed a notice, so it remembers nothing
 * until it listens again. CREDENTIAL_CACHE_MS bounds what a notice lost between a commit and its
 * sending (a process killed in between) can leave behind.
 */
const CREDENTIAL_CACHE_MS = 5_000;
const CREDENTIAL_CACHE_LIMIT = 50_000;
export const CREDENTIALS_CHANNEL = 'confiance_credentials';

/** A bounded map whose entries live CREDENTIAL_CACHE_MS at most, never past the credential's own life. */
class CredentialCache<V> {
  private readonly entries = new Map<string, { until: number; value: V }>();
  constructor(private readonly owner: CredentialCaches) {}
  get(key: string): V | undefined {
    if (!this.owner.usable()) return undefined;
    const entry = this.entries.get(key);
    if (entry && entry.until > Date.now()) return entry.value;
    if (entry) this.entries.delete(key);
    return undefined;
  }
  /**
   * `lifeLeftMs`: how long the credential stays valid (by the application clock). `stamp`: the
   * owner's stamp taken before the credential was read; if anything was forgotten since, the value
   * read may be the old one and is not kept.
   */
  set(key: string, value: V, stamp: number, lifeLeftMs = Infinity): void {
    if (!this.owner.usable() || stamp !== this.owner.stamp()) return;
    if (this.entries.size >= CREDENTIAL_CACHE_LIMIT) this.entries.clear();
    this.entries.set(key, { until: Date.now() + Math.min(CREDENTIAL_CACHE_MS, lifeLeftMs), value });
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
}

/** What was changed, as a notice says it: `user:<id>`, `session:<id>`, `token:<id>`. */
type CredentialChange = { user: string } | { session: string } | { token: string };

/**
 * The credentials a runtime remembers (deps.state.credentials): live sessions and API tokens for a
 * few seconds, and the hash unknown e-mails are checked against; on PostgreSQL, the connection
 * that hears other processes' changes. Created by createRuntime, closed by Runtime.close.
 */
export class CredentialCaches {
  readonly sessions = new CredentialCache<SessionIdentity>(this);
  readonly tokens = new CredentialCache<{ actor: Actor & { kind: 'api_token' }; createdBy: string }>(this);
  private dummy: Promise<string> | undefined;
  /** Counts what was forgotten (here or by notice) and lost connections: see CredentialCache.set. */
  private generation = 0;
  private readonly listener: NoticeListener | null;

  constructor(database?: Database, onError: (err: unknown, what: string) => void = () => undefined) {
    this.listener = database
      ? new NoticeListener(database, CREDENTIALS_CHANNEL, {
          notice: (payload) => this.apply(parseChange(payload)),
          lost: () => this.clear(),
          error: onError,
        })
      : null;
    void this.listener?.ensure();
  }

  /** Whether remembered credentials may be used: only while no other process's change can be missed. */
  usable(): boolean {
    if (!this.listener || this.listener.listening) return true;
    void this.listener.ensure();
    return false;
  }

  stamp(): number {
    return this.generation;
  }

  /** Resolves once this process listens for other processes' changes (tests; at once on PGlite). */
  ready(): Promise<void> {
    return this.listener?.ensure() ?? Promise.resolve();
  }

  /** Forgets what `change` touched here, then tells the other processes (after the caller's commit). */
  async forget(deps: Deps, change: CredentialChange): Promise<void> {
    this.apply(change);
    try {
      await this.listener?.send(deps.db, formatChange(change));
    } catch (err) {
      // The change is committed; the other processes forget it within CREDENTIAL_CACHE_MS anyway.
      deps.log.warn({ err }, 'credential change notice not sent');
    }
  }

  private apply(change: CredentialChange | null): void {
    this.generation++;
    if (!change) return this.clear();
    if ('user' in change) {
      this.sessions.deleteWhere((identity) => identity.actor.id === change.user);
      this.tokens.deleteWhere((token) => token.createdBy === change.user);
    } else if ('session' in change) {
      this.sessions.delete(change.session);
    } else {
      this.tokens.deleteWhere((token) => token.actor.id === change.token);
    }
  }

  /** An argon2id hash of nothing anyone knows, made on first use. */
  dummyHash(): Promise<string> {
    this.dummy ??= argonHash(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  clear(): void {
    this.generation++;
    this.sessions.clear();
    this.tokens.clear();
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.clear();
  }

  /** The backend pid of the listening connection, or null (tests). */
  listenerPid(): Promise<number | null> {
    return this.listener?.pid() ?? Promise.resolve(null);
  }
}

function formatChange(change: CredentialChange): string {
  if ('user' in change) return `user:${change.user}`;
  if ('session' in change) return `session:${change.session}`;
  return `token:${change.token}`;
}

/** A notice this version cannot read makes it forget everything: correct, only slower. */
function parseChange(payload: string): CredentialChange | null {
  const [kind, id] = payload.split(':', 2);
  if (!id) return null;
  if (kind === 'user') return { user: id };
  if (kind === 'session') return { session: id };
  if (kind === 'token') return { token: id };
  return null;
}

function forgetUserSessions(deps: Deps, userId: string): Promise<void> {
  return deps.state.credentials.forget(deps, { user: userId });
}

/** The actor behind a session cookie, with the CSRF token bound to the session; null if none is live. */
export async function authenticateSession(deps: Deps, sessionToken: string): Promise<SessionIdentity | null> {
  const sessionId = sha256(sessionToken);
  const sessionCache = deps.state.credentials.sessions;
  const cached = sessionCache.get(sessionId);
  if (cached) return cached;
  const stamp = deps.state.credentials.stamp();
  const row = await repo.findLiveSession(deps.db, sessionId, deps.clock.now());
  if (!row || row.status !== 'active') {
    sessionCache.delete(sessionId);
    return null;
  }
  const roles = row.roles.filter(isRole);
  const identity: SessionIdentity = {
    actor: { kind: 'user', id: row.userId, orgId: row.orgId, roles, permissions: permissionsForRoles(roles), sessionId },
    csrfToken: row.csrfToken,
    locale: row.locale === 'en' ? 'en' : 'fr',
  };
  sessionCache.set(sessionId, identity, stamp, row.expiresAt.getTime() - deps.clock.now().getTime());
  return identity;
}

/** The actor behind a bearer token: its scopes, narrowed to what its creator still holds. */
export async function authenticateToken(deps: Deps, secret: string): Promise<(Actor & { kind: 'api_token' }) | null> {
  const tokenHash = sha256(secret);
  const tokenCache = deps.state.credentials.tokens;
  const cached = tokenCache.get(tokenHash);
  if (cached) return cached.actor;
  const stamp = deps.state.credentials.stamp();
  const now = deps.clock.now();
  const row = await repo.findLiveTokenByHash(deps.db, tokenHash, now);
  if (!row || row.creatorStatus !== 'active') return null;
  const creatorPermissions = permissionsForRoles(row.creatorRoles);
  const permissions = new Set(row.scopes.filter((s): s is Permission => creatorPermissions.has(s as Permission)));
  // last_used_at is refreshed at most once per cache period plus TOKEN_TOUCH_MS: a day-level fact.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOKEN_TOUCH_MS) await repo.touchToken(deps.db, row.id, now);
  const actor: Actor & { kind: 'api_token' } = { kind: 'api_token', id: row.id, orgId: row.orgId, permissions };
  tokenCache.set(tokenHash, { actor, createdBy: row.createdBy }, stamp, row.expiresAt ? row.expiresAt.getTime() - now.getTime() : Infinity);
  return actor;
}

export async function getCurrentUser(deps: Deps, ctx: RequestContext): Promise<repo.UserRow> {
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated');
  const user = await repo.findUserById(deps.db, ctx.actor.orgId, ctx.actor.id);
  if (!user) throw notFound('user');
  return user;
}

export async function updateOwnLocale(deps: Deps, ctx: RequestContext, locale: Locale): Promise<repo.UserRow> {
  const user = await getCurrentUser(deps, ctx);
  const updated = await deps.db.transaction(async (tx) => {
    const row = await repo.updateUser(tx, user.orgId, user.id, { locale, updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'user.updated', target: { type: 'user', id: user.id }, payload: { userId: user.id, fields: ['locale'] } });
    return row;
  });
  await forgetUserSessions(deps, user.id);
  return updated;
}

export async function findUsers(deps: Deps, ctx: RequestContext): Promise<repo.UserRow[]> {
  return repo.findUsers(deps.db, requireOrg(ctx));
}

/**
 * An invitation link works for 7 days: long enough for someone who reads their mail only on
 * their first working day, short enough that a forgotten mailbox does not hold a live
 * credential for long. Single use and hashed like a reset link; a resend kills the old one.
 */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

/**
 * Creates an account. Without a password (the back office) the person is invited: a single-use
 * link to choose their own password goes to their address, and until then the account holds the
 * hash of a random secret nobody knows, so it cannot be signed in to. With a password (API and
 * CLI provisioning, documented on the schema) the account is usable at once and no mail is sent.
 */
export async function createUser(deps: Deps, ctx: RequestContext, input: CreateUserInput): Promise<repo.UserRow> {
  const orgId = requireOrg(ctx);
  const email = normaliseEmail(input.email);
  if (await repo.findUserByEmail(deps.db, email)) throw new AppError('user.email_taken');
  const invited = input.password === undefined;
  const passwordHash = await hashPassword(input.password ?? newLinkToken());
  return deps.db.transaction(async (tx) => {
    const created = await repo.insertUser(tx, { orgId, email, name: input.name, passwordHash, roles: input.roles, locale: input.locale });
    await deps.audit.record(tx, ctx, { type: 'user.created', target: { type: 'user', id: created.id }, payload: { userId: created.id, roles: input.roles } });
    return invited ? sendInvitation(deps, tx, ctx, created, 'user.invited') : created;
  });
}

/** Writes a new invitation link (replacing any pending link of the user), queues its mail and records the event. */
async function sendInvitation(deps: Deps, tx: Db, ctx: RequestContext, user: repo.UserRow, event: 'user.invited' | 'user.invitation_resent'): Promise<repo.UserRow> {
  const now = deps.clock.now();
  const token = newLinkToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const org = await findOrganisationById(tx, user.orgId);
  await repo.replacePasswordReset(tx, { id: sha256(token), orgId: user.orgId, userId: user.id, purpose: 'invitation', expiresAt });
  const updated = await repo.updateUser(tx, user.orgId, user.id, { invitedAt: now, invitationExpiresAt: expiresAt, updatedAt: now });
  await queueMail(deps, tx, {
    orgId: user.orgId,
    to: { userId: user.id },
    template: 'backoffice.mail.invitation',
    params: { link: `${deps.config.publicUrl}/app/accept-invitation#token=${token}`, organisation: org?.name ?? 'Confiance', expiresAt: expiresAt.toISOString() },
  });
  await deps.audit.record(tx, ctx, { type: event, target: { type: 'user', id: user.id }, payload: { userId: user.id, expiresAt: expiresAt.toISOString() } });
  return updated;
}

/** Sends a new invitation link; the previous one stops working at once. */
export async function resendInvitation(deps: Deps, ctx: RequestContext, userId: string): Promise<repo.UserRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const target = await repo.findUserById(tx, orgId, userId);
    if (!target) throw notFound('user');
    if (!policy.canUpdateUser(ctx.actor, target)) throw forbidden('user:manage');
    if (!target.invitedAt) throw new AppError('user.not_invited');
    if (target.invitationAcceptedAt) throw new AppError('user.invitation_accepted');
    if (target.status !== 'active') throw new AppError('user.inactive');
    return sendInvitation(deps, tx, ctx, target, 'user.invitation_resent');
  });
}

/**
 * Sets the first password from an invitation link. The person then signs in like anyone else
 * (with their new password), so a leaked link alone never opens a session.
 */
export async function acceptInvitation(deps: Deps, ctx: RequestContext, input: AcceptInvitationInput): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const accepted = await deps.db.transaction(async (tx) => {
    const link = await repo.consumePasswordReset(tx, sha256(input.token), 'invitation', now);
    if (!link) return false;
    const user = await repo.updateUser(tx, link.orgId, link.userId, { passwordHash, invitationAcceptedAt: now, updatedAt: now });
    await repo.clearLoginThrottles(tx, throttleKey(deps, ctx, user.email).emailHash);
    await deps.audit.record(tx, { ...ctx, orgId: link.orgId }, { type: 'user.invitation_accepted', target: { type: 'user', id: link.userId }, payload: { userId: link.userId } });
    return true;
  });
  if (!accepted) throw new AppError('auth.invitation_invalid');
}

export async function updateUser(deps: Deps, ctx: RequestContext, userId: string, input: UpdateUserInput): Promise<repo.UserRow> {
  const orgId = requireOrg(ctx);
  const result = await deps.db.transaction(async (tx) => {
    const target = await repo.findUserById(tx, orgId, userId);
    if (!target) throw notFound('user');
    if (!policy.canUpdateUser(ctx.actor, target)) throw forbidden('user:manage');
    if (input.status === 'disabled' && target.status === 'active' && !policy.canDisableUser(ctx.actor, target)) throw forbidden('user:manage');
    if (policy.wouldRemoveLastAdmin(target, input, await repo.countActiveAdmins(tx, orgId))) throw new AppError('user.last_admin');
    const fields = (Object.keys(input) as (keyof UpdateUserInput)[]).filter((k) => input[k] !== undefined);
    const updated = await repo.updateUser(tx, orgId, userId, { ...input, updatedAt: deps.clock.now() });
    const target_ = { type: 'user', id: userId };
    if (input.roles && !sameSet(input.roles, target.roles)) {
      await deps.audit.record(tx, ctx, { type: 'user.roles_changed', target: target_, payload: { userId, from: target.roles.filter(isRole), to: input.roles } });
    }
    if (input.status && input.status !== target.status) {
      // A disabled account loses its open sessions at once.
      if (input.status === 'disabled') await repo.deleteUserSessions(tx, orgId, userId);
      await deps.audit.record(tx, ctx, { type: input.status === 'disabled' ? 'user.disabled' : 'user.enabled', target: target_, payload: { userId } });
    }
    const otherFields = fields.filter((f) => f !== 'roles' && f !== 'status');
    if (otherFields.length > 0) {
      await deps.audit.record(tx, ctx, { type: 'user.updated', target: target_, payload: { userId, fields: otherFields } });
    }
    return updated;
  });
  // After commit: a request racing the transaction cannot cache the old roles or status again.
  await forgetUserSessions(deps, userId);
  return result;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export async function findTokens(deps: Deps, ctx: RequestContext): Promise<repo.TokenRow[]> {
  return repo.findTokens(deps.db, requireOrg(ctx));
}

export async function createToken(deps: Deps, ctx: RequestContext, input: CreateTokenInput): Promise<{ secret: string; token: repo.TokenRow }> {
  const orgId = requireOrg(ctx);
  if (ctx.actor.kind !== 'user') throw forbidden('token:manage');
  if (!policy.scopesWithin(input.scopes, ctx.actor.permissions)) throw forbidden(input.scopes.join(','));
  const random = randomBytes(32).toString('base64url');
  const secret = `cf_${random}`;
  const expiresAt = input.expiresInDays ? new Date(deps.clock.now().getTime() + input.expiresInDays * 86_400_000) : null;
  const creator = ctx.actor.id;
  return deps.db.transaction(async (tx) => {
    const token = await repo.insertToken(tx, { orgId, name: input.name, prefix: secret.slice(0, 10), tokenHash: sha256(secret), scopes: input.scopes, createdBy: creator, expiresAt });
    await deps.audit.record(tx, ctx, {
      type: 'token.created',
      target: { type: 'api_token', id: token.id },
      payload: { tokenId: token.id, scopes: input.scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { secret, token };
  });
}

export async function revokeToken(deps: Deps, ctx: RequestContext, tokenId: string): Promise<void> {
  const orgId = requireOrg(ctx);
  await deps.db.transaction(async (tx) => {
    if (!(await repo.revokeToken(tx, orgId, tokenId, deps.clock.now()))) throw notFound('api_token');
    await deps.audit.record(tx, ctx, { type: 'token.revoked', target: { type: 'api_token', id: tokenId }, payload: { tokenId } });
  });
  await deps.state.credentials.forget(deps, { token: tokenId });
}

/** Expired sessions, reset links and sign-in challenges are useless and removed (GDPR Art. 5(1)(e)). */
export async function purgeExpiredCredentials(deps: Deps): Promise<number> {
  return repo.deleteExpiredCredentials(deps.db, deps.clock.now());
}

/** Roles and their permissions, for the administration screen. */
export type RoleList = { role: Role; permissions: Permission[] }[];
