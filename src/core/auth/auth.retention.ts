/**
 * Retention of back-office sessions (GDPR Art. 5(1)(e), 32): an expired session is useless and
 * is removed the day after (auth's own six-hourly purge may take it first).
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import type { RetentionHandler } from '../module.ts';
import { sessions } from './auth.tables.ts';

export const sessionRetention: RetentionHandler = {
  rule: 'auth.session',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    // A session id is the SHA-256 of its token; the token is dead once expired, so the id reveals nothing.
    const rows = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.orgId, orgId), lt(sessions.expiresAt, cutoff)));
    return { ids: rows.map((r) => r.id), held: 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(sessions)
      .where(and(eq(sessions.orgId, orgId), lt(sessions.expiresAt, cutoff), inArray(sessions.id, [...ids])))
      .returning({ id: sessions.id });
    return gone.map((g) => g.id);
  },
};
