/** Data access for users, sessions and API tokens. Always scoped by organisation; never authorizes. */
import { and, asc, count, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, loginChallenges, loginThrottles, passwordResets, sessions, userMfa, users } from './auth.tables.ts';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;

/** Login looks a user up across organisations: e-mails are unique per instance. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUserById(db: Db, orgId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return row;
}

export async function findUsers(db: Db, orgId: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.orgId, orgId)).orderBy(asc(users.name));
}

/** The organisation's users among `ids` (ids of another organisation are simply absent). */
export async function findUsersByIds(db: Db, orgId: string, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(and(eq(users.orgId, orgId), inArray(users.id, [...ids])));
}

export async function countActiveAdmins(db: Db, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.status, 'active'), sql`'admin' = any(${users.roles})`));
  return row?.n ?? 0;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateUser(db: Db, orgId: string, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [row] = await db.update(users).set(values).where(and(eq(users.orgId, orgId), eq(users.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

/** The live session and its user, in one round trip (hot path: every authenticated request). */
export async function findLiveSession(db: Db, sessionId: string, now: Date) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      orgId: sessions.orgId,
      userId: users.id,
      roles: users.roles,
      status: users.status,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)));
  return row;
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function deleteUserSessions(db: Db, orgId: string, userId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId)));
}

/** A day after its last failure, a source starts afresh on an account. */
const THROTTLE_MEMORY_MS = 24 * 60 * 60_000;

/** Removes sessions, reset links, sign-in challenges past their expiry and stale throttles; returns how many. */
export async function deleteExpiredCredentials(db: Db, now: Date): Promise<number> {
  const gone = await Promise.all([
    db
      .delete(loginThrottles)
      .where(lt(loginThrottles.lastFailureAt, new Date(now.getTime() - THROTTLE_MEMORY_MS)))
      .returning({ id: loginThrottles.emailHash }),
    db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id }),
    db.delete(passwordResets).where(lt(passwordResets.expiresAt, now)).returning({ id: passwordResets.id }),
    db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, now)).returning({ id: loginChallenges.id }),
  ]);
  return gone.reduce((sum, rows) => sum + rows.length, 0);
}

/**
 * Replaces any pending link of the user, whatever its purpose: only the newest link works (a
 * resent invitation kills the previous one; a reset asked by an invitee replaces the invitation).
 */
export async function replacePasswordReset(db: Db, values: typeof passwordResets.$inferInsert): Promise<void> {
  await db.delete(passwordResets).where(and(eq(passwordResets.userId, values.userId), isNull(passwordResets.usedAt)));
  await db.insert(passwordResets).values(values);
}

/**
 * Marks a live link of this purpose used and returns whose it was; undefined when it is unknown, used,
 * expired or its account is no longer active. One UPDATE, so two concurrent uses cannot both win.
 */
export async function consumePasswordReset(db: Db, id: string, purpose: 'reset' | 'invitation', now: Date): Promise<{ orgId: string; userId: string } | undefined> {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResets.id, id),
        eq(passwordResets.purpose, purpose),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
        sql`exists (select 1 from ${users} where ${users.id} = ${passwordResets.userId} and ${users.status} = 'active')`,
      ),
    )
    .returning({ orgId: passwordResets.orgId, userId: passwordResets.userId });
  return row;
}

export type MfaRow = typeof userMfa.$inferSelect;

export async function findMfa(db: Db, orgId: string, userId: string): Promise<MfaRow | undefined> {
  const [row] = await db.select().from(userMfa).where(and(eq(userMfa.orgId, orgId), eq(userMfa.userId, userId)));
  return row;
}

/** Starts (or restarts) an enrolment: a new secret, not enabled until a first code proves it. */
export async function savePendingMfa(db: Db, values: { orgId: string; userId: string; secretEnc: string }): Promise<void> {
  await db
    .insert(userMfa)
    .values(values)
    .onConflictDoUpdate({ target: userMfa.userId, set: { secretEnc: values.secretEnc, enabledAt: null, lastStep: 0, recoveryHashes: [] } });
}

export async function updateMfa(db: Db, orgId: string, userId: string, values: Partial<Pick<MfaRow, 'enabledAt' | 'lastStep' | 'recoveryHashes'>>): Promise<void> {
  await db.update(userMfa).set(values).where(and(eq(userMfa.orgId, orgId), eq(userMfa.userId, userId)));
}

/** Removes one recovery code if it is still unused; false when it was not there (one UPDATE: no double use). */
export async function consumeRecoveryCode(db: Db, orgId: string, userId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(userMfa)
    .set({ recoveryHashes: sql`array_remove(${userMfa.recoveryHashes}, ${codeHash})` })
    .where(and(eq(userMfa.orgId, orgId), eq(userMfa.userId, userId), sql`${codeHash} = any(${userMfa.recoveryHashes})`))
    .returning({ userId: userMfa.userId });
  return rows.length > 0;
}

export async function deleteMfa(db: Db, orgId: string, userId: string): Promise<boolean> {
  const rows = await db.delete(userMfa).where(and(eq(userMfa.orgId, orgId), eq(userMfa.userId, userId))).returning({ userId: userMfa.userId });
  return rows.length > 0;
}

export async function insertLoginChallenge(db: Db, values: typeof loginChallenges.$inferInsert): Promise<void> {
  await db.delete(loginChallenges).where(eq(loginChallenges.userId, values.userId));
  await db.insert(loginChallenges).values(values);
}

/** Counts one attempt on a live challenge and returns it; undefined when unknown, expired or used up. */
export async function attemptLoginChallenge(db: Db, id: string, now: Date, maxAttempts: number) {
  const [row] = await db
    .update(loginChallenges)
    .set({ attempts: sql`${loginChallenges.attempts} + 1` })
    .where(and(eq(loginChallenges.id, id), gt(loginChallenges.expiresAt, now), lt(loginChallenges.attempts, maxAttempts)))
    .returning();
  return row;
}

export async function deleteLoginChallenge(db: Db, id: string): Promise<void> {
  await db.delete(loginChallenges).where(eq(loginChallenges.id, id));
}

export async function insertToken(db: Db, values: typeof apiTokens.$inferInsert): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findTokens(db: Db, orgId: string): Promise<TokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.orgId, orgId)).orderBy(asc(apiTokens.createdAt));
}

/** The organisation's tokens among `ids`, revoked ones included (the log names them too). */
export async function findTokensByIds(db: Db, orgId: string, ids: readonly string[]): Promise<TokenRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(apiTokens).where(and(eq(apiTokens.orgId, orgId), inArray(apiTokens.id, [...ids])));
}

export async function findTokenById(db: Db, orgId: string, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id)));
  return row;
}

/** A usable token and the roles and status of the user who created it. */
export async function findLiveTokenByHash(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .select({
      id: apiTokens.id,
      orgId: apiTokens.orgId,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      createdBy: apiTokens.createdBy,
      creatorRoles: users.roles,
      creatorStatus: users.status,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  if (!row || (row.expiresAt && row.expiresAt <= now)) return undefined;
  return row;
}

export async function touchToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function revokeToken(db: Db, orgId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}


export type ThrottleRow = typeof loginThrottles.$inferSelect;

export async function findLoginThrottle(db: Db, emailHash: string, sourceHash: string): Promise<ThrottleRow | undefined> {
  const [row] = await db.select().from(loginThrottles).where(and(eq(loginThrottles.emailHash, emailHash), eq(loginThrottles.sourceHash, sourceHash)));
  return row;
}

/**
 * Counts one more failure of a source on an account, in one statement so concurrent failures
 * all count; `delayOf` turns the new count into the wait before the next attempt.
 */
export async function recordLoginFailure(db: Db, emailHash: string, sourceHash: string, now: Date, delayOf: (failures: number) => number): Promise<ThrottleRow> {
  const [row] = await db
    .insert(loginThrottles)
    .values({ emailHash, sourceHash, failures: 1, nextAllowedAt: new Date(now.getTime() + delayOf(1)), lastFailureAt: now })
    .onConflictDoUpdate({
      target: [loginThrottles.emailHash, loginThrottles.sourceHash],
      set: { failures: sql`${loginThrottles.failures} + 1`, lastFailureAt: now },
    })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  const nextAllowedAt = new Date(now.getTime() + delayOf(row.failures));
  await db.update(loginThrottles).set({ nextAllowedAt }).where(and(eq(loginThrottles.emailHash, emailHash), eq(loginThrottles.sourceHash, sourceHash)));
  return { ...row, nextAllowedAt };
}

/** A success clears the failures of that source only. */
export async function clearLoginThrottle(db: Db, emailHash: string, sourceHash: string): Promise<void> {
  await db.delete(loginThrottles).where(and(eq(loginThrottles.emailHash, emailHash), eq(loginThrottles.sourceHash, sourceHash)));
}

/** A password reset proves the owner: every source starts afresh on that account. */
export async function clearLoginThrottles(db: Db, emailHash: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.emailHash, emailHash));
}
