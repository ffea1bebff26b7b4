/** Queries of campaigns, their audiences and scrubs; always tenant-scoped, never authorizes. */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { customers } from '../customers/customers.tables.ts';
import { campaignDecisions, campaignRecipients, campaignScrubs, campaigns } from './campaign.tables.ts';
import { contactAttempts, oppositionEntries } from './contact.tables.ts';
import type { ContactChannel, ContactOutcome, ContactPurpose } from './contact.policy.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignScrubRow = typeof campaignScrubs.$inferSelect;
export type CampaignDecisionRow = typeof campaignDecisions.$inferSelect;

// Rows per statement when writing an audience or a scrub's decisions (one parameter per column).
const WRITE_CHUNK = 10_000;

export async function insertCampaign(
  db: Db,
  values: typeof campaigns.$inferInsert,
  recipients: readonly { customerId: string; line: number }[],
): Promise<CampaignRow> {
  const [row] = await db.insert(campaigns).values(values).returning();
  for (let i = 0; i < recipients.length; i += WRITE_CHUNK)
    await bulkInsert(
      db,
      campaignRecipients,
      recipients
        .slice(i, i + WRITE_CHUNK)
        .map((r) => ({ campaignId: row!.id, orgId: values.orgId, customerId: r.customerId, line: r.line })),
    );
  return row!;
}

/** The organisation's campaigns, newest first. */
export async function findCampaigns(db: Db, orgId: string, limit = 500): Promise<CampaignRow[]> {
  return db.select().from(campaigns).where(eq(campaigns.orgId, orgId)).orderBy(desc(campaigns.createdAt)).limit(limit);
}

export async function findCampaign(db: Db, orgId: string, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)));
  return row;
}

/** A recipient of a scrub batch and what the guard reads of their customer row (null when gone). */
export interface AudienceMember {
  customerId: string;
  customer: { id: string; timezone: string; phoneLookup: string | null; erasedAt: Date | null } | null;
}

/**
 * The rows of a batch: customer ids after `after` (exclusive) up to `through` (inclusive), as
 * bounds on `column` (every table read names them, so each is read by an index range, not
 * scanned from its start).
 */
function range(column: SQL, after: string | null, through: string | null): SQL {
  return sql.join(
    [
      ...(after === null ? [sql`true`] : [sql`${column} > ${after}`]),
      ...(through === null ? [] : [sql`${column} <= ${through}`]),
    ],
    sql` and `,
  );
}

/**
 * The next `limit` recipients of a campaign by customer id after `after` (null: from the start),
 * each with the columns of their customer row the guard reads: a scrub walks its audience in
 * batches through the primary key, so memory stays bounded and no query carries thousands of ids.
 */
export async function findAudienceBatch(db: Db, orgId: string, campaignId: string, after: string | null, limit: number): Promise<AudienceMember[]> {
  const rows = await queryRows<{ customerId: string; id: string | null; timezone: string | null; phoneLookup: string | null; erasedMs: number | null }>(
    db,
    sql`select r.customer_id as "customerId", c.id as "id", c.timezone as "timezone", c.phone_lookup as "phoneLookup",
               (extract(epoch from c.erased_at) * 1000)::float8 as "erasedMs"
        from ${campaignRecipients} r left join ${customers} c on c.org_id = r.org_id and c.id = r.customer_id and ${range(sql`c.id`, after, null)}
        where r.org_id = ${orgId} and r.campaign_id = ${campaignId} and ${range(sql`r.customer_id`, after, null)}
        order by r.customer_id limit ${limit}`,
  );
  return rows.map((r) => ({
    customerId: r.customerId,
    customer:
      r.id === null
        ? null
        : { id: r.id, timezone: r.timezone!, phoneLookup: r.phoneLookup, erasedAt: r.erasedMs === null ? null : new Date(Number(r.erasedMs)) },
  }));
}

/** A phone row of the history of a batch's recipients. */
export interface AudienceHistoryRow {
  customerId: string;
  id: string;
  channel: ContactChannel;
  purpose: ContactPurpose;
  outcome: ContactOutcome;
  occurredAt: Date;
}

/** The phone history from `since` through `until` (inclusive) of the recipients (after, through], per subject oldest first. */
export async function findAudiencePhoneHistory(
  db: Db,
  orgId: string,
  campaignId: string,
  after: string | null,
  through: string,
  since: Date,
  until: Date,
): Promise<AudienceHistoryRow[]> {
  const rows = await queryRows<Omit<AudienceHistoryRow, 'occurredAt'> & { atMs: number }>(
    db,
    sql`select h.customer_id as "customerId", h.id as "id", h.channel as "channel", h.purpose as "purpose", h.outcome as "outcome",
               (extract(epoch from h.occurred_at) * 1000)::float8 as "atMs"
        from ${contactAttempts} h join ${campaignRecipients} r
          on r.org_id = h.org_id and r.campaign_id = ${campaignId} and r.customer_id = h.customer_id and ${range(sql`r.customer_id`, after, through)}
        where h.org_id = ${orgId} and ${range(sql`h.customer_id`, after, through)} and h.channel = 'phone'
          and h.occurred_at >= ${since.toISOString()}::timestamptz and h.occurred_at <= ${until.toISOString()}::timestamptz
        order by h.customer_id, h.occurred_at`,
  );
  return rows.map(({ atMs, ...r }) => ({ ...r, occurredAt: new Date(Number(atMs)) }));
}

/** Which recipients (after, through] have their number on which of these opposition list extracts. */
export async function findAudienceListed(
  db: Db,
  orgId: string,
  campaignId: string,
  after: string | null,
  through: string,
  listIds: readonly string[],
): Promise<{ customerId: string; listId: string }[]> {
  if (listIds.length === 0) return [];
  return queryRows(
    db,
    sql`select r.customer_id as "customerId", e.list_id as "listId"
        from ${campaignRecipients} r join ${customers} c on c.org_id = r.org_id and c.id = r.customer_id and ${range(sql`c.id`, after, through)}
        join ${oppositionEntries} e on e.number_hash = c.phone_lookup
        where r.org_id = ${orgId} and r.campaign_id = ${campaignId} and ${range(sql`r.customer_id`, after, through)}
          and e.list_id in (${sql.join(
            listIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
  );
}

export async function isRecipient(db: Db, orgId: string, campaignId: string, customerId: string): Promise<boolean> {
  const rows = await db
    .select({ id: campaignRecipients.customerId })
    .from(campaignRecipients)
    .where(
      and(
        eq(campaignRecipients.orgId, orgId),
        eq(campaignRecipients.campaignId, campaignId),
        eq(campaignRecipients.customerId, customerId),
      ),
    );
  return rows.length > 0;
}

export async function insertScrub(db: Db, values: typeof campaignScrubs.$inferInsert): Promise<CampaignScrubRow> {
  const [row] = await db.insert(campaignScrubs).values(values).returning();
  return row!;
}

/**
 * Writes a batch of a scrub's decisions in one statement: one typed array per column, built
 * straight from the decisions (no row objects, no per-value mapping); the scrub and organisation
 * are bound once, and the JSON of the reasons and rules lists, which repeat across a campaign
 * (a handful of distinct lists), is written once per distinct list.
 */
export async function insertDecisions(
  db: Db,
  orgId: string,
  scrubId: string,
  decisions: readonly { customerId: string; allowed: boolean; reasons: readonly string[]; rules: readonly string[]; evidence: object }[],
): Promise<void> {
  const json = new Map<readonly string[], string>();
  const byContent = new Map<string, string>();
  // Lists are often the same array (a reason's rule list) or equal ones: keyed by identity, then by content.
  const textOf = (list: readonly string[]): string => {
    let text = json.get(list);
    if (text === undefined) {
      const key = list.join('\u0000');
      text = byContent.get(key);
      if (text === undefined) byContent.set(key, (text = JSON.stringify(list)));
      json.set(list, text);
    }
    return text;
  };
  for (let i = 0; i < decisions.length; i += WRITE_CHUNK) {
    const n = Math.min(WRITE_CHUNK, decisions.length - i);
    const customerIds = new Array<string>(n);
    const allowed = new Array<boolean>(n);
    const reasons = new Array<string>(n);
    const rules = new Array<string>(n);
    const evidence = new Array<string>(n);
    for (let k = 0; k < n; k++) {
      const d = decisions[i + k]!;
      customerIds[k] = d.customerId;
      allowed[k] = d.allowed;
      reasons[k] = textOf(d.reasons);
      rules[k] = textOf(d.rules);
      evidence[k] = JSON.stringify(d.evidence);
    }
    await db.execute(
      sql`insert into ${campaignDecisions} (scrub_id, org_id, customer_id, allowed, reasons, rules, evidence)
          select ${scrubId}::uuid, ${orgId}::uuid, c, a, r::jsonb, u::jsonb, e::jsonb
          from unnest(${sql.param(customerIds)}::uuid[], ${sql.param(allowed)}::boolean[], ${sql.param(reasons)}::text[], ${sql.param(rules)}::text[], ${sql.param(evidence)}::text[]) as t(c, a, r, u, e)`,
    );
  }
}

/** The counts of a scrub, once every decision is written. */
export async function completeScrub(
  db: Db,
  orgId: string,
  id: string,
  counts: Pick<CampaignScrubRow, 'recipients' | 'allowed' | 'byReason'>,
): Promise<CampaignScrubRow> {
  const [row] = await db
    .update(campaignScrubs)
    .set(counts)
    .where(and(eq(campaignScrubs.orgId, orgId), eq(campaignScrubs.id, id)))
    .returning();
  return row!;
}

/** A campaign's scrubs, newest first. */
export async function findScrubs(db: Db, orgId: string, campaignId: string): Promise<CampaignScrubRow[]> {
  return db
    .select()
    .from(campaignScrubs)
    .where(and(eq(campaignScrubs.orgId, orgId), eq(campaignScrubs.campaignId, campaignId)))
    .orderBy(desc(campaignScrubs.createdAt));
}

/** The latest scrub of each of these campaigns. */
export async function findLatestScrubs(db: Db, orgId: string, campaignIds: readonly string[]): Promise<Map<string, CampaignScrubRow>> {
  const out = new Map<string, CampaignScrubRow>();
  if (campaignIds.length === 0) return out;
  const rows = await db
    .select()
    .from(campaignScrubs)
    .where(and(eq(campaignScrubs.orgId, orgId), inArray(campaignScrubs.campaignId, [...campaignIds])))
    .orderBy(desc(campaignScrubs.createdAt));
  for (const r of rows) if (!out.has(r.campaignId)) out.set(r.campaignId, r);
  return out;
}

export async function findScrub(db: Db, orgId: string, campaignId: string, scrubId: string): Promise<CampaignScrubRow | undefined> {
  const [row] = await db
    .select()
    .from(campaignScrubs)
    .where(and(eq(campaignScrubs.orgId, orgId), eq(campaignScrubs.campaignId, campaignId), eq(campaignScrubs.id, scrubId)));
  return row;
}

/** A scrub's decisions (all, or the allowed ones only). */
export async function findDecisions(db: Db, orgId: string, scrubId: string, allowedOnly = false): Promise<CampaignDecisionRow[]> {
  return db
    .select()
    .from(campaignDecisions)
    .where(
      and(
        eq(campaignDecisions.orgId, orgId),
        eq(campaignDecisions.scrubId, scrubId),
        ...(allowedOnly ? [eq(campaignDecisions.allowed, true)] : []),
      ),
    );
}

/** Everything campaigns hold about one subject: the campaigns naming them and the decisions taken. */
export async function findSubjectCampaignData(db: Db, orgId: string, customerId: string) {
  const [recipients, decisions] = await Promise.all([
    db
      .select({
        campaignId: campaignRecipients.campaignId,
        name: campaigns.name,
        channel: campaigns.channel,
        scheduledAt: campaigns.scheduledAt,
      })
      .from(campaignRecipients)
      .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
      .where(and(eq(campaignRecipients.orgId, orgId), eq(campaignRecipients.customerId, customerId))),
    db
      .select({
        scrubId: campaignDecisions.scrubId,
        campaignId: campaignScrubs.campaignId,
        at: campaignScrubs.at,
        allowed: campaignDecisions.allowed,
        reasons: campaignDecisions.reasons,
        rules: campaignDecisions.rules,
        evidence: campaignDecisions.evidence,
      })
      .from(campaignDecisions)
      .innerJoin(campaignScrubs, eq(campaignScrubs.id, campaignDecisions.scrubId))
      .where(and(eq(campaignDecisions.orgId, orgId), eq(campaignDecisions.customerId, customerId))),
  ]);
  return { recipients, decisions };
}

/** Removes the subject from every audience and scrub of the organisation (the counts stay: they hold no one). */
export async function deleteSubject(db: Db, orgId: string, customerId: string): Promise<number> {
  const a = await db
    .delete(campaignRecipients)
    .where(and(eq(campaignRecipients.orgId, orgId), eq(campaignRecipients.customerId, customerId)))
    .returning({ id: campaignRecipients.campaignId });
  const b = await db
    .delete(campaignDecisions)
    .where(and(eq(campaignDecisions.orgId, orgId), eq(campaignDecisions.customerId, customerId)))
    .returning({ id: campaignDecisions.scrubId });
  return a.length + b.length;
}
