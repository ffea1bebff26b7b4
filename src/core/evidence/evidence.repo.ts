import { and, eq, exists, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { complaints } from '../complaints/complaints.tables.ts';
import { campaignDecisions, campaignRecipients, campaignScrubs, campaigns, decisionEvidence } from '../contact/campaign.tables.ts';
import { contactAttempts } from '../contact/contact.tables.ts';

/** The complaint a reference names in the organisation: its id and its customer. */
export async function findComplaintByReference(db: Db, orgId: string, reference: string): Promise<{ id: string; customerId: string } | undefined> {
  const [row] = await db
    .select({ id: complaints.id, customerId: complaints.customerId })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), eq(complaints.reference, reference)));
  return row;
}

export type CampaignRow = typeof campaigns.$inferSelect;

export async function findCampaign(db: Db, orgId: string, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)));
  return row;
}

/**
 * The contact attempts a campaign accounts for. An attempt names its campaign only when the
 * campaign made it (source `campaign`, source_ref = its id); a dialer's or an agent's attempt does
 * not, so the others are attributed by what the campaign fixed: one of its recipients, on its
 * channel, for its purpose, at or after its send instant (the first instant it may start).
 */
function campaignAttempts(campaign: CampaignRow): SQL {
  const recipient = exists(
    sql`(select 1 from ${campaignRecipients} where ${campaignRecipients.campaignId} = ${campaign.id} and ${campaignRecipients.orgId} = ${campaign.orgId} and ${campaignRecipients.customerId} = ${contactAttempts.customerId})`,
  );
  return and(
    eq(contactAttempts.orgId, campaign.orgId),
    or(
      and(eq(contactAttempts.source, 'campaign'), eq(contactAttempts.sourceRef, campaign.id)),
      and(eq(contactAttempts.channel, campaign.channel), eq(contactAttempts.purpose, campaign.purpose), gte(contactAttempts.occurredAt, campaign.scheduledAt), recipient),
    ),
  )!;
}

/** Every record of a campaign: its audience (ids and file lines), each scrub with its decisions, the attempts it accounts for. */
export async function findCampaignRecords(db: Db, campaign: CampaignRow) {
  const { orgId, id } = campaign;
  const [recipients, scrubs, decisions, attempts] = await Promise.all([
    db
      .select({ customerId: campaignRecipients.customerId, line: campaignRecipients.line })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.orgId, orgId), eq(campaignRecipients.campaignId, id)))
      .orderBy(campaignRecipients.line),
    db
      .select()
      .from(campaignScrubs)
      .where(and(eq(campaignScrubs.orgId, orgId), eq(campaignScrubs.campaignId, id)))
      .orderBy(campaignScrubs.createdAt),
    db
      .select({
        scrubId: campaignDecisions.scrubId,
        customerId: campaignDecisions.customerId,
        allowed: campaignDecisions.allowed,
        reasons: campaignDecisions.reasons,
        rules: campaignDecisions.rules,
        consentEvents: campaignDecisions.consentEvents,
        restrictions: campaignDecisions.restrictions,
        attempts: campaignDecisions.attempts,
        oppositionLists: campaignDecisions.oppositionLists,
      })
      .from(campaignDecisions)
      .innerJoin(campaignScrubs, eq(campaignScrubs.id, campaignDecisions.scrubId))
      .where(and(eq(campaignDecisions.orgId, orgId), eq(campaignScrubs.orgId, orgId), eq(campaignScrubs.campaignId, id)))
      .orderBy(campaignScrubs.createdAt, campaignDecisions.customerId),
    db.select().from(contactAttempts).where(campaignAttempts(campaign)).orderBy(contactAttempts.occurredAt, contactAttempts.id),
  ]);
  return {
    recipients,
    scrubs,
    // Each decision's evidence as the guard gave it (one object, as before the columns were split).
    decisions: decisions.map(({ consentEvents, restrictions, attempts: attemptIds, oppositionLists, ...d }) => ({
      ...d,
      evidence: decisionEvidence({ reasons: d.reasons, consentEvents, restrictions, attempts: attemptIds, oppositionLists }),
    })),
    attempts,
  };
}

/**
 * Every audit event about the given records: targeted at one of them, or naming one in its
 * payload (`customerId`, `complaintId`), in chain order.
 */
export async function findEventsAbout(db: Db, orgId: string, ids: readonly string[]) {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, orgId),
        or(
          inArray(auditEvents.targetId, [...ids]),
          inArray(sql<string>`${auditEvents.payload}->>'customerId'`, [...ids]),
          inArray(sql<string>`${auditEvents.payload}->>'complaintId'`, [...ids]),
        ),
      ),
    )
    .orderBy(auditEvents.shard, auditEvents.seq);
}

/**
 * Every audit event about a campaign: targeted at it or naming it (`campaignId`: creation, scrubs,
 * exports), and the recording of each attempt it accounts for (`attemptId`), in chain order. The
 * attempts are selected in the database, not passed as ids: an audience can be larger than a
 * statement's parameters.
 */
export async function findCampaignEvents(db: Db, campaign: CampaignRow) {
  const attemptIds = db.select({ id: sql<string>`${contactAttempts.id}::text` }).from(contactAttempts).where(campaignAttempts(campaign));
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.orgId, campaign.orgId),
        or(
          eq(auditEvents.targetId, campaign.id),
          sql`${auditEvents.payload}->>'campaignId' = ${campaign.id}`,
          and(eq(auditEvents.type, 'contact.attempt_recorded'), inArray(sql<string>`${auditEvents.payload}->>'attemptId'`, attemptIds)),
        ),
      ),
    )
    .orderBy(auditEvents.shard, auditEvents.seq);
}
