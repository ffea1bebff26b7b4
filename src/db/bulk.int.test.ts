/**
 * bulk.ts writes many rows in one `insert … select from unnest(…)` with one array parameter per
 * column. What it stores and what it returns must be exactly what Drizzle's own insert stores and
 * returns for the same rows: the arrays travel through the driver's array syntax (quotes, braces,
 * commas, backslashes, NULL) and JSON travels as text, where a difference would hide.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../runtime.ts';
import { getTestRuntime } from './testing/runtime.ts';
import { createTestOrg } from './testing/factories.ts';
import { bulkInsert, bulkInsertReturning } from './bulk.ts';
import { jobs } from './schema.ts';
import { customers } from '../core/customers/customers.tables.ts';
import { complaintEvents, complaints, type StoredTriage } from '../core/complaints/complaints.tables.ts';

let rt: Runtime;

beforeAll(async () => {
  rt = await getTestRuntime();
});

/** Text that array literals and JSON must carry unchanged (no NUL: PostgreSQL text cannot hold it). */
const TRICKY = [
  '',
  ' ',
  'NULL',
  'null',
  'a,b',
  '{braces}',
  '{"a":1}',
  '"double" quotes',
  "l'apostrophe",
  'back\\slash \\" \\\\',
  'tab\tnew\nline\rreturn',
  '  padded  ',
  '(1,2)',
  'Réclamation « urgente » — 日本語 😀 \u2028',
];

/** A nested JSON value with every kind of JSON, and the same awkward text as keys and values. */
const NESTED = {
  text: TRICKY,
  'clé "citée" \\ {x}': { 'a,b': { deep: [1, 2.5, -3, 0, 1e21, true, false, null, '', 'NULL', { empty: {}, list: [] }] } },
  unicode: 'é日本😀',
  json: '{"not":"parsed"}',
};

const triage = (label: string): StoredTriage => {
  const task = { label, confidence: 0.625, probabilities: { [label]: 0.625, other: 0.375 }, reasons: TRICKY.map((text, i) => ({ kind: i % 2 ? ('word' as const) : ('signal' as const), text, weight: i / 8 - 1 })) };
  return { model: 'nb-1 "test" \\ v2', language: 'fr', evidence: 3, category: task, urgency: { ...task, label: 'urgent' }, sentiment: { ...task, label: 'negative' } };
};

async function customerOf(orgId: string): Promise<string> {
  const [row] = await rt.deps.db.insert(customers).values({ orgId, emailLookup: randomUUID(), locale: 'fr', timezone: 'Europe/Paris' }).returning({ id: customers.id });
  if (!row) throw new Error('no customer');
  return row.id;
}

/** Complaint rows alike but for their keys (id, reference, tracking hash), one per awkward text. */
function complaintRows(orgId: string, customerId: string, assigneeId: string): (typeof complaints.$inferInsert)[] {
  const at = new Date('2026-03-01T10:20:30.123Z');
  return TRICKY.map((text, i) => ({
    id: randomUUID(),
    orgId,
    reference: `REC-2026-${randomUUID()}`,
    trackingHash: randomUUID(),
    customerId,
    channel: 'portal',
    category: 'billing',
    // Null in some rows and set in others: the same columns are set, with or without a value.
    severity: i % 3 === 0 ? null : 'high',
    triage: i % 4 === 0 ? null : triage(text || 'billing'),
    language: 'fr',
    timezone: i % 2 ? 'Pacific/Auckland' : 'Europe/Paris',
    descriptionEnc: text,
    remedySoughtEnc: i % 2 ? null : `${text}|${text}`,
    assigneeId: i % 2 ? assigneeId : null,
    reviewReason: i === 1 ? 'contact_rate' : null,
    receivedAt: new Date(at.getTime() + i * 1001),
    ackDueOn: `2026-03-${String(10 + i).padStart(2, '0')}`,
    answerDueOn: '2026-05-01',
    ackWarnAt: at,
    answerWarnAt: new Date('1999-12-31T23:59:59.999Z'),
    slaAckBusinessDays: i,
    slaAnswerAmount: 2 - i,
    pausedAnswerCalendarDays: 2_000_000_000 + i,
    manualAck: i % 2 === 0,
    acknowledgedAt: i % 2 ? at : null,
    satisfaction: i % 2 ? 5 : null,
    createdAt: at,
    updatedAt: at,
  }));
}

/** Rows in the order of `ids`, without the keys that necessarily differ between two inserts. */
function normalised<T extends Record<string, unknown>>(rows: readonly T[], ids: readonly unknown[], keys: readonly (keyof T)[]): Record<string, unknown>[] {
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`row ${String(id)} missing`);
    return Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
  });
}

describe('bulkInsertReturning', () => {
  it('stores and returns complaints exactly as Drizzle’s own insert does (uuid, text, jsonb, timestamptz, smallint, integer, boolean, null, defaults)', async () => {
    const org = await createTestOrg(rt);
    const customerId = await customerOf(org.id);
    const assigneeId = randomUUID();
    const viaBulk = complaintRows(org.id, customerId, assigneeId);
    const viaDrizzle = viaBulk.map((row) => ({ ...row, id: randomUUID(), reference: `REC-2026-${randomUUID()}`, trackingHash: randomUUID() }));
    const keys = ['id', 'reference', 'trackingHash'] as const;

    const bulk = await bulkInsertReturning(rt.deps.db, complaints, viaBulk);
    const drizzle = await rt.deps.db.insert(complaints).values(viaDrizzle).returning();
    const bulkIds = viaBulk.map((r) => r.id);
    const drizzleIds = viaDrizzle.map((r) => r.id);
    expect(bulk.map((r) => r.id)).toEqual(bulkIds);
    expect(normalised(bulk, bulkIds, keys)).toEqual(normalised(drizzle, drizzleIds, keys));

    // What is stored, read back by Drizzle, is the same too, and is what was returned.
    const stored = await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id));
    expect(normalised(stored, bulkIds, keys)).toEqual(normalised(stored, drizzleIds, keys));
    expect(normalised(stored, bulkIds, [])).toEqual(normalised(bulk, bulkIds, []));

    // And it is what was given (defaults filled in), checked against the input, not only Drizzle.
    for (const [i, row] of bulk.entries()) {
      const input = viaBulk[i];
      expect(row).toMatchObject({ ...input, status: 'received', urgency: 'normal', escalationLevel: 1, vulnerabilities: [], slaAnswerUnit: 'months', pausedAt: null });
      expect(row.descriptionEnc).toBe(TRICKY[i]);
      expect(row.triage).toEqual(input?.triage);
    }
  });

  it('stores and returns jobs (bigserial, nested jsonb, nullable uuid) and timeline events as Drizzle does', async () => {
    const org = await createTestOrg(rt);
    const customerId = await customerOf(org.id);
    const [complaint] = await bulkInsertReturning(rt.deps.db, complaints, complaintRows(org.id, customerId, randomUUID()).slice(0, 1));
    if (!complaint) throw new Error('no complaint');
    // Far in the future: no worker of another test file runs them.
    const runAt = new Date('2099-01-02T03:04:05.678Z');
    const payloads: Record<string, unknown>[] = [NESTED, { text: 'é', n: 1 }, {}, { list: [] }];
    const jobRows = (tag: string) =>
      payloads.map((payload, i) => ({ type: `test.bulk.${tag}`, orgId: i === 2 ? null : org.id, payload, runAt, dedupeKey: i === 1 ? `${tag}-${randomUUID()}` : null, maxAttempts: i }));

    const bulkJobs = await bulkInsertReturning(rt.deps.db, jobs, jobRows('bulk'));
    const drizzleJobs = await rt.deps.db.insert(jobs).values(jobRows('drizzle')).returning();
    const jobKeys = ['id', 'type', 'dedupeKey', 'createdAt'] as const;
    expect(bulkJobs.every((j) => typeof j.id === 'number')).toBe(true);
    expect(normalised(bulkJobs, bulkJobs.map((j) => j.id), jobKeys)).toEqual(normalised(drizzleJobs, drizzleJobs.map((j) => j.id), jobKeys));
    expect(bulkJobs.map((j) => j.payload)).toEqual(payloads);
    const storedJobs = await rt.deps.db.select().from(jobs).where(inArray(jobs.id, bulkJobs.map((j) => j.id)));
    expect(normalised(storedJobs, bulkJobs.map((j) => j.id), [])).toEqual(normalised(bulkJobs, bulkJobs.map((j) => j.id), []));

    const at = new Date('2026-03-01T10:20:30.123Z');
    const eventRows = () =>
      TRICKY.map((text, i) => ({
        orgId: org.id,
        complaintId: complaint.id,
        type: 'received',
        fromStatus: i % 2 ? null : text,
        toStatus: 'received',
        actorType: 'subject',
        actorId: i % 3 ? text : null,
        detail: { text, n: i, flag: i % 2 === 0, none: null },
        createdAt: new Date(at.getTime() + i),
      }));
    const bulkEvents = await bulkInsertReturning(rt.deps.db, complaintEvents, eventRows());
    const drizzleEvents = await rt.deps.db.insert(complaintEvents).values(eventRows()).returning();
    const eventKeys = ['id', 'seq'] as const;
    expect(normalised(bulkEvents, bulkEvents.map((e) => e.id), eventKeys)).toEqual(normalised(drizzleEvents, drizzleEvents.map((e) => e.id), eventKeys));
    // The serial numbers follow the order of the rows given.
    expect(bulkEvents.map((e) => e.seq)).toEqual([...bulkEvents.map((e) => e.seq)].sort((a, b) => a - b));
    expect(bulkEvents.map((e) => e.detail.text)).toEqual(TRICKY);
  });

  it('with onConflictDoNothing, skips duplicates (stored before or earlier in the same list) and returns only the rows inserted', async () => {
    const org = await createTestOrg(rt);
    const job = (dedupeKey: string, note: string) => ({ type: 'test.bulk.dedupe', orgId: org.id, payload: { note }, runAt: new Date('2099-01-01T00:00:00.000Z'), dedupeKey });
    const taken = `taken-${randomUUID()}`;
    const fresh = `fresh-${randomUUID()}`;
    const twice = `twice-${randomUUID()}`;
    await bulkInsert(rt.deps.db, jobs, [job(taken, 'first')]);

    const inserted = await bulkInsertReturning(rt.deps.db, jobs, [job(taken, 'second'), job(fresh, 'fresh'), job(twice, 'one'), job(twice, 'two')], { onConflictDoNothing: true });
    expect(inserted.map((j) => [j.dedupeKey, j.payload])).toEqual([
      [fresh, { note: 'fresh' }],
      [twice, { note: 'one' }],
    ]);
    const stored = await rt.deps.db.select({ dedupeKey: jobs.dedupeKey, payload: jobs.payload }).from(jobs).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'test.bulk.dedupe')));
    expect(stored.sort((a, b) => String(a.dedupeKey).localeCompare(String(b.dedupeKey)))).toEqual(
      [
        { dedupeKey: taken, payload: { note: 'first' } },
        { dedupeKey: fresh, payload: { note: 'fresh' } },
        { dedupeKey: twice, payload: { note: 'one' } },
      ].sort((a, b) => a.dedupeKey.localeCompare(b.dedupeKey)),
    );
    // Only duplicates in full: nothing inserted, nothing returned.
    expect(await bulkInsertReturning(rt.deps.db, jobs, [job(taken, 'again')], { onConflictDoNothing: true })).toEqual([]);
    // Without the option a duplicate fails the whole statement.
    await expect(bulkInsert(rt.deps.db, jobs, [job(`new-${randomUUID()}`, 'x'), job(taken, 'x')])).rejects.toThrow();
    expect(await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'test.bulk.dedupe')))).toHaveLength(3);
  });

  it('refuses rows that differ in which columns are set, and array columns; does nothing for an empty list', async () => {
    const org = await createTestOrg(rt);
    const base = { type: 'test.bulk.shape', orgId: org.id, payload: {}, runAt: new Date('2099-01-01T00:00:00.000Z') };
    await expect(bulkInsert(rt.deps.db, jobs, [base, { ...base, dedupeKey: 'x' }])).rejects.toThrow(/rows differ in column dedupeKey/);
    await expect(bulkInsertReturning(rt.deps.db, jobs, [{ ...base, dedupeKey: 'x' }, base])).rejects.toThrow(/rows differ in column dedupeKey/);
    // Undefined is "not set", null is "set to null": they differ too.
    await expect(bulkInsert(rt.deps.db, jobs, [{ ...base, dedupeKey: null }, { ...base, dedupeKey: undefined }])).rejects.toThrow(/rows differ/);
    const customerId = await customerOf(org.id);
    const [row] = complaintRows(org.id, customerId, randomUUID());
    if (!row) throw new Error('no row');
    await expect(bulkInsert(rt.deps.db, complaints, [{ ...row, vulnerabilities: ['elderly'] }])).rejects.toThrow(/array column vulnerabilities/);

    expect(await bulkInsertReturning(rt.deps.db, jobs, [])).toEqual([]);
    await bulkInsert(rt.deps.db, jobs, []);
    expect(await rt.deps.db.select().from(jobs).where(eq(jobs.orgId, org.id))).toEqual([]);
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toEqual([]);
  });

  it('round-trips awkward text through every text position (value, null, empty) in one statement', async () => {
    const org = await createTestOrg(rt);
    const rows = TRICKY.map((text) => ({ orgId: org.id, emailLookup: `${text}|${randomUUID()}`, phoneLookup: text, nameEnc: text, emailEnc: text === '' ? null : text, phoneEnc: text, addressEnc: `${text}\n${text}` }));
    const returned = await bulkInsertReturning(rt.deps.db, customers, rows);
    expect(returned.map((r) => [r.phoneLookup, r.nameEnc, r.emailEnc, r.phoneEnc, r.addressEnc])).toEqual(TRICKY.map((t) => [t, t, t === '' ? null : t, t, `${t}\n${t}`]));
    // Columns left out took their defaults.
    expect(new Set(returned.map((r) => `${r.locale} ${r.timezone} ${r.advisorId}`))).toEqual(new Set(['fr Europe/Paris null']));
    const stored = await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id));
    expect(normalised(stored, returned.map((r) => r.id), [])).toEqual(normalised(returned, returned.map((r) => r.id), []));
  });
});
