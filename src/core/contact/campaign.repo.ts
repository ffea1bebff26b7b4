/** Queries of campaigns, their audiences and scrubs; always tenant-scoped, never authorizes. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import type { Db } from '../../db/client.ts';
import { campaignDecisions, campaignRecipients, campaignScrubs, campaigns } from './campaign.tables.ts';

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

/** The customer ids of a campaign's audience, in file order. */
export async function findRecipientIds(db: Db, orgId: string, campaignId: string): Promise<string[]> {
  const rows = await db
    .select({ id: campaignRecipients.customerId })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.orgId, orgId), eq(campaignRecipients.campaignId, campaignId)))
    .orderBy(asc(campaignRecipients.line));
  return rows.map((r) => r.id);
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

export async function insertScrub(
  db: Db,
  values: typeof campaignScrubs.$inferInsert,
  decisions: readonly Omit<typeof campaignDecisions.$inferInsert, 'scrubId'>[],
): Promise<CampaignScrubRow> {
  const [row] = await db.insert(campaignScrubs).values(values).returning();
  for (let i = 0; i < decisions.length; i += WRITE_CHUNK)
    await bulkInsert(
      db,
      campaignDecisions,
      decisions.slice(i, i + WRITE_CHUNK).map((d) => ({ ...d, scrubId: row!.id })),
    );
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
