/** Queries of change campaigns and their notices, always scoped to an organisation; never authorizes. */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { NoticeRule } from '../../rules/transparency/index.ts';
import { contracts } from '../contracts/contracts.tables.ts';
import { changeCampaigns, changeNotices } from './change-campaigns.tables.ts';

export type ChangeCampaignRow = typeof changeCampaigns.$inferSelect;
export type ChangeNoticeRow = typeof changeNotices.$inferSelect;

export async function insertCampaign(tx: Db, row: typeof changeCampaigns.$inferInsert): Promise<ChangeCampaignRow> {
  const [inserted] = await tx.insert(changeCampaigns).values(row).returning();
  return inserted!;
}

export async function findCampaign(db: Db, orgId: string, id: string): Promise<ChangeCampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(changeCampaigns)
    .where(and(eq(changeCampaigns.orgId, orgId), eq(changeCampaigns.id, id)));
  return row;
}

export async function findCampaignOfVersion(db: Db, orgId: string, toVersionId: string): Promise<ChangeCampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(changeCampaigns)
    .where(and(eq(changeCampaigns.orgId, orgId), eq(changeCampaigns.toVersionId, toVersionId)));
  return row;
}

/** The organisation's latest campaigns, newest first. */
export async function findCampaigns(db: Db, orgId: string, limit = 200): Promise<ChangeCampaignRow[]> {
  return db.select().from(changeCampaigns).where(eq(changeCampaigns.orgId, orgId)).orderBy(desc(changeCampaigns.createdAt)).limit(limit);
}

export interface PlanInput {
  orgId: string;
  campaignId: string;
  offerId: string;
  /** The earlier versions: their active contracts get a notice. */
  fromVersionIds: readonly string[];
  plannedEffectiveOn: string;
  sendOn: string;
  /** The notice rule of each sector in force on `sendOn` (src/rules/transparency notice table). */
  rules: readonly NoticeRule[];
  /**
   * Adding the contracts concluded on an earlier version after the campaign was planned: only
   * those recorded from `createdFrom` on that have no notice in the campaign yet, marked
   * `concluded_after`. Absent when the campaign is created (the statement the benchmark measures).
   */
  late?: { createdFrom: Date };
}

/**
 * Plans every notice of a campaign in one INSERT ... SELECT: the rule of the contract's sector is
 * joined from the table in force on the send day, and each row computes what planChangeNotice
 * (src/rules/transparency/notice.ts) computes, in SQL. `date + interval 'N months'` keeps the day
 * number or clamps to the month's last day, as addMonths does (Reg. 1182/71 art. 3(2)(c)).
 * - in time when send_on <= planned - N months: the change applies on the planned day;
 * - otherwise (a late change) it applies on the first day E with E - N months >= send_on: send_on +
 *   N months, or the day after when that clamped to a shorter month's end;
 * - send_by = effective - N months; terminate_by per the rule's anchor (notice or effective day).
 * A unit test compares the two over the month-end edges. Returns how many notices, and how many moved.
 */
export async function planNotices(tx: Db, input: PlanInput): Promise<{ notices: number; moved: number }> {
  if (input.fromVersionIds.length === 0 || input.rules.length === 0) return { notices: 0, moved: 0 };
  const rules = sql.join(
    input.rules.map(
      (r) =>
        sql`(${r.sector}::text, ${r.noticeMonths}::int, ${r.terminationAnchor}::text, ${r.terminationMonths}::int, ${r.source}::text, ${r.ref}::text)`,
    ),
    sql`, `,
  );
  const send = sql`${input.sendOn}::date`;
  const planned = sql`${input.plannedEffectiveOn}::date`;
  const versions = sql`array[${sql.join(
    input.fromVersionIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const late = input.late;
  const [row] = await queryRows<{ notices: number; moved: number }>(
    tx,
    sql`
    with planned as (
      insert into change_notices (org_id, campaign_id, contract_id, customer_id, from_version_id, sector, send_on, send_by,
        planned_effective_on, effective_on, moved, terminate_by, notice_months, rule_ref, rule_source${late ? sql`, origin` : sql``})
      select c.org_id, ${input.campaignId}::uuid, c.id, c.customer_id, c.offer_version_id, c.sector, ${send},
        (e.effective_on - make_interval(months => r.notice_months))::date,
        ${planned}, e.effective_on, not e.in_time,
        case
          when r.anchor = 'notice' then (${send} + make_interval(months => r.term_months))::date
          when r.term_months = 0 then e.effective_on - 1
          else (e.effective_on + make_interval(months => r.term_months))::date
        end,
        r.notice_months, r.ref, r.source${late ? sql`, 'concluded_after'` : sql``}
      from contracts c
      join (values ${rules}) as r(sector, notice_months, anchor, term_months, source, ref) on r.sector = c.sector
      cross join lateral (
        select l.in_time,
          case
            when l.in_time then ${planned}
            when (l.candidate - make_interval(months => r.notice_months))::date >= ${send} then l.candidate
            else l.candidate + 1
          end as effective_on
        from (select ${send} <= (${planned} - make_interval(months => r.notice_months))::date as in_time,
                     (${send} + make_interval(months => r.notice_months))::date as candidate) l
      ) e
      where c.org_id = ${input.orgId}::uuid and c.offer_id = ${input.offerId}::uuid and c.status = 'active'
        and c.offer_version_id = any(${versions})
        ${
          late
            ? sql`and c.created_at >= ${late.createdFrom.toISOString()}::timestamptz
        and not exists (select 1 from change_notices x where x.campaign_id = ${input.campaignId}::uuid and x.contract_id = c.id)`
            : sql``
        }
      returning moved
    )
    select count(*)::int as notices, (count(*) filter (where moved))::int as moved from planned`,
  );
  return { notices: Number(row?.notices ?? 0), moved: Number(row?.moved ?? 0) };
}

export interface CampaignCounts {
  planned: number;
  sent: number;
  refused: number;
  moved: number;
  terminated: number;
  /** Contracts concluded on an earlier version after the campaign was planned, given their own notice. */
  concludedAfter: number;
  /** Contracts moved to the new version (their notice sent, its effective day come). */
  applied: number;
  /** Customers not told in time (refused, or still unsent after the last lawful day): kept on the old terms. */
  held: number;
  /** Sent notices of active contracts whose change has not applied yet. */
  toApply: number;
}

/**
 * Counts per campaign; a terminated notice is one whose contract ended after it was sent. `today`
 * is the organisation's day: a planned notice past its last lawful day counts as held.
 */
export async function countNotices(
  db: Db,
  orgId: string,
  campaignIds: readonly string[],
  today: string,
): Promise<Map<string, CampaignCounts>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await queryRows<{ campaign_id: string } & Record<string, number>>(
    db,
    sql`select n.campaign_id,
          (count(*) filter (where n.status = 'planned'))::int as planned,
          (count(*) filter (where n.status = 'sent'))::int as sent,
          (count(*) filter (where n.status = 'refused'))::int as refused,
          (count(*) filter (where n.moved))::int as moved,
          (count(*) filter (where n.status = 'sent' and c.status = 'terminated' and c.ended_at >= n.sent_at))::int as terminated,
          (count(*) filter (where n.origin = 'concluded_after'))::int as concluded_after,
          (count(*) filter (where n.applied_on is not null))::int as applied,
          (count(*) filter (where c.status = 'active' and (n.status = 'refused'
            or (n.status = 'planned' and n.send_by < ${today}::date))))::int as held,
          (count(*) filter (where n.status = 'sent' and n.applied_on is null and c.status = 'active'))::int as to_apply
        from change_notices n join contracts c on c.id = n.contract_id
        where n.org_id = ${orgId}::uuid and n.campaign_id = any(array[${sql.join(
          campaignIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}])
        group by n.campaign_id`,
  );
  return new Map(
    rows.map((r) => [
      r.campaign_id,
      {
        planned: Number(r.planned),
        sent: Number(r.sent),
        refused: Number(r.refused),
        moved: Number(r.moved),
        terminated: Number(r.terminated),
        concludedAfter: Number(r.concluded_after),
        applied: Number(r.applied),
        held: Number(r.held),
        toApply: Number(r.to_apply),
      },
    ]),
  );
}

export async function findNotices(db: Db, orgId: string, where: { campaignId?: string; customerId?: string }): Promise<ChangeNoticeRow[]> {
  const conditions: SQL[] = [eq(changeNotices.orgId, orgId)];
  if (where.campaignId) conditions.push(eq(changeNotices.campaignId, where.campaignId));
  if (where.customerId) conditions.push(eq(changeNotices.customerId, where.customerId));
  return db
    .select()
    .from(changeNotices)
    .where(and(...conditions))
    .orderBy(changeNotices.sendOn, changeNotices.id)
    .limit(where.campaignId ? 500 : 10_000);
}

export async function findNotice(db: Db, orgId: string, id: string): Promise<ChangeNoticeRow | undefined> {
  const [row] = await db
    .select()
    .from(changeNotices)
    .where(and(eq(changeNotices.orgId, orgId), eq(changeNotices.id, id)));
  return row;
}

/**
 * Notices to send whose day has come somewhere (`upTo`: the widest "today" of any zone), oldest
 * first: planned ones on their send day, refused ones again on their retry day.
 */
export async function findDueNotices(db: Db, upTo: string, limit: number, orgId?: string): Promise<{ id: string; orgId: string }[]> {
  const org = orgId ? sql`and org_id = ${orgId}::uuid` : sql``;
  // Two index scans (the partial indexes of planned and refused notices), merged.
  return (
    await queryRows<{ id: string; org_id: string }>(
      db,
      sql`select id, org_id from (
          (select id, org_id, send_on as day from change_notices where status = 'planned' and send_on <= ${upTo}::date ${org}
            order by send_on, id limit ${limit})
          union all
          (select id, org_id, retry_on as day from change_notices where status = 'refused' and retry_on <= ${upTo}::date ${org}
            order by retry_on, id limit ${limit})
        ) due order by day, id limit ${limit}`,
    )
  ).map((r) => ({ id: r.id, orgId: r.org_id }));
}

/** Sent notices not yet applied whose effective day has come somewhere (`upTo`), oldest first. */
export async function findNoticesToApply(db: Db, upTo: string, limit: number, orgId?: string): Promise<{ id: string; orgId: string }[]> {
  return db
    .select({ id: changeNotices.id, orgId: changeNotices.orgId })
    .from(changeNotices)
    .where(
      and(
        eq(changeNotices.status, 'sent'),
        sql`${changeNotices.appliedOn} is null`,
        sql`${changeNotices.effectiveOn} <= ${upTo}::date`,
        ...(orgId ? [eq(changeNotices.orgId, orgId)] : []),
      ),
    )
    .orderBy(changeNotices.effectiveOn, changeNotices.id)
    .limit(limit);
}

/**
 * Campaigns whose change may not be in force yet (planned day from `since` on): a contract can
 * still be concluded on an earlier version of their offer. Once the new version is in force, every
 * new contract is on it.
 */
export async function findOpenCampaigns(db: Db, since: string, orgId?: string): Promise<ChangeCampaignRow[]> {
  return db
    .select()
    .from(changeCampaigns)
    .where(and(sql`${changeCampaigns.plannedEffectiveOn} >= ${since}::date`, ...(orgId ? [eq(changeCampaigns.orgId, orgId)] : [])))
    .orderBy(changeCampaigns.createdAt);
}

/** Active contracts on the given versions of an offer, by sector: what a campaign would plan. */
export async function countContractsToNotify(
  db: Db,
  orgId: string,
  offerId: string,
  versionIds: readonly string[],
): Promise<{ sector: string; contracts: number }[]> {
  if (versionIds.length === 0) return [];
  const rows = await db
    .select({ sector: contracts.sector, contracts: sql<number>`count(*)::int` })
    .from(contracts)
    .where(
      and(
        eq(contracts.orgId, orgId),
        eq(contracts.offerId, offerId),
        eq(contracts.status, 'active'),
        inArray(contracts.offerVersionId, [...versionIds]),
      ),
    )
    .groupBy(contracts.sector)
    .orderBy(contracts.sector);
  return rows.map((r) => ({ sector: r.sector, contracts: Number(r.contracts) }));
}

/** A campaign's notices (the first 500 by send day) with their contract's reference, for the back office. */
export async function findCampaignNotices(db: Db, orgId: string, campaignId: string) {
  return db
    .select({ notice: changeNotices, reference: contracts.reference, contractStatus: contracts.status })
    .from(changeNotices)
    .innerJoin(contracts, eq(contracts.id, changeNotices.contractId))
    .where(and(eq(changeNotices.orgId, orgId), eq(changeNotices.campaignId, campaignId)))
    .orderBy(changeNotices.sendOn, changeNotices.id)
    .limit(500);
}

export async function lockNotice(tx: Db, orgId: string, id: string): Promise<ChangeNoticeRow | undefined> {
  const [row] = await tx
    .select()
    .from(changeNotices)
    .where(and(eq(changeNotices.orgId, orgId), eq(changeNotices.id, id)))
    .for('update', { skipLocked: true });
  return row;
}

export async function updateNotice(tx: Db, orgId: string, id: string, set: Partial<typeof changeNotices.$inferInsert>): Promise<void> {
  await tx
    .update(changeNotices)
    .set(set)
    .where(and(eq(changeNotices.orgId, orgId), eq(changeNotices.id, id)));
}

export async function findNoticesOfCustomer(db: Db, orgId: string, customerId: string): Promise<ChangeNoticeRow[]> {
  return findNotices(db, orgId, { customerId });
}

/** The contract a notice is about: its state, reference and address (read through the contracts table, no verb of that module). */
export async function findContractOfNotice(db: Db, orgId: string, contractId: string) {
  const [row] = await db
    .select({
      id: contracts.id,
      customerId: contracts.customerId,
      reference: contracts.reference,
      status: contracts.status,
      emailEnc: contracts.emailEnc,
      offerVersionId: contracts.offerVersionId,
    })
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, contractId)));
  return row;
}

/** A notice whose last lawful sending day passed without it. */
export type LateNotice = Pick<ChangeNoticeRow, 'id' | 'campaignId' | 'contractId' | 'status' | 'sendBy' | 'ruleRef'>;

/**
 * Notices still planned, or refused by the contact guard, once their `send_by` day is before
 * `today`, oldest first, from after `after`. None can have been sent after that day (the table's
 * check change_notices_in_time refuses it); cancelled notices announce no change.
 */
export async function findLateNotices(
  db: Db,
  orgId: string,
  today: string,
  limit: number,
  after?: { sendBy: string; id: string },
): Promise<LateNotice[]> {
  return db
    .select({
      id: changeNotices.id,
      campaignId: changeNotices.campaignId,
      contractId: changeNotices.contractId,
      status: changeNotices.status,
      sendBy: changeNotices.sendBy,
      ruleRef: changeNotices.ruleRef,
    })
    .from(changeNotices)
    .where(
      and(
        eq(changeNotices.orgId, orgId),
        inArray(changeNotices.status, ['planned', 'refused']),
        sql`${changeNotices.sendBy} < ${today}::date`,
        after ? sql`(${changeNotices.sendBy}, ${changeNotices.id}) > (${after.sendBy}::date, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(changeNotices.sendBy, changeNotices.id)
    .limit(limit);
}
