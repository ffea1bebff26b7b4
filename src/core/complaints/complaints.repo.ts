/** Data access for complaints, their thread and timeline. Always scoped by organisation; never authorizes. */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { bulkInsert, bulkInsertReturning, bulkInsertStatement } from '../../db/bulk.ts';
import { complaintAttachments, complaintCounters, complaintSlaSettings, complaintSpecialistCategories, complaintEvents, complaintIdempotency, complaintMessages, complaints } from './complaints.tables.ts';
import type { ComplaintQuery, QueueName, QueueSort } from './complaints.schemas.ts';
import { advisors } from '../advisors/advisors.tables.ts';

export type ComplaintRow = typeof complaints.$inferSelect;
export type MessageRow = typeof complaintMessages.$inferSelect;
export type EventRow = typeof complaintEvents.$inferSelect;
export type AttachmentRow = typeof complaintAttachments.$inferSelect;
export type NewComplaint = typeof complaints.$inferInsert & { id: string };
export type NewEvent = typeof complaintEvents.$inferInsert;
/** An attachment without its content (lists never load the bytes). */
export type AttachmentMeta = Omit<AttachmentRow, 'content'>;

/** The next reference number of the organisation for `year`; the counter row lock serialises intakes. */
export async function nextReferenceNumber(db: Db, orgId: string, year: number): Promise<number> {
  const [row] = await db
    .insert(complaintCounters)
    .values({ orgId, year, last: 1 })
    .onConflictDoUpdate({ target: [complaintCounters.orgId, complaintCounters.year], set: { last: sql`${complaintCounters.last} + 1` } })
    .returning({ last: complaintCounters.last });
  if (!row) throw new Error('counter upsert returned no row');
  return row.last;
}

/**
 * Reserves the next `count` reference numbers of the organisation for `year` on `db` (its own
 * short transaction, not the intake's) and returns the last one reserved.
 */
export async function reserveReferenceNumbers(db: Db, orgId: string, year: number, count: number): Promise<number> {
  const [row] = await db
    .insert(complaintCounters)
    .values({ orgId, year, last: count })
    .onConflictDoUpdate({ target: [complaintCounters.orgId, complaintCounters.year], set: { last: sql`${complaintCounters.last} + ${count}` } })
    .returning({ last: complaintCounters.last });
  if (!row) throw new Error('counter upsert returned no row');
  return row.last;
}

export async function findComplaintById(db: Db, orgId: string, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.id, id)));
  return row;
}

/** Locks the complaint row for the rest of the transaction (concurrent steps are serialised). */
export async function lockComplaint(db: Db, orgId: string, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.id, id))).for('update');
  return row;
}

/** The complaint a tracking token opens, only within the organisation of the portal URL. */
export async function findComplaintByTrackingHash(db: Db, orgId: string, trackingHash: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select().from(complaints).where(and(eq(complaints.orgId, orgId), eq(complaints.trackingHash, trackingHash)));
  return row;
}

export async function updateComplaint(db: Db, orgId: string, id: string, values: Partial<typeof complaints.$inferInsert>): Promise<ComplaintRow> {
  const [row] = await db.update(complaints).set(values).where(and(eq(complaints.orgId, orgId), eq(complaints.id, id))).returning();
  if (!row) throw new Error('update matched no row');
  return row;
}

export async function insertMessage(db: Db, values: typeof complaintMessages.$inferInsert): Promise<MessageRow> {
  const [row] = await db.insert(complaintMessages).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Whether the tracking-page form with this nonce already posted its message. */
export async function hasMessageFromForm(db: Db, orgId: string, complaintId: string, formNonce: string): Promise<boolean> {
  const [row] = await db
    .select({ id: complaintMessages.id })
    .from(complaintMessages)
    .where(and(eq(complaintMessages.orgId, orgId), eq(complaintMessages.complaintId, complaintId), eq(complaintMessages.formNonce, formNonce)))
    .limit(1);
  return Boolean(row);
}

/** The thread; the portal asks without internal notes, and the filter is in SQL so they never leave the database. */
export async function findMessages(db: Db, orgId: string, complaintId: string, options: { includeInternal: boolean }): Promise<MessageRow[]> {
  const where = [eq(complaintMessages.orgId, orgId), eq(complaintMessages.complaintId, complaintId)];
  if (!options.includeInternal) where.push(eq(complaintMessages.internal, false));
  return db.select().from(complaintMessages).where(and(...where)).orderBy(asc(complaintMessages.seq));
}

export async function findEvents(db: Db, orgId: string, complaintId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(complaintEvents)
    .where(and(eq(complaintEvents.orgId, orgId), eq(complaintEvents.complaintId, complaintId)))
    .orderBy(asc(complaintEvents.seq));
}

/**
 * Claims idempotency keys for new complaint ids, in one statement. On PostgreSQL a concurrent
 * claim of the same key waits for the first transaction and then finds its row. Returns the rows
 * that existed before (their keys were not claimed).
 */
export async function claimIdempotencyKeys(db: Db, orgId: string, claims: readonly { key: string; requestHash: string; complaintId: string }[]) {
  if (claims.length === 0) return [];
  const inserted = await bulkInsertReturning(
    db,
    complaintIdempotency,
    claims.map((c) => ({ orgId, ...c })),
    { onConflictDoNothing: true },
  );
  const claimed = new Set(inserted.map((r) => r.key));
  const taken = claims.filter((c) => !claimed.has(c.key)).map((c) => c.key);
  if (taken.length === 0) return [];
  const existing = await db.select().from(complaintIdempotency).where(and(eq(complaintIdempotency.orgId, orgId), inArray(complaintIdempotency.key, taken)));
  if (existing.length !== taken.length) throw new Error('idempotency key vanished');
  return existing;
}

/** Inserts the complaints, with other writes of the same batch in the same statement (`alongside`). */
export async function insertComplaints(db: Db, values: readonly NewComplaint[], alongside: readonly SQL[] = []): Promise<ComplaintRow[]> {
  return bulkInsertReturning(db, complaints, values, { alongside });
}

export async function findComplaintsByIds(db: Db, orgId: string, ids: readonly string[]): Promise<ComplaintRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(complaints).where(and(eq(complaints.orgId, orgId), inArray(complaints.id, [...ids])));
}

export async function insertEvents(db: Db, values: readonly NewEvent[]): Promise<void> {
  await bulkInsert(db, complaintEvents, values);
}

/** The insert insertEvents runs, to go inside a larger statement; null for none. */
export function insertEventsStatement(values: readonly NewEvent[]): SQL | null {
  return values.length > 0 ? bulkInsertStatement(complaintEvents, values, {}, false) : null;
}

/** How many complaints each customer filed since `since` (customers with none are absent). */
export async function countRecentByCustomers(db: Db, orgId: string, customerIds: readonly string[], since: Date): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .select({ customerId: complaints.customerId, n: count() })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), inArray(complaints.customerId, [...customerIds]), gte(complaints.receivedAt, since)))
    .groupBy(complaints.customerId);
  return new Map(rows.map((r) => [r.customerId, r.n]));
}

/** Filters of a queue, with the view resolved (the service picks the viewer's default). */
export type QueueFilter = Omit<ComplaintQuery, 'queue' | 'sort' | 'page' | 'pageSize'> & { queue: QueueName };

/** The date the running clock is due: the acknowledgement until it is done, then the answer; none once answered. */
const currentDueOn = sql`case when ${complaints.acknowledgedAt} is null then ${complaints.ackDueOn} when ${complaints.answeredAt} is null then ${complaints.answerDueOn} end`;

/**
 * Orders of a queue in SQL (the customer order needs decrypted names: see the service). Urgency:
 * open files first, clocks running before paused ones, the nearest due date first (a breached
 * one is the oldest), urgent before normal, then the oldest received.
 */
const ORDERS: Record<Exclude<QueueSort, 'customer'>, SQL[]> = {
  urgency: [
    sql`(${complaints.status} = 'closed')`,
    sql`(${complaints.pausedAt} is not null)`,
    sql`${currentDueOn} asc nulls last`,
    sql`(${complaints.urgency} = 'urgent') desc`,
    desc(complaints.escalationLevel),
    asc(complaints.receivedAt),
    asc(complaints.id),
  ],
  received: [desc(complaints.receivedAt), asc(complaints.id)],
  level: [desc(complaints.escalationLevel), sql`${currentDueOn} asc nulls last`, asc(complaints.id)],
};

/**
 * The conditions of a queue of the back office. `viewerId` is the "mine" user (and the supervisor
 * of "team"); `now` decides "breaching soon". `customerIds` narrows to some customers: the service
 * found them by the blind index of their e-mail or phone number, since the text itself is
 * encrypted and cannot be searched.
 */
function queueWhere(orgId: string, filter: QueueFilter, viewerId: string | null, now: Date, customerIds?: readonly string[]): SQL | undefined {
  const where: SQL[] = [eq(complaints.orgId, orgId)];
  const open = sql`${complaints.status} <> 'closed'`;
  // A supervisor owns the files escalated to them at level 2, besides their team's.
  const ownedAtLevel2 = viewerId ? sql`(${complaints.escalationLevel} >= 2 and ${complaints.level2OwnerId} = ${viewerId})` : sql`false`;
  switch (filter.queue) {
    case 'mine':
      where.push(viewerId ? (or(eq(complaints.assigneeId, viewerId), ownedAtLevel2) as SQL) : sql`false`, open);
      break;
    case 'team':
      // Complaints handled by the advisors who report to the viewer (advisors.supervisor_id).
      where.push(
        viewerId
          ? (or(
              sql`${complaints.assigneeId} in (select ${advisors.userId} from ${advisors} where ${advisors.orgId} = ${orgId} and ${advisors.supervisorId} = ${viewerId})`,
              ownedAtLevel2,
            ) as SQL)
          : sql`false`,
        open,
      );
      break;
    case 'paused':
      where.push(sql`${complaints.pausedAt} is not null`, open);
      break;
    case 'unassigned':
      where.push(isNull(complaints.assigneeId), open);
      break;
    case 'breaching':
      // 80% of a running clock used (RULES.md: breaches show before they happen).
      // A paused clock waits on the customer: it cannot be breaching.
      where.push(
        open,
        isNull(complaints.pausedAt),
        or(and(isNull(complaints.acknowledgedAt), lte(complaints.ackWarnAt, now)), and(isNull(complaints.answeredAt), lte(complaints.answerWarnAt, now))) as SQL,
      );
      break;
    case 'review':
      where.push(sql`${complaints.reviewReason} is not null`, open);
      break;
    case 'all':
      break;
  }
  if (filter.status) where.push(eq(complaints.status, filter.status));
  if (filter.category) where.push(eq(complaints.category, filter.category));
  if (filter.channel) where.push(eq(complaints.channel, filter.channel));
  if (customerIds !== undefined) {
    where.push(customerIds.length > 0 ? inArray(complaints.customerId, [...customerIds]) : sql`false`);
  } else if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(complaints.reference, like), ilike(complaints.category, like), ilike(complaints.channel, like)) as SQL);
  }
  return and(...where);
}

/** A page of a queue in an SQL order, and how many complaints the whole queue holds. */
export async function findQueue(
  db: Db,
  orgId: string,
  filter: QueueFilter,
  page: { sort: Exclude<QueueSort, 'customer'>; offset: number; limit: number },
  viewerId: string | null,
  now: Date,
  customerIds?: readonly string[],
): Promise<{ rows: ComplaintRow[]; total: number }> {
  const where = queueWhere(orgId, filter, viewerId, now, customerIds);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(complaints)
      .where(where)
      .orderBy(...ORDERS[page.sort])
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(complaints).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Every complaint of a queue as (id, customer), at most `max` + 1 of them: the customer order sorts these by decrypted name. */
export async function findQueueCustomers(db: Db, orgId: string, filter: QueueFilter, viewerId: string | null, now: Date, max: number, customerIds?: readonly string[]) {
  return db
    .select({ id: complaints.id, customerId: complaints.customerId })
    .from(complaints)
    .where(queueWhere(orgId, filter, viewerId, now, customerIds))
    .orderBy(asc(complaints.receivedAt), asc(complaints.id))
    .limit(max + 1);
}

/** Whether any advisor reports to `supervisorId` (a team lead is set on the advisors page). */
export async function hasTeam(db: Db, orgId: string, supervisorId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: advisors.userId })
    .from(advisors)
    .where(and(eq(advisors.orgId, orgId), eq(advisors.supervisorId, supervisorId)))
    .limit(1);
  return row !== undefined;
}

/** The team lead of an advisor, if one is set. */
export async function findTeamLead(db: Db, orgId: string, advisorId: string): Promise<string | null> {
  const [row] = await db
    .select({ supervisorId: advisors.supervisorId })
    .from(advisors)
    .where(and(eq(advisors.orgId, orgId), eq(advisors.userId, advisorId)));
  return row?.supervisorId ?? null;
}

export async function insertAttachment(db: Db, values: typeof complaintAttachments.$inferInsert): Promise<void> {
  await db.insert(complaintAttachments).values(values);
}

const attachmentMeta = {
  id: complaintAttachments.id,
  orgId: complaintAttachments.orgId,
  complaintId: complaintAttachments.complaintId,
  messageId: complaintAttachments.messageId,
  uploaderType: complaintAttachments.uploaderType,
  uploaderId: complaintAttachments.uploaderId,
  internal: complaintAttachments.internal,
  kind: complaintAttachments.kind,
  sizeBytes: complaintAttachments.sizeBytes,
  nameEnc: complaintAttachments.nameEnc,
  keyEnc: complaintAttachments.keyEnc,
  createdAt: complaintAttachments.createdAt,
};

/** The files of a complaint, oldest first; the portal asks without internal ones (filtered in SQL). */
export async function findAttachments(db: Db, orgId: string, complaintId: string, options: { includeInternal: boolean }): Promise<AttachmentMeta[]> {
  const where = [eq(complaintAttachments.orgId, orgId), eq(complaintAttachments.complaintId, complaintId)];
  if (!options.includeInternal) where.push(eq(complaintAttachments.internal, false));
  return db.select(attachmentMeta).from(complaintAttachments).where(and(...where)).orderBy(asc(complaintAttachments.createdAt), asc(complaintAttachments.id));
}

/** One file with its content, only within its complaint and organisation. */
export async function findAttachment(db: Db, orgId: string, complaintId: string, id: string, options: { includeInternal: boolean }): Promise<AttachmentRow | undefined> {
  const where = [eq(complaintAttachments.orgId, orgId), eq(complaintAttachments.complaintId, complaintId), eq(complaintAttachments.id, id)];
  if (!options.includeInternal) where.push(eq(complaintAttachments.internal, false));
  const [row] = await db.select().from(complaintAttachments).where(and(...where));
  return row;
}

/** How many files and bytes a complaint holds (for the per-complaint limits). */
export async function attachmentTotals(db: Db, orgId: string, complaintId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db
    .select({ n: count(), bytes: sql<string | number | null>`sum(${complaintAttachments.sizeBytes})` })
    .from(complaintAttachments)
    .where(and(eq(complaintAttachments.orgId, orgId), eq(complaintAttachments.complaintId, complaintId)));
  return { count: row?.n ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/** Every file of a customer's complaints (subject export), content included. */
export async function findCustomerAttachments(db: Db, orgId: string, customerId: string): Promise<(AttachmentRow & { reference: string })[]> {
  const rows = await db
    .select({ a: complaintAttachments, reference: complaints.reference })
    .from(complaintAttachments)
    .innerJoin(complaints, and(eq(complaints.id, complaintAttachments.complaintId), eq(complaints.orgId, complaintAttachments.orgId)))
    .where(and(eq(complaintAttachments.orgId, orgId), eq(complaints.customerId, customerId)))
    .orderBy(asc(complaintAttachments.createdAt));
  return rows.map((r) => ({ ...r.a, reference: r.reference }));
}

/** Deletes every file of a customer's complaints (erasure); returns how many. */
export async function deleteCustomerAttachments(db: Db, orgId: string, customerId: string): Promise<number> {
  const rows = await db
    .delete(complaintAttachments)
    .where(
      and(
        eq(complaintAttachments.orgId, orgId),
        sql`${complaintAttachments.complaintId} in (select ${complaints.id} from ${complaints} where ${complaints.orgId} = ${orgId} and ${complaints.customerId} = ${customerId})`,
      ),
    )
    .returning({ id: complaintAttachments.id });
  return rows.length;
}

export type SlaSettingRow = typeof complaintSlaSettings.$inferSelect;

/** The SLA settings of an organisation (organisation-wide `*` and per category). */
export async function findSlaSettings(db: Db, orgId: string): Promise<SlaSettingRow[]> {
  return db.select().from(complaintSlaSettings).where(eq(complaintSlaSettings.orgId, orgId)).orderBy(asc(complaintSlaSettings.category));
}

export async function upsertSlaSetting(db: Db, values: typeof complaintSlaSettings.$inferInsert): Promise<{ previous: SlaSettingRow | undefined; row: SlaSettingRow }> {
  const [previous] = await db
    .select()
    .from(complaintSlaSettings)
    .where(and(eq(complaintSlaSettings.orgId, values.orgId), eq(complaintSlaSettings.category, values.category)))
    .for('update');
  const [row] = await db
    .insert(complaintSlaSettings)
    .values(values)
    .onConflictDoUpdate({
      target: [complaintSlaSettings.orgId, complaintSlaSettings.category],
      set: { ackBusinessDays: values.ackBusinessDays, answerAmount: values.answerAmount, answerUnit: values.answerUnit, updatedBy: values.updatedBy, updatedAt: values.updatedAt },
    })
    .returning();
  if (!row) throw new Error('upsert returned no row');
  return { previous, row };
}

export async function deleteSlaSetting(db: Db, orgId: string, category: string): Promise<boolean> {
  const rows = await db
    .delete(complaintSlaSettings)
    .where(and(eq(complaintSlaSettings.orgId, orgId), eq(complaintSlaSettings.category, category)))
    .returning({ category: complaintSlaSettings.category });
  return rows.length > 0;
}

/** The categories of the organisation that need a specialist. */
export async function findSpecialistCategories(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.select({ category: complaintSpecialistCategories.category }).from(complaintSpecialistCategories).where(eq(complaintSpecialistCategories.orgId, orgId));
  return rows.map((r) => r.category).sort();
}

/** What intake needs of the organisation's settings, read in one round trip for a batch. */
export interface IntakeSettings {
  name: string;
  slug: string;
  specialistCategories: string[];
  sla: Pick<SlaSettingRow, 'category' | 'ackBusinessDays' | 'answerAmount' | 'answerUnit'>[];
}

export async function findIntakeSettings(db: Db, orgId: string): Promise<IntakeSettings | undefined> {
  const [row] = await queryRows<IntakeSettings>(
    db,
    sql`select o.name, o.slug,
          coalesce((select json_agg(s.category order by s.category) from complaint_specialist_categories s where s.org_id = o.id), '[]'::json) as "specialistCategories",
          coalesce((select json_agg(json_build_object('category', t.category, 'ackBusinessDays', t.ack_business_days, 'answerAmount', t.answer_amount, 'answerUnit', t.answer_unit))
                    from complaint_sla_settings t where t.org_id = o.id), '[]'::json) as sla
        from organisations o where o.id = ${orgId}`,
  );
  return row;
}

/** Replaces the organisation's specialist categories. */
export async function replaceSpecialistCategories(db: Db, orgId: string, categories: readonly (typeof complaintSpecialistCategories.$inferInsert)['category'][], now: Date): Promise<void> {
  await db.delete(complaintSpecialistCategories).where(eq(complaintSpecialistCategories.orgId, orgId));
  if (categories.length > 0) await db.insert(complaintSpecialistCategories).values(categories.map((category) => ({ orgId, category, createdAt: now })));
}

/** Complaints whose labels an agent confirmed (assessed, with a sentiment chosen), oldest first. */
export async function findConfirmedLabels(db: Db, orgId: string) {
  return db
    .select({
      id: complaints.id,
      customerId: complaints.customerId,
      descriptionEnc: complaints.descriptionEnc,
      language: complaints.language,
      category: complaints.category,
      urgency: complaints.urgency,
      sentiment: complaints.sentiment,
    })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), sql`${complaints.assessedAt} is not null`, sql`${complaints.sentiment} is not null`))
    .orderBy(asc(complaints.receivedAt), asc(complaints.id));
}

/** Moves the open complaints assigned to `from` to `to`, with a dated step on each timeline; returns their ids. */
export async function moveOpenComplaints(db: Db, orgId: string, from: string, to: string, actor: { actorType: string; actorId: string | null }, now: Date): Promise<string[]> {
  const rows = await db
    .update(complaints)
    .set({ assigneeId: to, updatedAt: now })
    .where(and(eq(complaints.orgId, orgId), eq(complaints.assigneeId, from), sql`${complaints.status} <> 'closed'`))
    .returning({ id: complaints.id });
  if (rows.length > 0) {
    await db.insert(complaintEvents).values(
      rows.map((r) => ({ orgId, complaintId: r.id, type: 'assigned', ...actor, detail: { assigneeId: to, previousId: from, reason: 'handover' }, createdAt: now })),
    );
  }
  return rows.map((r) => r.id);
}

/** References of the organisation's complaints among `ids` (for the audit log viewer). */
export async function findReferencesByIds(db: Db, orgId: string, ids: readonly string[]): Promise<{ id: string; reference: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: complaints.id, reference: complaints.reference })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), inArray(complaints.id, [...ids])));
}

/**
 * Open complaints still at escalation level 1, not waiting on the customer, with a clock not
 * stopped whose due day is before `before` (YYYY-MM-DD): candidates of the SLA control, which
 * then judges each in the complaint's own time zone.
 */
export async function findLateUnescalatedCandidates(db: Db, orgId: string, before: string): Promise<ComplaintRow[]> {
  return db
    .select()
    .from(complaints)
    .where(
      and(
        eq(complaints.orgId, orgId),
        notInArray(complaints.status, ['answered', 'closed']),
        eq(complaints.escalationLevel, 1),
        isNull(complaints.pausedAt),
        or(
          and(isNull(complaints.acknowledgedAt), lt(complaints.ackDueOn, before)),
          and(isNull(complaints.answeredAt), lt(complaints.answerDueOn, before)),
        ),
      ),
    )
    .orderBy(asc(complaints.receivedAt));
}
