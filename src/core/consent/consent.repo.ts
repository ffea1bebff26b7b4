import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers } from '../customers/customers.tables.ts';
import {
  consentEvents,
  consentNoticeVersions,
  consentPurposes,
  consentRestrictions,
  consentStates,
  privacyLinkUses,
  portalSessionRevocations,
  privacyOtps,
} from './consent.tables.ts';

export type PurposeRow = typeof consentPurposes.$inferSelect;
export type NoticeRow = typeof consentNoticeVersions.$inferSelect;
export type ConsentEventRow = typeof consentEvents.$inferSelect;
export type ConsentStateRow = typeof consentStates.$inferSelect;
export type RestrictionRow = typeof consentRestrictions.$inferSelect;
export type OtpRow = typeof privacyOtps.$inferSelect;

export async function findPurposes(db: Db, orgId: string): Promise<PurposeRow[]> {
  return db
    .select()
    .from(consentPurposes)
    .where(eq(consentPurposes.orgId, orgId))
    .orderBy(asc(consentPurposes.createdAt), asc(consentPurposes.key));
}

export async function findPurpose(db: Db, orgId: string, id: string, lock = false): Promise<PurposeRow | undefined> {
  const q = db
    .select()
    .from(consentPurposes)
    .where(and(eq(consentPurposes.orgId, orgId), eq(consentPurposes.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findPurposeByKey(db: Db, orgId: string, key: string): Promise<PurposeRow | undefined> {
  const [row] = await db
    .select()
    .from(consentPurposes)
    .where(and(eq(consentPurposes.orgId, orgId), eq(consentPurposes.key, key)));
  return row;
}

export async function insertPurpose(db: Db, values: typeof consentPurposes.$inferInsert): Promise<PurposeRow> {
  const [row] = await db.insert(consentPurposes).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function setPurposeVersion(db: Db, orgId: string, id: string, version: number): Promise<void> {
  await db
    .update(consentPurposes)
    .set({ currentVersion: version })
    .where(and(eq(consentPurposes.orgId, orgId), eq(consentPurposes.id, id)));
}

export async function insertNotice(db: Db, values: typeof consentNoticeVersions.$inferInsert): Promise<NoticeRow> {
  const [row] = await db.insert(consentNoticeVersions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function findNotices(db: Db, orgId: string, purposeId?: string): Promise<NoticeRow[]> {
  const where = purposeId
    ? and(eq(consentNoticeVersions.orgId, orgId), eq(consentNoticeVersions.purposeId, purposeId))
    : eq(consentNoticeVersions.orgId, orgId);
  return db
    .select()
    .from(consentNoticeVersions)
    .where(where)
    .orderBy(asc(consentNoticeVersions.purposeId), desc(consentNoticeVersions.version));
}

export async function insertEvent(db: Db, values: typeof consentEvents.$inferInsert): Promise<ConsentEventRow> {
  const [row] = await db.insert(consentEvents).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/**
 * Moves the projection to `event` unless it already holds a later one, in the same transaction as
 * the insert. "Later" is by the time the event happened, then by ledger order: an imported or
 * back-dated consent is proof in the ledger but never overrides a more recent choice (a 2021
 * "given" imported today must not undo a withdrawal made last week, GDPR Art. 7(3)).
 * Returns whether the projection moved.
 */
export async function upsertState(db: Db, event: ConsentEventRow): Promise<boolean> {
  return (await upsertStates(db, [event])) > 0;
}

/**
 * {@link upsertState} for many events of distinct subject x purpose x channel (one statement may
 * not touch a row twice). Returns how many projection rows moved, and which.
 */
export async function upsertStates(db: Db, events: readonly ConsentEventRow[], moved?: Set<string>): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await db
    .insert(consentStates)
    .values(
      events.map((event) => ({
        orgId: event.orgId,
        customerId: event.customerId,
        purposeId: event.purposeId,
        channel: event.channel,
        kind: event.kind,
        eventId: event.id,
        eventSeq: event.seq,
        noticeVersion: event.noticeVersion,
        occurredAt: event.occurredAt,
        expiresAt: event.expiresAt,
      })),
    )
    .onConflictDoUpdate({
      target: [consentStates.orgId, consentStates.customerId, consentStates.purposeId, consentStates.channel],
      set: {
        kind: sql`excluded.kind`,
        eventId: sql`excluded.event_id`,
        eventSeq: sql`excluded.event_seq`,
        noticeVersion: sql`excluded.notice_version`,
        occurredAt: sql`excluded.occurred_at`,
        expiresAt: sql`excluded.expires_at`,
      },
      setWhere: sql`(${consentStates.occurredAt}, ${consentStates.eventSeq}) < (excluded.occurred_at, excluded.event_seq)`,
    })
    .returning({ eventId: consentStates.eventId });
  if (moved) for (const r of rows) moved.add(r.eventId);
  return rows.length;
}

/** States of some subjects (another process changed them). */
export async function findStatesOfSubjects(db: Db, orgId: string, customerIds: readonly string[]): Promise<ConsentStateRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .select()
    .from(consentStates)
    .where(and(eq(consentStates.orgId, orgId), inArray(consentStates.customerId, [...customerIds])));
}

/** Active restrictions of some subjects. */
export async function findActiveRestrictionsOfSubjects(db: Db, orgId: string, customerIds: readonly string[]): Promise<RestrictionRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .select()
    .from(consentRestrictions)
    .where(
      and(
        eq(consentRestrictions.orgId, orgId),
        isNull(consentRestrictions.liftedAt),
        inArray(consentRestrictions.customerId, [...customerIds]),
      ),
    )
    .orderBy(asc(consentRestrictions.createdAt));
}

/** Inserts ledger events, skipping those whose import key is already there (a re-uploaded file). */
export async function insertImportedEvents(db: Db, values: (typeof consentEvents.$inferInsert)[]): Promise<ConsentEventRow[]> {
  if (values.length === 0) return [];
  return db
    .insert(consentEvents)
    .values(values)
    .onConflictDoNothing({ target: [consentEvents.orgId, consentEvents.importKey] })
    .returning();
}

/** Customers by keyed e-mail hash (import: one query per 5,000 addresses, not one per row). */
export async function findCustomersByLookups(
  db: Db,
  orgId: string,
  lookups: readonly string[],
): Promise<(typeof customers.$inferSelect)[]> {
  const out: (typeof customers.$inferSelect)[] = [];
  for (let i = 0; i < lookups.length; i += 5000) {
    out.push(
      ...(await db
        .select()
        .from(customers)
        .where(and(eq(customers.orgId, orgId), inArray(customers.emailLookup, lookups.slice(i, i + 5000))))),
    );
  }
  return out;
}

/** Which of `keys` were already imported. */
export async function findImportKeys(db: Db, orgId: string, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 5000) {
    const rows = await db
      .select({ key: consentEvents.importKey })
      .from(consentEvents)
      .where(and(eq(consentEvents.orgId, orgId), inArray(consentEvents.importKey, keys.slice(i, i + 5000))));
    for (const r of rows) if (r.key) found.add(r.key);
  }
  return found;
}

/** One page of current states in a stable order (export), after the key `after`. */
export async function findStatesPage(
  db: Db,
  orgId: string,
  after: { customerId: string; purposeId: string; channel: string } | null,
  limit: number,
): Promise<ConsentStateRow[]> {
  const where = after
    ? and(
        eq(consentStates.orgId, orgId),
        sql`(${consentStates.customerId}, ${consentStates.purposeId}, ${consentStates.channel}) > (${after.customerId}::uuid, ${after.purposeId}::uuid, ${after.channel})`,
      )
    : eq(consentStates.orgId, orgId);
  return db
    .select()
    .from(consentStates)
    .where(where)
    .orderBy(asc(consentStates.customerId), asc(consentStates.purposeId), asc(consentStates.channel))
    .limit(limit);
}

export async function findStates(db: Db, orgId: string, customerId?: string): Promise<ConsentStateRow[]> {
  const where = customerId ? and(eq(consentStates.orgId, orgId), eq(consentStates.customerId, customerId)) : eq(consentStates.orgId, orgId);
  return db
    .select()
    .from(consentStates)
    .where(where)
    .orderBy(asc(consentStates.customerId), asc(consentStates.purposeId), asc(consentStates.channel));
}

export async function findEvents(
  db: Db,
  orgId: string,
  options: { customerId?: string; afterSeq?: number; limit?: number } = {},
): Promise<ConsentEventRow[]> {
  const conditions = [eq(consentEvents.orgId, orgId)];
  if (options.customerId) conditions.push(eq(consentEvents.customerId, options.customerId));
  if (options.afterSeq !== undefined) conditions.push(gt(consentEvents.seq, options.afterSeq));
  const q = db
    .select()
    .from(consentEvents)
    .where(and(...conditions))
    .orderBy(asc(consentEvents.seq));
  return options.limit ? q.limit(options.limit) : q;
}

export async function deleteStates(db: Db, orgId: string): Promise<void> {
  await db.delete(consentStates).where(eq(consentStates.orgId, orgId));
}

export async function insertStates(db: Db, rows: (typeof consentStates.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(consentStates).values(rows.slice(i, i + 500));
}

export async function findActiveRestrictions(db: Db, orgId: string, customerId?: string): Promise<RestrictionRow[]> {
  const conditions = [eq(consentRestrictions.orgId, orgId), isNull(consentRestrictions.liftedAt)];
  if (customerId) conditions.push(eq(consentRestrictions.customerId, customerId));
  return db
    .select()
    .from(consentRestrictions)
    .where(and(...conditions))
    .orderBy(asc(consentRestrictions.createdAt));
}

export async function findRestrictions(db: Db, orgId: string, customerId: string): Promise<RestrictionRow[]> {
  return db
    .select()
    .from(consentRestrictions)
    .where(and(eq(consentRestrictions.orgId, orgId), eq(consentRestrictions.customerId, customerId)))
    .orderBy(asc(consentRestrictions.createdAt));
}

export async function insertRestriction(db: Db, values: typeof consentRestrictions.$inferInsert): Promise<RestrictionRow> {
  const [row] = await db.insert(consentRestrictions).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function liftRestriction(db: Db, orgId: string, id: string, at: Date): Promise<RestrictionRow | undefined> {
  const [row] = await db
    .update(consentRestrictions)
    .set({ liftedAt: at })
    .where(and(eq(consentRestrictions.orgId, orgId), eq(consentRestrictions.id, id), isNull(consentRestrictions.liftedAt)))
    .returning();
  return row;
}

/** Counts of current states per purpose and kind (consent rates). */
export async function countStates(db: Db, orgId: string) {
  return db
    .select({ purposeId: consentStates.purposeId, kind: consentStates.kind, n: count() })
    .from(consentStates)
    .where(eq(consentStates.orgId, orgId))
    .groupBy(consentStates.purposeId, consentStates.kind);
}

export async function insertOtp(db: Db, values: typeof privacyOtps.$inferInsert): Promise<OtpRow> {
  const [row] = await db.insert(privacyOtps).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** How many codes went to one address (by its keyed hash) since `since`. */
export async function countOtpsToAddress(db: Db, orgId: string, emailLookup: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(privacyOtps)
    .where(and(eq(privacyOtps.orgId, orgId), eq(privacyOtps.emailLookup, emailLookup), gte(privacyOtps.createdAt, since)));
  return row?.n ?? 0;
}

export async function findOtpForUpdate(db: Db, orgId: string, id: string): Promise<OtpRow | undefined> {
  const [row] = await db
    .select()
    .from(privacyOtps)
    .where(and(eq(privacyOtps.orgId, orgId), eq(privacyOtps.id, id)))
    .for('update');
  return row;
}

export async function updateOtp(db: Db, orgId: string, id: string, values: Partial<typeof privacyOtps.$inferInsert>): Promise<void> {
  await db
    .update(privacyOtps)
    .set(values)
    .where(and(eq(privacyOtps.orgId, orgId), eq(privacyOtps.id, id)));
}

/** Marks a single-use link as used; false when it already was (a replay). */
export async function useLink(db: Db, orgId: string, tokenId: string, customerId: string, at: Date): Promise<boolean> {
  const rows = await db
    .insert(privacyLinkUses)
    .values({ tokenId, orgId, customerId, usedAt: at })
    .onConflictDoNothing()
    .returning({ tokenId: privacyLinkUses.tokenId });
  return rows.length > 0;
}

/** Erasure: every consent row of the subject. */
export async function deleteSubject(db: Db, orgId: string, customerId: string): Promise<number> {
  let n = 0;
  for (const table of [consentStates, consentEvents, consentRestrictions, privacyOtps, privacyLinkUses]) {
    const rows = await db
      .delete(table)
      .where(and(eq(table.orgId, orgId), eq(table.customerId, customerId)))
      .returning({ orgId: table.orgId });
    n += rows.length;
  }
  return n;
}

export async function isLinkUsed(db: Db, orgId: string, tokenId: string): Promise<boolean> {
  const [row] = await db
    .select({ tokenId: privacyLinkUses.tokenId })
    .from(privacyLinkUses)
    .where(and(eq(privacyLinkUses.orgId, orgId), eq(privacyLinkUses.tokenId, tokenId)));
  return Boolean(row);
}

/** Ends a portal session for good; revocations of sessions that have expired anyway are dropped. */
export async function revokePortalSession(db: Db, orgId: string, sessionId: string, expiresAt: Date, now: Date): Promise<void> {
  await db.delete(portalSessionRevocations).where(lt(portalSessionRevocations.expiresAt, now));
  await db.insert(portalSessionRevocations).values({ sessionId, orgId, expiresAt }).onConflictDoNothing();
}

export async function isPortalSessionRevoked(db: Db, sessionId: string): Promise<boolean> {
  const [row] = await db
    .select({ sessionId: portalSessionRevocations.sessionId })
    .from(portalSessionRevocations)
    .where(eq(portalSessionRevocations.sessionId, sessionId));
  return Boolean(row);
}
