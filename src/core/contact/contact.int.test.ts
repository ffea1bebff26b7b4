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
  const checks = (payload: object, headers: Record<string, string> = agent.headers) =>
    rt.app.inject({ method: 'POST', url: '/api/contact/checks', headers: { ...headers, ...json }, payload });
  return { org, dpo, agent, customer, given, check, checks, record };
}

/** Another customer of the organisation (none of the purposes consented to). */
async function anotherCustomer(ctx: Awaited<ReturnType<typeof setup>>['dpo']['ctx']) {
  const { customer } = await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, ctx, { email: `c-${Math.random()}@example.test`, phone: '06 98 76 54 32' }, 'agent'));
  return customer;
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

describe('the contact guard over HTTP, many questions at once', () => {
  it('answers in the order asked, allowed and refused mixed, each as the single check answers it; nothing stored', async () => {
    const { org, dpo, customer, check, checks } = await setup();
    const stranger = await anotherCustomer(dpo.ctx);
    // A question without its own `at` is judged at the batch's; one with its own, at its own.
    const questions = [
      { customerId: customer.id, channel: 'phone', purpose: 'prospecting' },
      { customerId: stranger.id, channel: 'phone', purpose: 'prospecting' },
      { customerId: customer.id, channel: 'phone', purpose: 'prospecting', at: '2026-11-30T20:10:00+01:00' },
      { customerId: customer.id, channel: 'sms', purpose: 'prospecting', sector: 'energy_renovation' },
      { customerId: stranger.id, channel: 'phone', purpose: 'service', at: '2026-11-29T21:00:00+01:00' },
      { customerId: customer.id, channel: 'phone', purpose: 'prospecting', at: '2026-10-02T11:00:00+02:00', oppositionListed: true },
      { customerId: customer.id, channel: 'phone', purpose: 'prospecting' },
    ];
    const res = await checks({ at: '2026-11-30T11:00:00+01:00', questions });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { allowed: boolean; at: string; reasons: { code: string }[]; nextAllowedAt: string | null }[];
    expect(items.map((i) => [i.allowed, i.reasons.map((r) => r.code)])).toEqual([
      [true, []],
      [false, ['consent_missing']],
      [false, ['outside_calling_hours']],
      [false, ['banned_sector', 'consent_missing']],
      [true, []],
      [true, []], // the opposition list no longer applies once the consent does (from 2026-08-11)
      [true, []],
    ]);
    expect(items[2]).toMatchObject({ at: '2026-11-30T19:10:00.000Z', nextAllowedAt: '2026-12-01T09:00:00.000Z' });
    expect(items[1]!.nextAllowedAt).toBeNull();
    // Each answer is the one the single check gives to the same question.
    for (const [i, q] of questions.entries()) {
      const single = await check({ at: '2026-11-30T11:00:00+01:00', ...q });
      expect(items[i], `question ${i}`).toEqual(single.json());
    }
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.orgId, org.id))).toHaveLength(0);
  });

  it('a refusal recorded between two batches changes the next batch at once', async () => {
    const { customer, given, checks, record } = await setup();
    const ask = { at: '2026-12-01T11:00:00+01:00', questions: [{ customerId: customer.id, channel: 'phone', purpose: 'prospecting' }] };
    expect((await checks(ask)).json().items[0]).toMatchObject({ allowed: true, evidence: { consentEvents: [given!.id] } });
    const refused = (await record({ outcome: 'refused', occurredAt: '2026-11-30T11:00:00+01:00' })).json();
    const after = (await checks(ask)).json().items[0];
    expect(after.reasons).toEqual([
      { code: 'consent_withdrawn', source: 'law', ref: 'C. consom. L.223-1; loi 2025-594 art. 13 III', evidence: refused.withdrawals },
      { code: 'refusal_cooling_off', source: 'law', ref: 'C. consom. D.223-9 al. 3', evidence: [refused.id] },
    ]);
  });

  it('refuses the whole request when a question is bad, each named by its place, in the user’s language', async () => {
    const { org, customer, checks } = await setup();
    const q = { customerId: customer.id, channel: 'phone', purpose: 'prospecting' };
    const token = await createTestToken(rt, org.id, ['contact:check']);
    const tooMany = await checks({ questions: Array.from({ length: 1001 }, () => q) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.issues).toEqual([{ path: 'questions', message: 'Trop long (maximum 1000).' }]);
    expect((await checks({ questions: Array.from({ length: 1000 }, () => q), at: '2026-11-30T11:00:00+01:00' })).statusCode).toBe(200);
    expect((await checks({ questions: [] })).statusCode).toBe(400);
    const typo = await checks({ questions: [q, { ...q, ongoingcontract: true }] });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.issues).toEqual([{ path: 'questions.1.ongoingcontract', message: 'Champ inconnu.' }]);
    // Refused by the guard itself: every question at fault is named, none is answered.
    const bad = await checks({
      at: '2026-11-30T11:00:00+01:00',
      questions: [q, { ...q, tz: 'Mars/Olympus' }, q, { ...q, at: '2015-01-05T11:00:00+01:00' }, { ...q, customerId: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toEqual({
      code: 'validation',
      message: 'Certaines informations sont invalides. Corrigez les champs signalés.',
      issues: [
        { path: 'questions.1.tz', message: 'Valeur non autorisée.' },
        { path: 'questions.3.at', message: 'Aucune règle de démarchage n’est en vigueur le 2015-01-05 : les règles françaises commencent le 1er juin 2016.' },
        { path: 'questions.4.customerId', message: 'Aucun client de votre organisation ne porte cet identifiant.' },
      ],
    });
    const english = await checks({ questions: [q, { ...q, customerId: '00000000-0000-4000-8000-000000000000' }] }, { ...token, 'accept-language': 'en' });
    expect(english.json().error.issues).toEqual([{ path: 'questions.1.customerId', message: 'No customer of your organisation has this id.' }]);
    expect(bad.body).not.toMatch(/stack|\.ts:/);
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.orgId, org.id))).toHaveLength(0);
  });

  it('tenant isolation: another organisation’s customer is refused exactly like an id that exists nowhere, or an erased one', async () => {
    const a = await setup();
    const b = await setup();
    const erased = await anotherCustomer(a.dpo.ctx);
    await rt.deps.db.transaction((tx) => eraseSubject(rt.deps, tx, a.dpo.ctx, a.org.id, erased.id));
    const own = { customerId: a.customer.id, channel: 'phone', purpose: 'prospecting' };
    const ask = (customerId: string) => a.checks({ at: '2026-11-30T11:00:00+01:00', questions: [own, { ...own, customerId }] });
    const foreign = await ask(b.customer.id);
    const nowhere = await ask('00000000-0000-4000-8000-000000000000');
    const gone = await ask(erased.id);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toBe(nowhere.body);
    expect(gone.body).toBe(nowhere.body);
    expect(foreign.json().error.issues).toEqual([{ path: 'questions.1.customerId', message: 'Aucun client de votre organisation ne porte cet identifiant.' }]);
    expect(foreign.body).not.toContain(b.customer.id);
    expect(foreign.body).not.toContain(b.given!.id);
    // B asks about its own customer: answered from B's ledger, not A's.
    const mine = (await b.checks({ at: '2026-11-30T11:00:00+01:00', questions: [{ ...own, customerId: b.customer.id }] })).json().items[0];
    expect(mine.evidence.consentEvents).toEqual([b.given!.id]);
  });

  it('needs contact:check, like the single check', async () => {
    const { org, dpo, customer, checks } = await setup();
    const body = { at: '2026-11-30T11:00:00+01:00', questions: [{ customerId: customer.id, channel: 'phone', purpose: 'prospecting' }] };
    expect((await checks(body, dpo.headers)).statusCode).toBe(403);
    expect((await checks(body, await createTestToken(rt, org.id, ['contact:read']))).statusCode).toBe(403);
    expect((await checks(body, await createTestToken(rt, org.id, ['contact:check']))).statusCode).toBe(200);
    expect((await rt.app.inject({ method: 'POST', url: '/api/contact/checks', headers: json, payload: body })).statusCode).toBe(401);
  });
});
