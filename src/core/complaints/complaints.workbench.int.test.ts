/**
 * The agent's and supervisor's workbench (issue 10): queues by view with a default per role,
 * SLA at a glance, orders and pages; the level-2 owner; the answer preview and field-named errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { renderMail } from '../mail/index.ts';
import { findQueuedMails } from '../mail/mail.service.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { complaints } from './complaints.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
}, 120_000);

const json = { 'content-type': 'application/json' };

async function file(agent: TestUser, name: string, email: string, category = 'billing') {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...agent.headers, ...json },
    payload: { customer: { email, name }, channel: 'phone', category, description: 'Facture en double.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().complaint as { id: string; reference: string; assigneeId: string | null };
}

/** `lang` chooses the language as the language switch does (a signed-in user otherwise reads theirs). */
const post = (url: string, who: TestUser, payload: object, lang: 'fr' | 'en' = 'fr') =>
  rt.app.inject({ method: 'POST', url: `${url}?lang=${lang}`, headers: { ...who.headers, ...json }, payload });
const get = (url: string, who: TestUser) => rt.app.inject({ method: 'GET', url, headers: who.headers });

interface QueueItem {
  id: string;
  customerName: string | null;
  escalationLevel: number;
  level2Owner: { id: string; name: string } | null;
  sla: { state: string; clock: string; dueOn: string; businessDaysLeft: number | null; elapsed: number };
}

describe('queues: views, default per role, SLA at a glance, orders and pages', () => {
  let org: OrganisationRow;
  let supervisor: TestUser;
  let agent: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    org = await createTestOrg(rt);
    supervisor = await createTestUser(rt, org.id, ['supervisor']);
    admin = await createTestUser(rt, org.id, ['admin']);
    agent = await createTestUser(rt, org.id, ['agent']);
  });

  it('lands an agent on their own complaints and a supervisor on their team, saying when the team is not set', async () => {
    const c = await file(agent, 'Zoé Martin', 'zoe@example.fr');
    expect(c.assigneeId).toBe(agent.user.id);
    const mine = (await get('/api/complaints', agent)).json();
    expect(mine).toMatchObject({ queue: 'mine', sort: 'urgency', page: 1, pageSize: 25, total: 1, notice: null });
    const [line] = mine.items as QueueItem[];
    expect(line).toMatchObject({ id: c.id, customerName: 'Zoé Martin', sla: { state: 'ok', clock: 'ack', dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    expect(line?.sla.businessDaysLeft).toBeGreaterThan(0);
    expect(line?.sla.elapsed).toBeGreaterThanOrEqual(0);
    expect(line?.sla.elapsed).toBeLessThan(0.8);

    // Nobody reports to the supervisor yet: the team view is empty and says why.
    expect((await get('/api/complaints', supervisor)).json()).toMatchObject({ queue: 'team', total: 0, notice: 'no_team' });
    const patch = await rt.app.inject({ method: 'PATCH', url: `/api/advisors/${agent.user.id}`, headers: { ...admin.headers, ...json }, payload: { supervisorId: supervisor.user.id } });
    expect(patch.statusCode, patch.body).toBe(200);
    const team = (await get('/api/complaints', supervisor)).json();
    expect(team).toMatchObject({ queue: 'team', total: 1, notice: null });
    // A search looks in every queue; an explicit view is kept.
    expect((await get(`/api/complaints?q=${c.reference}`, admin)).json()).toMatchObject({ queue: 'all', total: 1 });
    expect((await get('/api/complaints?queue=mine', supervisor)).json()).toMatchObject({ queue: 'mine', total: 0 });
  });

  it('sorts by urgency (nearest deadline first, breached on top), received, level and customer name; pages with a total', async () => {
    const names = ['Bernard Petit', 'amélie Durand', 'Claire Moreau'];
    const filed = [];
    for (const [i, name] of names.entries()) filed.push(await file(agent, name, `sort-${i}@example.fr`));
    // One complaint is long overdue: received two months ago, its clocks are breached.
    const old = new Date(Date.now() - 70 * 86_400_000);
    await rt.deps.db
      .update(complaints)
      .set({ receivedAt: old, ackDueOn: old.toISOString().slice(0, 10), answerDueOn: new Date(old.getTime() + 30 * 86_400_000).toISOString().slice(0, 10), ackWarnAt: old, answerWarnAt: old })
      .where(and(eq(complaints.orgId, org.id), eq(complaints.id, filed[2]?.id ?? '')));
    const urgency = (await get('/api/complaints?queue=all', supervisor)).json();
    expect(urgency.items[0]).toMatchObject({ id: filed[2]?.id, sla: { state: 'breached', clock: 'ack', elapsed: 1 } });
    expect(urgency.items[0].sla.businessDaysLeft).toBeLessThan(0);

    const byCustomer = (await get('/api/complaints?queue=all&sort=customer', supervisor)).json();
    // Accents and case do not decide the order (the customer's name as people read it).
    expect((byCustomer.items as QueueItem[]).map((i) => i.customerName)).toEqual(['amélie Durand', 'Bernard Petit', 'Claire Moreau', 'Zoé Martin']);

    const received = (await get('/api/complaints?queue=all&sort=received&pageSize=2&page=2', supervisor)).json();
    expect(received).toMatchObject({ total: 4, page: 2, pageSize: 2, sort: 'received' });
    const firstPage = (await get('/api/complaints?queue=all&sort=received&pageSize=2&page=1', supervisor)).json();
    const ids = [...firstPage.items, ...received.items].map((i: QueueItem) => i.id);
    expect(new Set(ids).size).toBe(4);
    // The oldest received is last in the "received" order.
    expect(ids[3]).toBe(filed[2]?.id);

    const bad = await rt.app.inject({ method: 'GET', url: '/api/complaints?pageSize=1000&sort=name', headers: { ...supervisor.headers, 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['pageSize', 'sort']);
  });
});

describe('level 2 has an owner', () => {
  let org: OrganisationRow;
  let supervisor: TestUser;
  let other: TestUser;
  let agent: TestUser;
  beforeAll(async () => {
    org = await createTestOrg(rt);
    supervisor = await createTestUser(rt, org.id, ['supervisor']);
    other = await createTestUser(rt, org.id, ['supervisor']);
    agent = await createTestUser(rt, org.id, ['agent']);
  });

  it('the supervisor who escalates owns level 2, shown on the file and in their queue; the advisor still handles it', async () => {
    const c = await file(agent, 'Paul Roux', 'paul@example.fr');
    const res = await post(`/api/complaints/${c.id}/escalate`, supervisor, { note: 'Client mécontent' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ escalationLevel: 2, level2Owner: { id: supervisor.user.id, name: supervisor.user.name }, assignee: { id: agent.user.id } });
    const event = res.json().timeline.find((e: { type: string }) => e.type === 'owner_assigned');
    expect(event).toMatchObject({ detail: { ownerId: supervisor.user.id, reason: 'escalated_by' } });
    const audited = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.owner_assigned')));
    expect(audited.map((a) => a.payload)).toEqual([{ complaintId: c.id, ownerId: supervisor.user.id, level: 2, reason: 'escalated_by' }]);
    const mine = (await get('/api/complaints?queue=mine', supervisor)).json();
    expect((mine.items as QueueItem[]).map((i) => i.id)).toEqual([c.id]);
    expect((await get('/api/complaints?queue=mine', other)).json().total).toBe(0);
  });

  it('a supervisor may name another owner; a user who may not escalate is refused with a clear error, nothing changed', async () => {
    const c = await file(agent, 'Léa Blanc', 'lea@example.fr');
    const refusedFr = await post(`/api/complaints/${c.id}/escalate`, supervisor, { ownerId: agent.user.id });
    expect(refusedFr.statusCode).toBe(400);
    expect(refusedFr.json().error).toMatchObject({ code: 'complaint.invalid_owner', message: expect.stringContaining('niveau 2') });
    const refusedEn = await post(`/api/complaints/${c.id}/escalate`, supervisor, { ownerId: agent.user.id }, 'en');
    expect(refusedEn.json().error.message).toContain('level 2');
    const unchanged = (await get(`/api/complaints/${c.id}`, supervisor)).json();
    expect(unchanged).toMatchObject({ escalationLevel: 1, level2Owner: null });
    expect(unchanged.messages).toEqual([]);

    const chosen = await post(`/api/complaints/${c.id}/escalate`, supervisor, { ownerId: other.user.id });
    expect(chosen.json()).toMatchObject({ escalationLevel: 2, level2Owner: { id: other.user.id } });
    // The owner is named on the way to level 2 only.
    const toMediator = await post(`/api/complaints/${c.id}/escalate`, supervisor, { ownerId: supervisor.user.id }, 'en');
    expect(toMediator.statusCode).toBe(400);
    expect(toMediator.json().error.issues).toEqual([{ path: 'ownerId', message: 'An owner is chosen only when escalating to level 2.' }]);
  });
});

describe('the reasoned answer: nothing preselected, a preview, field-named errors', () => {
  let org: OrganisationRow;
  let agent: TestUser;
  let auditor: TestUser;
  beforeAll(async () => {
    org = await createTestOrg(rt);
    agent = await createTestUser(rt, org.id, ['agent']);
    auditor = await createTestUser(rt, org.id, ['auditor']);
  });

  const ready = async (email: string) => {
    const c = await file(agent, 'Hugo Lambert', email);
    expect((await post(`/api/complaints/${c.id}/acknowledge`, agent, {})).statusCode).toBe(200);
    expect((await post(`/api/complaints/${c.id}/assess`, agent, { severity: 'medium' })).statusCode).toBe(200);
    return c;
  };

  it('names each missing choice, in French and English, and changes nothing', async () => {
    const c = await ready('hugo@example.fr');
    const fr = await post(`/api/complaints/${c.id}/answer`, agent, { reasons: '  ' });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error.issues).toEqual([
      { path: 'decision', message: 'Choisissez une décision.' },
      { path: 'reasons', message: 'Rédigez les motifs de la décision.' },
      { path: 'rootCause', message: 'Choisissez la cause principale.' },
      { path: 'remedyGiven', message: 'Choisissez la solution apportée.' },
    ]);
    const en = await post(`/api/complaints/${c.id}/answer/preview`, agent, { decision: 'upheld', reasons: 'Refund.', rootCause: 'billing_error' }, 'en');
    expect(en.json().error.issues).toEqual([{ path: 'remedyGiven', message: 'Choose the remedy given.' }]);
    expect((await get(`/api/complaints/${c.id}`, agent)).json()).toMatchObject({ status: 'assessing', decision: null });
  });

  it('previews exactly the e-mail the customer then receives, in their language; the preview sends and stores nothing', async () => {
    const c = await ready('preview@example.fr');
    const answer = { decision: 'partially_upheld', reasons: 'Le second prélèvement sera remboursé.\nLe premier était dû.', rootCause: 'billing_error', remedyGiven: 'refund' };
    const before = (await findQueuedMails(rt.deps, org.id)).length;
    const preview = await post(`/api/complaints/${c.id}/answer/preview`, agent, answer, 'en');
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ delivery: 'email', to: 'preview@example.fr', language: 'fr', subject: `Réclamation ${c.reference} : notre réponse` });
    const body: string = preview.json().body;
    // Labels, not codes: the customer reads words.
    expect(body).toContain('Décision : Réclamation partiellement fondée');
    expect(body).toContain('Le second prélèvement sera remboursé.\nLe premier était dû.');
    expect(body).toContain('Réponse apportée : Remboursement');
    expect(body).not.toMatch(/partially_upheld|billing_error|refund\b/);
    expect((await findQueuedMails(rt.deps, org.id)).length).toBe(before);
    expect((await get(`/api/complaints/${c.id}`, agent)).json().status).toBe('assessing');

    expect((await post(`/api/complaints/${c.id}/answer`, agent, answer)).statusCode).toBe(200);
    const sent = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'complaints.mail.answered');
    expect(sent).toHaveLength(1);
    const mail = sent[0]?.mail;
    expect(mail).toBeTruthy();
    expect(renderMail(mail?.template ?? '', mail?.locale ?? 'fr', mail?.params ?? {})).toEqual({ subject: preview.json().subject, text: body });
    // Answered: no second preview of a decision already sent.
    expect((await post(`/api/complaints/${c.id}/answer/preview`, agent, answer)).statusCode).toBe(409);
  });

  it('refuses the preview to those who may not answer', async () => {
    const c = await ready('noperm@example.fr');
    const res = await post(`/api/complaints/${c.id}/answer/preview`, auditor, { decision: 'upheld', reasons: 'x', rootCause: 'other', remedyGiven: 'none' });
    expect(res.statusCode).toBe(403);
  });
});
