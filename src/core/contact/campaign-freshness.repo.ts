/**
 * Whether a fact a scrub read has changed since it was taken, for a campaign's recipients: the
 * query behind a stale scrub (campaign.policy.ts scrubFreshness). Tenant-scoped; never authorizes.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { consentEvents, consentRestrictions } from '../consent/consent.tables.ts';
import { campaignRecipients } from './campaign.tables.ts';
import { contactAttempts, oppositionLists } from './contact.tables.ts';

/**
 * True when, since `since` (the scrub's own creation stamp, taken by the database like the stamps
 * compared to it), a recipient of the campaign got a consent event (given, withdrawn, out-of-hours
 * consent), a restriction or objection, or a contact attempt (a refusal, or one more call
 * toward the cap), or, for a phone campaign, an opposition list extract was loaded. These are
 * every fact a decision reads besides the instant, so when none moved a new scrub at the same
 * instant would decide the same: the scrub stands. Each test is an EXISTS through the
 * recipients' (org, customer) indexes and stops at the first change found.
 */
export async function factsChangedSince(db: Db, orgId: string, campaignId: string, since: Date, phone: boolean): Promise<boolean> {
  const t = since.toISOString();
  const recipient = (table: typeof consentEvents | typeof consentRestrictions | typeof contactAttempts, stamp: string) =>
    sql`exists (select 1 from ${campaignRecipients} r join ${table} x on x.org_id = r.org_id and x.customer_id = r.customer_id
          where r.org_id = ${orgId} and r.campaign_id = ${campaignId} and ${sql.raw(`x.${stamp}`)} > ${t}::timestamptz)`;
  const [row] = await queryRows<{ changed: boolean }>(
    db,
    sql`select (${recipient(consentEvents, 'created_at')}
             or ${recipient(consentRestrictions, 'created_at')}
             or ${recipient(contactAttempts, 'created_at')}
             or (${phone} and exists (select 1 from ${oppositionLists} l where l.org_id = ${orgId}
                   and (l.created_at > ${t}::timestamptz or l.completed_at > ${t}::timestamptz)))) as "changed"`,
  );
  return row?.changed === true;
}
