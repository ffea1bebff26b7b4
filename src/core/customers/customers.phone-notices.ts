/**
 * The phone-collection notices a customer was given (C. consom. L.223-1 as rewritten by loi
 * 2025-594 art. 13 III, from 2026-08-11): which text, when, where (portal, agent screen, import,
 * API) and with what. Written in the transaction of the collection itself (a complaint, a phone
 * consent, the number alone), so the proof exists exactly when what it proves does; read by the
 * subject export (GDPR Art. 15, 20) and erased with the subject (Art. 17).
 */
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { bulkInsert, bulkInsertStatement } from '../../db/bulk.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import { phoneNotices, type PHONE_NOTICE_ORIGINS, type PHONE_NOTICE_RECORDS } from './customers.tables.ts';

export type PhoneNoticeOrigin = (typeof PHONE_NOTICE_ORIGINS)[number];
export type PhoneNoticeRow = typeof phoneNotices.$inferSelect;
type NewPhoneNotice = typeof phoneNotices.$inferInsert;

/** One notice shown to a customer with what it was shown with. */
export interface PhoneNoticeShown {
  customerId: string;
  /** `id@version` (src/rules/contact/notice.ts), already checked by the caller against the instant. */
  notice: string;
  shownAt: Date;
  origin: PhoneNoticeOrigin;
  record: (typeof PHONE_NOTICE_RECORDS)[number];
  recordId?: string | null | undefined;
}

/** Where a notice shown by this actor was shown, when the caller does not say (a file import says `import`). */
export function phoneNoticeOrigin(ctx: RequestContext): PhoneNoticeOrigin {
  switch (ctx.actor.kind) {
    case 'user':
      return 'agent';
    case 'api_token':
      return 'api';
    case 'system':
      return 'import';
    default:
      // The subject in the privacy centre, or anyone filing on the public portal.
      return 'portal';
  }
}

/** The row of a notice shown, in the organisation of `ctx` and by its actor. */
export function phoneNoticeRow(ctx: RequestContext, shown: PhoneNoticeShown): NewPhoneNotice {
  return {
    orgId: requireOrg(ctx),
    customerId: shown.customerId,
    notice: shown.notice,
    shownAt: shown.shownAt,
    origin: shown.origin,
    record: shown.record,
    recordId: shown.recordId ?? null,
    actorType: ctx.actor.kind,
    actorId: actorId(ctx.actor),
  };
}

/** The insert of these rows, to run alongside a larger statement (complaint intake); null for none. */
export function phoneNoticesStatement(rows: readonly NewPhoneNotice[]): SQL | null {
  return rows.length > 0 ? bulkInsertStatement(phoneNotices, rows, {}, false) : null;
}

/** Records the notices shown, in the caller's transaction (nothing for none). */
export async function recordPhoneNotices(tx: Db, ctx: RequestContext, shown: readonly PhoneNoticeShown[]): Promise<void> {
  await bulkInsert(
    tx,
    phoneNotices,
    shown.map((s) => phoneNoticeRow(ctx, s)),
  );
}

/** A customer's notices, oldest first. */
export async function findPhoneNotices(db: Db, orgId: string, customerId: string): Promise<PhoneNoticeRow[]> {
  return db
    .select()
    .from(phoneNotices)
    .where(and(eq(phoneNotices.orgId, orgId), eq(phoneNotices.customerId, customerId)))
    .orderBy(asc(phoneNotices.shownAt), asc(phoneNotices.id));
}

/** Removes a customer's notices (erasure); returns how many. */
export async function deletePhoneNotices(tx: Db, orgId: string, customerId: string): Promise<number> {
  const rows = await tx
    .delete(phoneNotices)
    .where(and(eq(phoneNotices.orgId, orgId), eq(phoneNotices.customerId, customerId)))
    .returning({ id: phoneNotices.id });
  return rows.length;
}
