import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
}, 120_000);

const json = { 'content-type': 'application/json' };

async function file(org: OrganisationRow, agent: TestUser, category: string, email: string) {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...agent.headers, ...json },
    payload: { customer: { email, name: 'Client Test' }, channel: 'letter', category, description: 'Courrier reçu.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().complaint as { id: string; reference: string; assigneeId: string | null };
}

const queue = async (who: TestUser, params: string) => {
  const res = await rt.app.inject({ method: 'GET', url: `/api/complaints?${params}`, headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((c) => c.id);
};

describe('queues: my team, specialists, search', () => {
  let org: OrganisationRow;
  let supervisor: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    org = await createTestOrg(rt);
    supervisor = await createTestUser(rt, org.id, ['supervisor']);
    admin = await createTestUser(rt, org.id, ['admin']);
    alice = await createTestUser(rt, org.id, ['agent']);
    bob = await createTestUser(rt, org.id, ['agent']);
  });

  it('"my team" lists the complaints of the advisors who report to the supervisor, and only those', async () => {
    const patch = (who: TestUser, id: string, payload: object) => rt.app.inject({ method: 'PATCH', url: `/api/advisors/${id}`, headers: { ...who.headers, ...json }, payload });
    expect((await patch(admin, alice.user.id, { supervisorId: supervisor.user.id })).json()).toMatchObject({ supervisorId: supervisor.user.id });
    // An agent cannot be a supervisor (no complaint:assign), nor can an advisor supervise themselves.
    expect((await patch(admin, bob.user.id, { supervisorId: alice.user.id })).statusCode).toBe(400);
    expect((await patch(admin, bob.user.id, { supervisorId: bob.user.id })).statusCode).toBe(400);
    const mine = await file(org, supervisor, 'billing', 'team-a@example.fr');
    const other = await file(org, supervisor, 'billing', 'team-b@example.fr');
    // Each new customer goes to the least loaded advisor: one to Alice, one to Bob.
    const aliceOne = [mine, other].find((c) => c.assigneeId === alice.user.id);
    const bobOne = [mine, other].find((c) => c.assigneeId === bob.user.id);
    expect(aliceOne && bobOne).toBeTruthy();
    const team = await queue(supervisor, 'queue=team');
    expect(team).toContain(aliceOne?.id);
    expect(team).not.toContain(bobOne?.id);
    expect(await queue(alice, 'queue=team')).toEqual([]);
  });

  it('a category that needs a specialist goes to an advisor with the skill; the customer keeps their advisor; supervisors reassign with a reason', async () => {
    const carol = await createTestUser(rt, org.id, ['agent']);
    const setSkills = await rt.app.inject({ method: 'PATCH', url: `/api/advisors/${carol.user.id}`, headers: { ...admin.headers, ...json }, payload: { skills: ['personal_data'] } });
    expect(setSkills.statusCode).toBe(200);
    const put = await rt.app.inject({ method: 'PUT', url: '/api/complaints/specialist-categories', headers: { ...supervisor.headers, ...json }, payload: { categories: ['personal_data'] } });
    expect(put.json()).toEqual({ categories: ['personal_data'] });
    expect((await rt.app.inject({ method: 'PUT', url: '/api/complaints/specialist-categories', headers: { ...alice.headers, ...json }, payload: { categories: [] } })).statusCode).toBe(403);
    // An existing customer (their advisor is Alice or Bob) complains about personal data.
    const special = await file(org, supervisor, 'personal_data', 'team-a@example.fr');
    expect(special.assigneeId).toBe(carol.user.id);
    const [customer] = await rt.deps.db.select().from(customers).where(and(eq(customers.orgId, org.id), eq(customers.advisorId, carol.user.id)));
    expect(customer).toBeUndefined();
    const detail = await rt.app.inject({ method: 'GET', url: `/api/complaints/${special.id}`, headers: supervisor.headers });
    // The customer keeps their dedicated advisor; the specialist handles this complaint.
    expect([alice.user.id, bob.user.id]).toContain(detail.json().advisor.id);
    expect(detail.json().timeline.find((e: { type: string }) => e.type === 'assigned')?.detail).toMatchObject({ reason: 'specialist', assigneeId: carol.user.id });
    const reassigned = await rt.app.inject({
      method: 'POST',
      url: `/api/complaints/${special.id}/assign`,
      headers: { ...supervisor.headers, ...json },
      payload: { assigneeId: alice.user.id, reason: 'Carol en congé' },
    });
    expect(reassigned.statusCode).toBe(200);
    const events = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.assigned')));
    expect(events.map((e) => (e.payload as { reason: string }).reason)).toEqual(expect.arrayContaining(['specialist', 'reassigned']));
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain('congé');
  });

  it('search finds by reference and codes, and by a customer’s full e-mail through the blind index (never by decrypted text)', async () => {
    const c = await file(org, supervisor, 'delivery', 'Search.Me@Example.fr');
    expect(await queue(supervisor, `queue=all&q=${encodeURIComponent(c.reference)}`)).toEqual([c.id]);
    expect(await queue(supervisor, `queue=all&q=${encodeURIComponent('search.me@example.fr')}`)).toEqual([c.id]);
    expect(await queue(supervisor, `queue=all&q=${encodeURIComponent('nobody@example.fr')}`)).toEqual([]);
    // The description is encrypted: searching its words finds nothing.
    expect(await queue(supervisor, `queue=all&q=${encodeURIComponent('Courrier')}`)).toEqual([]);
    const filtered = await queue(supervisor, 'queue=all&category=delivery&channel=letter');
    expect(filtered).toContain(c.id);
    expect(await queue(supervisor, 'queue=all&category=billing&channel=letter')).not.toContain(c.id);
  });
});
