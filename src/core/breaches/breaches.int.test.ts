import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { computeDeadline } from '../../rules/index.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { findQueuedMails, renderMail, type MailJob } from '../mail/mail.service.ts';
import { exportSubject } from '../dsr/subject-data.ts';
import { breachSubjectNotices, breaches } from './breaches.tables.ts';
import * as service from './breaches.service.ts';
import type { CreateBreachInput } from './breaches.schemas.ts';
import { warnDeadlineJob } from './breaches.jobs.ts';
import { breachSubjectData } from './breaches.subject-data.ts';

const HOUR = 3_600_000;
let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  return { org, dpo };
}

const hoursAgo = (h: number) => new Date(rt.deps.clock.now().getTime() - h * HOUR);

function breachInput(overrides: Partial<CreateBreachInput> = {}): CreateBreachInput {
  return {
    title: 'Export clients envoyé au mauvais destinataire',
    awareAt: hoursAgo(100).toISOString(),
    occurredAt: hoursAgo(101).toISOString(),
    discoverySource: 'employee',
    description: 'Un fichier a été envoyé par erreur à un prestataire.',
    breachTypes: ['confidentiality'],
    dataCategories: 'Nom, adresse e-mail',
    subjectCategories: 'Clients',
    approxSubjects: 120,
    approxRecords: 120,
    dpoContact: 'dpo@example.test',
    consequences: 'Hameçonnage possible.',
    measures: 'Suppression demandée au destinataire.',
    risk: 'risk',
    riskReasons: 'Données de contact seulement.',
    ...overrides,
  };
}

async function auditCount(orgId: string): Promise<number> {
  const [row] = await rt.deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.orgId, orgId));
  return row?.n ?? 0;
}

/** The breach notices in the organisation's outbox, opened (the outbox seals recipients and parameters). */
async function breachMails(orgId: string): Promise<MailJob[]> {
  return (await findQueuedMails(rt.deps, orgId)).flatMap((q) => (q.template === 'breaches.mail.subjectNotice' && q.mail ? [q.mail] : []));
}

/** A browser that chose English explicitly (otherwise the user's saved language applies). */
const english = (user: TestUser) => ({ ...user.headers, cookie: `${user.headers.cookie}; confiance_lang=en` });

async function customer(dpo: TestUser, email: string, locale: 'fr' | 'en' = 'fr') {
  return (await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, dpo.ctx, { email, locale }, 'agent'))).customer;
}

describe('a draft with only what is known', () => {
  it('needs only a title, a description and the awareness time; the clock starts at once and the file lists what is missing', async () => {
    const { org, dpo } = await setup();
    const awareAt = hoursAgo(71).toISOString();
    const res = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: dpo.headers, payload: { title: 'Ordinateur portable volé', description: 'Vol dans le train.', awareAt } });
    expect(res.statusCode).toBe(201);
    const draft = res.json();
    expect(draft).toMatchObject({ risk: 'unassessed', discoverySource: null, dpoContact: null, breachTypes: [], subjectsDecision: 'not_required', authorityClock: { state: 'warning' } });
    expect(draft.authorityClock.dueAt).toBe(computeDeadline({ kind: 'breach-authority', from: awareAt, tz: 'Europe/Paris' }).due);
    expect(draft.missing).toEqual(['discoverySource', 'breachTypes', 'dataCategories', 'subjectCategories', 'approxSubjects', 'approxRecords', 'dpoContact', 'consequences', 'measures', 'risk', 'riskReasons']);
    expect(draft.timeline[0]).toMatchObject({ type: 'breach.recorded', payload: { risk: 'unassessed' } });

    // Completed in phases: each answer leaves the list, and the printable report says what is not given yet.
    const completed = await rt.app.inject({ method: 'PATCH', url: `/api/breaches/${draft.id}`, headers: dpo.headers, payload: { dpoContact: 'dpo@example.test', breachTypes: ['confidentiality'], risk: 'high_risk' } });
    expect(completed.json().missing).toEqual(['discoverySource', 'dataCategories', 'subjectCategories', 'approxSubjects', 'approxRecords', 'consequences', 'measures', 'riskReasons']);
    expect(completed.json().subjectsDecision).toBe('pending');
    const report = await rt.app.inject({ method: 'GET', url: `/api/breaches/${draft.id}/report`, headers: dpo.headers });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Non renseigné');

    // Art. 33(4): a notification may go with gaps, to be supplemented; an unassessed file cannot be closed nor waived.
    const notified = await service.notifyAuthority(rt.deps, dpo.ctx, draft.id, { notifiedAt: rt.deps.clock.now().toISOString(), reference: 'CNIL-D', channel: 'cnil_online' });
    expect(notified.status).toBe('notified');
    const other = await service.recordBreach(rt.deps, dpo.ctx, { title: 'Courriel mal adressé', description: 'Un seul destinataire.', awareAt: hoursAgo(2).toISOString() });
    const before = await auditCount(org.id);
    await expect(service.waiveAuthorityNotification(rt.deps, dpo.ctx, other.id, 'Aucun risque')).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'risk' }] });
    expect(await auditCount(org.id)).toBe(before);
  });

  it('refuses a draft without a title, description or awareness time, naming each field', async () => {
    const { org, dpo } = await setup();
    const before = await auditCount(org.id);
    const res = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: english(dpo), payload: { title: '  ' } });
    expect(res.statusCode).toBe(400);
    expect((res.json().error.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(['awareAt', 'description', 'title']);
    expect(await auditCount(org.id)).toBe(before);
  });
});

describe('the 72-hour deadline (GDPR Art. 33(1))', () => {
  it('takes the breach-authority deadline from src/rules, counted from awareness, not occurrence', async () => {
    const { dpo } = await setup();
    const input = breachInput();
    const row = await service.recordBreach(rt.deps, dpo.ctx, input);
    expect(row.authorityDueAt.toISOString()).toBe(computeDeadline({ kind: 'breach-authority', from: input.awareAt, tz: 'Europe/Paris' }).due);
    expect(row.authorityDueAt.getTime() - new Date(input.awareAt).getTime()).toBe(72 * HOUR);
    expect(row.reference).toMatch(/^BR-\d{4}-001$/);
  });

  it('exactly 72 h after awareness is on time; one minute later is late and the reasons for the delay are required', async () => {
    const { org, dpo } = await setup();
    const onTime = await service.recordBreach(rt.deps, dpo.ctx, breachInput());
    const notified = await service.notifyAuthority(rt.deps, dpo.ctx, onTime.id, { notifiedAt: new Date(onTime.awareAt.getTime() + 72 * HOUR).toISOString(), reference: 'CNIL-1', channel: 'cnil_online' });
    expect(notified.status).toBe('notified');
    expect(notified.delayReasons).toBeNull();

    const late = await service.recordBreach(rt.deps, dpo.ctx, breachInput());
    const lateAt = new Date(late.awareAt.getTime() + 72 * HOUR + 60_000).toISOString();
    const before = await auditCount(org.id);
    const refused = await rt.app.inject({
      method: 'POST',
      url: `/api/breaches/${late.id}/authority-notification`,
      headers: english(dpo),
      payload: { notifiedAt: lateAt, reference: 'CNIL-2', channel: 'cnil_online' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'validation', issues: [{ path: 'delayReasons', message: 'This field is required.' }] });
    expect((await rt.deps.db.select().from(breaches).where(eq(breaches.id, late.id)))[0]).toMatchObject({ status: 'open', authorityNotifiedAt: null });
    expect(await auditCount(org.id)).toBe(before);

    const accepted = await rt.app.inject({
      method: 'POST',
      url: `/api/breaches/${late.id}/authority-notification`,
      headers: dpo.headers,
      payload: { notifiedAt: lateAt, reference: 'CNIL-2', channel: 'cnil_online', delayReasons: 'Enquête du sous-traitant en cours.' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'notified', authority: { late: true, reference: 'CNIL-2', delayReasons: 'Enquête du sous-traitant en cours.' }, authorityClock: { state: 'stopped' } });
    const event = accepted.json().timeline.at(-1);
    expect(event).toMatchObject({ type: 'breach.authority_notified', payload: { breachId: late.id, channel: 'cnil_online', late: true } });
    expect(JSON.stringify(accepted.json().timeline)).not.toContain('Enquête');
  });

  it('the list shows the clock: overdue after 72 h without decision, warning near the end, running before', async () => {
    const { org, dpo } = await setup();
    const overdue = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(73).toISOString(), occurredAt: null }));
    const near = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(60).toISOString(), occurredAt: null }));
    const fresh = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(1).toISOString(), occurredAt: null }));
    const res = await rt.app.inject({ method: 'GET', url: '/api/breaches?status=open', headers: dpo.headers });
    const states = Object.fromEntries((res.json().items as { id: string; authorityClock: { state: string } }[]).map((i) => [i.id, i.authorityClock.state]));
    expect(states).toEqual({ [overdue.id]: 'overdue', [near.id]: 'warning', [fresh.id]: 'running' });
    const open = await service.findOpenBreaches(rt.deps, org.id);
    expect(open.map((b) => [b.id, b.authorityClock])).toEqual([
      [overdue.id, 'overdue'],
      [near.id, 'warning'],
      [fresh.id, 'running'],
    ]);
  });
});

describe('every breach documented (GDPR Art. 33(5))', () => {
  it('a breach with no risk is not notified, with its reason, and stays in the register, the CSV and its report', async () => {
    const { org, dpo } = await setup();
    const risky = await service.recordBreach(rt.deps, dpo.ctx, breachInput());
    await expect(service.waiveAuthorityNotification(rt.deps, dpo.ctx, risky.id, 'pas de risque')).rejects.toMatchObject({ code: 'validation' });
    const row = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ title: 'Clé USB chiffrée perdue', risk: 'none', riskReasons: 'Chiffrement AES-256, clé non compromise.' }));
    const waived = await service.waiveAuthorityNotification(rt.deps, dpo.ctx, row.id, 'Données chiffrées : risque improbable.');
    expect(waived).toMatchObject({ status: 'not_notified', waiverReason: 'Données chiffrées : risque improbable.' });
    const closed = await service.closeBreach(rt.deps, dpo.ctx, row.id);
    expect(closed.status).toBe('closed');
    await expect(service.closeBreach(rt.deps, dpo.ctx, row.id)).rejects.toMatchObject({ code: 'conflict' });

    const all = await rt.app.inject({ method: 'GET', url: '/api/breaches?status=all', headers: dpo.headers });
    expect(all.json().items.map((i: { id: string }) => i.id)).toContain(row.id);
    const open = await rt.app.inject({ method: 'GET', url: '/api/breaches?status=open', headers: dpo.headers });
    expect(open.json().items.map((i: { id: string }) => i.id)).not.toContain(row.id);

    const csv = await rt.app.inject({ method: 'GET', url: '/api/breaches/register.csv', headers: english(dpo) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Reference,Title,Status,Became aware/);
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain('Clé USB chiffrée perdue');
    expect(csv.body).toContain('Données chiffrées : risque improbable.');

    const report = await rt.app.inject({ method: 'GET', url: `/api/breaches/${row.id}/report`, headers: { ...dpo.headers, 'accept-language': 'fr' } });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(report.body).toContain('<html lang="fr">');
    expect(report.body).toContain(`<h1>Violation de données ${row.reference}</h1>`);
    expect(report.body).toContain('Non notifiée');
    expect(report.body).toContain('Dossier clôturé');
    expect(org.id).toBeTruthy();
  });

  it('the report escapes what staff typed', async () => {
    const { dpo } = await setup();
    const row = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ title: '<script>alert(1)</script>' }));
    const report = await rt.app.inject({ method: 'GET', url: `/api/breaches/${row.id}/report`, headers: dpo.headers });
    expect(report.body).not.toContain('<script>alert(1)</script>');
    expect(report.body).toContain('&lt;script&gt;');
  });
});

describe('telling the subjects of a high-risk breach (GDPR Art. 34)', () => {
  it('queues one e-mail per subject, in their language, once; refuses another organisation’s customers', async () => {
    const { org, dpo } = await setup();
    const other = await setup();
    const foreign = await customer(other.dpo, `foreign-${Math.random()}@example.test`);
    const c1 = await customer(dpo, `c1-${Math.random()}@example.test`, 'fr');
    const c2 = await customer(dpo, `c2-${Math.random()}@example.test`, 'en');
    const c3 = await customer(dpo, `c3-${Math.random()}@example.test`, 'fr');
    const row = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ risk: 'high_risk', dataCategories: 'Coordonnées bancaires' }));
    expect(row.subjectsDecision).toBe('pending');
    const message = {
      fr: { nature: 'Vos coordonnées bancaires ont été exposées.', consequences: 'Risque de fraude.', measures: 'Surveillez vos relevés.' },
      en: { nature: 'Your bank details were exposed.', consequences: 'Risk of fraud.', measures: 'Watch your statements.' },
    };

    const before = await auditCount(org.id);
    const refused = await rt.app.inject({
      method: 'POST',
      url: `/api/breaches/${row.id}/subject-notification`,
      headers: english(dpo),
      payload: { audience: { kind: 'selected', customerIds: [c1.id, foreign.id] }, message },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues).toEqual([{ path: 'audience.customerIds.1', message: 'Value not allowed.' }]);
    expect(await breachMails(org.id)).toEqual([]);
    expect(await breachMails(other.org.id)).toEqual([]);
    expect(await rt.deps.db.select().from(breachSubjectNotices).where(eq(breachSubjectNotices.breachId, row.id))).toEqual([]);
    expect(await auditCount(org.id)).toBe(before);

    const first = await service.notifySubjects(rt.deps, dpo.ctx, row.id, { audience: { kind: 'selected', customerIds: [c1.id, c2.id, c1.id] }, message });
    expect([first.queued, first.total]).toEqual([2, 2]);
    const again = await service.notifySubjects(rt.deps, dpo.ctx, row.id, { audience: { kind: 'selected', customerIds: [c1.id, c2.id, c3.id] }, message });
    expect([again.queued, again.total]).toEqual([1, 3]);
    const everyone = await service.notifySubjects(rt.deps, dpo.ctx, row.id, { audience: { kind: 'all' }, message });
    expect([everyone.queued, everyone.total]).toEqual([0, 3]);
    expect(everyone.breach).toMatchObject({ subjectsDecision: 'notified', subjectsAudience: 'all', subjectsNotifiedCount: 3 });

    const mails = await breachMails(org.id);
    expect(mails.map((m) => ('customerId' in m.to ? m.to.customerId : '')).sort()).toEqual([c1.id, c2.id, c3.id].sort());
    expect(await breachMails(other.org.id)).toEqual([]);
    const inEnglish = mails.find((m) => 'customerId' in m.to && m.to.customerId === c2.id);
    expect(inEnglish).toMatchObject({ locale: 'en', params: { nature: 'Your bank details were exposed.', dpoContact: 'dpo@example.test' } });
    const rendered = renderMail(inEnglish!.template, 'en', inEnglish!.params);
    expect(rendered.subject).toContain('breach of your personal data');
    expect(rendered.text).toContain('Your bank details were exposed.');
    expect(rendered.text).toContain('dpo@example.test');
    const french = mails.find((m) => 'customerId' in m.to && m.to.customerId === c1.id);
    expect(french).toMatchObject({ locale: 'fr', params: { nature: 'Vos coordonnées bancaires ont été exposées.' } });

    // The subject's access request shows the notice; the audit log holds counts, not who.
    const exported = await exportSubject(rt.deps, org.id, c2.id);
    expect(JSON.stringify(exported)).toContain(row.reference);
    // Erasure keeps the notice as proof the subject was told (ids and dates only).
    const erased = await rt.deps.db.transaction((tx) => breachSubjectData.erase(rt.deps, tx, org.id, c2.id));
    expect(erased).toMatchObject({ erased: 0, held: [{ table: 'breach_subject_notices' }] });
    const detail = await rt.app.inject({ method: 'GET', url: `/api/breaches/${row.id}`, headers: dpo.headers });
    const notices = detail.json().timeline.filter((e: { type: string }) => e.type === 'breach.subjects_notified');
    expect(notices.map((e: { payload: unknown }) => e.payload)).toEqual([
      { breachId: row.id, audience: 'selected', queued: 2, total: 2 },
      { breachId: row.id, audience: 'selected', queued: 1, total: 3 },
      { breachId: row.id, audience: 'all', queued: 0, total: 3 },
    ]);
  });

  it('refuses to tell subjects when the risk is not high; records an Art. 34(3) exception instead, (c) with its public communication', async () => {
    const { dpo } = await setup();
    const c = await customer(dpo, `x-${Math.random()}@example.test`);
    const low = await service.recordBreach(rt.deps, dpo.ctx, breachInput());
    const message = { fr: { nature: 'n', consequences: 'c', measures: 'm' }, en: { nature: 'n', consequences: 'c', measures: 'm' } };
    await expect(service.notifySubjects(rt.deps, dpo.ctx, low.id, { audience: { kind: 'selected', customerIds: [c.id] }, message })).rejects.toMatchObject({ code: 'conflict' });
    const high = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ risk: 'high_risk' }));
    await expect(service.exemptSubjects(rt.deps, dpo.ctx, high.id, { exemption: 'disproportionate_effort', reason: 'Adresses inconnues' })).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'publicCommunication', code: 'required' }],
    });
    await service.notifyAuthority(rt.deps, dpo.ctx, high.id, { notifiedAt: hoursAgo(90).toISOString(), reference: 'CNIL-9', channel: 'email' });
    await expect(service.closeBreach(rt.deps, dpo.ctx, high.id)).rejects.toMatchObject({ code: 'validation', issues: [{ path: 'subjectsDecision', code: 'required' }] });
    const exempted = await service.exemptSubjects(rt.deps, dpo.ctx, high.id, { exemption: 'disproportionate_effort', reason: 'Adresses inconnues', publicCommunication: 'Avis publié sur le site le 3 mars.' });
    expect(exempted).toMatchObject({ subjectsDecision: 'exempted', subjectsExemption: 'disproportionate_effort', publicCommunication: 'Avis publié sur le site le 3 mars.' });
    const providedAt = hoursAgo(10).toISOString();
    const supplement = await service.addSupplement(rt.deps, dpo.ctx, high.id, { providedAt, content: 'Nombre exact : 118 personnes.' });
    expect(supplement.providedAt.toISOString()).toBe(providedAt);
    await expect(service.addSupplement(rt.deps, dpo.ctx, high.id, { providedAt: hoursAgo(95).toISOString(), content: 'avant la notification' })).rejects.toMatchObject({ code: 'validation' });
    expect((await service.closeBreach(rt.deps, dpo.ctx, high.id)).status).toBe('closed');
    await expect(service.addSupplement(rt.deps, dpo.ctx, high.id, { providedAt: hoursAgo(1).toISOString(), content: 'après clôture' })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('bad input and tenant isolation', () => {
  it('bad input gets a localized 4xx and writes nothing', async () => {
    const { org, dpo } = await setup();
    const count0 = async () => (await rt.deps.db.select({ n: count() }).from(breaches).where(eq(breaches.orgId, org.id)))[0]?.n;
    const before = await auditCount(org.id);
    const future = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: english(dpo), payload: breachInput({ awareAt: new Date(Date.now() + HOUR).toISOString() }) });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ message: 'Some information is invalid. Please correct the highlighted fields.', issues: [{ path: 'awareAt', message: 'Value not allowed.' }] });
    const backwards = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: dpo.headers, payload: breachInput({ occurredAt: hoursAgo(1).toISOString() }) });
    expect(backwards.json().error.issues).toEqual([{ path: 'occurredAt', message: 'Valeur non autorisée.' }]);
    const missing = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: dpo.headers, payload: { ...breachInput(), risk: 'maybe', riskReasons: '' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['risk', 'riskReasons']);
    const row = await service.recordBreach(rt.deps, dpo.ctx, breachInput());
    const empty = await rt.app.inject({ method: 'PATCH', url: `/api/breaches/${row.id}`, headers: dpo.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
    const beforePatch = await auditCount(org.id);
    const badPatch = await rt.app.inject({ method: 'PATCH', url: `/api/breaches/${row.id}`, headers: dpo.headers, payload: { title: 'Nouveau titre', awareAt: new Date(Date.now() + HOUR).toISOString() } });
    expect(badPatch.statusCode).toBe(400);
    expect((await rt.deps.db.select().from(breaches).where(eq(breaches.id, row.id)))[0]?.title).toBe(row.title);
    expect(await auditCount(org.id)).toBe(beforePatch);
    expect(await count0()).toBe(1);
    expect(await auditCount(org.id)).toBe(before + 1);
  });

  it('an update moves the deadline with the awareness time, and is audited by field name only', async () => {
    const { dpo } = await setup();
    const row = await service.recordBreach(rt.deps, dpo.ctx, breachInput());
    const awareAt = hoursAgo(50).toISOString();
    const res = await rt.app.inject({ method: 'PATCH', url: `/api/breaches/${row.id}`, headers: dpo.headers, payload: { awareAt, measures: 'Mots de passe réinitialisés.', risk: 'high_risk' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ authorityClock: { dueAt: computeDeadline({ kind: 'breach-authority', from: awareAt, tz: 'Europe/Paris' }).due }, subjectsDecision: 'pending', measures: 'Mots de passe réinitialisés.' });
    expect(res.json().timeline.at(-1).payload).toMatchObject({ fields: ['awareAt', 'authorityDueAt', 'measures', 'risk', 'subjectsDecision'] });
  });

  it('another organisation’s breach is not found and not listed', async () => {
    const a = await setup();
    const b = await setup();
    const row = await service.recordBreach(rt.deps, a.dpo.ctx, breachInput());
    for (const url of [`/api/breaches/${row.id}`, `/api/breaches/${row.id}/report`]) {
      expect((await rt.app.inject({ method: 'GET', url, headers: b.dpo.headers })).statusCode).toBe(404);
    }
    const patch = await rt.app.inject({ method: 'PATCH', url: `/api/breaches/${row.id}`, headers: b.dpo.headers, payload: { title: 'x' } });
    expect(patch.statusCode).toBe(404);
    expect((await rt.app.inject({ method: 'GET', url: '/api/breaches', headers: b.dpo.headers })).json().items).toEqual([]);
    expect(await service.findOpenBreaches(rt.deps, b.org.id)).toEqual([]);
  });

  it('readers read, only managers change', async () => {
    const { org } = await setup();
    const auditor = await createTestUser(rt, org.id, ['auditor']);
    expect((await rt.app.inject({ method: 'GET', url: '/api/breaches', headers: auditor.headers })).statusCode).toBe(200);
    const res = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: auditor.headers, payload: breachInput() });
    expect(res.statusCode).toBe(403);
  });
});

describe('warning before the 72 hours run out', () => {
  it('mails everyone who can notify, once per breach, when less than a day is left or the deadline passed, never after a decision', async () => {
    const { org, dpo } = await setup();
    const admin = await createTestUser(rt, org.id, ['admin']);
    await createTestUser(rt, org.id, ['agent']);
    const near = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(60).toISOString(), occurredAt: null }));
    const far = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(40).toISOString(), occurredAt: null }));
    const late = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(80).toISOString(), occurredAt: null }));
    const decided = await service.recordBreach(rt.deps, dpo.ctx, breachInput({ awareAt: hoursAgo(70).toISOString(), occurredAt: null }));
    await service.notifyAuthority(rt.deps, dpo.ctx, decided.id, { notifiedAt: hoursAgo(1).toISOString(), reference: 'CNIL-3', channel: 'cnil_online' });

    await warnDeadlineJob.handler(rt.deps, {}, { id: 0, orgId: null, attempt: 1 });
    await warnDeadlineJob.handler(rt.deps, {}, { id: 0, orgId: null, attempt: 1 });

    const warnings = (await findQueuedMails(rt.deps, org.id)).filter((q) => q.template === 'breaches.mail.deadlineWarning').map((q) => q.mail);
    const to = (id: string) => warnings.filter((m) => m && 'userId' in m.to && String(m.params.link).endsWith(`/app/breaches/${id}`)).map((m) => (m && 'userId' in m.to ? m.to.userId : '')).sort();
    expect(to(near.id)).toEqual([dpo.user.id, admin.user.id].sort());
    expect(to(late.id)).toEqual([dpo.user.id, admin.user.id].sort());
    expect(to(far.id)).toEqual([]);
    expect(to(decided.id)).toEqual([]);
    expect(warnings).toHaveLength(4);
    const mail = warnings.find((m) => String(m?.params.link).endsWith(near.id));
    expect(renderMail('breaches.mail.deadlineWarning', 'fr', mail!.params).text).toContain(near.reference);
    const events = await rt.deps.db.select().from(auditEvents).where(eq(auditEvents.orgId, org.id));
    expect(events.filter((e) => e.type === 'breach.deadline_warned').map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        { breachId: near.id, recipients: 2, overdue: false },
        { breachId: late.id, recipients: 2, overdue: true },
      ]),
    );
    expect(events.filter((e) => e.type === 'breach.deadline_warned')).toHaveLength(2);
  });
});
