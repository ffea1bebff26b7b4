import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import { jobs } from '../../db/schema.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { exportSubject } from '../dsr/subject-data.ts';
import { exportEvidence } from '../evidence/index.ts';
import { unzipSync, strFromU8 } from 'fflate';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { complaintMessages, complaints } from './complaints.tables.ts';
import { fileComplaint } from './complaints.intake.ts';
import { CONTACT_LIMIT_PER_HOUR } from './complaints.policy.ts';

let rt: Runtime;
let ipCounter = 0;
/** A distinct client address per portal post, so the per-IP limit only bites where a test wants it. */
const nextIp = () => `10.44.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  rt = await getTestRuntime();
});

const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function formToken(url: string): Promise<string> {
  const res = await rt.app.inject({ method: 'GET', url, remoteAddress: nextIp() });
  expect(res.statusCode).toBe(200);
  const match = /name="formToken" value="([^"]+)"/.exec(res.body);
  if (!match?.[1]) throw new Error('no form token');
  return match[1];
}

interface Filed {
  reference: string;
  trackingPath: string;
  id: string;
}

async function fileOnPortal(org: OrganisationRow, fields: Record<string, string> = {}): Promise<Filed> {
  const token = await formToken(`/portal/${org.slug}/complaints/new`);
  const body = new URLSearchParams({
    formToken: token,
    name: 'Jeanne Dupont',
    email: 'jeanne@example.fr',
    phone: '',
    category: 'billing',
    description: 'Facture de mars comptée deux fois. Contrat 12345.',
    remedy: 'Remboursement du doublon',
    website: '',
    ...fields,
  });
  const res = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: form, payload: body.toString() });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  const reference = /class="reference">([^<]+)</.exec(res.body)?.[1] ?? '';
  const trackingPath = /class="tracking-link" href="([^"]+)"/.exec(res.body)?.[1] ?? '';
  const [row] = await rt.deps.db.select().from(complaints).where(and(eq(complaints.orgId, org.id), eq(complaints.reference, reference)));
  if (!row) throw new Error('complaint not stored');
  return { reference, trackingPath, id: row.id };
}

async function post(url: string, headers: Record<string, string>, payload: object = {}) {
  return rt.app.inject({ method: 'POST', url, headers: { ...headers, ...json }, payload });
}

describe('portal intake', () => {
  it('files a complaint in one go: reference, tracking link, encrypted text, advisor, receipt e-mail, audit', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const filed = await fileOnPortal(org);
    expect(filed.reference).toMatch(new RegExp(`^REC-${new Date().getFullYear()}-000001$`));
    expect(filed.trackingPath).toMatch(new RegExp(`^/portal/${org.slug}/complaints/track/[\\w-]{43}$`));
    const [row] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, filed.id));
    expect(row?.status).toBe('received');
    expect(row?.assigneeId).toBe(agent.user.id);
    // The text is stored encrypted and the token only as its hash.
    expect(row?.descriptionEnc).not.toContain('Facture');
    const token = filed.trackingPath.split('/').at(-1) ?? '';
    expect(JSON.stringify(row)).not.toContain(token);
    const [customer] = await rt.deps.db.select().from(customers).where(eq(customers.id, row?.customerId ?? ''));
    expect(customer?.advisorId).toBe(agent.user.id);
    const mails = await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'mail.send')));
    expect(mails.map((m) => (m.payload as { template: string }).template)).toContain('complaints.mail.received');
    const events = await rt.deps.db.select().from(auditEvents).where(eq(auditEvents.orgId, org.id));
    const received = events.find((e) => e.type === 'complaint.received');
    expect(received?.actorType).toBe('subject');
    expect(JSON.stringify(events.map((e) => e.payload))).not.toMatch(/jeanne|Dupont|Facture/i);
    // The tracking page opens with the link.
    const page = await rt.app.inject({ method: 'GET', url: filed.trackingPath });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(filed.reference);
    expect(page.body).toContain('Facture de mars comptée deux fois.');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('tells the consumer by the phone field that phone canvassing needs their consent, and records that notice when a number is given (C. consom. L.223-1)', async () => {
    // The server runs on the real clock, after 2026-08-11 (the edge is in rules/contact/notice.test.ts).
    const org = await createTestOrg(rt);
    const page = await rt.app.inject({ method: 'GET', url: `/portal/${org.slug}/complaints/new`, remoteAddress: nextIp() });
    expect(page.body).toMatch(/id="field-phone-hint"[^>]*>[^<]*sans votre accord préalable[^<]*L\.223-1/);
    expect(page.body).toMatch(/id="field-phone"[^>]*aria-describedby="field-phone-hint"/);
    const withPhone = await fileOnPortal(org, { phone: '06 12 34 56 78' });
    const withoutPhone = await fileOnPortal(org, { email: 'paul@example.fr', name: 'Paul Martin' });
    const received = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.received')));
    const payloadOf = (id: string) => received.find((e) => e.targetId === id)?.payload as { phoneNotice?: string };
    expect(payloadOf(withPhone.id).phoneNotice).toBe('phone_canvassing_consent@2026-08-11');
    expect(payloadOf(withoutPhone.id)).not.toHaveProperty('phoneNotice');
    // The notice is the subject's data too: in their export (GDPR Art. 15), with when and where.
    const [filed] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, withPhone.id));
    const exported = await exportSubject(rt.deps, org.id, filed!.customerId);
    expect(exported.customers?.phone_notices).toEqual([
      {
        id: expect.any(String),
        notice: 'phone_canvassing_consent',
        noticeVersion: '2026-08-11',
        shownAt: expect.stringMatching(/^\d{4}-/),
        origin: 'portal',
        collectedWith: 'complaint',
        recordId: withPhone.id,
        actorType: 'subject',
      },
    ]);
    // And in the complaint's evidence bundle, the proof of what the consumer was told when filing it.
    const bundle = unzipSync((await exportEvidence(rt.deps, org, { complaintReference: withPhone.reference })).zip);
    const inBundle = JSON.parse(strFromU8(bundle['records/json/customers/phone_notices.json']!)) as { recordId: string }[];
    expect(inBundle.map((n) => n.recordId)).toEqual([withPhone.id]);
    const [other] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, withoutPhone.id));
    expect((await exportSubject(rt.deps, org.id, other!.customerId)).customers?.phone_notices).toBeUndefined();
  });

  it('re-renders the form with messages next to fields, a summary with links, and what was typed', async () => {
    const org = await createTestOrg(rt);
    const token = await formToken(`/portal/${org.slug}/complaints/new`);
    const body = new URLSearchParams({ formToken: token, name: '<b>Jeanne</b>', email: 'not-an-email', category: '', description: '' });
    const res = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: form, payload: body.toString() });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('class="error-summary" role="alert"');
    expect(res.body).toContain('href="#field-email"');
    expect(res.body).toMatch(/id="field-email"[^>]*aria-describedby="field-email-hint field-email-error"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('value="&lt;b&gt;Jeanne&lt;/b&gt;"');
    expect(res.body).not.toContain('<b>Jeanne</b>');
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(0);
  });

  it('refuses a post without a valid form token (CSRF), or from another origin, and writes nothing', async () => {
    const org = await createTestOrg(rt);
    const fields = { name: 'A', email: 'a@example.fr', category: 'billing', description: 'x' };
    const forged = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: form, payload: new URLSearchParams({ ...fields, formToken: '1.abc.def' }).toString() });
    expect(forged.statusCode).toBe(400);
    const token = await formToken(`/portal/${org.slug}/complaints/new`);
    const cross = await rt.app.inject({
      method: 'POST',
      url: `/portal/${org.slug}/complaints`,
      remoteAddress: nextIp(),
      headers: { ...form, origin: 'https://evil.example' },
      payload: new URLSearchParams({ ...fields, formToken: token }).toString(),
    });
    expect(cross.statusCode).toBe(400);
    // A token of another organisation's form does not work here either.
    const other = await createTestOrg(rt);
    const otherToken = await formToken(`/portal/${other.slug}/complaints/new`);
    const wrongOrg = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: form, payload: new URLSearchParams({ ...fields, formToken: otherToken }).toString() });
    expect(wrongOrg.statusCode).toBe(400);
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(0);
  });

  it('files one complaint when the same form is posted twice (double click, reload)', async () => {
    const org = await createTestOrg(rt);
    const token = await formToken(`/portal/${org.slug}/complaints/new`);
    const payload = new URLSearchParams({ formToken: token, name: 'Jeanne', email: 'j@example.fr', category: 'billing', description: 'Deux fois' }).toString();
    const first = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: form, payload });
    const second = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: nextIp(), headers: form, payload });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.body).not.toContain('class="tracking-link"');
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(1);
  });

  it('over the per-contact limit, still accepts the complaint and puts it in the review queue (never dropped)', async () => {
    const org = await createTestOrg(rt);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const filed: Filed[] = [];
    for (let i = 0; i <= CONTACT_LIMIT_PER_HOUR; i++) filed.push(await fileOnPortal(org, { email: 'flood@example.fr', description: `Plainte ${i}` }));
    const rows = await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id));
    expect(rows).toHaveLength(CONTACT_LIMIT_PER_HOUR + 1);
    expect(rows.filter((r) => r.reviewReason === 'contact_rate')).toHaveLength(1);
    const review = await rt.app.inject({ method: 'GET', url: '/api/complaints?queue=review', headers: supervisor.headers });
    expect(review.json().items.map((c: { reference: string }) => c.reference)).toEqual([filed.at(-1)?.reference]);
    // The honeypot sends a bot's complaint to review too.
    await fileOnPortal(org, { email: 'bot@example.fr', website: 'http://spam.example' });
    const [spam] = (await rt.app.inject({ method: 'GET', url: '/api/complaints?queue=review', headers: supervisor.headers })).json().items.filter((c: { reviewReason: string }) => c.reviewReason === 'spam_suspected');
    expect(spam).toBeDefined();
  });

  it('rate-limits portal posts per IP address', async () => {
    const org = await createTestOrg(rt);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, remoteAddress: '10.45.0.1', headers: form, payload: 'name=x' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('is one transaction: when a step fails, no complaint, customer or job is left behind', async () => {
    const org = await createTestOrg(rt);
    const failing = { ...rt.deps, jobs: { enqueue: () => Promise.reject(new Error('outbox down')), enqueueMany: () => Promise.reject(new Error('outbox down')), enqueueStatement: () => { throw new Error('outbox down'); } } };
    const ctx = { actor: { kind: 'anonymous' as const }, orgId: org.id, requestId: null, ipHash: null, locale: 'fr' as const };
    await expect(
      fileComplaint(failing, ctx, { customer: { email: 'tx@example.fr', name: 'T' }, channel: 'portal', category: 'other', description: 'x', language: 'fr' }, 'portal'),
    ).rejects.toThrow('outbox down');
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(0);
    expect(await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id))).toHaveLength(0);
  });
});

describe('what a customer can see', () => {
  it('never shows internal notes, nor another customer’s complaint (wrong token, other complaint, other organisation)', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const mine = await fileOnPortal(org, { email: 'a@example.fr', description: 'Mon problème A' });
    const theirs = await fileOnPortal(org, { email: 'b@example.fr', description: 'Le problème B' });
    expect((await post(`/api/complaints/${mine.id}/note`, agent.headers, { body: 'NOTE INTERNE secrète' })).statusCode).toBe(200);
    expect((await post(`/api/complaints/${mine.id}/reply`, agent.headers, { body: 'Réponse visible au client' })).statusCode).toBe(200);
    const page = await rt.app.inject({ method: 'GET', url: mine.trackingPath });
    expect(page.body).toContain('Réponse visible au client');
    expect(page.body).not.toContain('NOTE INTERNE');
    expect(page.body).not.toContain('Le problème B');
    // Staff see the note.
    const detail = await rt.app.inject({ method: 'GET', url: `/api/complaints/${mine.id}`, headers: agent.headers });
    expect(detail.json().messages.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toContainEqual(['NOTE INTERNE secrète', true]);
    // A wrong token, a truncated one and another organisation's slug all get the same 404 page.
    const token = mine.trackingPath.split('/').at(-1) ?? '';
    const wrong = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherOrg = await createTestOrg(rt);
    for (const url of [`/portal/${org.slug}/complaints/track/${wrong}`, `/portal/${org.slug}/complaints/track/${token.slice(1)}`, `/portal/${otherOrg.slug}/complaints/track/${token}`]) {
      const res = await rt.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain(mine.reference);
    }
    // The other customer's token opens only their complaint.
    const other = await rt.app.inject({ method: 'GET', url: theirs.trackingPath });
    expect(other.body).toContain(theirs.reference);
    expect(other.body).not.toContain('Mon problème A');
    expect(other.body).not.toContain('Réponse visible au client');
    // Internal notes are not in the message rows the portal reads either: the filter is in SQL.
    const all = await rt.deps.db.select().from(complaintMessages).where(eq(complaintMessages.complaintId, mine.id));
    expect(all.some((m) => m.internal)).toBe(true);
  });

  it('a customer cannot post on another complaint with a form token of their own', async () => {
    const org = await createTestOrg(rt);
    await createTestUser(rt, org.id, ['agent']);
    const mine = await fileOnPortal(org, { email: 'c@example.fr' });
    const theirs = await fileOnPortal(org, { email: 'd@example.fr' });
    const page = await rt.app.inject({ method: 'GET', url: mine.trackingPath });
    const token = /action="[^"]+\/message"[\s\S]*?name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const res = await rt.app.inject({ method: 'POST', url: `${theirs.trackingPath}/message`, headers: form, payload: new URLSearchParams({ formToken: token, message: 'intrus' }).toString() });
    expect(res.statusCode).toBe(400);
    expect(await rt.deps.db.select().from(complaintMessages).where(eq(complaintMessages.complaintId, theirs.id))).toHaveLength(0);
  });
});

describe('JSON API intake', () => {
  const body = (email: string) => ({ customer: { email, name: 'Paul Martin', phone: '0102030405' }, channel: 'phone', category: 'delivery', description: 'Colis jamais livré', remedySought: 'Renvoi' });

  it('honours Idempotency-Key: a retry returns the same complaint with 200, a different body with the key is refused', async () => {
    const org = await createTestOrg(rt);
    const token = await createTestToken(rt, org.id, ['complaint:create', 'complaint:read']);
    const headers = { ...token, 'idempotency-key': 'shop-order-991' };
    const first = await post('/api/complaints', headers, body('paul@example.fr'));
    expect(first.statusCode).toBe(201);
    expect(first.json().trackingUrl).toMatch(/\/complaints\/track\/[\w-]{43}$/);
    const again = await post('/api/complaints', headers, body('paul@example.fr'));
    expect(again.statusCode).toBe(200);
    expect(again.json().complaint.id).toBe(first.json().complaint.id);
    expect(again.json().created).toBe(false);
    expect(again.json().trackingUrl).toBeNull();
    const mismatch = await post('/api/complaints', headers, body('other@example.fr'));
    expect(mismatch.statusCode).toBe(409);
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(1);
  });

  it('creates exactly one complaint under concurrent retries', async () => {
    const org = await createTestOrg(rt);
    const token = await createTestToken(rt, org.id, ['complaint:create']);
    const headers = { ...token, 'idempotency-key': 'chat-42' };
    const results = await Promise.all(Array.from({ length: 6 }, () => post('/api/complaints', headers, body('race@example.fr'))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().complaint.id)).size).toBe(1);
    expect(await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id))).toHaveLength(1);
  });

  it('agents file for a customer: the answer is the receipt; the staff view has the decrypted identity, clocks and abilities', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const res = await post('/api/complaints', agent.headers, body('agentfiled@example.fr'));
    expect(res.statusCode).toBe(201);
    const receipt = res.json().complaint;
    // Filing answers the receipt, not the whole file: intake must not re-read the file.
    expect(receipt).toMatchObject({ id: expect.any(String), reference: expect.any(String), clocks: { ack: { state: 'running' }, answer: expect.any(Object) }, assigneeId: agent.user.id });
    expect(receipt).not.toHaveProperty('customer');
    expect(receipt).not.toHaveProperty('description');
    const opened = await rt.app.inject({ method: 'GET', url: `/api/complaints/${receipt.id}`, headers: agent.headers });
    expect(opened.statusCode, opened.body).toBe(200);
    const c = opened.json();
    expect(c.reference).toBe(receipt.reference);
    expect(c.channel).toBe('phone');
    expect(c.customer).toMatchObject({ name: 'Paul Martin', email: 'agentfiled@example.fr', phone: '+33102030405' });
    expect(c.clocks.ack.state).toBe('running');
    expect(c.abilities).toMatchObject({ acknowledge: true, escalate: false, assign: false });
    expect(c.advisor?.id).toBe(agent.user.id);
    const list = await rt.app.inject({ method: 'GET', url: `/api/complaints?queue=mine&q=${c.reference}`, headers: agent.headers });
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);
  });
});

describe('handling, rejection, escalation to the mediator', () => {
  it('acknowledge -> assess -> answer; the customer rejects: file stays open, level 2, mediator shown; supervisor refers to the mediator', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const filed = await fileOnPortal(org);
    const url = (a: string) => `/api/complaints/${filed.id}/${a}`;
    // Out of order: answering a complaint that was not assessed is refused.
    expect((await post(url('answer'), agent.headers, { decision: 'rejected', reasons: 'x', rootCause: 'no_fault', remedyGiven: 'none' })).statusCode).toBe(409);
    expect((await post(url('acknowledge'), agent.headers, { message: 'Bonjour, je m’occupe de votre dossier.' })).json().status).toBe('acknowledged');
    expect((await post(url('assess'), agent.headers, { severity: 'medium', urgency: 'normal', vulnerabilities: ['elderly'] })).json().status).toBe('assessing');
    const answered = await post(url('answer'), agent.headers, { decision: 'rejected', reasons: 'La facture est correcte.', rootCause: 'no_fault', remedyGiven: 'explanation' });
    expect(answered.json()).toMatchObject({ status: 'answered', decision: 'rejected', decisionReasons: 'La facture est correcte.' });
    // An agent cannot escalate (no complaint:escalate).
    expect((await post(url('escalate'), agent.headers, {})).statusCode).toBe(403);

    const page = await rt.app.inject({ method: 'GET', url: filed.trackingPath });
    expect(page.body).toContain('La facture est correcte.');
    const respondToken = /action="[^"]+\/respond"[\s\S]*?name="formToken" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const reject = await rt.app.inject({
      method: 'POST',
      url: `${filed.trackingPath}/respond`,
      headers: form,
      payload: new URLSearchParams({ formToken: respondToken, response: 'reject', comment: 'Je conteste.' }).toString(),
    });
    expect(reject.statusCode).toBe(303);
    expect(reject.headers.location).toBe(`${filed.trackingPath}?done=rejected`);
    const after = (await rt.app.inject({ method: 'GET', url: `/api/complaints/${filed.id}`, headers: supervisor.headers })).json();
    expect(after).toMatchObject({ status: 'reopened', escalationLevel: 2, customerResponse: 'rejected' });
    expect(after.abilities.close).toBe(false);
    const tracking = await rt.app.inject({ method: 'GET', url: `${filed.trackingPath}?done=rejected` });
    expect(tracking.body).toContain('Médiateur test');
    expect(tracking.body).toContain('https://mediateur.example');
    const year = new Date().getFullYear() + 1;
    expect(tracking.body).toContain(String(year)); // the one-year limit of L.612-2

    const escalated = await post(url('escalate'), supervisor.headers, { note: 'Désaccord persistant' });
    expect(escalated.json()).toMatchObject({ escalationLevel: 3 });
    expect(escalated.json().dates.mediationReferredAt).not.toBeNull();
    expect((await post(url('escalate'), supervisor.headers, {})).statusCode).toBe(409);
    const types = escalated.json().timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(['received', 'assigned', 'acknowledged', 'assessed', 'answered', 'answer_rejected', 'escalated', 'escalated']);
    const audit = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.targetId, filed.id)));
    expect(audit.map((e) => e.type)).toEqual(
      expect.arrayContaining(['complaint.received', 'complaint.acknowledged', 'complaint.assessed', 'complaint.answered', 'complaint.answer_rejected', 'complaint.escalated']),
    );
    expect(JSON.stringify(audit.map((e) => e.payload))).not.toMatch(/conteste|facture est|persistant/i);
  });

  it('the customer accepts, then rates the handling; adding information to a closed file reopens it', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const filed = await fileOnPortal(org);
    for (const [a, b] of [
      ['acknowledge', {}],
      ['assess', {}],
      ['answer', { decision: 'upheld', reasons: 'Nous remboursons.', rootCause: 'billing_error', remedyGiven: 'refund' }],
    ] as const) {
      expect((await post(`/api/complaints/${filed.id}/${a}`, agent.headers, b)).statusCode).toBe(200);
    }
    const tokenOf = (body: string, action: string) => new RegExp(`action="[^"]+/${action}"[\\s\\S]*?name="formToken" value="([^"]+)"`).exec(body)?.[1] ?? '';
    let page = await rt.app.inject({ method: 'GET', url: filed.trackingPath });
    const responded = await rt.app.inject({ method: 'POST', url: `${filed.trackingPath}/respond`, headers: form, payload: `formToken=${encodeURIComponent(tokenOf(page.body, 'respond'))}&response=accept` });
    expect(responded.statusCode).toBe(303);
    page = await rt.app.inject({ method: 'GET', url: filed.trackingPath });
    expect(page.body).toContain('Clôturée');
    const rated = await rt.app.inject({ method: 'POST', url: `${filed.trackingPath}/rate`, headers: form, payload: `formToken=${encodeURIComponent(tokenOf(page.body, 'rate'))}&score=4&comment=Rapide` });
    expect(rated.statusCode).toBe(303);
    const message = await rt.app.inject({ method: 'POST', url: `${filed.trackingPath}/message`, headers: form, payload: `formToken=${encodeURIComponent(tokenOf(page.body, 'message'))}&message=Encore+un+souci` });
    expect(message.statusCode).toBe(303);
    const detail = (await rt.app.inject({ method: 'GET', url: `/api/complaints/${filed.id}`, headers: agent.headers })).json();
    expect(detail).toMatchObject({ status: 'reopened', satisfaction: 4, satisfactionComment: 'Rapide', customerResponse: 'accepted' });
  });
});
