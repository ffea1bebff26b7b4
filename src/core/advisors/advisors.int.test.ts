import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { jobs } from '../../db/schema.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { complaints } from '../complaints/complaints.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const json = { 'content-type': 'application/json' };
const file = (headers: Record<string, string>, email: string, language: 'fr' | 'en' = 'fr') =>
  rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...headers, ...json },
    payload: { customer: { email, name: 'Client Test', locale: language }, channel: 'letter', category: 'contract', description: 'Courrier reçu', language },
  });
// Filing answers a receipt (assigneeId, no advisor): the customer's advisor is on the full file.
const openFile = async (headers: Record<string, string>, id: string) => {
  const res = await rt.app.inject({ method: 'GET', url: `/api/complaints/${id}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('dedicated advisors', () => {
  it('gives a new customer the least-loaded agent who speaks their language, and keeps them with that advisor', async () => {
    const org = await createTestOrg(rt);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const fr = await createTestUser(rt, org.id, ['agent']);
    const en = await createTestUser(rt, org.id, ['agent']);
    const patch = (id: string, payload: object) => rt.app.inject({ method: 'PATCH', url: `/api/advisors/${id}`, headers: { ...supervisor.headers, ...json }, payload });
    expect((await patch(fr.user.id, { languages: ['fr'] })).statusCode).toBe(200);
    expect((await patch(en.user.id, { languages: ['en'] })).statusCode).toBe(200);
    const english = (await file(supervisor.headers, 'en1@example.com', 'en')).json().complaint;
    expect(english.assigneeId).toBe(en.user.id);
    const french1 = (await file(supervisor.headers, 'fr1@example.fr')).json().complaint;
    const french2 = (await file(supervisor.headers, 'fr2@example.fr')).json().complaint;
    expect([french1.assigneeId, french2.assigneeId]).toEqual([fr.user.id, fr.user.id]);
    // The same customer's next complaint goes to their advisor.
    const again = (await file(supervisor.headers, 'en1@example.com', 'en')).json().complaint;
    expect(again.assigneeId).toBe(en.user.id);
    const answer = (await rt.app.inject({ method: 'GET', url: '/api/advisors', headers: supervisor.headers })).json();
    expect(answer.items.find((a: { userId: string }) => a.userId === fr.user.id).customers).toBe(2);
    // Who may lead a team: users who can reassign complaints (the supervisor), not the agents.
    expect(answer.supervisors).toEqual([{ id: supervisor.user.id, name: supervisor.user.name }]);
  });

  it('sends new work to the deputy while the advisor is absent; the customer keeps their advisor', async () => {
    const org = await createTestOrg(rt);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const advisor = await createTestUser(rt, org.id, ['agent']);
    const first = (await file(supervisor.headers, 'loyal@example.fr')).json().complaint;
    expect(first.assigneeId).toBe(advisor.user.id);
    const deputy = await createTestUser(rt, org.id, ['agent']);
    const res = await rt.app.inject({ method: 'PATCH', url: `/api/advisors/${advisor.user.id}`, headers: { ...supervisor.headers, ...json }, payload: { status: 'absent', deputyId: deputy.user.id } });
    expect(res.json()).toMatchObject({ status: 'absent', deputyId: deputy.user.id });
    const during = (await file(supervisor.headers, 'loyal@example.fr')).json().complaint;
    expect(during.assigneeId).toBe(deputy.user.id);
    expect((await openFile(supervisor.headers, during.id)).advisor.id).toBe(advisor.user.id);
    // A new customer during the absence goes to an available agent, not to the absent one.
    const newcomer = (await file(supervisor.headers, 'new@example.fr')).json().complaint;
    expect((await openFile(supervisor.headers, newcomer.id)).advisor.id).toBe(deputy.user.id);
    // Back from absence: new work goes to the advisor again.
    await rt.app.inject({ method: 'PATCH', url: `/api/advisors/${advisor.user.id}`, headers: { ...supervisor.headers, ...json }, payload: { status: 'active' } });
    expect((await file(supervisor.headers, 'loyal@example.fr')).json().complaint.assigneeId).toBe(advisor.user.id);
    // An agent may read advisors but not change them.
    const agentPatch = await rt.app.inject({ method: 'PATCH', url: `/api/advisors/${advisor.user.id}`, headers: { ...advisor.headers, ...json }, payload: { status: 'absent' } });
    expect(agentPatch.statusCode).toBe(403);
  });

  it('hands all of an advisor’s customers and open complaints over in one action, with a log and a mail to each customer', async () => {
    const org = await createTestOrg(rt);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const leaving = await createTestUser(rt, org.id, ['agent']);
    const ids = [];
    for (const email of ['h1@example.fr', 'h2@example.fr', 'h3@example.fr']) ids.push((await file(supervisor.headers, email)).json().complaint.id);
    // A customer known by phone only: moved like the others, but there is no address to mail.
    const byPhone = await rt.app.inject({
      method: 'POST',
      url: '/api/complaints',
      headers: { ...supervisor.headers, ...json },
      payload: { customer: { name: 'Henri Phone', phone: '06 11 22 33 44' }, channel: 'phone', category: 'billing', description: 'Facture', language: 'fr' },
    });
    expect(byPhone.statusCode, byPhone.body).toBe(201);
    const successor = await createTestUser(rt, org.id, ['agent']);
    const res = await rt.app.inject({ method: 'POST', url: `/api/advisors/${leaving.user.id}/handover`, headers: { ...supervisor.headers, ...json }, payload: { toAdvisorId: successor.user.id } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customers: 4, complaints: 4 });
    const moved = await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id));
    expect(moved.every((c) => c.advisorId === successor.user.id)).toBe(true);
    const open = await rt.deps.db.select().from(complaints).where(eq(complaints.orgId, org.id));
    expect(open.every((c) => c.assigneeId === successor.user.id)).toBe(true);
    const detail = (await rt.app.inject({ method: 'GET', url: `/api/complaints/${ids[0]}`, headers: supervisor.headers })).json();
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'assigned', detail: { reason: 'handover', assigneeId: successor.user.id } });
    const mails = await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'mail.send')));
    expect(mails.filter((m) => (m.payload as { template: string }).template === 'advisors.mail.handover')).toHaveLength(3);
    const [event] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'advisor.handed_over')));
    expect(event?.payload).toEqual({ fromAdvisorId: leaving.user.id, toAdvisorId: successor.user.id, customers: 4, complaints: 4 });
    // The advisor who left takes no new customers.
    const list = (await rt.app.inject({ method: 'GET', url: '/api/advisors', headers: supervisor.headers })).json().items;
    expect(list.find((a: { userId: string }) => a.userId === leaving.user.id).status).toBe('left');
    const after = (await file(supervisor.headers, 'after@example.fr')).json().complaint;
    expect((await openFile(supervisor.headers, after.id)).advisor.id).toBe(successor.user.id);
  });

  it('the tracking page shows the advisor’s first name and how to reach them', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    await rt.deps.db.execute(`update users set name = 'Inès Benali' where id = '${agent.user.id}'`);
    const created = await file(agent.headers, 'track@example.fr');
    const path = new URL(created.json().trackingUrl).pathname;
    const page = await rt.app.inject({ method: 'GET', url: path });
    expect(page.body).toContain('Inès suit votre dossier personnellement.');
    expect(page.body).not.toContain('Benali');
    expect(page.body).toContain(`mailto:contact@${org.slug}.example`);
  });
});
