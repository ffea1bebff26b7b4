/** Queries of campaigns, their audiences and scrubs; always tenant-scoped, never authorizes. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { customers } from '../customers/customers.tables.ts';
import { campaignDecisions, campaignRecipients, campaignScrubs, campaigns, decisionEvidence } from './campaign.tables.ts';
import { contactAttempts, oppositionEntries, type ContactEvidence } from './contact.tables.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignScrubRow = typeof campaignScrubs.$inferSelect;
export type CampaignDecisionRow = typeof campaignDecisions.$inferSelect;

// Rows per statement when writing an audience (one parameter per column).
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

/**
 * A recipient of a scrub as the audience cursor gives it: their customer row's columns the guard
 * reads (null when the customer is gone), the opposition list extracts holding their number, and
 * their phone prospecting calls of the window, oldest first, as `id outcome epoch-ms` joined by
 * commas (one text per recipient instead of a row per call: far fewer objects to read).
 */
export interface AudienceRow {
  customerId: string;
  found: boolean;
  timezone: string | null;
  erasedMs: number | null;
  /** Ids of the extracts (among those asked) holding the number, joined by commas; '' for none. */
  listedOn: string;
  calls: string | null;
}

const AUDIENCE_CURSOR = sql.raw('campaign_scrub_audience');

/**
 * Opens, in the scrub's transaction, a cursor over the whole audience with every fact the guard
 * reads from the database, in one statement planned for the whole set: the recipients, their
 * customers, the opposition list entries and the aggregated phone history are each read once
 * (hash joins of sequential scans) instead of one index walk per batch, whose rows sit on random
 * heap pages. Rows come in no particular order (nothing depends on it). Then fetchAudience, and
 * closeAudience.
 */
export async function openAudience(
  db: Db,
  orgId: string,
  campaignId: string,
  since: Date,
  until: Date,
  listIds: readonly string[],
): Promise<void> {
  // The whole result is read: plan for it (not for its first rows), with room to hash in memory.
  await db.execute(sql`set local cursor_tuple_fraction = 1`);
  await db.execute(sql`set local work_mem = '64MB'`);
  const lists = listIds.map((id, i) => ({ id, alias: sql.raw(`e${i}`) }));
  await db.execute(
    sql`declare ${AUDIENCE_CURSOR} no scroll cursor for
        select r.customer_id as "customerId", c.id is not null as "found", c.timezone as "timezone",
               (extract(epoch from c.erased_at) * 1000)::float8 as "erasedMs",
               ${lists.length === 0 ? sql`''` : sql`concat_ws(',', ${sql.join(lists.map((l) => sql`${l.alias}.list_id`), sql`, `)})`} as "listedOn",
               h.calls as "calls"
        from ${campaignRecipients} r
        left join ${customers} c on c.org_id = r.org_id and c.id = r.customer_id
        ${sql.join(
          lists.map((l) => sql`left join ${oppositionEntries} ${l.alias} on ${l.alias}.list_id = ${l.id}::uuid and ${l.alias}.number_hash = c.phone_lookup`),
          sql` `,
        )}
        left join (
          select h.customer_id,
                 string_agg(h.id::text || ' ' || h.outcome || ' ' || (extract(epoch from h.occurred_at) * 1000)::bigint::text, ',' order by h.occurred_at, h.id) as calls
          from ${contactAttempts} h
          where h.org_id = ${orgId} and h.channel = 'phone' and h.purpose = 'prospecting'
            and h.occurred_at >= ${since.toISOString()}::timestamptz and h.occurred_at <= ${until.toISOString()}::timestamptz
            and h.customer_id in (select customer_id from ${campaignRecipients} where org_id = ${orgId} and campaign_id = ${campaignId})
          group by h.customer_id
        ) h on h.customer_id = r.customer_id
        where r.org_id = ${orgId} and r.campaign_id = ${campaignId}`,
  );
}

/** The next `count` rows of the audience cursor (fewer at its end, none past it). */
export async function fetchAudience(db: Db, count: number): Promise<AudienceRow[]> {
  return queryRows<AudienceRow>(db, sql`fetch forward ${sql.raw(String(Math.trunc(count)))} from ${AUDIENCE_CURSOR}`);
}

export async function closeAudience(db: Db): Promise<void> {
  await db.execute(sql`close ${AUDIENCE_CURSOR}`);
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

/** A decision as a scrub writes it. */
export interface DecisionToWrite {
  customerId: string;
  allowed: boolean;
  reasons: readonly string[];
  rules: readonly string[];
  evidence: Readonly<Partial<ContactEvidence>>;
}

/** A PostgreSQL array literal of these texts, each quoted (any character allowed). */
function textArrayLiteral(items: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '"' : ',"') + items[i]!.replace(/[\\"]/g, '\\$&') + '"';
  return out + '}';
}

/**
 * A uuid[] literal of these ids, written unescaped: so the whole literal is checked to hold only hex
 * digits, dashes and commas (one scan per batch instead of a pattern per id). Nothing else can then
 * reach the statement; an id of the wrong shape is refused by PostgreSQL's uuid cast.
 */
function uuidArrayLiteral(ids: readonly string[]): string {
  const literal = ids.join(',');
  if (/[^0-9a-fA-F,-]/.test(literal)) throw new Error('not a uuid among the decisions written');
  return `{${literal}}`;
}
const EVIDENCE_KEYS = ['consentEvents', 'restrictions', 'attempts', 'oppositionLists'] as const;

/**
 * Writes a batch of a scrub's decisions in one statement, with few values for PostgreSQL to parse
 * per row: the distinct (reasons, rules) pairs of the batch (a handful: they repeat across a
 * campaign) are sent once and joined by number; every evidence id of the batch is in one uuid
 * array, each row's lists being slices of it. Each column is one literal built as a single string
 * (no row objects, no per-value mapping or escaping by the driver).
 */
export async function insertDecisions(db: Db, orgId: string, scrubId: string, decisions: readonly DecisionToWrite[]): Promise<void> {
  if (decisions.length === 0) return;
  const kinds = new Map<string, number>();
  const kindReasons: string[] = [];
  const kindRules: string[] = [];
  const n = decisions.length;
  const ids = new Array<string>(n);
  const allowed = new Array<string>(n);
  const kind = new Array<number>(n);
  const evidence: string[] = [];
  // bounds[4k + j] is where list j of row k starts in `evidence` (1-based), bounds[4n] its end + 1.
  const bounds = new Array<number>(4 * n + 1);
  for (let k = 0; k < n; k++) {
    const d = decisions[k]!;
    ids[k] = d.customerId;
    allowed[k] = d.allowed ? 't' : 'f';
    const key = `${d.reasons.join(',')}\u0000${d.rules.join('\u0000')}`;
    let number = kinds.get(key);
    if (number === undefined) {
      kinds.set(key, (number = kinds.size + 1));
      kindReasons.push(textArrayLiteral(d.reasons));
      kindRules.push(textArrayLiteral(d.rules));
    }
    kind[k] = number;
    for (let j = 0; j < 4; j++) {
      bounds[4 * k + j] = evidence.length + 1;
      const list = d.evidence[EVIDENCE_KEYS[j]!];
      if (list) for (const id of list) evidence.push(id);
    }
  }
  bounds[4 * n] = evidence.length + 1;
  await db.execute(
    sql`insert into ${campaignDecisions} (scrub_id, org_id, customer_id, allowed, reasons, rules,
          evidence_consent_events, evidence_restrictions, evidence_attempts, evidence_opposition_lists)
        select ${scrubId}::uuid, ${orgId}::uuid, t.c, t.a, d.reasons, d.rules,
               p.e[p.b[4 * t.i::int4 - 3]:p.b[4 * t.i::int4 - 2] - 1], p.e[p.b[4 * t.i::int4 - 2]:p.b[4 * t.i::int4 - 1] - 1],
               p.e[p.b[4 * t.i::int4 - 1]:p.b[4 * t.i::int4] - 1], p.e[p.b[4 * t.i::int4]:p.b[4 * t.i::int4 + 1] - 1]
        from unnest(${uuidArrayLiteral(ids)}::uuid[], ${`{${allowed.join(',')}}`}::boolean[], ${`{${kind.join(',')}}`}::int4[]) with ordinality as t(c, a, k, i)
        join (select n, r::text[] as reasons, u::text[] as rules
              from unnest(${textArrayLiteral(kindReasons)}::text[], ${textArrayLiteral(kindRules)}::text[]) with ordinality as x(r, u, n)) d on d.n = t.k
        cross join (select ${uuidArrayLiteral(evidence)}::uuid[] as e, ${`{${bounds.join(',')}}`}::int4[] as b) p`,
  );
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
        consentEvents: campaignDecisions.consentEvents,
        restrictions: campaignDecisions.restrictions,
        attempts: campaignDecisions.attempts,
        oppositionLists: campaignDecisions.oppositionLists,
      })
      .from(campaignDecisions)
      .innerJoin(campaignScrubs, eq(campaignScrubs.id, campaignDecisions.scrubId))
      // Through the organisation's scrubs and the key (the table has no index by subject).
      .where(and(eq(campaignScrubs.orgId, orgId), eq(campaignDecisions.orgId, orgId), eq(campaignDecisions.customerId, customerId)))
      .orderBy(campaignScrubs.createdAt, campaignDecisions.scrubId),
  ]);
  return {
    recipients,
    decisions: decisions.map(({ consentEvents, restrictions, attempts: attemptIds, oppositionLists, ...d }) => ({
      ...d,
      evidence: decisionEvidence({ reasons: d.reasons, consentEvents, restrictions, attempts: attemptIds, oppositionLists }),
    })),
  };
}

/** Removes the subject from every audience and scrub of the organisation (the counts stay: they hold no one). */
export async function deleteSubject(db: Db, orgId: string, customerId: string): Promise<number> {
  const a = await db
    .delete(campaignRecipients)
    .where(and(eq(campaignRecipients.orgId, orgId), eq(campaignRecipients.customerId, customerId)))
    .returning({ id: campaignRecipients.campaignId });
  const b = await db
    .delete(campaignDecisions)
    .where(
      and(
        // Through the organisation's scrubs and the key (the table has no index by subject).
        inArray(campaignDecisions.scrubId, db.select({ id: campaignScrubs.id }).from(campaignScrubs).where(eq(campaignScrubs.orgId, orgId))),
        eq(campaignDecisions.orgId, orgId),
        eq(campaignDecisions.customerId, customerId),
      ),
    )
    .returning({ id: campaignDecisions.scrubId });
  return a.length + b.length;
}
