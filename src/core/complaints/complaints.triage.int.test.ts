import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { shippedTriageModel, suggestTriage } from '../triage/triage.ts';
import { complaints } from './complaints.tables.ts';
import { exportSubject } from '../dsr/subject-data.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const json = { 'content-type': 'application/json' };
const post = (url: string, headers: Record<string, string>, payload: object = {}) => rt.app.inject({ method: 'POST', url, headers: { ...headers, ...json }, payload });
const description = 'Double prélèvement ce matin, mon compte est à découvert !';
const intake = (email: string, channel = 'phone') => ({ customer: { email, name: 'Paul Martin' }, channel, category: 'delivery', description, language: 'fr' });

async function row(id: string) {
  const [r] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, id));
  if (!r) throw new Error('complaint not stored');
  return r;
}

describe('triage at intake', () => {
  it('stores the suggestion of the shipped model for agent and API intake, without the text', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const token = await createTestToken(rt, org.id, ['complaint:create']);
    const expected = suggestTriage(description, 'fr');
    for (const headers of [agent.headers, token]) {
      const res = await post('/api/complaints', headers, intake(`${Math.random()}@example.fr`));
      expect(res.statusCode, res.body).toBe(201);
      const stored = await row(res.json().complaint.id);
      expect(stored.triage?.model).toBe(shippedTriageModel().training.digest);
      expect(stored.triage?.category.label).toBe(expected.category.label);
      expect(stored.triage?.urgency).toMatchObject({ label: expected.urgency.label, confidence: expected.urgency.confidence });
      expect(stored.triage?.sentiment.label).toBe(expected.sentiment.label);
      expect(stored.triage?.category.reasons.length).toBeGreaterThan(0);
      // The suggestion is not applied: the complaint keeps the category it was filed with.
      expect(stored.category).toBe('delivery');
      expect(stored.sentiment).toBeNull();
      expect(JSON.stringify(stored.triage)).not.toContain('Double prélèvement');
    }
  });
});

describe('assessment confirms the suggestion', () => {
  it("prefills from the suggestion, keeps the agent's final labels, and audits which suggestions were kept", async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    // Filing answers a receipt: the suggestion and the prefill are on the full file.
    const receipt = (await post('/api/complaints', agent.headers, intake('assess@example.fr'))).json().complaint;
    const opened = await rt.app.inject({ method: 'GET', url: `/api/complaints/${receipt.id}`, headers: agent.headers });
    expect(opened.statusCode, opened.body).toBe(200);
    const filed = opened.json();
    expect(filed.triage.category.label).toBe(suggestTriage(description, 'fr').category.label);
    expect(filed.prefill).toEqual({ category: filed.triage.category.label, urgency: filed.triage.urgency.label, sentiment: filed.triage.sentiment.label });
    expect((await post(`/api/complaints/${filed.id}/acknowledge`, agent.headers)).statusCode).toBe(200);
    const otherSentiment = filed.triage.sentiment.label === 'neutral' ? 'positive' : 'neutral';
    const res = await post(`/api/complaints/${filed.id}/assess`, agent.headers, {
      category: filed.triage.category.label,
      urgency: filed.triage.urgency.label,
      sentiment: otherSentiment,
      severity: 'medium',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ category: filed.triage.category.label, sentiment: otherSentiment, prefill: { sentiment: otherSentiment } });
    const stored = await row(filed.id);
    expect(stored.sentiment).toBe(otherSentiment);
    const [event] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.assessed')));
    expect(event?.payload).toMatchObject({ suggestionKept: { category: true, urgency: true, sentiment: false } });
    // The subject sees the assessment about them, the suggestion included (GDPR Art. 15).
    const exported = await exportSubject(rt.deps, org.id, stored.customerId);
    expect(exported.complaints?.complaints?.[0]).toMatchObject({ sentiment: otherSentiment, triageSuggestion: { category: filed.triage.category.label } });
  });

  it('refuses an unknown sentiment with a clear error and changes nothing', async () => {
    const org = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const filed = (await post('/api/complaints', agent.headers, intake('bad@example.fr'))).json().complaint;
    const res = await post(`/api/complaints/${filed.id}/assess`, agent.headers, { sentiment: 'furious' });
    expect(res.statusCode).toBe(400);
    expect((await row(filed.id)).sentiment).toBeNull();
  });
});

describe('export of confirmed labels', () => {
  it('gives complaint:configure the confirmed labels with the decrypted text, audited; agents are refused', async () => {
    const org = await createTestOrg(rt);
    const other = await createTestOrg(rt);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const otherAgent = await createTestUser(rt, other.id, ['agent']);
    const confirmed = (await post('/api/complaints', agent.headers, intake('one@example.fr'))).json().complaint;
    await post('/api/complaints', agent.headers, intake('two@example.fr')); // not assessed: not a label
    const theirs = (await post('/api/complaints', otherAgent.headers, intake('three@example.fr'))).json().complaint;
    for (const [c, h] of [[confirmed, agent.headers], [theirs, otherAgent.headers]] as const) expect((await post(`/api/complaints/${c.id}/acknowledge`, h)).statusCode).toBe(200);
    expect((await post(`/api/complaints/${confirmed.id}/assess`, agent.headers, { category: 'billing', urgency: 'urgent', sentiment: 'negative' })).statusCode).toBe(200);
    expect((await post(`/api/complaints/${theirs.id}/assess`, otherAgent.headers, { category: 'billing', urgency: 'urgent', sentiment: 'negative' })).statusCode).toBe(200);

    expect((await rt.app.inject({ method: 'GET', url: '/api/complaints/triage-labels', headers: agent.headers })).statusCode).toBe(403);
    const res = await rt.app.inject({ method: 'GET', url: '/api/complaints/triage-labels', headers: supervisor.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().records).toEqual([{ text: description, language: 'fr', category: 'billing', urgency: 'urgent', sentiment: 'negative' }]);
    const events = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'complaint.triage_labels_exported')));
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toEqual({ records: 1 });
  });
});
