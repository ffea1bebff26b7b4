import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { consentEvents } from '../consent/consent.tables.ts';
import { addRestriction, createPurpose, inPrivacyTransaction, recordConsent } from '../consent/index.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { eraseSubject } from '../dsr/index.ts';
import { exportSubject } from '../dsr/subject-data.ts';
import { contactAttempts } from './contact.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const json = { 'content-type': 'application/json' };
const notice = { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' };

/** An organisation with a phone prospecting purpose, an agent, and a customer who consented to calls (in October 2026). */
async function setup(options: { consent?: boolean; consentAt?: string } = {}) {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  await createPurpose(rt.deps, dpo.ctx, { key: 'offers-phone', legalBasis: 'consent', dataUse: 'marketing.communications.telephone', channels: ['phone', 'sms'], notice });
  const { customer } = await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, dpo.ctx, { email: `c-${Math.random()}@example.test`, phone: '06 12 34 56 78' }, 'agent'));
  const given =
    options.consent === false
      ? null
      : await recordConsent(rt.deps, dpo.ctx, { customerId: customer.id, purpose: 'offers-phone', channel: 'phone', kind: 'given', method: 'phone_recorded', source: 'call-1', occurredAt: new Date(options.consentAt ?? '2026-07-01T10:00:00Z') });
  const check = (payload: object, headers: Record<string, string> = agent.headers) =>
    rt.app.inject({ method: 'POST', url: '/api/contact/check', headers: { ...headers, ...json }, payload: { customerId: customer.id, channel: 'phone', purpose: 'prospecting', ...payload } });
  const record = (payload: object, headers: Record<string, string> = agent.headers) =>
    rt.app.inject({ method: 'POST', url: '/api/contact/attempts', headers: { ...headers, ...json }, payload: { customerId: customer.id, channel: 'phone', purpose: 'prospecting', ...payload } });
  return { org, dpo, agent, customer, given, check, record };
}

describe('the contact guard over HTTP', () => {
  it('answers "do not call now" with the article, the windows and the next allowed instant; not stored', async () => {
    const { org, given, check } = await setup();
    const late = await check({ at: '2026-11-30T20:10:00+01:00' });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({
      allowed: false,
      tz: 'Europe/Paris',
      judgedOn: '2026-11-30',
      reasons: [{ code: 'outside_calling_hours', source: 'law', ref: 'C. consom. D.223-9 al. 1', evidence: [] }],
      rules: ['C. consom. D.223-9 al. 1'],
      nextAllowedAt: '2026-12-01T09:00:00.000Z',
      callingWindows: ['10:00-13:00', '14:00-20:00'],
    });
    const ok = (await check({ at: '2026-11-30T11:00:00+01:00' })).json();
    expect(ok).toMatchObject({ allowed: true, reasons: [], evidence: { consentEvents: [given!.id], restrictions: [], attempts: [] }, nextAllowedAt: '2026-11-30T10:00:00.000Z' });
    // Service calls are outside the canvassing rules.
    expect((await check({ at: '2026-11-29T21:00:00+01:00', purpose: 'service' })).json().allowed).toBe(true);
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.orgId, org.id))).toHaveLength(0);
  });

  it('reads the consent ledger: no consent after 2026-08-11 refuses, before it the opposition list decides', async () => {
    const { check } = await setup({ consent: false });
    expect((await check({ at: '2026-11-30T11:00:00+01:00' })).json().reasons.map((r: { code: string }) => r.code)).toEqual(['consent_missing']);
    expect((await check({ at: '2026-08-10T11:00:00+02:00' })).json().allowed).toBe(true);
    expect((await check({ at: '2026-08-10T11:00:00+02:00', oppositionListed: true })).json().reasons.map((r: { code: string }) => r.code)).toEqual(['opposition_listed']);
    // The ongoing-contract exception for a related offer.
    expect((await check({ at: '2026-11-30T11:00:00+01:00', ongoingContract: true, relatedToContract: true })).json().allowed).toBe(true);
    // Banned sector on SMS whatever the consent.
    expect((await check({ at: '2026-11-30T11:00:00+01:00', channel: 'sms', sector: 'energy_renovation' })).json().reasons.map((r: { code: string }) => r.code)).toEqual(['banned_sector', 'consent_missing']);
  });

  it('a refusal after 2026-08-11 records the refusal and withdraws the phone consent in one transaction; the next decision changes at once', async () => {
    const { org, customer, given, check, record } = await setup();
    const refused = await record({ outcome: 'refused', occurredAt: '2026-11-30T11:00:00+01:00' });
    expect(refused.statusCode, refused.body).toBe(201);
    const attempt = refused.json();
    expect(attempt).toMatchObject({ outcome: 'refused', source: 'agent', allowed: true, reasons: [], evidence: { consentEvents: [given!.id] } });
    expect(attempt.withdrawals).toHaveLength(1);
    const [withdrawal] = await rt.deps.db.select().from(consentEvents).where(eq(consentEvents.id, attempt.withdrawals[0]));
    expect(withdrawal).toMatchObject({ customerId: customer.id, channel: 'phone', kind: 'withdrawn', proofRef: attempt.id, source: `contact-attempt:${attempt.id}` });

    const next = (await check({ at: '2026-12-01T11:00:00+01:00' })).json();
    expect(next.allowed).toBe(false);
    expect(next.reasons).toEqual([
      { code: 'consent_withdrawn', source: 'law', ref: 'C. consom. L.223-1; loi 2025-594 art. 13 III', evidence: [withdrawal!.id] },
      { code: 'refusal_cooling_off', source: 'law', ref: 'C. consom. D.223-9 al. 3', evidence: [attempt.id] },
    ]);
    expect(next.nextAllowedAt).toBeNull();

    const audit = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'contact.attempt_recorded')));
    expect(audit.map((a) => a.payload)).toEqual([{ attemptId: attempt.id, customerId: customer.id, channel: 'phone', purpose: 'prospecting', outcome: 'refused', allowed: true, reasons: [], withdrawals: 1 }]);
    expect(JSON.stringify(audit)).not.toMatch(/06 12|\+336/);
  });

  it('a refusal before 2026-08-11 starts the 60 days only; "do not call" withdraws whatever the date', async () => {
    const { check, record } = await setup();
    const refused = (await record({ outcome: 'refused', occurredAt: '2026-08-05T11:00:00+02:00' })).json();
    expect(refused.withdrawals).toEqual([]);
    const during = (await check({ at: '2026-10-02T11:00:00+02:00' })).json();
    expect(during.reasons.map((r: { code: string }) => r.code)).toEqual(['refusal_cooling_off']);
    // Refused on 5 August: day 60 is Sunday 4 October, day 61 Monday 5 October, from 10:00.
    expect(during.nextAllowedAt).toBe('2026-10-05T08:00:00.000Z');
    expect((await check({ at: '2026-10-05T10:00:00+02:00' })).json().allowed).toBe(true);

    const dnc = (await record({ outcome: 'do_not_call', purpose: 'service', occurredAt: '2026-08-06T11:00:00+02:00' })).json();
    expect(dnc.withdrawals).toHaveLength(1);
    expect((await check({ at: '2026-11-30T11:00:00+01:00' })).json().reasons.map((r: { code: string }) => r.code)).toEqual(['consent_withdrawn']);
  });

  it('counts every recorded attempt: the 5th in 30 days is refused, and recorded all the same, flagged', async () => {
    const { check, record } = await setup();
    const ids: string[] = [];
    for (const day of ['09', '16', '23', '30']) {
      const res = await record({ outcome: 'no_answer', occurredAt: `2026-11-${day}T11:00:00+01:00` });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const fifth = (await check({ at: '2026-12-08T11:00:00+01:00' })).json();
    expect(fifth.reasons).toEqual([{ code: 'attempt_cap_reached', source: 'law', ref: 'C. consom. D.223-9 al. 3', evidence: ids }]);
    expect(fifth.nextAllowedAt).toBe('2026-12-09T09:00:00.000Z');
    // Messages are not calls: no cap (this SMS lacks its own consent, that is all).
    expect((await check({ at: '2026-12-08T11:00:00+01:00', channel: 'sms' })).json().reasons.map((r: { code: string }) => r.code)).toEqual(['consent_missing']);
    const recorded = (await record({ outcome: 'answered', occurredAt: '2026-12-01T11:00:00+01:00' })).json();
    expect(recorded).toMatchObject({ allowed: false, reasons: ['attempt_cap_reached'], rules: ['C. consom. D.223-9 al. 3'], evidence: { attempts: ids } });
  });

  it('objections and GPC from the privacy centre refuse prospecting, with the restriction as evidence', async () => {
    const { org, dpo, customer, check } = await setup();
    const objection = await inPrivacyTransaction(rt.deps, org.id, (tx, changes) => addRestriction(rt.deps, tx, dpo.ctx, changes, { customerId: customer.id, kind: 'objection', source: 'test' }));
    const answer = (await check({ at: '2026-11-30T11:00:00+01:00', channel: 'post' })).json();
    expect(answer.reasons).toEqual([{ code: 'objection_to_marketing', source: 'law', ref: 'RGPD art. 21(2)-(3)', evidence: [objection.id] }]);
    expect(answer.evidence.restrictions).toEqual([objection.id]);
  });

  it('an out-of-hours consent of its own lifts the days and hours', async () => {
    const { dpo, customer, check } = await setup();
    expect((await check({ at: '2026-11-28T11:00:00+01:00' })).json().reasons.map((r: { code: string }) => r.code)).toEqual(['outside_calling_days']);
    await createPurpose(rt.deps, dpo.ctx, { key: 'phone-out-of-hours', legalBasis: 'consent', dataUse: 'marketing.communications.telephone', channels: ['phone'], notice });
    const ooh = await recordConsent(rt.deps, dpo.ctx, { customerId: customer.id, purpose: 'phone-out-of-hours', channel: 'phone', kind: 'given', method: 'phone_recorded', source: 'call-2', occurredAt: new Date('2026-11-01T10:00:00Z') });
    const saturday = (await check({ at: '2026-11-28T11:00:00+01:00' })).json();
    expect(saturday.allowed).toBe(true);
    expect(saturday.evidence.consentEvents).toContain(ooh.id);
  });

  it('refuses bad input with a clear message, in the user’s language, changing nothing', async () => {
    const { org, agent, check, record } = await setup();
    const typo = await check({ at: '2026-11-30T11:00:00+01:00', ongoingcontract: true });
    expect(typo.statusCode).toBe(400);
    const future = await record({ outcome: 'answered', occurredAt: '2099-01-01T10:00:00Z' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('occurredAt');
    const old = await check({ at: '2015-01-05T11:00:00+01:00' });
    expect(old.statusCode).toBe(400);
    expect(old.json().error.message).toBe('Aucune règle de démarchage n’est en vigueur le 2015-01-05 : les règles françaises commencent le 1er juin 2016.');
    expect(old.body).not.toMatch(/at |stack/i);
    const zone = await check({ at: '2026-11-30T11:00:00+01:00', tz: 'Mars/Olympus' });
    expect(zone.statusCode).toBe(400);
    const unknown = await rt.app.inject({ method: 'POST', url: '/api/contact/check', headers: { ...agent.headers, ...json }, payload: { customerId: '00000000-0000-4000-8000-000000000000', channel: 'phone', purpose: 'prospecting' } });
    expect(unknown.statusCode).toBe(404);
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.orgId, org.id))).toHaveLength(0);
  });

  it('permissions: agents check and record, the DPO reads the history, an auditor cannot record, a token needs its scope', async () => {
    const { org, dpo, customer, check, record } = await setup();
    const auditor = await createTestUser(rt, org.id, ['auditor']);
    expect((await record({ outcome: 'answered', occurredAt: '2026-11-30T11:00:00+01:00' })).statusCode).toBe(201);
    expect((await record({ outcome: 'answered', occurredAt: '2026-11-30T11:00:00+01:00' }, auditor.headers)).statusCode).toBe(403);
    expect((await check({}, dpo.headers)).statusCode).toBe(403);
    const history = await rt.app.inject({ method: 'GET', url: `/api/contact/attempts?customerId=${customer.id}`, headers: dpo.headers });
    expect(history.statusCode).toBe(200);
    expect(history.json().items).toHaveLength(1);
    const token = await createTestToken(rt, org.id, ['contact:check', 'contact:record']);
    const byApi = await record({ outcome: 'sent', channel: 'email', purpose: 'service', occurredAt: '2026-11-30T12:00:00+01:00' }, token);
    expect(byApi.statusCode, byApi.body).toBe(201);
    expect(byApi.json().source).toBe('api');
    expect((await check({ at: '2026-11-30T11:00:00+01:00' }, token)).statusCode).toBe(200);
  });

  it('the history is in the subject export and goes with the subject’s erasure', async () => {
    const { org, dpo, customer, record } = await setup();
    const attempt = (await record({ outcome: 'refused', occurredAt: '2026-11-30T11:00:00+01:00' })).json();
    const exported = await exportSubject(rt.deps, org.id, customer.id);
    expect(JSON.stringify(exported)).toContain(attempt.id);
    await rt.deps.db.transaction((tx) => eraseSubject(rt.deps, tx, dpo.ctx, org.id, customer.id));
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.customerId, customer.id))).toHaveLength(0);
  });
});
