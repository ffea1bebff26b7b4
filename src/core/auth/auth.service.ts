/** Accounts, sessions and API tokens. Never sees HTTP: routes pass a RequestContext and plain input. */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { AppError, notFound, forbidden } from '../errors.ts';
import type { Actor, Locale, RequestContext } from '../context.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as policy from './auth.policy.ts';
import * as repo from './auth.repo.ts';
import { isRole, permissionsForRoles, type Permission, type Role } from './permissions.ts';
import type { CreateTokenInput, CreateUserInput, LoginInput, UpdateUserInput } from './auth.schemas.ts';

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

let dummyHash: Promise<string> | undefined;
/** Unknown e-mails cost the same time as wrong passwords, so timing does not reveal accounts. */
function burnVerifyTime(password: string): Promise<boolean> {
  dummyHash ??= argonHash(randomBytes(16).toString('hex'));
  return dummyHash.then((h) => argonVerify(h, password));
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
}

export async function login(deps: Deps, ctx: RequestContext, input: LoginInput): Promise<LoginResult> {
  const now = deps.clock.now();
  const user = await repo.findUserByEmail(deps.db, normaliseEmail(input.email));
  if (!user) {
    await burnVerifyTime(input.password);
    deps.log.info({ requestId: ctx.requestId }, 'login failed: unknown account');
    throw new AppError('auth.invalid_credentials');
  }
  const userCtx: RequestContext = { ...ctx, orgId: user.orgId };
  if (user.lockedUntil && user.lockedUntil > now) {
    await deps.db.transaction(async (tx) => {
      await deps.audit.record(tx, userCtx, {
        type: 'user.login_failed',
        target: { type: 'user', id: user.id },
        payload: { userId: user.id, reason: 'locked', failedLogins: user.failedLogins },
        outcome: 'denied',
      });
    });
    throw new AppError('auth.locked', { until: user.lockedUntil.toISOString() });
  }
  const passwordOk = await argonVerify(user.passwordHash, input.password);
  if (!passwordOk || user.status !== 'active') {
    const next = passwordOk ? { failedLogins: user.failedLogins, lockedUntil: null } : policy.afterFailedLogin(user.failedLogins, now);
    await deps.db.transaction(async (tx) => {
      await repo.updateUser(tx, user.orgId, user.id, { failedLogins: next.failedLogins, lockedUntil: next.lockedUntil });
      await deps.audit.record(tx, userCtx, {
        type: 'user.login_failed',
        target: { type: 'user', id: user.id },
        payload: { userId: user.id, reason: passwordOk ? 'disabled' : 'password', failedLogins: next.failedLogins },
        outcome: 'denied',
      });
      if (next.lockedUntil) {
        await deps.audit.record(tx, userCtx, {
          type: 'user.locked',
          target: { type: 'user', id: user.id },
          payload: { userId: user.id, until: next.lockedUntil.toISOString() },
        });
      }
    });
    if (next.lockedUntil) throw new AppError('auth.locked', { until: next.lockedUntil.toISOString() });
    throw new AppError('auth.invalid_credentials');
  }
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const actorCtx: RequestContext = { ...userCtx, actor: { kind: 'user', id: user.id, orgId: user.orgId, roles: user.roles.filter(isRole), permissions: new Set(), sessionId: '' } };
  await deps.db.transaction(async (tx) => {
    await repo.insertSession(tx, { id: sha256(sessionToken), orgId: user.orgId, userId: user.id, csrfToken, expiresAt });
    await repo.updateUser(tx, user.orgId, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    await deps.audit.record(tx, actorCtx, { type: 'user.logged_in', target: { type: 'user', id: user.id }, payload: { userId: user.id } });
  });
  return { sessionToken, csrfToken, expiresAt, userId: user.id };
}

export async function logout(deps: Deps, ctx: RequestContext): Promise<void> {
  if (ctx.actor.kind !== 'user') return;
  const { id, sessionId } = ctx.actor;
  sessionCache.delete(sessionId);
  await deps.db.transaction(async (tx) => {
    await repo.deleteSession(tx, sessionId);
    await deps.audit.record(tx, ctx, { type: 'user.logged_out', target: { type: 'user', id }, payload: { userId: id } });
  });
}

type SessionIdentity = { actor: Actor & { kind: 'user' }; csrfToken: string; locale: Locale };

/**
 * Live sessions are remembered for a few seconds: most requests then skip the session query.
 * This process forgets a session at once on logout and a user's sessions on any change to the
 * user; another process sees such a change within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_LIMIT = 50_000;
const sessionCache = new Map<string, { until: number; identity: SessionIdentity }>();

function forgetUserSessions(userId: string): void {
  for (const [key, entry] of sessionCache) if (entry.identity.actor.id === userId) sessionCache.delete(key);
}

/** The actor behind a session cookie, with the CSRF token bound to the session; null if none is live. */
export async function authenticateSession(deps: Deps, sessionToken: string): Promise<SessionIdentity | null> {
  const sessionId = sha256(sessionToken);
  const cached = sessionCache.get(sessionId);
  if (cached && cached.until > performance.now()) return cached.identity;
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
  if (sessionCache.size >= SESSION_CACHE_LIMIT) sessionCache.clear();
  sessionCache.set(sessionId, { until: performance.now() + SESSION_CACHE_MS, identity });
  return identity;
}

/** The actor behind a bearer token: its scopes, narrowed to what its creator still holds. */
export async function authenticateToken(deps: Deps, secret: string): Promise<(Actor & { kind: 'api_token' }) | null> {
  const now = deps.clock.now();
  const row = await repo.findLiveTokenByHash(deps.db, sha256(secret), now);
  if (!row || row.creatorStatus !== 'active') return null;
  const creatorPermissions = permissionsForRoles(row.creatorRoles);
  const permissions = new Set(row.scopes.filter((s): s is Permission => creatorPermissions.has(s as Permission)));
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOKEN_TOUCH_MS) await repo.touchToken(deps.db, row.id, now);
  return { kind: 'api_token', id: row.id, orgId: row.orgId, permissions };
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
  forgetUserSessions(user.id);
  return updated;
}

export async function findUsers(deps: Deps, ctx: RequestContext): Promise<repo.UserRow[]> {
  return repo.findUsers(deps.db, requireOrg(ctx));
}

export async function createUser(deps: Deps, ctx: RequestContext, input: CreateUserInput): Promise<repo.UserRow> {
  const orgId = requireOrg(ctx);
  const email = normaliseEmail(input.email);
  if (await repo.findUserByEmail(deps.db, email)) throw new AppError('user.email_taken');
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const user = await repo.insertUser(tx, { orgId, email, name: input.name, passwordHash, roles: input.roles, locale: input.locale });
    await deps.audit.record(tx, ctx, { type: 'user.created', target: { type: 'user', id: user.id }, payload: { userId: user.id, roles: input.roles } });
    return user;
  });
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
  forgetUserSessions(userId);
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
}

export async function purgeExpiredSessions(deps: Deps): Promise<number> {
  return repo.deleteExpiredSessions(deps.db, deps.clock.now());
}

/** Roles and their permissions, for the administration screen. */
export type RoleList = { role: Role; permissions: Permission[] }[];
