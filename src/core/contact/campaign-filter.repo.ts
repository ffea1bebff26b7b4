/**
 * Saved audience filters as SQL: the organisation's customers a filter selects, counted (preview)
 * or written straight into a campaign's audience by one INSERT ... SELECT (never row by row: a
 * filter may select hundreds of thousands of people). Always scoped to the organisation, on the
 * customers and on every table joined. Never authorizes.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { customers } from '../customers/customers.tables.ts';
import { contracts } from '../contracts/contracts.tables.ts';
import { and, eq } from 'drizzle-orm';
import { campaignRecipients, campaigns } from './campaign.tables.ts';
import { contactAttempts } from './contact.tables.ts';
import type { ContactChannel } from './contact.policy.ts';

/** A filter with its days already turned into instants (the service reads them in the organisation's zone). */
export interface FilterConditions {
  channel: ContactChannel;
  locales?: readonly string[];
  timezones?: readonly string[];
  contract: 'any' | 'active' | 'none';
  offerIds?: readonly string[];
  /** Customer created at or after / strictly before these instants. */
  createdFrom?: Date;
  createdBefore?: Date;
  /** At least one / no contact attempt (any channel) at or after these instants. */
  contactedSince?: Date;
  notContactedSince?: Date;
}

/** The address the channel needs: nobody is selected whom the campaign could not reach. */
function reachable(channel: ContactChannel): SQL {
  if (channel === 'email') return sql`c.email_lookup is not null`;
  if (channel === 'post') return sql`c.address_enc is not null`;
  return sql`c.phone_lookup is not null`;
}

const list = (values: readonly string[], type: 'text' | 'uuid') =>
  sql.join(
    values.map((v) => (type === 'uuid' ? sql`${v}::uuid` : sql`${v}`)),
    sql`, `,
  );

/** The WHERE clause over `customers c` of one organisation. */
function where(orgId: string, f: FilterConditions): SQL {
  const parts: SQL[] = [sql`c.org_id = ${orgId}`, sql`c.erased_at is null`, reachable(f.channel)];
  if (f.locales?.length) parts.push(sql`c.locale in (${list(f.locales, 'text')})`);
  if (f.timezones?.length) parts.push(sql`c.timezone in (${list(f.timezones, 'text')})`);
  if (f.createdFrom) parts.push(sql`c.created_at >= ${f.createdFrom.toISOString()}::timestamptz`);
  if (f.createdBefore) parts.push(sql`c.created_at < ${f.createdBefore.toISOString()}::timestamptz`);
  const inForce = sql`select 1 from ${contracts} k where k.org_id = c.org_id and k.customer_id = c.id and k.status = 'active'`;
  if (f.offerIds?.length) parts.push(sql`exists (${inForce} and k.offer_id in (${list(f.offerIds, 'uuid')}))`);
  else if (f.contract === 'active') parts.push(sql`exists (${inForce})`);
  if (f.contract === 'none') parts.push(sql`not exists (${inForce})`);
  const contacted = (since: Date) =>
    sql`select 1 from ${contactAttempts} h where h.org_id = c.org_id and h.customer_id = c.id and h.occurred_at >= ${since.toISOString()}::timestamptz`;
  if (f.contactedSince) parts.push(sql`exists (${contacted(f.contactedSince)})`);
  if (f.notContactedSince) parts.push(sql`not exists (${contacted(f.notContactedSince)})`);
  return sql.join(parts, sql` and `);
}

/** How many customers the filter selects now. */
export async function countFiltered(db: Db, orgId: string, f: FilterConditions): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*)::int as n from ${customers} c where ${where(orgId, f)}`);
  return Number(row?.n ?? 0);
}

/**
 * Writes the customers the filter selects into the campaign's audience, in one statement, and
 * returns how many. `line` numbers them in customer id order (a filter has no file lines; the
 * order is stable so the audience reads the same way every time).
 */
export async function insertFilteredRecipients(db: Db, orgId: string, campaignId: string, f: FilterConditions): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`with written as (
          insert into ${campaignRecipients} (campaign_id, org_id, customer_id, line)
          select ${campaignId}::uuid, c.org_id, c.id, (row_number() over (order by c.id))::int
          from ${customers} c where ${where(orgId, f)}
          returning 1)
        select count(*)::int as n from written`,
  );
  return Number(row?.n ?? 0);
}

/** The audience count of a campaign once its filter's people are written. */
export async function setRecipients(db: Db, orgId: string, id: string, recipients: number): Promise<typeof campaigns.$inferSelect> {
  const [row] = await db
    .update(campaigns)
    .set({ recipients })
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)))
    .returning();
  return row!;
}
