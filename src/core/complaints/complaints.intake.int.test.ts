/**
 * Group commit of complaint intake (complaints.intake.ts): intakes filed at the same time go
 * together in one transaction. These tests fire bursts of concurrent intakes for one organisation
 * and check that each caller gets what filing one at a time would give: its own complaint,
 * customer, timeline, audit events and receipt e-mail, and its own error only.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime, getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { jobs } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { RequestContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { emailLookup } from '../customers/customers.service.ts';
import { findQueuedMails } from '../mail/mail.service.ts';
import { subjectKeys } from '../subject-keys/subject-keys.tables.ts';
import { complaintAttachments, complaintEvents, complaintIdempotency, complaints } from './complaints.tables.ts';
import { IntakeState, fileComplaint, type IntakeInput, type IntakeResult, type IntakeSource } from './complaints.intake.ts';
import { CONTACT_LIMIT_PER_HOUR } from './complaints.policy.ts';
import { sha256 } from './complaints.service.ts';

let rt: Runtime;

beforeAll(async () => {
  rt = await getTestRuntime();
});

/**
 * Deps with an intake state of their own, so queues of their own, whose log keeps the size of
 * every batch written: a burst that was written one intake at a time would not test group commit
 * at all.
 */
function batchingDeps(base: Partial<Deps> = {}): { deps: Deps; batches: number[] } {
  const batches: number[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; intakes?: number };
        if (entry.msg === 'intake batch written' && entry.intakes !== undefined) batches.push(entry.intakes);
      },
    },
  );
  return { deps: { ...rt.deps, ...base, log, state: { ...rt.deps.state, intake: new IntakeState() } }, batches };
}

const portalCtx = (orgId: string): RequestContext => ({ actor: { kind: 'anonymous' }, orgId, requestId: randomUUID(), ipHash: null, locale: 'fr' });
const apiCtx = (orgId: string): RequestContext => ({ actor: { kind: 'api_token', id: randomUUID(), orgId, permissions: new Set(['complaint:create']) }, orgId, requestId: randomUUID(), ipHash: null, locale: 'fr' });

interface Call {
  ctx: RequestContext;
  input: IntakeInput;
  source: IntakeSource;
}

function call(ctx: RequestContext, source: IntakeSource, customer: IntakeInput['customer'], extra: Partial<IntakeInput> = {}): Call {
  const channel = source === 'portal' ? 'portal' : source === 'api' ? 'api' : 'phone';
  return { ctx, source, input: { customer, channel, category: 'billing', description: `Facture en double (${randomUUID().slice(0, 8)})`, language: 'fr', ...extra } };
}

/** Files every call at once (one tick), as concurrent requests do; keeps each outcome in order. */
function burst(deps: Deps, calls: readonly Call[]): Promise<PromiseSettledResult<IntakeResult>[]> {
  return Promise.allSettled(calls.map((c) => fileComplaint(deps, c.ctx, c.input, c.source)));
}

function fulfilled(outcomes: readonly PromiseSettledResult<IntakeResult>[]): IntakeResult[] {
  return outcomes.map((o, i) => {
    if (o.status === 'rejected') throw new Error(`intake ${i} rejected: ${String(o.reason)}`);
    return o.value;
  });
}

/**
 * The intake that opens a burst: the first intake of an idle queue is written at once, alone, and
 * those that arrive while it writes go together after it (on PostgreSQL a second batch starts
 * beside it once 16 wait). Tests put it first so that the intakes they look at share a batch.
 */
const opening = (orgId: string): Call => call(portalCtx(orgId), 'portal', { email: `opening-${randomUUID()}@example.fr` });

const rowsOf = async (orgId: string) => ({
  complaints: await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, orgId)),
  customers: await rt.deps.db.select().from(customers).where(eq(customers.orgId, orgId)),
  events: await rt.deps.db.select().from(complaintEvents).where(eq(complaintEvents.orgId, orgId)),
  audits: await rt.deps.db.select().from(auditEvents).where(eq(auditEvents.orgId, orgId)),
});

const countBy = <T>(items: readonly T[], key: (item: T) => string | null): Map<string | null, number> => {
  const counts = new Map<string | null, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

describe('intake by group commit', () => {
  it('files a mixed burst (portal, agent, API, phone-only): each caller gets its own complaint, customer, timeline, audit and receipt', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const { deps, batches } = batchingDeps();
    const calls: Call[] = [opening(org.id)];
    for (let i = 0; i < 8; i++) {
      calls.push(call(portalCtx(org.id), 'portal', { email: `portal-${i}@example.fr`, name: `Portail ${i}` }, { remedySought: i % 2 ? 'Remboursement' : undefined }));
      calls.push(call(agent.ctx, 'agent', { email: `agent-${i}@example.fr`, name: `Guichet ${i}` }, { category: 'delivery' }));
      calls.push(call(apiCtx(org.id), 'api', { email: `api-${i}@example.fr` }, { language: 'en' }));
    }
    // Without an e-mail: no receipt mail, an agent acknowledges by post or phone.
    calls.push(call(agent.ctx, 'agent', { phone: '01 02 03 04 05', name: 'Sans Courriel' }));
    calls.push(call(agent.ctx, 'agent', { address: '3 rue des Lilas, 69001 Lyon', name: 'Par Courrier' }));

    const results = fulfilled(await burst(deps, calls));

    // Several intakes shared a transaction (the opening one went alone), and every one was written once.
    expect(Math.max(...batches)).toBeGreaterThan(1);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(calls.length);
    expect(results.every((r) => r.created)).toBe(true);
    expect(new Set(results.map((r) => r.complaint.reference)).size).toBe(calls.length);
    expect(new Set(results.map((r) => r.complaint.id)).size).toBe(calls.length);
    for (const r of results) expect(r.complaint.reference).toMatch(/^REC-\d{4}-\d{6}$/);

    const stored = await rowsOf(org.id);
    expect(stored.complaints).toHaveLength(calls.length);
    expect(stored.customers).toHaveLength(calls.length);
    const byId = new Map(stored.complaints.map((c) => [c.id, c]));
    for (const [i, { input, source, ctx }] of calls.entries()) {
      const result = results[i];
      const row = result ? byId.get(result.complaint.id) : undefined;
      if (!result || !row) throw new Error(`complaint ${i} not stored`);
      // The answer is the stored row, under the caller's own customer, text and token.
      expect(result.complaint).toEqual(row);
      const customer = stored.customers.find((c) => c.id === row.customerId);
      if (input.customer.email) expect(customer?.emailLookup).toBe(emailLookup(deps, org.id, input.customer.email));
      expect(await deps.cipher.decrypt(deps.db, org.id, row.customerId, 'complaint.description', row.descriptionEnc)).toBe(input.description);
      expect(row.remedySoughtEnc === null).toBe(input.remedySought === undefined);
      expect(row.channel).toBe(input.channel);
      expect(row.category).toBe(input.category);
      expect(row.language).toBe(input.language);
      expect(row.assigneeId).toBe(agent.user.id);
      expect(row.reviewReason).toBeNull();
      expect(row.manualAck).toBe(!input.customer.email);
      if (input.customer.email) expect(row.trackingHash).toBe(sha256(result.trackingPath?.split('/').at(-1) ?? ''));
      else expect(result.trackingPath).toBeNull();

      // Timeline: received then assigned, once each.
      const timeline = stored.events.filter((e) => e.complaintId === row.id);
      expect(timeline.map((e) => e.type).sort()).toEqual(['assigned', 'received']);
      expect(timeline.find((e) => e.type === 'received')).toMatchObject({ toStatus: 'received', detail: { channel: input.channel, reviewReason: null } });
      expect(timeline.find((e) => e.type === 'assigned')?.detail).toEqual({ assigneeId: agent.user.id, reason: 'advisor' });

      // Audit: each event once, in the name of the caller (the portal acts as the customer).
      const received = stored.audits.filter((e) => e.type === 'complaint.received' && e.targetId === row.id);
      const assigned = stored.audits.filter((e) => e.type === 'complaint.assigned' && e.targetId === row.id);
      const created = stored.audits.filter((e) => e.type === 'customer.created' && e.targetId === row.customerId);
      expect([received.length, assigned.length, created.length]).toEqual([1, 1, 1]);
      const actor = source === 'portal' ? { actorType: 'subject', actorId: row.customerId } : { actorType: ctx.actor.kind, actorId: 'id' in ctx.actor ? ctx.actor.id : null };
      expect(received[0]).toMatchObject({ ...actor, requestId: ctx.requestId });
      expect(received[0]?.payload).toMatchObject({ complaintId: row.id, channel: input.channel, category: input.category });
      expect(created[0]?.payload).toEqual({ customerId: row.customerId, source });
    }

    // One receipt per complaint with an e-mail, to its customer, with its reference and tracking link.
    const mails = await findQueuedMails(deps, org.id);
    expect(new Set(mails.map((m) => m.template))).toEqual(new Set(['complaints.mail.received']));
    const withMail = results.filter((r) => !r.complaint.manualAck);
    expect(withMail).toHaveLength(calls.length - 2);
    expect(mails).toHaveLength(withMail.length);
    for (const r of withMail) {
      const [mail] = mails.filter((m) => m.mail?.params.reference === r.complaint.reference);
      expect(mail?.mail?.to).toEqual({ customerId: r.complaint.customerId });
      expect(String(mail?.mail?.params.trackingUrl)).toMatch(new RegExp(`${r.trackingPath ?? 'none'}$`));
    }
    expect(await deps.audit.verify(deps.db, org.id)).toMatchObject({ ok: true });
  });

  it('creates one customer for the same new e-mail filed several times in one burst', async () => {
    const org = await createTestOrg(rt);
    const { deps, batches } = batchingDeps();
    // Spelled differently: the address is normalised before it is looked up.
    const spellings = ['same@example.fr', ' Same@Example.FR ', 'SAME@example.fr', 'same@example.fr ', 'same@EXAMPLE.fr', 'same@example.fr'];
    const calls = [opening(org.id), ...spellings.map((email, i) => call(i % 2 ? apiCtx(org.id) : portalCtx(org.id), i % 2 ? 'api' : 'portal', { email, name: 'Même Personne' }))];
    const results = fulfilled(await burst(deps, calls)).slice(1);
    expect(batches).toEqual([1, spellings.length]);

    const lookup = emailLookup(deps, org.id, 'same@example.fr');
    const same = await rt.deps.db.select().from(customers).where(and(eq(customers.orgId, org.id), eq(customers.emailLookup, lookup)));
    expect(same).toHaveLength(1);
    expect(new Set(results.map((r) => r.complaint.customerId))).toEqual(new Set([same[0]?.id]));
    const { audits, complaints: rows } = await rowsOf(org.id);
    expect(audits.filter((e) => e.type === 'customer.created' && e.targetId === same[0]?.id)).toHaveLength(1);
    expect(rows.filter((c) => c.customerId === same[0]?.id)).toHaveLength(spellings.length);
    expect(await deps.audit.verify(deps.db, org.id)).toMatchObject({ ok: true });
  });

  it('answers a replayed idempotency key in the same burst with the one complaint it filed, and refuses another body under that key alone', async () => {
    const org = await createTestOrg(rt);
    const { deps, batches } = batchingDeps();
    const ctx = apiCtx(org.id);
    const keyed = (requestHash: string, email: string) => call(ctx, 'api', { email }, { idempotency: { key: 'order-77', requestHash } });
    const calls = [
      opening(org.id),
      keyed('hash-a', 'retry@example.fr'),
      call(ctx, 'api', { email: 'other-1@example.fr' }),
      keyed('hash-a', 'retry@example.fr'),
      keyed('hash-b', 'someone-else@example.fr'),
      keyed('hash-a', 'retry@example.fr'),
      call(ctx, 'api', { email: 'other-2@example.fr' }, { idempotency: { key: 'order-78', requestHash: 'hash-c' } }),
    ];
    const outcomes = await burst(deps, calls);
    expect(batches).toEqual([1, calls.length - 1]);

    const [, first, other1, replay1, mismatch, replay2, other2] = outcomes;
    expect(mismatch?.status).toBe('rejected');
    const reason = mismatch?.status === 'rejected' ? (mismatch.reason as unknown) : undefined;
    expect(reason).toBeInstanceOf(AppError);
    expect(reason).toMatchObject({ code: 'complaint.idempotency_mismatch' });
    const [firstR, replay1R, replay2R, other1R, other2R] = fulfilled([first, replay1, replay2, other1, other2].map((o) => o ?? { status: 'rejected', reason: 'missing' }));
    expect(firstR?.created).toBe(true);
    expect(firstR?.trackingPath).toMatch(/\/complaints\/track\//);
    for (const replay of [replay1R, replay2R]) {
      expect(replay).toMatchObject({ created: false, trackingPath: null });
      expect(replay?.complaint.id).toBe(firstR?.complaint.id);
    }
    expect([other1R?.created, other2R?.created]).toEqual([true, true]);

    // The opening intake, the keyed complaint and the two others.
    const { complaints: rows, audits, customers: people } = await rowsOf(org.id);
    expect(rows).toHaveLength(4);
    expect(people.some((c) => c.emailLookup === emailLookup(deps, org.id, 'someone-else@example.fr'))).toBe(false);
    expect(audits.filter((e) => e.type === 'complaint.received' && e.targetId === firstR?.complaint.id)).toHaveLength(1);
    expect(audits.find((e) => e.type === 'complaint.received' && e.targetId === firstR?.complaint.id)?.payload).toMatchObject({ idempotent: true });
    const mails = (await findQueuedMails(deps, org.id)).filter((m) => m.mail?.params.reference === firstR?.complaint.reference);
    expect(mails).toHaveLength(1);
    const keys = await rt.deps.db.select().from(complaintIdempotency).where(eq(complaintIdempotency.orgId, org.id));
    expect(keys.map((k) => [k.key, k.requestHash, k.complaintId]).sort()).toEqual([
      ['order-77', 'hash-a', firstR?.complaint.id],
      ['order-78', 'hash-c', other2R?.complaint.id],
    ]);

    // A retry in a later burst finds it too.
    const later = fulfilled(await burst(deps, [keyed('hash-a', 'retry@example.fr'), keyed('hash-a', 'retry@example.fr')]));
    expect(later.map((r) => [r.created, r.complaint.id])).toEqual([
      [false, firstR?.complaint.id],
      [false, firstR?.complaint.id],
    ]);
    expect(await deps.audit.verify(deps.db, org.id)).toMatchObject({ ok: true });
  });

  it('fails a refused attachment alone: the other intakes of its batch are stored, the bad one leaves nothing', async () => {
    const org = await createTestOrg(rt);
    await createTestUser(rt, org.id, ['agent']);
    const { deps, batches } = batchingDeps();
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const TEXT = Buffer.from('Relevé : prélèvement du 3 mars, 42,00 €.\n');
    const calls = [
      opening(org.id),
      ...Array.from({ length: 4 }, (_, i) => call(portalCtx(org.id), 'portal', { email: `before-${i}@example.fr` })),
      // A PNG named .pdf: refused by its bytes.
      call(portalCtx(org.id), 'portal', { email: 'bad-file@example.fr' }, { attachments: [{ filename: 'facture.pdf', data: PNG, truncated: false }] }),
      call(portalCtx(org.id), 'portal', { email: 'good-file@example.fr' }, { attachments: [{ filename: 'releve.txt', data: TEXT, truncated: false }] }),
      // No way to reach the customer: refused before it queues.
      call(portalCtx(org.id), 'portal', { name: 'Personne', email: '  ', phone: '', address: '' }),
      ...Array.from({ length: 4 }, (_, i) => call(portalCtx(org.id), 'portal', { email: `after-${i}@example.fr` })),
    ];
    const outcomes = await burst(deps, calls);

    const badFile = outcomes[5];
    const noContact = outcomes[7];
    expect(badFile?.status === 'rejected' ? badFile.reason : badFile).toMatchObject({ code: 'complaint.attachment_type', params: { filename: 'facture.pdf' } });
    expect(noContact?.status === 'rejected' ? noContact.reason : noContact).toMatchObject({ code: 'validation', issues: [{ path: 'customer.email', code: 'required' }] });
    expect((noContact?.status === 'rejected' ? noContact.reason : null) instanceof AppError).toBe(true);
    // The intake without contact never reached a batch; the others were written, the failed batch again one by one.
    expect(batches.reduce((a, b) => a + b, 0)).toBe(calls.length - 1);
    expect(Math.max(...batches)).toBe(calls.length - 2);

    const good = fulfilled(outcomes.filter((_, i) => i !== 5 && i !== 7));
    const stored = await rowsOf(org.id);
    expect(stored.complaints.map((c) => c.id).sort()).toEqual(good.map((r) => r.complaint.id).sort());
    expect(new Set(good.map((r) => r.complaint.reference)).size).toBe(good.length);
    expect(stored.customers).toHaveLength(good.length);
    expect(stored.customers.some((c) => c.emailLookup === emailLookup(deps, org.id, 'bad-file@example.fr'))).toBe(false);
    const goodFile = good[5];
    const files = await rt.deps.db.select({ complaintId: complaintAttachments.complaintId, kind: complaintAttachments.kind }).from(complaintAttachments).where(eq(complaintAttachments.orgId, org.id));
    expect(files).toEqual([{ complaintId: goodFile?.complaint.id, kind: 'text' }]);
    expect(stored.audits.filter((e) => e.type === 'complaint.received')).toHaveLength(good.length);
    expect(stored.audits.filter((e) => e.type === 'complaint.attachments_added').map((e) => e.targetId)).toEqual([goodFile?.complaint.id]);
    expect(stored.events.filter((e) => e.type === 'attached').map((e) => e.complaintId)).toEqual([goodFile?.complaint.id]);
    expect((await findQueuedMails(deps, org.id)).filter((m) => m.template === 'complaints.mail.received')).toHaveLength(good.length);
    expect(await deps.audit.verify(deps.db, org.id)).toMatchObject({ ok: true });
  });

  it('gives the reference numbers of a batch that rolled back to the intakes filed again (ADR 0004: no numbers lost to a refused file)', async () => {
    const org = await createTestOrg(rt);
    const { deps } = batchingDeps();
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const calls = Array.from({ length: 8 }, (_, i) =>
      call(portalCtx(org.id), 'portal', { email: `numbered-${i}@example.fr` }, i === 4 ? { attachments: [{ filename: 'scan.txt', data: PNG, truncated: false }] } : {}),
    );
    const outcomes = await burst(deps, calls);
    expect(outcomes.map((o) => o.status)).toEqual(calls.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
    const year = new Date().getFullYear();
    // Filed again one by one in their order, from the smallest numbers in the pool.
    expect(fulfilled(outcomes.filter((_, i) => i !== 4)).map((r) => r.complaint.reference)).toEqual(Array.from({ length: 7 }, (_, i) => `REC-${year}-${String(i + 1).padStart(6, '0')}`));
  });

  it('counts the per-contact limit within a burst, in the order the intakes came', async () => {
    const org = await createTestOrg(rt);
    const { deps, batches } = batchingDeps();
    // A known customer with one complaint this hour already.
    const known = 'known@example.fr';
    await fileComplaint(deps, portalCtx(org.id), call(portalCtx(org.id), 'portal', { email: known }).input, 'portal');
    const extra = 3;
    const calls = [opening(org.id)];
    for (let i = 0; i < CONTACT_LIMIT_PER_HOUR + extra; i++) {
      calls.push(call(portalCtx(org.id), 'portal', { email: known }));
      calls.push(call(apiCtx(org.id), 'api', { email: 'newcomer@example.fr' }));
    }
    const results = fulfilled(await burst(deps, calls)).slice(1);
    // All in one batch: the count within a batch is what is checked here.
    expect(Math.max(...batches)).toBe(calls.length - 1);
    const knownReasons = results.filter((_, i) => i % 2 === 0).map((r) => r.complaint.reviewReason);
    const newReasons = results.filter((_, i) => i % 2 === 1).map((r) => r.complaint.reviewReason);
    // The known customer's earlier complaint counts: the limit is reached one intake sooner.
    expect(knownReasons).toEqual([...Array<null>(CONTACT_LIMIT_PER_HOUR - 1).fill(null), ...Array<string>(extra + 1).fill('contact_rate')]);
    expect(newReasons).toEqual([...Array<null>(CONTACT_LIMIT_PER_HOUR).fill(null), ...Array<string>(extra).fill('contact_rate')]);
    // Those flagged are the last ones filed, so the latest references.
    const knownRefs = results.filter((_, i) => i % 2 === 0).map((r) => r.complaint.reference);
    expect(knownRefs).toEqual([...knownRefs].sort());
    const stored = await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id));
    expect(stored.filter((c) => c.reviewReason === 'contact_rate')).toHaveLength(2 * extra + 1);
  });

  it('counts the per-contact limit across batches written side by side: never fewer flagged than one at a time', async () => {
    const org = await createTestOrg(rt);
    const { deps, batches } = batchingDeps();
    const known = 'side-by-side@example.fr';
    await fileComplaint(deps, portalCtx(org.id), call(portalCtx(org.id), 'portal', { email: known }).input, 'portal');
    // 40 from one known customer: on PostgreSQL a second batch starts beside the first once 16
    // wait, and neither sees the other's rows until it commits.
    const calls = [opening(org.id), ...Array.from({ length: 40 }, () => call(portalCtx(org.id), 'portal', { email: known }))];
    const results = fulfilled(await burst(deps, calls)).slice(1);
    expect(batches.length).toBeGreaterThan(1);
    const unflagged = results.filter((r) => r.complaint.reviewReason === null);
    // One at a time, the customer's first complaint leaves CONTACT_LIMIT_PER_HOUR - 1 unflagged.
    expect(unflagged.length).toBeLessThanOrEqual(CONTACT_LIMIT_PER_HOUR - 1);
    expect(results.filter((r) => r.complaint.reviewReason === 'contact_rate').length).toBeGreaterThanOrEqual(40 - (CONTACT_LIMIT_PER_HOUR - 1));
  });

  it('spreads the new customers of a burst over the advisors as one intake at a time would', async () => {
    // Several organisations, each with a cold advisor-load count: on PostgreSQL two batches of a
    // burst write at once and may both count the loads; one burst alone passes or fails by timing.
    const orgs = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const org = await createTestOrg(rt);
        const agents: TestUser[] = [];
        for (let i = 0; i < 3; i++) agents.push(await createTestUser(rt, org.id, ['agent']));
        return { org, agents };
      }),
    );
    const { deps, batches } = batchingDeps();
    const spreads: string[] = [];
    for (const { org, agents } of orgs) {
      const calls = [opening(org.id), ...Array.from({ length: 23 }, (_, i) => call(i % 2 ? apiCtx(org.id) : portalCtx(org.id), i % 2 ? 'api' : 'portal', { email: `spread-${i}@example.fr` }))];
      const results = fulfilled(await burst(deps, calls));

      const people = await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id));
      expect(people).toHaveLength(calls.length);
      const loads = countBy(people, (c) => c.advisorId);
      expect([...loads.keys()].sort()).toEqual(agents.map((a) => a.user.id).sort());
      spreads.push([...loads.values()].sort((a, b) => a - b).join('/'));
      // Each complaint went to its customer's advisor, said once in the audit trail per customer.
      const advisorOf = new Map(people.map((c) => [c.id, c.advisorId]));
      for (const r of results) expect(r.complaint.assigneeId).toBe(advisorOf.get(r.complaint.customerId));
      const { audits } = await rowsOf(org.id);
      expect(audits.filter((e) => e.type === 'advisor.assigned')).toHaveLength(calls.length);
    }
    expect(Math.max(...batches)).toBeGreaterThan(1);
    // 24 new customers over 3 advisors: 8 each, as 24 intakes one after the other give.
    expect(spreads, 'customers per advisor, per organisation').toEqual(Array<string>(orgs.length).fill('8/8/8'));
  });

  it('rejects every intake of a batch whose transaction fails, and stores nothing of any', async () => {
    const org = await createTestOrg(rt);
    await createTestUser(rt, org.id, ['agent']);
    const down = () => Promise.reject(new Error('outbox down'));
    const { deps, batches } = batchingDeps({
      jobs: {
        enqueue: down,
        enqueueMany: down,
        enqueueStatement: () => {
          throw new Error('outbox down');
        },
      },
    });
    const before = await rowsOf(org.id);
    const keysBefore = await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.orgId, org.id));
    const jobsBefore = await rt.deps.db.select().from(jobs).where(eq(jobs.orgId, org.id));
    const calls = [
      opening(org.id),
      ...Array.from({ length: 8 }, (_, i) => call(portalCtx(org.id), 'portal', { email: `down-${i}@example.fr`, name: 'Client' }, { idempotency: { key: `down-${i}`, requestHash: 'h' } })),
    ];
    const outcomes = await burst(deps, calls);
    expect(batches).toEqual([1, calls.length - 1]);
    for (const o of outcomes) expect(o.status === 'rejected' ? String(o.reason) : 'resolved').toBe('Error: outbox down');

    const after = await rowsOf(org.id);
    expect(after.complaints).toEqual([]);
    expect(after.customers).toEqual([]);
    expect(after.events).toEqual([]);
    expect(after.audits).toEqual(before.audits);
    expect(await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.orgId, org.id))).toEqual(keysBefore);
    expect(await rt.deps.db.select().from(jobs).where(eq(jobs.orgId, org.id))).toEqual(jobsBefore);
    expect(await rt.deps.db.select().from(complaintIdempotency).where(eq(complaintIdempotency.orgId, org.id))).toEqual([]);
    expect(await rt.deps.audit.verify(rt.deps.db, org.id)).toMatchObject({ ok: true });

    // The same intakes go through once the outbox is back, keys included.
    const again = fulfilled(await burst(rt.deps, calls));
    expect(again.every((r) => r.created)).toBe(true);
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(calls.length);
  });
});

describe('intake at shutdown', () => {
  it('writes every intake accepted before the runtime closes its database, then refuses new ones', async () => {
    const own = await createTestRuntime();
    const org = await createTestOrg(own);
    const calls = [opening(org.id), ...Array.from({ length: 20 }, (_, i) => call(apiCtx(org.id), 'api', { email: `closing-${i}@example.fr` }))];
    const filed = burst(own.deps, calls);
    // Closed while the batches are being written: close waits for them before the database goes.
    await own.close();
    const results = fulfilled(await filed);
    expect(new Set(results.map((r) => r.complaint.reference)).size).toBe(calls.length);
    const late = call(apiCtx(org.id), 'api', { email: 'late@example.fr' });
    await expect(fileComplaint(own.deps, late.ctx, late.input, late.source)).rejects.toMatchObject({ code: 'unavailable' });
  });
});
