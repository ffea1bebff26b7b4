/**
 * Retention of the consent module's data (GDPR Art. 5(1)(e)):
 * - consent proofs: kept while the consent is relied on (Art. 7(1): the controller must be able
 *   to demonstrate it), then for the limitation period (C. civ. art. 2224, 5 years) after it
 *   ended (withdrawn, refused, expired); a valid consent is held whatever its age;
 * - lifted restrictions and objections: the same period after they were lifted;
 * - verification codes: a short time after they expired;
 * - used withdrawal links: while the link could still be replayed.
 */
import { and, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { RetentionHandler } from '../module.ts';
import { consentEvents, consentRestrictions, consentStates, privacyLinkUses, privacyOtps } from './consent.tables.ts';

/** A consent that ended before `cutoff`: a final refusal/withdrawal/expiry, or a given consent past its end date. */
const endedBefore = (orgId: string, cutoff: Date) =>
  and(
    eq(consentStates.orgId, orgId),
    or(
      and(ne(consentStates.kind, 'given'), lt(consentStates.occurredAt, cutoff)),
      and(eq(consentStates.kind, 'given'), isNotNull(consentStates.expiresAt), lt(consentStates.expiresAt, cutoff)),
    ),
  );
const liftedBefore = (orgId: string, cutoff: Date) =>
  and(eq(consentRestrictions.orgId, orgId), isNotNull(consentRestrictions.liftedAt), lt(consentRestrictions.liftedAt, cutoff));

async function count(db: Db, table: typeof consentStates, where: ReturnType<typeof and>): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(where);
  return row?.n ?? 0;
}

export const consentProofRetention: RetentionHandler = {
  rule: 'consent.proof',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    // Ids: the last ledger event of each ended consent (the projection's evidence) and lifted restrictions.
    const states = await db
      .select({ id: consentStates.eventId })
      .from(consentStates)
      .where(endedBefore(orgId, cutoff))
      .orderBy(consentStates.occurredAt);
    const restrictions = await db.select({ id: consentRestrictions.id }).from(consentRestrictions).where(liftedBefore(orgId, cutoff));
    // Held: consents given before the cutoff that are still valid (proof needed while relied on).
    const held = await count(
      db,
      consentStates,
      and(
        eq(consentStates.orgId, orgId),
        eq(consentStates.kind, 'given'),
        lt(consentStates.occurredAt, cutoff),
        or(isNull(consentStates.expiresAt), sql`${consentStates.expiresAt} >= ${cutoff}`),
      ),
    );
    return { ids: [...states.map((s) => s.id), ...restrictions.map((r) => r.id)], held };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    // Re-read in the transaction: a consent given again since then has a new state and stays.
    const gone = await tx
      .delete(consentStates)
      .where(and(endedBefore(orgId, cutoff), inArray(consentStates.eventId, [...ids])))
      .returning({
        id: consentStates.eventId,
        customerId: consentStates.customerId,
        purposeId: consentStates.purposeId,
        channel: consentStates.channel,
      });
    for (const s of gone) {
      await tx
        .delete(consentEvents)
        .where(
          and(
            eq(consentEvents.orgId, orgId),
            eq(consentEvents.customerId, s.customerId),
            eq(consentEvents.purposeId, s.purposeId),
            eq(consentEvents.channel, s.channel),
          ),
        );
    }
    const lifted = await tx
      .delete(consentRestrictions)
      .where(and(liftedBefore(orgId, cutoff), inArray(consentRestrictions.id, [...ids])))
      .returning({ id: consentRestrictions.id });
    return [...gone.map((g) => g.id), ...lifted.map((l) => l.id)];
  },
};

export const privacyOtpRetention: RetentionHandler = {
  rule: 'privacy.otp',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    const rows = await db
      .select({ id: privacyOtps.id })
      .from(privacyOtps)
      .where(and(eq(privacyOtps.orgId, orgId), lt(privacyOtps.expiresAt, cutoff)));
    return { ids: rows.map((r) => r.id), held: 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(privacyOtps)
      .where(and(eq(privacyOtps.orgId, orgId), lt(privacyOtps.expiresAt, cutoff), inArray(privacyOtps.id, [...ids])))
      .returning({ id: privacyOtps.id });
    return gone.map((g) => g.id);
  },
};

export const privacyLinkUseRetention: RetentionHandler = {
  rule: 'privacy.link_use',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    const rows = await db
      .select({ id: privacyLinkUses.tokenId })
      .from(privacyLinkUses)
      .where(and(eq(privacyLinkUses.orgId, orgId), lt(privacyLinkUses.usedAt, cutoff)));
    return { ids: rows.map((r) => r.id), held: 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    if (ids.length === 0) return [];
    const gone = await tx
      .delete(privacyLinkUses)
      .where(and(eq(privacyLinkUses.orgId, orgId), lt(privacyLinkUses.usedAt, cutoff), inArray(privacyLinkUses.tokenId, [...ids])))
      .returning({ id: privacyLinkUses.tokenId });
    return gone.map((g) => g.id);
  },
};
