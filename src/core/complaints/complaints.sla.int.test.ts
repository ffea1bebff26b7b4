import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { anonymousCtx, createTestOrg, createTestUser, TEST_PASSWORD, type TestUser } from '../../db/testing/factories.ts';
import { login, sessionOf } from '../auth/auth.service.ts';
import { fixedClock } from '../clock.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { complaints } from './complaints.tables.ts';

// Thursday 30 April 2026, 09:00 in Paris: Friday 1 May (Labour Day) and 8 May are holidays.
const clock = fixedClock(new Date('2026-04-30T09:00:00+02:00'));
let rt: Runtime;

beforeAll(async () => {
  rt = await createTestRuntime({ clock });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const json = { 'content-type': 'application/json' };
const at = (iso: string) => clock.set(new Date(iso));

/** Sessions last 12 hours (auth SESSION_TTL_MS): after a jump of days the agent signs in again, as a person would. */
async function signInAgain(u: TestUser): Promise<TestUser> {
  const session = sessionOf(await login(rt.deps, anonymousCtx(), { email: u.user.email, password: TEST_PASSWORD }));
  return { ...u, headers: { cookie: `cf_session=${session.sessionToken}`, 'x-csrf-token': session.csrfToken } };
}

async function fileFor(org: OrganisationRow, agent: TestUser, category: string, email = 'jeanne@example.fr') {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...agent.headers, ...json },
    payload: { customer: { email, name: 'Jeanne Dupont', timezone: 'Europe/Paris' }, channel: 'phone', category, description: 'Appel du client.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { complaint: { id: string; clocks: { ack: { dueOn: string; state: string }; answer: { dueOn: string; state: string; unit: string } } }; trackingUrl: string };
}

async function detail(agent: TestUser, id: string) {
  const res = await rt.app.inject({ method: 'GET', url: `/api/complaints/${id}`, headers: agent.headers });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('SLA settings per organisation and category', () => {
  it('supervisors set terms for the organisation and a category; new complaints follow them, old ones keep theirs; audited', async () => {
    at('2026-04-30T09:00:00+02:00');
    const org = await createTestOrg(rt);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const before = await fileFor(org, agent, 'billing', 'before@example.fr');
    // Defaults of the rules: 10 business days (19 May), 2 months (30 June).
    expect(before.complaint.clocks.ack.dueOn).toBe('2026-05-19');
    expect(before.complaint.clocks.answer.dueOn).toBe('2026-06-30');

    const put = (who: TestUser, payload: object) => rt.app.inject({ method: 'PUT', url: '/api/complaints/sla-settings', headers: { ...who.headers, ...json }, payload });
    expect((await put(agent, { category: '*', ackBusinessDays: 5, answerAmount: 1, answerUnit: 'months' })).statusCode).toBe(403);
    const tooLong = await put(supervisor, { category: '*', ackBusinessDays: 5, answerAmount: 7, answerUnit: 'months' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.issues).toMatchObject([{ path: 'answerAmount' }]);
    expect((await put(supervisor, { category: '*', ackBusinessDays: 5, answerAmount: 1, answerUnit: 'months' })).statusCode).toBe(200);
    const set = await put(supervisor, { category: 'billing', ackBusinessDays: 3, answerAmount: 20, answerUnit: 'business-days' });
    expect(set.statusCode).toBe(200);
    expect(set.json().settings).toMatchObject([
      { category: '*', ackBusinessDays: 5 },
      { category: 'billing', ackBusinessDays: 3, answerUnit: 'business-days' },
    ]);

    const billing = await fileFor(org, agent, 'billing', 'billing@example.fr');
    // 3 business days after Thursday 30 April: 4, 5, 6 May. 20: 3 June (1, 8, 14 and 25 May are holidays).
    expect(billing.complaint.clocks.ack.dueOn).toBe('2026-05-06');
    expect(billing.complaint.clocks.answer).toMatchObject({ dueOn: '2026-06-03', unit: 'business-days' });
    const delivery = await fileFor(org, agent, 'delivery', 'delivery@example.fr');
    // The organisation's terms: 5 business days (11 May); 1 month -> 30 May, a Saturday -> Monday 1 June.
    expect(delivery.complaint.clocks.ack.dueOn).toBe('2026-05-11');
    expect(delivery.complaint.clocks.answer.dueOn).toBe('2026-06-01');
    // The complaint received before keeps its terms.
    expect((await detail(agent, before.complaint.id)).clocks.ack.dueOn).toBe('2026-05-19');

    const reset = await rt.app.inject({ method: 'DELETE', url: '/api/complaints/sla-settings/billing', headers: supervisor.headers });
    expect(reset.statusCode).toBe(200);
    expect((await fileFor(org, agent, 'billing', 'after@example.fr')).complaint.clocks.ack.dueOn).toBe('2026-05-11');
    // In the order written: PostgreSQL returns rows in no order of its own.
    const events = await rt.deps.db.select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(auditEvents.position);
    const configured = events.filter((e) => e.type === 'complaint.sla_configured');
    expect(configured.map((e) => e.payload)).toEqual([
      { category: '*', previous: null, terms: { ackBusinessDays: 5, answerAmount: 1, answerUnit: 'months' } },
      { category: 'billing', previous: null, terms: { ackBusinessDays: 3, answerAmount: 20, answerUnit: 'business-days' } },
    ]);
    expect(events.some((e) => e.type === 'complaint.sla_reset')).toBe(true);
  });
});

describe('pausing the clocks while waiting on the customer', () => {
  it('an agent asks for information: the portal shows it with the reason, the clocks pause, and the customer’s answer moves the due dates', async () => {
    at('2026-04-30T09:00:00+02:00');
    const org = await createTestOrg(rt);
    let agent = await createTestUser(rt, org.id, ['agent']);
    const filed = await fileFor(org, agent, 'billing');
    const id = filed.complaint.id;
    at('2026-04-30T15:00:00+02:00');
    const asked = await rt.app.inject({
      method: 'POST',
      url: `/api/complaints/${id}/request-info`,
      headers: { ...agent.headers, ...json },
      payload: { reason: 'missing_document', message: 'Pouvez-vous nous envoyer la facture de mars ?' },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toMatchObject({ pause: { reason: 'missing_document' }, clocks: { ack: { state: 'paused' }, answer: { state: 'paused' } }, abilities: { request_info: false, resume: true } });
    // Asking twice is refused while waiting.
    const twice = await rt.app.inject({ method: 'POST', url: `/api/complaints/${id}/request-info`, headers: { ...agent.headers, ...json }, payload: { reason: 'other', message: 'x' } });
    expect(twice.statusCode).toBe(409);

    const trackingPath = new URL(filed.trackingUrl).pathname;
    const page = await rt.app.inject({ method: 'GET', url: trackingPath });
    expect(page.body).toContain('Pouvez-vous nous envoyer la facture de mars ?');
    expect(page.body).toContain('il manque un document');
    expect(page.body).toContain('Les délais sont suspendus');

    // Weeks later a paused clock is still not breaching.
    at('2026-05-04T10:00:00+02:00');
    agent = await signInAgain(agent);
    const breaching = await rt.app.inject({ method: 'GET', url: '/api/complaints?queue=breaching', headers: agent.headers });
    expect(breaching.json().items.map((c: { id: string }) => c.id)).not.toContain(id);

    // The customer answers on Monday 4 May: Friday 1 May is a holiday, so 1 working day and 4 calendar days were paused.
    // The customer opens the page again (a form token lasts hours, not days).
    const fresh = await rt.app.inject({ method: 'GET', url: trackingPath });
    const token = /action="[^"]*\/message"[^>]*>\s*<input type="hidden" name="formToken" value="([^"]+)"/.exec(fresh.body)?.[1] ?? '';
    const answered = await rt.app.inject({
      method: 'POST',
      url: `${trackingPath}/message`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ formToken: token, message: 'La voici.' }).toString(),
    });
    expect(answered.statusCode).toBe(303);
    const after = await detail(agent, id);
    expect(after.pause).toBeNull();
    // Ack: 19 May + 1 working day = 20 May. Answer: 30 June + 4 days = 4 July (Saturday) -> Monday 6 July.
    expect(after.clocks.ack).toMatchObject({ dueOn: '2026-05-20', state: 'running' });
    expect(after.clocks.answer).toMatchObject({ dueOn: '2026-07-06', state: 'running' });
    const steps = after.timeline.filter((e: { type: string }) => e.type === 'paused' || e.type === 'resumed');
    expect(steps).toMatchObject([
      { type: 'paused', detail: { reason: 'missing_document' }, createdAt: '2026-04-30T13:00:00.000Z' },
      { type: 'resumed', detail: { by: 'customer', businessDays: 1, calendarDays: 4, ackDueOn: '2026-05-20', answerDueOn: '2026-07-06' }, createdAt: '2026-05-04T08:00:00.000Z' },
    ]);
    const [row] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, id));
    // The breaching-soon instant moved too: 80% of 10 working days is reached after the 9th unpaused one.
    expect(row?.ackWarnAt.toISOString()).toBe(new Date('2026-05-19T00:00:00+02:00').toISOString());
    const [resumed] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.resumed')));
    expect(resumed?.payload).toEqual({ complaintId: id, by: 'customer', businessDays: 1, calendarDays: 4 });
  });

  it('a pause across a month end, resumed by the agent, extends only the clocks still running', async () => {
    at('2026-04-30T09:00:00+02:00');
    const org = await createTestOrg(rt);
    let agent = await createTestUser(rt, org.id, ['agent']);
    const { complaint } = await fileFor(org, agent, 'contract');
    at('2026-05-05T09:00:00+02:00');
    agent = await signInAgain(agent);
    expect((await rt.app.inject({ method: 'POST', url: `/api/complaints/${complaint.id}/acknowledge`, headers: { ...agent.headers, ...json }, payload: {} })).statusCode).toBe(200);
    at('2026-05-29T11:00:00+02:00');
    agent = await signInAgain(agent);
    await rt.app.inject({ method: 'POST', url: `/api/complaints/${complaint.id}/request-info`, headers: { ...agent.headers, ...json }, payload: { reason: 'clarification', message: 'Quel contrat ?' } });
    // Resumed on Tuesday 2 June: Monday 1 and Tuesday 2 June given back (2 working days), 4 calendar days.
    at('2026-06-02T16:00:00+02:00');
    agent = await signInAgain(agent);
    const resumed = await rt.app.inject({ method: 'POST', url: `/api/complaints/${complaint.id}/resume`, headers: { ...agent.headers, ...json }, payload: {} });
    expect(resumed.statusCode, resumed.body).toBe(200);
    const body = resumed.json();
    // The acknowledgement was done before the pause: its due date stays.
    expect(body.clocks.ack).toMatchObject({ dueOn: '2026-05-19', state: 'met' });
    // 30 June + 4 days = 4 July (Saturday) -> Monday 6 July.
    expect(body.clocks.answer.dueOn).toBe('2026-07-06');
    expect(body.timeline.at(-1)).toMatchObject({ type: 'resumed', detail: { by: 'staff', businessDays: 2, calendarDays: 4 } });
    // Resuming again is refused: nothing is paused.
    expect((await rt.app.inject({ method: 'POST', url: `/api/complaints/${complaint.id}/resume`, headers: { ...agent.headers, ...json }, payload: {} })).statusCode).toBe(409);
  });
});
