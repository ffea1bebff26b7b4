import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestSubject, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { fixedClock } from '../clock.ts';
import { t } from '../../i18n/index.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import {
  acknowledgeComplaint,
  answerComplaint,
  assessComplaint,
  closeComplaint,
  escalateComplaint,
} from '../complaints/complaints.service.ts';
import { createAgentRequest, fulfilRequest } from '../dsr/dsr.service.ts';
import { notifyAuthority, recordBreach } from '../breaches/breaches.service.ts';
import { createPurpose, recordConsent } from '../consent/consent.service.ts';
import { recordAttempt } from '../contact/contact.service.ts';
import { findAllValues } from './kpi.repo.ts';
import { rebuildOrganisation, refreshOrganisation } from './kpi.refresh.ts';

// Monday 2 March 2026, 10:00 in Paris (UTC+1).
const clock = fixedClock(new Date('2026-03-02T10:00:00+01:00'));
const at = (iso: string) => clock.set(new Date(iso));
let rt: Runtime;

beforeAll(async () => {
  rt = await createTestRuntime({ clock });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const json = { 'content-type': 'application/json' };

async function file(agent: TestUser, category: string, email: string): Promise<string> {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...agent.headers, ...json },
    payload: {
      customer: { email, name: 'Jeanne Dupont', timezone: 'Europe/Paris' },
      channel: 'phone',
      category,
      description: 'Appel du client.',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { complaint: { id: string } }).complaint.id;
}

const answer = {
  decision: 'upheld',
  reasons: 'La facture était fausse : elle est corrigée.',
  rootCause: 'billing_error',
  remedyGiven: 'correction',
} as const;

/** The stored values without the time they were computed: what incremental and rebuilt runs must share. */
async function snapshot(orgId: string) {
  return (await findAllValues(rt.deps.db, orgId)).map(({ computedAt: _computedAt, ...row }) => row);
}

interface World {
  org: OrganisationRow;
  agent: TestUser;
  dpo: TestUser;
  ethics: TestUser;
  complaints: { a: string; b: string };
}

/**
 * A known set of records made through the services over four days, the KPI refresh running after
 * each day's work, as the cron would: complaints acknowledged after 4 and 24 hours, one answered
 * and closed, one escalated up to the mediator; a request backdated and answered on time and one
 * left late; a breach notified 24 hours after awareness; consents; contact attempts, one refused.
 */
async function buildWorld(): Promise<World> {
  at('2026-03-02T10:00:00+01:00');
  const org = await createTestOrg(rt);
  const [agent, supervisor, dpo, admin] = await Promise.all([
    createTestUser(rt, org.id, ['agent']),
    createTestUser(rt, org.id, ['supervisor']),
    createTestUser(rt, org.id, ['dpo']),
    createTestUser(rt, org.id, ['admin']),
  ]);
  const refresh = () => refreshOrganisation(rt.deps, org);
  expect((await refresh()).kind).toBe('rebuilt');

  // Day 1, Monday 2 March.
  const a = await file(agent, 'billing', 'a@example.fr');
  const b = await file(agent, 'delivery', 'b@example.fr');
  // A request received by post on 20 February (due 20 March) and one of 10 January left unanswered (due 10 February).
  const onTime = await createAgentRequest(rt.deps, dpo.ctx, {
    email: 'c@example.fr',
    type: 'access',
    channel: 'post',
    identityCheck: 'id_document',
    receivedOn: '2026-02-20',
  });
  await createAgentRequest(rt.deps, dpo.ctx, {
    email: 'd@example.fr',
    type: 'erasure',
    channel: 'post',
    identityCheck: 'id_document',
    receivedOn: '2026-01-10',
  }).catch(() => null);
  at('2026-03-02T14:00:00+01:00');
  await acknowledgeComplaint(rt.deps, agent.ctx, a, {});
  expect((await refresh()).kind).toBe('refreshed');

  // Day 2, Tuesday 3 March.
  at('2026-03-03T10:00:00+01:00');
  await acknowledgeComplaint(rt.deps, agent.ctx, b, {});
  await assessComplaint(rt.deps, agent.ctx, a, { severity: 'low' });
  await answerComplaint(rt.deps, agent.ctx, a, answer);
  const breach = await recordBreach(rt.deps, dpo.ctx, {
    title: 'Courriel mal adressé',
    awareAt: '2026-03-01T08:00:00+01:00',
    description: 'Un relevé envoyé au mauvais client.',
  });
  const subject = await createTestSubject(rt, org);
  await createPurpose(rt.deps, admin.ctx, {
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email', 'phone'],
    notice: { titleFr: 'Lettre', titleEn: 'Newsletter', textFr: 'Nos nouvelles.', textEn: 'Our news.' },
  });
  await recordConsent(rt.deps, dpo.ctx, {
    customerId: subject.customerId,
    purpose: 'newsletter',
    channel: 'email',
    kind: 'given',
    method: 'api',
    source: 'test',
  });
  // Recorded today, happened yesterday: the day it happened is the one that changes.
  await recordConsent(rt.deps, dpo.ctx, {
    customerId: subject.customerId,
    purpose: 'newsletter',
    channel: 'phone',
    kind: 'refused',
    method: 'api',
    source: 'test',
    occurredAt: new Date('2026-03-02T16:00:00+01:00'),
  });
  await recordAttempt(rt.deps, agent.ctx, {
    customerId: subject.customerId,
    channel: 'phone',
    purpose: 'prospecting',
    outcome: 'no_answer',
    occurredAt: '2026-03-02T11:00:00+01:00',
    tz: 'Europe/Paris',
    sector: 'other',
    ongoingContract: false,
    relatedToContract: false,
    existingCustomerSimilarProduct: false,
    oppositionListed: false,
  });
  await recordAttempt(rt.deps, agent.ctx, {
    customerId: subject.customerId,
    channel: 'email',
    purpose: 'service',
    outcome: 'sent',
    tz: 'Europe/Paris',
    sector: 'other',
    ongoingContract: false,
    relatedToContract: false,
    existingCustomerSimilarProduct: false,
    oppositionListed: false,
  });
  expect((await refresh()).kind).toBe('refreshed');

  // Day 4, Thursday 5 March (the refresh of day 3 found nothing new but the day's turn).
  at('2026-03-04T10:00:00+01:00');
  expect((await refresh()).kind).toBe('refreshed');
  at('2026-03-05T09:00:00+01:00');
  await closeComplaint(rt.deps, agent.ctx, a);
  await escalateComplaint(rt.deps, supervisor.ctx, b, {});
  await escalateComplaint(rt.deps, supervisor.ctx, b, {});
  await fulfilRequest(rt.deps, dpo.ctx, onTime.id);
  // Notified on the 2nd at 08:00, 24 hours after awareness, recorded today.
  await notifyAuthority(rt.deps, dpo.ctx, breach.id, {
    notifiedAt: '2026-03-02T08:00:00+01:00',
    reference: 'CNIL-1',
    channel: 'cnil_online',
  });
  expect((await refresh()).kind).toBe('refreshed');
  expect((await refresh()).kind).toBe('unchanged');
  // Sessions last 12 hours: the viewers of the API tests sign in now.
  const [agentNow, dpoNow, ethicsNow] = await Promise.all([
    createTestUser(rt, org.id, ['agent']),
    createTestUser(rt, org.id, ['dpo']),
    createTestUser(rt, org.id, ['ethics_officer']),
  ]);
  return { org, agent: agentNow, dpo: dpoNow, ethics: ethicsNow, complaints: { a, b } };
}

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

describe('KPI values kept incrementally', () => {
  it('agree with a rebuild from the records, row for row', async () => {
    const incremental = await snapshot(world.org.id);
    expect(incremental.length).toBeGreaterThan(10);
    await rebuildOrganisation(rt.deps, world.org);
    expect(await snapshot(world.org.id)).toEqual(incremental);
  });

  it('compute every figure exactly', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/api/kpis?from=2026-02-01&to=2026-03-05', headers: world.ethics.headers });
    expect(res.statusCode, res.body).toBe(200);
    const value = (key: string) =>
      (res.json() as { items: { key: string; value: number | null; status: string }[] }).items.find((i) => i.key === key);
    expect(value('complaints.received')).toMatchObject({ value: 2 });
    expect(value('complaints.closed')).toMatchObject({ value: 1 });
    // 4 and 24 hours: the median is their mean, the 90th percentile 4 + 0.9 x 20.
    expect(value('complaints.ack_time.median')?.value).toBeCloseTo(14, 6);
    expect(value('complaints.ack_time.p90')?.value).toBeCloseTo(22, 6);
    // Received Monday 10:00, answered Tuesday 10:00: one day, within both clocks.
    expect(value('complaints.answer_time.median')?.value).toBeCloseTo(1, 6);
    expect(value('complaints.sla_compliance')).toMatchObject({ value: 100, status: 'on_target' });
    expect(value('complaints.reopen_rate')).toMatchObject({ value: 0 });
    expect(value('complaints.escalations')).toMatchObject({ value: 1 });
    expect(value('complaints.mediator_referrals')).toMatchObject({ value: 1 });
    expect(value('complaints.satisfaction')).toMatchObject({ value: null, status: 'no_data' });
    // One request answered on time (5 March), one late since 11 February.
    expect(value('dsr.on_time')).toMatchObject({ value: 50, status: 'off_target' });
    expect(value('dsr.received')).toMatchObject({ value: 1 });
    expect(value('breaches.count')).toMatchObject({ value: 1 });
    expect(value('breaches.time_to_notify')?.value).toBeCloseTo(24, 6);
    expect(value('breaches.notified_on_time')).toMatchObject({ value: 100 });
    expect(value('consent.consent_rate')).toMatchObject({ value: 50 });
    expect(value('consent.withdrawal_rate')).toMatchObject({ value: 0 });
    // Phone prospecting without consent: refused by the guard; the service e-mail went through.
    expect(value('contact.refused')).toMatchObject({ value: 1 });
    expect(value('contact.refusal_rate')).toMatchObject({ value: 50 });
    expect(value('messages.findings_per_1000')).toMatchObject({ value: null, status: 'no_source' });
  });

  it('count a record on its own day, not the day it was entered', async () => {
    const day = async (key: string, from: string, to = from) =>
      (
        (await rt.app.inject({ method: 'GET', url: `/api/kpis/${key}?from=${from}&to=${to}`, headers: world.ethics.headers })).json() as {
          kpi: { value: number | null; breakdown: { dimension: string; label: string; value: number | null }[] };
        }
      ).kpi;
    expect((await day('dsr.received', '2026-02-20')).value).toBe(1);
    expect((await day('dsr.on_time', '2026-02-11')).value).toBe(0);
    expect((await day('dsr.on_time', '2026-03-05')).value).toBe(100);
    expect((await day('contact.refused', '2026-03-02')).value).toBe(1);
    expect((await day('contact.refused', '2026-03-03')).value).toBe(0);
    expect((await day('breaches.count', '2026-03-01')).value).toBe(1);
    const received = await day('complaints.received', '2026-03-02');
    // Each code named in the viewer's language.
    expect(received.breakdown).toEqual([
      { dimension: 'billing', label: 'Facturation', value: 1, previous: 0 },
      { dimension: 'delivery', label: 'Livraison ou intervention', value: 1, previous: 0 },
    ]);
    const english = await rt.app.inject({
      method: 'GET',
      url: '/api/kpis/complaints.received?from=2026-03-02&to=2026-03-02',
      headers: { ...world.ethics.headers, cookie: `${world.ethics.headers.cookie}; confiance_lang=en` },
    });
    expect((english.json() as { kpi: { breakdown: { label: string }[] } }).kpi.breakdown.map((r) => r.label)).toEqual(['Billing', 'Delivery or visit']);
  });
});

describe('KPI API', () => {
  it('opens the records behind a figure only to whoever may read them', async () => {
    const records = await rt.app.inject({
      method: 'GET',
      url: '/api/kpis/complaints.received/records?from=2026-03-01&to=2026-03-05&dimension=billing',
      headers: world.ethics.headers,
    });
    expect(records.statusCode, records.body).toBe(200);
    expect(records.json()).toMatchObject({
      items: [{ id: world.complaints.a, path: `/app/complaints/${world.complaints.a}`, facts: { category: 'billing' }, labels: { category: 'Facturation' } }],
    });
    // The codes stay in `facts` for API clients; `labels` names them in the reader's language (the page showed `billing`).
    const english = await rt.app.inject({
      method: 'GET',
      url: '/api/kpis/complaints.received/records?from=2026-03-01&to=2026-03-05&dimension=billing',
      headers: { ...world.ethics.headers, cookie: `${world.ethics.headers.cookie}; confiance_lang=en` },
    });
    const [first] = (english.json() as { items: { facts: Record<string, unknown>; labels: Record<string, string> }[] }).items;
    expect(first!.labels).toMatchObject({ category: 'Billing' });
    expect(first!.labels.status).toBe(t('en', `complaints.statuses.${String(first!.facts.status)}`));
    // The ethics officer sees the DSR figure, not the requests behind it.
    const list = await rt.app.inject({ method: 'GET', url: '/api/kpis', headers: world.ethics.headers });
    expect(list.json().items.find((i: { key: string }) => i.key === 'dsr.on_time').abilities).toEqual({ drill: false });
    const denied = await rt.app.inject({
      method: 'GET',
      url: '/api/kpis/dsr.on_time/records?from=2026-02-01&to=2026-03-05',
      headers: world.ethics.headers,
    });
    expect(denied.statusCode).toBe(403);
    const dpo = await rt.app.inject({
      method: 'GET',
      url: '/api/kpis/dsr.on_time/records?from=2026-02-01&to=2026-03-05',
      headers: world.dpo.headers,
    });
    expect(dpo.statusCode).toBe(200);
    expect(
      dpo
        .json()
        .items.map((r: { facts: { onTime: boolean } }) => r.facts.onTime)
        .sort(),
    ).toEqual([false, true]);
    // An agent reads no KPI at all.
    expect((await rt.app.inject({ method: 'GET', url: '/api/kpis', headers: world.agent.headers })).statusCode).toBe(403);
  });

  it('refuses an inverted or unknown period or KPI with a 4xx in the user’s language', async () => {
    const inverted = await rt.app.inject({ method: 'GET', url: '/api/kpis?from=2026-03-05&to=2026-03-01', headers: world.ethics.headers });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.issues).toMatchObject([{ path: 'to', message: 'La fin de la période précède son début.' }]);
    expect(
      (await rt.app.inject({ method: 'GET', url: '/api/kpis?from=2000-01-01&to=2026-03-01', headers: world.ethics.headers })).statusCode,
    ).toBe(400);
    expect((await rt.app.inject({ method: 'GET', url: '/api/kpis?from=2026-02-30', headers: world.ethics.headers })).statusCode).toBe(400);
    expect((await rt.app.inject({ method: 'GET', url: '/api/kpis/complaints.nope', headers: world.ethics.headers })).statusCode).toBe(404);
    expect(
      (await rt.app.inject({ method: 'GET', url: '/api/kpis/messages.findings_per_1000/records', headers: world.ethics.headers }))
        .statusCode,
    ).toBe(404);
  });

  it('names and defines every KPI in the request’s language, as it words the units', async () => {
    // The back office's language switch sets the cookie; the account's saved language is French.
    const english = { ...world.ethics.headers, cookie: `${world.ethics.headers.cookie}; confiance_lang=en` };
    const list = await rt.app.inject({ method: 'GET', url: '/api/kpis', headers: english });
    expect(list.statusCode, list.body).toBe(200);
    const names = new Map((list.json().items as { key: string; name: string }[]).map((i) => [i.key, i.name]));
    expect(names.get('complaints.received')).toBe('Complaints received');
    expect(names.get('complaints.ack_time.median')).toBe('Time to acknowledge (median)');
    const detail = await rt.app.inject({ method: 'GET', url: '/api/kpis/complaints.ack_time.median', headers: english });
    expect(detail.statusCode, detail.body).toBe(200);
    const kpi = detail.json().kpi as { name: string; formula: string; breakdownLabel: string | null };
    expect(kpi.name).toBe('Time to acknowledge (median)');
    expect(kpi.formula).not.toMatch(/[éèàç]|réclamation/i);
    // Without a chosen language, the account's (French) applies.
    const french = await rt.app.inject({ method: 'GET', url: '/api/kpis/complaints.ack_time.median', headers: world.ethics.headers });
    expect(french.json().kpi.name).toBe('Délai d’accusé de réception (médiane)');
    // The home's summary carries both names: the interface picks the one shown.
    const home = await rt.app.inject({ method: 'GET', url: '/api/home', headers: english });
    expect(home.statusCode, home.body).toBe(200);
  });

  it('exports the period as CSV in the user’s language (French: semicolons), no data left empty', async () => {
    const res = await rt.app.inject({
      method: 'GET',
      url: '/api/kpis/export.csv?from=2026-02-01&to=2026-03-05',
      headers: world.ethics.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Clé;Indicateur;Unité;Du;Au;Valeur;Période précédente;Objectif;Sens;État');
    expect(lines.find((l) => l.startsWith('complaints.ack_time.median'))).toBe(
      'complaints.ack_time.median;Délai d’accusé de réception (médiane);heures;2026-02-01;2026-03-05;14;;24;au plus;Objectif atteint',
    );
    expect(lines.find((l) => l.startsWith('messages.findings_per_1000'))).toContain(';;;;;Pas encore de données');
  });
});
