/** Data access for users, sessions and API tokens. Always scoped by organisation; never authorizes. */
import { and, asc, count, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiTokens, sessions, users } from './auth.tables.ts';

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

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  return rows.length;
}

export async function insertToken(db: Db, values: typeof apiTokens.$inferInsert): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findTokens(db: Db, orgId: string): Promise<TokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.orgId, orgId)).orderBy(asc(apiTokens.createdAt));
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

/** Display names of users and tokens, for showing who acted in the audit log viewer. */
export async function findActorLabels(db: Db, orgId: string, userIds: string[], tokenIds: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (userIds.length > 0) {
    const rows = await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, userIds)));
    rows.forEach((r) => labels.set(r.id, r.name));
  }
  if (tokenIds.length > 0) {
    const rows = await db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(and(eq(apiTokens.orgId, orgId), inArray(apiTokens.id, tokenIds)));
    rows.forEach((r) => labels.set(r.id, r.name));
  }
  return labels;
}
