import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { jobs } from '../../db/schema.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { exportSubject } from '../dsr/subject-data.ts';
import { complaints } from './complaints.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const post = (url: string, headers: Record<string, string>, payload: object = {}) => rt.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });
const mails = async (orgId: string) => rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, orgId), eq(jobs.type, 'mail.send')));
// Filing answers a receipt: the customer and the acknowledgement task are on the full file.
const openFile = async (headers: Record<string, string>, id: string) => {
  const res = await rt.app.inject({ method: 'GET', url: `/api/complaints/${id}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const complaint = (customer: Record<string, string>) => ({ customer: { name: 'Lucienne Morel', ...customer }, channel: 'phone', category: 'billing', description: 'Facture payée deux fois', language: 'fr' });

describe('complaints of customers without e-mail', () => {
  it('files for a phone-only customer: no mail, no tracking link, an acknowledgement task the agent marks done by post', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const res = await post('/api/complaints', agent.headers, complaint({ phone: '06 12 34 56 78' }));
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    expect(filed.trackingUrl).toBeNull();
    const file = await openFile(agent.headers, filed.complaint.id);
    expect(file.customer).toMatchObject({ email: null, phone: '+33612345678' });
    expect(file.manualAck).toEqual({ doneAt: null, sentBy: null });
    expect(file.clocks.ack.doneAt).toBeNull();
    expect(await mails(org.id)).toHaveLength(0);

    // The task cannot be closed without saying how the acknowledgement went.
    const missing = await post(`/api/complaints/${filed.complaint.id}/acknowledge`, agent.headers, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues).toEqual([expect.objectContaining({ path: 'sentBy', message: expect.any(String) })]);
    expect((await rt.app.inject({ method: 'GET', url: `/api/complaints/${filed.complaint.id}`, headers: agent.headers })).json().status).toBe('received');

    const done = await post(`/api/complaints/${filed.complaint.id}/acknowledge`, agent.headers, { sentBy: 'post' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('acknowledged');
    expect(done.json().manualAck.sentBy).toBe('post');
    expect(done.json().manualAck.doneAt).toBe(done.json().clocks.ack.doneAt);
    expect(done.json().clocks.ack.state).toBe('met');
    const [event] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.acknowledged')));
    expect(event?.payload).toEqual({ complaintId: filed.complaint.id, sentBy: 'post' });

    // Later steps write to the thread but queue no e-mail either.
    expect((await post(`/api/complaints/${filed.complaint.id}/reply`, agent.headers, { body: 'Nous vous rappelons demain.' })).statusCode).toBe(200);
    expect(await mails(org.id)).toHaveLength(0);

    // Staff find the complaint by the customer's phone number, however it is written.
    const found = await rt.app.inject({ method: 'GET', url: `/api/complaints?q=${encodeURIComponent('+33 6 12 34 56 78')}`, headers: agent.headers });
    expect(found.json().items.map((c: { id: string }) => c.id)).toEqual([filed.complaint.id]);
    const other = await rt.app.inject({ method: 'GET', url: '/api/complaints?q=0699999999', headers: agent.headers });
    expect(other.json().total).toBe(0);
  });

  it('records the phone-collection notice the agent gave with the number (version, agent, time), files without it, and refuses one that is not in force or has no number (C. consom. L.223-1)', async () => {
    // The server runs on the real clock, after 2026-08-11 (the edge is in rules/contact/notice.test.ts).
    const NOTICE = 'phone_canvassing_consent@2026-08-11';
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const told = await post('/api/complaints', agent.headers, { ...complaint({ phone: '06 12 34 56 78' }), phoneNotice: NOTICE });
    expect(told.statusCode, told.body).toBe(201);
    // A complaint is never refused for it: without the notice the trail just holds no such proof.
    const untold = await post('/api/complaints', agent.headers, complaint({ name: 'Paul Morel', phone: '06 98 76 54 32' }));
    expect(untold.statusCode, untold.body).toBe(201);
    for (const [body, lang, message] of [
      [{ ...complaint({ email: 'sans.numero@example.fr' }), phoneNotice: NOTICE }, 'en', /phone-collection notice in force on that day/],
      [{ ...complaint({ phone: '06 11 22 33 44' }), phoneNotice: 'phone_canvassing_consent@2027-01-01' }, 'fr', /information due à la collecte du numéro/],
    ] as const) {
      const res = await post(`/api/complaints?lang=${lang}`, agent.headers, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues).toEqual([{ path: 'phoneNotice', message: expect.stringMatching(message) }]);
    }
    const received = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.received')));
    expect(received).toHaveLength(2);
    // Which text, by whom, when: the event's payload, actor and time.
    const proofOf = (id: string) => {
      const event = received.find((e) => e.targetId === id);
      return [event?.actorType, event?.actorId, event?.createdAt instanceof Date, (event?.payload as { phoneNotice?: string } | undefined)?.phoneNotice];
    };
    expect(proofOf(told.json().complaint.id)).toEqual(['user', agent.user.id, true, NOTICE]);
    expect(proofOf(untold.json().complaint.id)).toEqual(['user', agent.user.id, true, undefined]);
    // In the subject export too, shown by an agent (GDPR Art. 15); none for the complaint filed without it.
    const exportOf = async (id: string) => {
      const [row] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, id));
      return (await exportSubject(rt.deps, org.id, row!.customerId)).customers?.phone_notices;
    };
    expect(await exportOf(told.json().complaint.id)).toEqual([
      expect.objectContaining({ notice: 'phone_canvassing_consent', noticeVersion: '2026-08-11', origin: 'agent', collectedWith: 'complaint', recordId: told.json().complaint.id }),
    ]);
    expect(await exportOf(untold.json().complaint.id)).toBeUndefined();
  });

  it('files for a customer known by a postal address only, and keeps the e-mail path for customers with one', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const byPost = await post('/api/complaints', agent.headers, complaint({ address: '12 rue des Lilas, 75020 Paris' }));
    expect(byPost.statusCode, byPost.body).toBe(201);
    const byPostFile = await openFile(agent.headers, byPost.json().complaint.id);
    expect(byPostFile.customer.address).toBe('12 rue des Lilas, 75020 Paris');
    expect(byPostFile.manualAck).not.toBeNull();
    const withEmail = await post('/api/complaints', agent.headers, complaint({ email: 'lucienne@example.fr', phone: '0612345678' }));
    expect(withEmail.json().trackingUrl).toMatch(/\/complaints\/track\//);
    expect((await openFile(agent.headers, withEmail.json().complaint.id)).manualAck).toBeNull();
    expect(await mails(org.id)).toHaveLength(1);
  });

  it('gives a customer known by phone the e-mail they later file with: one customer, one advisor, the receipt mailed from then on', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const first = await post('/api/complaints', agent.headers, complaint({ phone: '06 12 34 56 78' }));
    expect(first.statusCode, first.body).toBe(201);
    const before = await openFile(agent.headers, first.json().complaint.id);
    // Same phone, same name (written differently), now with an e-mail: the same person.
    const again = await post('/api/complaints', agent.headers, { ...complaint({ phone: '+33 6 12 34 56 78', email: 'Lucienne.Morel@example.fr' }), customer: { name: ' lucienne  MOREL ', phone: '+33 6 12 34 56 78', email: 'Lucienne.Morel@example.fr' } });
    expect(again.statusCode, again.body).toBe(201);
    const after = await openFile(agent.headers, again.json().complaint.id);
    expect(after.customer.id).toBe(before.customer.id);
    expect(after.customer.email).toBe('lucienne.morel@example.fr');
    expect(after.advisor?.id).toBe(before.advisor?.id);
    expect(after.manualAck).toBeNull();
    expect(again.json().trackingUrl).toMatch(/\/complaints\/track\//);
    expect(await mails(org.id)).toHaveLength(1);
    const stored = await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id));
    expect(stored).toHaveLength(1);
    const [updated] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'customer.updated')));
    expect(updated?.payload).toEqual({ customerId: before.customer.id, fields: ['email'] });
    // Found by the e-mail from now on; another name on the same landline is another person.
    const third = await post('/api/complaints', agent.headers, complaint({ email: 'lucienne.morel@example.fr' }));
    expect((await openFile(agent.headers, third.json().complaint.id)).customer.id).toBe(before.customer.id);
    const neighbour = await post('/api/complaints', agent.headers, { ...complaint({}), customer: { name: 'Paul Morel', phone: '06 12 34 56 78', email: 'paul@example.fr' } });
    expect((await openFile(agent.headers, neighbour.json().complaint.id)).customer.id).not.toBe(before.customer.id);
    expect(await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id))).toHaveLength(2);
  });

  it('refuses an intake with no e-mail, phone nor address, or with a phone that is not a number, and stores nothing', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const none = await post('/api/complaints', agent.headers, complaint({}));
    expect(none.statusCode).toBe(400);
    expect(none.json().error.issues).toEqual([expect.objectContaining({ path: 'customer.email', message: expect.any(String) })]);
    const badPhone = await post('/api/complaints', agent.headers, complaint({ phone: '12' }));
    expect(badPhone.statusCode).toBe(400);
    expect(JSON.stringify(badPhone.json().error.issues)).toContain('customer.phone');
    const list = await rt.app.inject({ method: 'GET', url: '/api/complaints', headers: agent.headers });
    expect(list.json().total).toBe(0);
  });
});
