/**
 * An agent on the phone records the customer's phone prospecting consent from the back office
 * (issue 11): a consent given from 2026-08-11 needs the notice read out (C. consom. L.223-1), its
 * version stored with the event (method phone_recorded) and in the customer's phone notices; a
 * withdrawal needs nothing (GDPR Art. 7(3)); permission-checked (contact:check to read, contact:record
 * to record), audited, fr/en, tenant-scoped.
 * The server runs on the real clock, after 2026-08-11 (the edge is in rules/contact/notice.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { createPurpose } from '../consent/index.ts';
import { consentEvents } from '../consent/consent.tables.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { exportSubject } from '../dsr/subject-data.ts';

const NOTICE = 'phone_canvassing_consent@2026-08-11';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const notice = (titleFr: string, titleEn: string) => ({ titleFr, titleEn, textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' });

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  await createPurpose(rt.deps, dpo.ctx, {
    key: 'offers',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.telephone',
    channels: ['phone', 'email'],
    notice: notice('Offres par téléphone', 'Offers by phone'),
  });
  // Not phone prospecting: e-mail only, and a purpose on another basis.
  await createPurpose(rt.deps, dpo.ctx, {
    key: 'letters',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email'],
    notice: notice('Lettres', 'Letters'),
  });
  await createPurpose(rt.deps, dpo.ctx, {
    key: 'service-calls',
    legalBasis: 'contract',
    dataUse: 'essential.service',
    channels: ['phone'],
    notice: notice('Appels de service', 'Service calls'),
  });
  const customer = await rt.deps.db.transaction(
    async (tx) =>
      (await findOrCreateCustomer(rt.deps, tx, agent.ctx, { email: `pc-${Math.random()}@example.test`, phone: '06 12 34 56 78' }, 'agent'))
        .customer,
  );
  return { org, dpo, agent, customer };
}

const post = (headers: Record<string, string>, payload: object, lang = 'en') =>
  rt.app.inject({ method: 'POST', url: `/api/contact/phone-consent?lang=${lang}`, headers: { ...headers, 'content-type': 'application/json' }, payload });
const view = (headers: Record<string, string>, customerId: string) =>
  rt.app.inject({ method: 'GET', url: `/api/contact/phone-consent?customerId=${customerId}`, headers });

describe('phone prospecting consent recorded by an agent', () => {
  it('shows the notice and the phone purposes, refuses a consent without the notice read (fr/en), records it with its version, then a withdrawal', async () => {
    const { org, agent, customer } = await setup();
    const before = await view(agent.headers, customer.id);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toEqual({
      customerId: customer.id,
      notice: { key: NOTICE, version: '2026-08-11', ref: 'C. consom. L.223-1', textKey: 'phoneNotice.phone_canvassing_consent.2026-08-11' },
      // Only the consent-based marketing purposes covering the phone: those the contact guard reads.
      purposes: [{ id: expect.any(String), key: 'offers', titleFr: 'Offres par téléphone', titleEn: 'Offers by phone', state: 'none', eventId: null }],
    });

    // Not read out: refused on the field, in the user's language; nothing written.
    for (const [lang, message] of [
      ['en', /Read the phone canvassing notice \(C\. consom\. L\.223-1\)/],
      ['fr', /Lisez au client l’information sur le démarchage téléphonique/],
    ] as const) {
      const res = await post(agent.headers, { customerId: customer.id, purpose: 'offers', kind: 'given' }, lang);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues).toEqual([{ path: 'phoneNotice', message: expect.stringMatching(message) }]);
    }
    // Another version than the one in force is no proof of it.
    const stale = await post(agent.headers, { customerId: customer.id, purpose: 'offers', kind: 'given', phoneNotice: 'phone_canvassing_consent@2027-01-01' });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().error.issues[0].path).toBe('phoneNotice');
    const ledger = () =>
      rt.deps.db
        .select()
        .from(consentEvents)
        .where(and(eq(consentEvents.orgId, org.id), eq(consentEvents.customerId, customer.id)))
        .orderBy(asc(consentEvents.seq));
    expect(await ledger()).toEqual([]);

    const given = await post(agent.headers, { customerId: customer.id, purpose: 'offers', kind: 'given', phoneNotice: NOTICE, proofRef: 'call-42' });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json().event).toMatchObject({ kind: 'given', method: 'phone_recorded', phoneNotice: NOTICE });
    expect(given.json().consent.purposes[0]).toMatchObject({ key: 'offers', state: 'given', eventId: given.json().event.id });
    const [event] = await ledger();
    expect(event).toMatchObject({ channel: 'phone', kind: 'given', method: 'phone_recorded', phoneNotice: NOTICE, actorType: 'user', actorId: agent.user.id, proofRef: 'call-42' });

    // Audited with the agent and the notice's key (never the number).
    const recorded = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'consent.recorded')))
      .orderBy(asc(auditEvents.position));
    expect(recorded.map((e) => [e.actorType, e.actorId, e.payload])).toEqual([
      ['user', agent.user.id, expect.objectContaining({ eventId: event!.id, channel: 'phone', kind: 'given', method: 'phone_recorded', phoneNotice: NOTICE })],
    ]);
    expect(JSON.stringify(recorded)).not.toContain('612345678');
    // The guard now finds the consent.
    const check = await rt.app.inject({
      method: 'POST',
      url: '/api/contact/check',
      headers: { ...agent.headers, 'content-type': 'application/json' },
      payload: { customerId: customer.id, channel: 'phone', purpose: 'prospecting' },
    });
    expect(check.json().reasons.map((r: { code: string }) => r.code)).not.toContain('consent_missing');
    // In the subject export: the notice read, by an agent, with this consent.
    expect((await exportSubject(rt.deps, org.id, customer.id)).customers?.phone_notices).toEqual([
      expect.objectContaining({ notice: 'phone_canvassing_consent', noticeVersion: '2026-08-11', origin: 'agent', collectedWith: 'consent', recordId: event!.id }),
    ]);

    // A withdrawal needs nothing read, and carries no notice.
    const withNotice = await post(agent.headers, { customerId: customer.id, purpose: 'offers', kind: 'withdrawn', phoneNotice: NOTICE });
    expect(withNotice.statusCode).toBe(400);
    const withdrawn = await post(agent.headers, { customerId: customer.id, purpose: 'offers', kind: 'withdrawn' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(withdrawn.json().event).toMatchObject({ kind: 'withdrawn', method: 'phone_recorded', phoneNotice: null });
    expect(withdrawn.json().consent.purposes[0].state).toBe('withdrawn');
    expect((await ledger()).map((e) => [e.kind, e.phoneNotice])).toEqual([
      ['given', NOTICE],
      ['withdrawn', null],
    ]);
    const after = await rt.app.inject({
      method: 'POST',
      url: '/api/contact/check',
      headers: { ...agent.headers, 'content-type': 'application/json' },
      payload: { customerId: customer.id, channel: 'phone', purpose: 'prospecting' },
    });
    expect(after.json().reasons.map((r: { code: string }) => r.code)).toContain('consent_withdrawn');
  });

  it('refuses a purpose that is not phone prospecting, by key or id, in the user’s language', async () => {
    const { agent, customer } = await setup();
    for (const [purpose, lang, message] of [
      ['letters', 'en', /not a phone canvassing purpose/],
      ['service-calls', 'fr', /pas une finalité de démarchage par téléphone/],
      ['nope', 'en', /not a phone canvassing purpose/],
      ['00000000-0000-4000-8000-000000000000', 'en', /not a phone canvassing purpose/],
    ] as const) {
      const res = await post(agent.headers, { customerId: customer.id, purpose, kind: 'given', phoneNotice: NOTICE }, lang);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues).toEqual([{ path: 'purpose', message: expect.stringMatching(message) }]);
    }
  });

  it('is permission-checked (denials audited) and stays in the organisation', async () => {
    const { org, agent, customer } = await setup();
    // The auditor and the DPO read contacts and consents but record no call; the ethics officer checks no contact.
    const auditor = await createTestUser(rt, org.id, ['auditor']);
    const refused = await post(auditor.headers, { customerId: customer.id, purpose: 'offers', kind: 'given', phoneNotice: NOTICE });
    expect(refused.statusCode).toBe(403);
    const dpo = await createTestUser(rt, org.id, ['dpo']);
    expect((await post(dpo.headers, { customerId: customer.id, purpose: 'offers', kind: 'withdrawn' })).statusCode).toBe(403);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    expect((await view(officer.headers, customer.id)).statusCode).toBe(403);
    const denied = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.outcome, 'denied')));
    expect(denied.map((e) => e.actorId)).toEqual(expect.arrayContaining([auditor.user.id, dpo.user.id, officer.user.id]));
    expect(await rt.deps.db.select().from(consentEvents).where(eq(consentEvents.orgId, org.id))).toEqual([]);

    // Another organisation's agent: the customer is unknown to it (404), its purposes are not theirs.
    const other = await setup();
    expect((await view(other.agent.headers, customer.id)).statusCode).toBe(404);
    const across = await post(other.agent.headers, { customerId: customer.id, purpose: 'offers', kind: 'given', phoneNotice: NOTICE });
    expect(across.statusCode).toBe(404);
    const offers = (await view(agent.headers, customer.id)).json().purposes[0].id as string;
    const foreignPurpose = await post(other.agent.headers, { customerId: other.customer.id, purpose: offers, kind: 'given', phoneNotice: NOTICE });
    expect(foreignPurpose.statusCode).toBe(400);
    expect(await rt.deps.db.select().from(consentEvents).where(eq(consentEvents.orgId, other.org.id))).toEqual([]);
    // Bad input is a clear 400, never a 500.
    for (const payload of [{}, { customerId: 'x', purpose: 'offers', kind: 'given' }, { customerId: customer.id, purpose: 'offers', kind: 'refused' }]) {
      expect((await post(agent.headers, payload)).statusCode).toBe(400);
    }
    expect((await view(agent.headers, 'not-a-uuid')).statusCode).toBe(400);
  });
});
