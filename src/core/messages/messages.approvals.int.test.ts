import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { approvalFor } from './index.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const json = { 'content-type': 'application/json' };
const PUSHY = 'Dernière chance ! Achetez maintenant. Envoyé par Lumière SA. Pour ne plus recevoir nos messages, répondez STOP.';

describe('message approvals (issue 12)', () => {
  it('holds a marketing message with a high finding until an ethics officer approves exactly that text, logged', async () => {
    const org = await createTestOrg(rt);
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);

    const before = await approvalFor(rt.deps, org.id, { text: PUSHY, type: 'marketing' });
    expect(before).toMatchObject({ required: true, approved: false, status: 'none' });
    expect(before.findings.some((f) => f.severity === 'high' && f.category === 'urgency')).toBe(true);

    const submitted = await rt.app.inject({ method: 'POST', url: '/api/messages/approvals', headers: { ...supervisor.headers, ...json }, payload: { text: PUSHY, type: 'marketing' } });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const request = submitted.json();
    expect(request).toMatchObject({ status: 'pending', required: true, lang: 'fr', abilities: { decide: false } });
    expect(request.findings.find((f: { category: string }) => f.category === 'urgency').message).toMatch(/Pression du temps/);
    // Submitting the same text again returns the same request.
    const again = await rt.app.inject({ method: 'POST', url: '/api/messages/approvals', headers: { ...supervisor.headers, ...json }, payload: { text: `  ${PUSHY.replace(' ', '\n')} `, type: 'marketing' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(request.id);

    const list = await rt.app.inject({ method: 'GET', url: '/api/messages/approvals', headers: officer.headers });
    expect(list.json().items).toEqual([expect.objectContaining({ id: request.id, requesterName: supervisor.user.name, abilities: { decide: true } })]);
    // Supervisors submit but do not approve.
    const denied = await rt.app.inject({ method: 'GET', url: '/api/messages/approvals', headers: supervisor.headers });
    expect(denied.statusCode).toBe(403);

    const noReason = await rt.app.inject({ method: 'POST', url: `/api/messages/approvals/${request.id}/decision`, headers: { ...officer.headers, ...json }, payload: { decision: 'approved', reason: '  ' } });
    expect(noReason.statusCode).toBe(400);
    const decided = await rt.app.inject({ method: 'POST', url: `/api/messages/approvals/${request.id}/decision`, headers: { ...officer.headers, ...json }, payload: { decision: 'approved', reason: 'La vente se termine bien ce soir.' } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'approved', decidedBy: officer.user.id, deciderName: officer.user.name, decisionReason: 'La vente se termine bien ce soir.' });

    expect(await approvalFor(rt.deps, org.id, { text: PUSHY, type: 'marketing' })).toMatchObject({ required: true, approved: true, requestId: request.id, status: 'approved' });
    // Any change of wording needs its own approval.
    expect(await approvalFor(rt.deps, org.id, { text: `${PUSHY} !`, type: 'marketing' })).toMatchObject({ approved: false, status: 'none' });
    // Decided once.
    const twice = await rt.app.inject({ method: 'POST', url: `/api/messages/approvals/${request.id}/decision`, headers: { ...officer.headers, ...json }, payload: { decision: 'rejected', reason: 'Non' } });
    expect(twice.statusCode).toBe(409);

    const events = await rt.deps.db
      .select({ type: auditEvents.type, payload: auditEvents.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.targetId, request.id)));
    expect(events.map((e) => e.type).sort()).toEqual(['message.approval_requested', 'message.approved']);
    // The log keeps codes and the hash, never the text nor the reason.
    expect(JSON.stringify(events)).not.toMatch(/Dernière|ce soir/);
  });

  it('never holds a message whose timing the law sets, nor one without a high finding; a campaign is held like marketing', async () => {
    const org = await createTestOrg(rt);
    expect((await approvalFor(rt.deps, org.id, { text: PUSHY, type: 'price_change', campaign: true })).required).toBe(false);
    expect((await approvalFor(rt.deps, org.id, { text: PUSHY, type: 'other' })).required).toBe(false);
    expect((await approvalFor(rt.deps, org.id, { text: PUSHY, type: 'other', campaign: true })).required).toBe(true);
    const fair = 'Votre nouvelle offre est disponible jusqu’au 30 juin. Envoyé par Lumière SA. Pour ne plus recevoir nos messages, répondez STOP.';
    expect((await approvalFor(rt.deps, org.id, { text: fair, type: 'marketing' })).required).toBe(false);
  });

  it('refuses a decision on one’s own request (four eyes) and keeps organisations apart', async () => {
    const org = await createTestOrg(rt);
    const other = await createTestOrg(rt);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    const outsider = await createTestUser(rt, other.id, ['ethics_officer']);
    const submitted = await rt.app.inject({ method: 'POST', url: '/api/messages/approvals', headers: { ...officer.headers, ...json }, payload: { text: PUSHY, type: 'marketing' } });
    const { id } = submitted.json();
    const own = await rt.app.inject({ method: 'POST', url: `/api/messages/approvals/${id}/decision`, headers: { ...officer.headers, ...json }, payload: { decision: 'approved', reason: 'OK' } });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toMatch(/vous-même/);
    const foreign = await rt.app.inject({ method: 'POST', url: `/api/messages/approvals/${id}/decision`, headers: { ...outsider.headers, ...json }, payload: { decision: 'rejected', reason: 'Non' } });
    expect(foreign.statusCode).toBe(404);
    expect((await rt.app.inject({ method: 'GET', url: '/api/messages/approvals', headers: outsider.headers })).json().items).toEqual([]);
    expect((await approvalFor(rt.deps, other.id, { text: PUSHY, type: 'marketing' })).status).toBe('none');
  });
});
