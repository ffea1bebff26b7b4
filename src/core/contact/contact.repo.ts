/** Queries of the contact history; always tenant-scoped, never authorizes. */
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { bulkInsert } from '../../db/bulk.ts';
import { queryRows, type Db } from '../../db/client.ts';
import { customers } from '../customers/customers.tables.ts';
import { contactAttempts, oppositionEntries, oppositionLists } from './contact.tables.ts';
import type { HistoryRow } from './contact.policy.ts';

export type ContactAttemptRow = typeof contactAttempts.$inferSelect;

export async function insertAttempt(db: Db, values: typeof contactAttempts.$inferInsert): Promise<ContactAttemptRow> {
  const [row] = await db.insert(contactAttempts).values(values).returning();
  return row!;
}

/** What one decision reads of its subject (see findSubjectFacts). */
export interface OneSubjectFacts {
  customer: { id: string; timezone: string; phoneLookup: string | null; erasedAt: Date | null };
  /** Phone rows from `since` through `until` (or on), oldest first (empty when no window was asked). */
  history: readonly HistoryRow[];
  /** The extracts among those asked that hold the customer's number. */
  listedOn: readonly string[];
}

/**
 * The customer row's columns the guard reads, their phone history in a window and the opposition
 * list extracts (among `listIds`) holding their number, in ONE statement: an ad-hoc decision is a
 * single round trip (the rest comes from the consent index and the cached settings).
 */
export async function findSubjectFacts(
  db: Db,
  orgId: string,
  customerId: string,
  phoneWindow: { since: Date; until: Date | null } | null,
  listIds: readonly string[],
): Promise<OneSubjectFacts | undefined> {
  return (await findSubjectsFacts(db, orgId, [customerId], phoneWindow, listIds)).get(customerId);
}

/**
 * {@link findSubjectFacts} for many subjects in ONE statement (a batch of ad-hoc checks), each
 * with the same window and extracts; subjects of other organisations are not found.
 */
export async function findSubjectsFacts(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  phoneWindow: { since: Date; until: Date | null } | null,
  listIds: readonly string[],
): Promise<Map<string, OneSubjectFacts>> {
  const out = new Map<string, OneSubjectFacts>();
  if (customerIds.length === 0) return out;
  const history = phoneWindow
    ? sql`(select coalesce(json_agg(json_build_array(h.id, h.purpose, h.outcome, (extract(epoch from h.occurred_at) * 1000)::float8) order by h.occurred_at), '[]')::text
           from ${contactAttempts} h
           where h.org_id = c.org_id and h.customer_id = c.id and h.channel = 'phone'
             and h.occurred_at >= ${phoneWindow.since.toISOString()}::timestamptz
             ${phoneWindow.until ? sql`and h.occurred_at <= ${phoneWindow.until.toISOString()}::timestamptz` : sql``})`
    : sql`'[]'`;
  const listed =
    listIds.length > 0
      ? sql`(select coalesce(json_agg(e.list_id), '[]')::text from ${oppositionEntries} e
             where e.number_hash = c.phone_lookup and e.list_id in (${sql.join(
               listIds.map((id) => sql`${id}::uuid`),
               sql`, `,
             )}))`
      : sql`'[]'`;
  // One array parameter, not one per subject (a uuid holds no comma, brace or quote; anything else fails the cast).
  const ids = [...new Set(customerIds)];
  const rows = await queryRows<{ id: string; timezone: string; phoneLookup: string | null; erasedMs: number | null; history: string; listed: string }>(
    db,
    sql`select c.id as "id", c.timezone as "timezone", c.phone_lookup as "phoneLookup",
               (extract(epoch from c.erased_at) * 1000)::float8 as "erasedMs", ${history} as "history", ${listed} as "listed"
        from ${customers} c
        where c.org_id = ${orgId} and c.id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  for (const row of rows) {
    out.set(row.id, {
      customer: { id: row.id, timezone: row.timezone, phoneLookup: row.phoneLookup, erasedAt: row.erasedMs === null ? null : new Date(Number(row.erasedMs)) },
      history: (JSON.parse(row.history) as [string, HistoryRow['purpose'], HistoryRow['outcome'], number][]).map(([id, purpose, outcome, atMs]) => ({
        id,
        channel: 'phone',
        purpose,
        outcome,
        occurredAt: new Date(atMs),
      })),
      listedOn: JSON.parse(row.listed) as string[],
    });
  }
  return out;
}

/** The phone rows of many subjects from `since` through `until` (inclusive), oldest first. */
export async function findPhoneHistoryOfSubjects(
  db: Db,
  orgId: string,
  customerIds: readonly string[],
  since: Date,
  until: Date,
): Promise<ContactAttemptRow[]> {
  if (customerIds.length === 0) return [];
  return db
    .select()
    .from(contactAttempts)
    .where(
      and(
        eq(contactAttempts.orgId, orgId),
        inArray(contactAttempts.customerId, [...customerIds]),
        eq(contactAttempts.channel, 'phone'),
        gte(contactAttempts.occurredAt, since),
        lte(contactAttempts.occurredAt, until),
      ),
    )
    .orderBy(contactAttempts.occurredAt);
}

/**
 * Inserts imported attempts, skipping those whose import key is already there (the same file
 * uploaded again, or a concurrent upload): the rows written come back.
 */
export async function insertImportedAttempts(
  db: Db,
  values: readonly (typeof contactAttempts.$inferInsert)[],
): Promise<ContactAttemptRow[]> {
  if (values.length === 0) return [];
  return db
    .insert(contactAttempts)
    .values([...values])
    .onConflictDoNothing({ target: [contactAttempts.orgId, contactAttempts.importKey] })
    .returning();
}

/** The import keys among `keys` already in the history. */
export async function findImportKeys(db: Db, orgId: string, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 5_000) {
    const rows = await db
      .select({ key: contactAttempts.importKey })
      .from(contactAttempts)
      .where(and(eq(contactAttempts.orgId, orgId), inArray(contactAttempts.importKey, keys.slice(i, i + 5_000))));
    for (const r of rows) if (r.key) found.add(r.key);
  }
  return found;
}

/** The subject's history, newest first. */
export async function findAttempts(db: Db, orgId: string, customerId: string, limit = 200): Promise<ContactAttemptRow[]> {
  return db
    .select()
    .from(contactAttempts)
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.customerId, customerId)))
    .orderBy(desc(contactAttempts.occurredAt))
    .limit(limit);
}

export async function deleteSubject(db: Db, orgId: string, customerId: string): Promise<number> {
  const gone = await db
    .delete(contactAttempts)
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.customerId, customerId)))
    .returning({ id: contactAttempts.id });
  return gone.length;
}

export type OppositionListRow = typeof oppositionLists.$inferSelect;

/** The organisation's opposition list extracts, newest extract first. */
export async function findOppositionLists(db: Db, orgId: string): Promise<OppositionListRow[]> {
  return db
    .select()
    .from(oppositionLists)
    .where(eq(oppositionLists.orgId, orgId))
    .orderBy(desc(oppositionLists.extractedOn), desc(oppositionLists.createdAt));
}

export async function insertOppositionList(db: Db, values: typeof oppositionLists.$inferInsert): Promise<OppositionListRow> {
  const [row] = await db.insert(oppositionLists).values(values).returning();
  return row!;
}

/** Adds numbers (keyed hashes) to an extract; a number twice in a file is kept once. */
export async function insertOppositionEntries(db: Db, listId: string, hashes: readonly string[]): Promise<void> {
  await bulkInsert(
    db,
    oppositionEntries,
    hashes.map((numberHash) => ({ listId, numberHash })),
    { onConflictDoNothing: true },
  );
}

/** Numbers loaded so far into an extract still `loading`: the progress the back office shows while it loads. */
export async function noteOppositionProgress(db: Db, orgId: string, id: string, loaded: number): Promise<void> {
  await db
    .update(oppositionLists)
    .set({ entries: loaded })
    .where(and(eq(oppositionLists.orgId, orgId), eq(oppositionLists.id, id), eq(oppositionLists.status, 'loading')));
}

export async function completeOppositionList(db: Db, orgId: string, id: string, rejected: number, at: Date): Promise<OppositionListRow> {
  const [row] = await db
    .update(oppositionLists)
    .set({ status: 'ready', rejected, completedAt: at, entries: sql`(select count(*)::int from opposition_entries where list_id = ${id})` })
    .where(and(eq(oppositionLists.orgId, orgId), eq(oppositionLists.id, id)))
    .returning();
  return row!;
}

/** Which of these number hashes are on the extract. */
export async function listedAmong(db: Db, listId: string, hashes: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 5_000) {
    const rows = await db
      .select({ h: oppositionEntries.numberHash })
      .from(oppositionEntries)
      .where(and(eq(oppositionEntries.listId, listId), inArray(oppositionEntries.numberHash, hashes.slice(i, i + 5_000))));
    for (const r of rows) found.add(r.h);
  }
  return found;
}

/**
 * Prospecting attempts the rules refused at their time but that were made all the same (recorded
 * flagged, or imported from a dialer's log), oldest first: a contact without a valid decision.
 * A page of `limit` after the attempt `after` (keyset: time, then id), so a reader can walk them all.
 */
export async function findRefusedProspecting(
  db: Db,
  orgId: string,
  limit: number,
  after?: { occurredAt: Date; id: string },
): Promise<Pick<ContactAttemptRow, 'id' | 'customerId' | 'channel' | 'occurredAt' | 'reasons'>[]> {
  return db
    .select({ id: contactAttempts.id, customerId: contactAttempts.customerId, channel: contactAttempts.channel, occurredAt: contactAttempts.occurredAt, reasons: contactAttempts.reasons })
    .from(contactAttempts)
    .where(
      and(
        eq(contactAttempts.orgId, orgId),
        eq(contactAttempts.purpose, 'prospecting'),
        eq(contactAttempts.allowed, false),
        after ? sql`(${contactAttempts.occurredAt}, ${contactAttempts.id}) > (${after.occurredAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(contactAttempts.occurredAt, contactAttempts.id)
    .limit(limit);
}
