import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { addMonths, computeDeadline, startOfLocalDay, toLocalDate } from '../../rules/index.ts';
import { customers } from '../customers/customers.tables.ts';
import { subjectKeys } from '../subject-keys/subject-keys.tables.ts';
import { jobs } from '../../db/schema.ts';
import { findQueuedMails, sendMailJob } from '../mail/mail.service.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import * as consent from '../consent/consent.service.ts';
import { consentEvents } from '../consent/consent.tables.ts';
import * as service from './dsr.service.ts';
import * as repo from './dsr.repo.ts';
import { exportSubject } from './subject-data.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const notice = { titleFr: 'Lettre', titleEn: 'Letter', textFr: 'Nouvelles.', textEn: 'News.' };

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  await consent.createPurpose(rt.deps, dpo.ctx, { key: 'newsletter', legalBasis: 'consent', dataUse: 'marketing.communications.email', channels: ['email'], notice });
  await consent.createPurpose(rt.deps, dpo.ctx, { key: 'offers', legalBasis: 'legitimate_interests', dataUse: 'marketing.advertising.first_party', channels: ['email'], notice });
  await consent.createPurpose(rt.deps, dpo.ctx, { key: 'billing', legalBasis: 'contract', dataUse: 'essential.service.payment_processing', channels: ['email'], notice });
  return { org, dpo, agent };
}

const intake = (agent: Awaited<ReturnType<typeof setup>>['agent'], type: service.DsrType, email: string, receivedAt?: Date) =>
  service.createAgentRequest(rt.deps, agent.ctx, { email, name: 'Jeanne Test', type, channel: 'phone', identityCheck: 'known_contact_details', details: 'Par téléphone', receivedOn: receivedAt ? toLocalDate(receivedAt, 'Europe/Paris') : undefined });

describe('data-subject requests', () => {
  it('manual entry of a letter: the deadline runs from the day received, the entry is audited; a future or over-12-month date is refused on the field', async () => {
    const { org, dpo } = await setup();
    const today = toLocalDate(rt.deps.clock.now(), 'Europe/Paris');
    const receivedOn = toLocalDate(new Date(rt.deps.clock.now().getTime() - 10 * 86_400_000), 'Europe/Paris');
    const body = { email: `letter-${randomUUID()}@example.test`, name: 'Paul Courrier', type: 'erasure', channel: 'post', identityCheck: 'id_document', details: 'Lettre recommandée', receivedOn };
    const created = await rt.app.inject({ method: 'POST', url: '/api/dsr', headers: dpo.headers, payload: body });
    expect(created.statusCode).toBe(201);
    const dto = created.json();
    // GDPR Art. 12(3): one calendar month from receipt, not from the day it was typed in.
    expect(dto).toMatchObject({ channel: 'post', type: 'erasure', status: 'received', dueDate: computeDeadline({ kind: 'dsr', from: startOfLocalDay(receivedOn, 'Europe/Paris'), tz: 'Europe/Paris' }).due });
    expect(toLocalDate(dto.receivedAt, 'Europe/Paris')).toBe(receivedOn);
    const [event] = await rt.deps.db.select().from(auditEvents).where(sql`${auditEvents.orgId} = ${org.id} and ${auditEvents.type} = 'dsr.received'`);
    expect(event).toMatchObject({ actorId: dpo.user.id, targetId: dto.id });
    expect(JSON.stringify(event?.payload)).not.toContain('Paul');

    const before = await rt.deps.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.orgId, org.id));
    const tomorrow = toLocalDate(new Date(rt.deps.clock.now().getTime() + 86_400_000), 'Europe/Paris');
    for (const [day, message] of [
      [tomorrow, /dans le futur/],
      [addMonths(today, -13), /plus de 12 mois/],
      ['2026-02-30', /Format invalide/],
    ] as const) {
      const res = await rt.app.inject({ method: 'POST', url: '/api/dsr', headers: dpo.headers, payload: { ...body, email: `x-${randomUUID()}@example.test`, receivedOn: day } });
      expect(res.statusCode, day).toBe(400);
      const issues = res.json().error.issues as { path: string; message: string }[];
      expect(issues.find((i) => i.path === 'receivedOn')?.message, day).toMatch(message);
    }
    const unchanged = await rt.deps.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.orgId, org.id));
    expect(unchanged[0]!.n).toBe(before[0]!.n);
    // Exactly twelve months ago is still accepted (the edge), and nothing was written by the refusals.
    const edge = await rt.app.inject({ method: 'POST', url: '/api/dsr', headers: dpo.headers, payload: { ...body, email: `edge-${randomUUID()}@example.test`, receivedOn: addMonths(today, -12) } });
    expect(edge.statusCode).toBe(201);
    expect(edge.json().overdue).toBe(true);
    const after = await rt.app.inject({ method: 'GET', url: '/api/dsr?status=all', headers: dpo.headers });
    expect(after.json().items).toHaveLength(2);
  });

  it('history: fulfilled and refused requests leave the open list for the closed one, with the DPO note and the reason', async () => {
    const { dpo, agent } = await setup();
    const kept = await intake(agent, 'rectification', `h1-${randomUUID()}@example.test`);
    const done = await intake(agent, 'objection', `h2-${randomUUID()}@example.test`);
    const refused = await intake(agent, 'access', `h3-${randomUUID()}@example.test`);
    await rt.app.inject({ method: 'POST', url: `/api/dsr/${done.id}/fulfil`, headers: dpo.headers, payload: { note: 'Opposition enregistrée dans le CRM' } });
    await rt.app.inject({ method: 'POST', url: `/api/dsr/${refused.id}/refuse`, headers: dpo.headers, payload: { reason: 'Demande répétitive' } });
    const list = async (status?: string) => (await rt.app.inject({ method: 'GET', url: `/api/dsr${status ? `?status=${status}` : ''}`, headers: dpo.headers })).json().items as { id: string; status: string; resolutionNote: string | null; refusalReason: string | null; closedAt: string | null }[];
    expect((await list()).map((r) => r.id)).toEqual([kept.id]);
    expect((await list('open')).map((r) => r.id)).toEqual([kept.id]);
    const closed = await list('closed');
    expect(closed.map((r) => r.id).sort()).toEqual([done.id, refused.id].sort());
    expect(closed.find((r) => r.id === done.id)).toMatchObject({ status: 'fulfilled', resolutionNote: 'Opposition enregistrée dans le CRM' });
    expect(closed.find((r) => r.id === refused.id)).toMatchObject({ status: 'refused', refusalReason: 'Demande répétitive' });
    expect(closed.every((r) => r.closedAt)).toBe(true);
    const all = await list('all');
    expect(all.map((r) => r.id)[0]).toBe(kept.id);
    expect(all).toHaveLength(3);
    const bad = await rt.app.inject({ method: 'GET', url: '/api/dsr?status=done', headers: dpo.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('agent intake records the identity check and a one-month deadline from src/rules; overdue first', async () => {
    const { org, agent, dpo } = await setup();
    const now = rt.deps.clock.now();
    const fresh = await intake(agent, 'access', `a-${Math.random()}@example.test`);
    expect(fresh.identityCheck).toBe('known_contact_details');
    expect(fresh.identityCheckedBy).toBe(agent.user.id);
    expect(fresh.dueDate).toBe(computeDeadline({ kind: 'dsr', from: now, tz: 'Europe/Paris' }).due);
    const old = await intake(agent, 'rectification', `b-${Math.random()}@example.test`, new Date(now.getTime() - 45 * 86_400_000));
    const queue = await service.findQueue(rt.deps, dpo.ctx, { status: 'open' });
    expect(queue.map((q) => [q.row.id, q.overdue])).toEqual([
      [old.id, true],
      [fresh.id, false],
    ]);
    const res = await rt.app.inject({ method: 'GET', url: '/api/dsr', headers: dpo.headers });
    expect(res.json().items[0]).toMatchObject({ id: old.id, overdue: true, abilities: { extend: false, fulfil: true } });
    const detail = await rt.app.inject({ method: 'GET', url: `/api/dsr/${fresh.id}`, headers: dpo.headers });
    expect(detail.json()).toMatchObject({ details: 'Par téléphone', subject: { name: 'Jeanne Test' }, contentHidden: false });
    expect(org.id).toBeTruthy();
  });

  it('the agent who logged a request and an auditor follow its course without the subject’s identity or words', async () => {
    const { org, agent } = await setup();
    const email = `hidden-${randomUUID()}@example.test`;
    const logged = await intake(agent, 'access', email);
    const auditor = await createTestUser(rt, org.id, ['auditor']);
    for (const viewer of [agent, auditor]) {
      const detail = await rt.app.inject({ method: 'GET', url: `/api/dsr/${logged.id}`, headers: viewer.headers });
      expect(detail.statusCode).toBe(200);
      expect(detail.json()).toMatchObject({ id: logged.id, type: 'access', status: 'received', subject: null, details: null, contentHidden: true });
      expect(detail.body).not.toContain(email);
      expect(detail.body).not.toContain('Jeanne Test');
      expect(detail.body).not.toContain('Par téléphone');
      const list = await rt.app.inject({ method: 'GET', url: '/api/dsr', headers: viewer.headers });
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(email);
    }
  });

  it('extension: two more months only within the first month, with the reason mailed to the subject; refusal names the CNIL', async () => {
    const { org, agent, dpo } = await setup();
    const now = rt.deps.clock.now();
    const r = await intake(agent, 'access', `e-${Math.random()}@example.test`);
    const extended = await service.extendRequest(rt.deps, dpo.ctx, r.id, 'Nombreuses archives à consulter');
    expect(extended.status).toBe('extended');
    expect(extended.dueDate).toBe(computeDeadline({ kind: 'dsr-extended', from: now, tz: 'Europe/Paris' }).due);
    await expect(service.extendRequest(rt.deps, dpo.ctx, r.id, 'encore')).rejects.toMatchObject({ code: 'dsr.already_extended' });
    const late = await intake(agent, 'access', `l-${Math.random()}@example.test`, new Date(now.getTime() - 40 * 86_400_000));
    const res = await rt.app.inject({ method: 'POST', url: `/api/dsr/${late.id}/extend`, headers: dpo.headers, payload: { reason: 'trop tard' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('dsr.extension_too_late');
    const refused = await rt.app.inject({ method: 'POST', url: `/api/dsr/${late.id}/refuse`, headers: dpo.headers, payload: { reason: 'Demande manifestement infondée' } });
    expect(refused.json()).toMatchObject({ status: 'refused', refusalReason: 'Demande manifestement infondée' });
    const mails = await findQueuedMails(rt.deps, org.id);
    expect(mails.find((m) => m.template === 'privacy.mail.dsrExtended')?.mail?.params.reason).toBe('Nombreuses archives à consulter');
    expect(mails.some((m) => m.template === 'privacy.mail.dsrRefused')).toBe(true);
  });

  it('restriction and objection requests change decisions at once', async () => {
    const { org, agent, dpo } = await setup();
    const email = `r-${Math.random()}@example.test`;
    const first = await intake(agent, 'access', email);
    const customerId = first.customerId;
    await consent.recordConsent(rt.deps, dpo.ctx, { customerId, purpose: 'newsletter', channel: 'email', kind: 'given', method: 'api', source: 's' });
    expect((await consent.can(rt.deps, org.id, customerId, 'billing', 'email')).allowed).toBe(true);
    const restriction = await intake(agent, 'restriction', email);
    expect((await consent.can(rt.deps, org.id, customerId, 'billing', 'email')).reason).toBe('restricted');
    expect((await consent.can(rt.deps, org.id, customerId, 'newsletter', 'email')).allowed).toBe(true);
    await intake(agent, 'objection', email);
    expect((await consent.can(rt.deps, org.id, customerId, 'newsletter', 'email')).reason).toBe('objected');
    expect((await consent.can(rt.deps, org.id, customerId, 'offers', 'email')).reason).toBe('objected');
    expect(restriction.type).toBe('restriction');
  });

  it('access: a zip with JSON and CSV per dataset and an HTML summary in the subject’s language, downloaded by a signed link', async () => {
    const { org, agent, dpo } = await setup();
    const email = `x-${Math.random()}@example.test`;
    const r = await intake(agent, 'access', email);
    await consent.recordConsent(rt.deps, dpo.ctx, { customerId: r.customerId, purpose: 'newsletter', channel: 'email', kind: 'given', method: 'phone_recorded', source: 'call-1' });
    await service.fulfilRequest(rt.deps, dpo.ctx, r.id);
    const mails = await findQueuedMails(rt.deps, org.id);
    const link = String(mails.find((m) => m.template === 'privacy.mail.dsrExportReady')?.mail?.params.link ?? '');
    const path = link.replace(rt.deps.config.publicUrl, '');
    expect(path).toMatch(new RegExp(`^/portal/${org.slug}/privacy/exports/`));
    const res = await rt.app.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(res.rawPayload));
    expect(Object.keys(files).sort()).toEqual(
      expect.arrayContaining(['summary.html', 'json/customers/customer.json', 'csv/customers/customer.csv', 'json/consent/consent_events.json', 'json/dsr/dsr_requests.json', 'csv/dsr/dsr_requests.csv']),
    );
    expect(JSON.parse(strFromU8(files['json/customers/customer.json']!))[0].email).toBe(email);
    expect(JSON.parse(strFromU8(files['json/consent/consent_events.json']!))[0]).toMatchObject({ purpose: 'newsletter', method: 'phone_recorded', source: 'call-1' });
    expect(strFromU8(files['csv/customers/customer.csv']!)).toContain(email);
    const summary = strFromU8(files['summary.html']!);
    expect(summary).toContain('<html lang="fr">');
    expect(summary).toContain('Vos données chez');
    const forged = await rt.app.inject({ method: 'GET', url: path.slice(0, -4) + 'AAAA' });
    expect(forged.statusCode).toBe(400);
  });

  it('erasure: one transaction over every handler, key destroyed, erased_at set; afterwards the export holds only the erasure record', async () => {
    const { org, agent, dpo } = await setup();
    const email = `z-${Math.random()}@example.test`;
    const access = await intake(agent, 'access', email);
    const customerId = access.customerId;
    await consent.recordConsent(rt.deps, dpo.ctx, { customerId, purpose: 'newsletter', channel: 'email', kind: 'given', method: 'api', source: 's' });
    await service.fulfilRequest(rt.deps, dpo.ctx, access.id);
    const erasure = await intake(agent, 'erasure', email);
    const done = await service.fulfilRequest(rt.deps, dpo.ctx, erasure.id);
    expect(done.status).toBe('fulfilled');
    const outcome = JSON.parse(done.erasureOutcome ?? '{}');
    expect(outcome.held).toEqual([expect.objectContaining({ table: 'dsr_requests', id: erasure.id })]);
    const [c] = await rt.deps.db.select().from(customers).where(eq(customers.id, customerId));
    expect(c).toMatchObject({ emailEnc: null, nameEnc: null, emailLookup: null });
    expect(c?.erasedAt).toBeInstanceOf(Date);
    const [key] = await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.subjectId, customerId));
    expect(key?.wrappedKey).toBeNull();
    expect(await rt.deps.db.select().from(consentEvents).where(eq(consentEvents.customerId, customerId))).toHaveLength(0);
    expect((await consent.can(rt.deps, org.id, customerId, 'newsletter', 'email')).allowed).toBe(false);
    const after = await exportSubject(rt.deps, org.id, customerId);
    expect(Object.keys(after)).toEqual(['dsr']);
    expect(Object.keys(after.dsr!)).toEqual(['dsr_requests']);
    expect(after.dsr!.dsr_requests).toEqual([expect.objectContaining({ id: erasure.id, type: 'erasure', details: null })]);
    // The same e-mail now finds nobody: a new intake creates a new subject.
    const again = await intake(agent, 'access', email);
    expect(again.customerId).not.toBe(customerId);
  });

  it('lifting a restriction (Art. 18(3)): the subject is told with the reason, audited, and decisions change at once', async () => {
    const { org, agent, dpo } = await setup();
    const email = `lift-${Math.random()}@example.test`;
    const restriction = await intake(agent, 'restriction', email);
    const objection = await intake(agent, 'objection', email);
    const customerId = restriction.customerId;
    expect((await consent.can(rt.deps, org.id, customerId, 'billing', 'email')).reason).toBe('restricted');
    const url = `/api/dsr/${restriction.id}/lift-restriction`;
    const before = (await rt.app.inject({ method: 'GET', url: `/api/dsr/${restriction.id}`, headers: dpo.headers })).json();
    expect(before).toMatchObject({ restriction: { active: true, liftedAt: null, liftReason: null }, abilities: { liftRestriction: true } });
    expect((await rt.app.inject({ method: 'GET', url: `/api/dsr/${restriction.id}`, headers: agent.headers })).json().abilities.liftRestriction).toBe(false);

    // Without the permission, or without a reason: refused, nothing changes.
    expect((await rt.app.inject({ method: 'POST', url, headers: agent.headers, payload: { reason: 'Vérification terminée' } })).statusCode).toBe(403);
    const blank = await rt.app.inject({ method: 'POST', url, headers: dpo.headers, payload: { reason: '  ' } });
    expect(blank.statusCode).toBe(400);
    expect((await consent.can(rt.deps, org.id, customerId, 'billing', 'email')).reason).toBe('restricted');
    expect((await findQueuedMails(rt.deps, org.id)).some((m) => m.template === 'dsr.mail.restrictionLifted')).toBe(false);

    const res = await rt.app.inject({ method: 'POST', url, headers: dpo.headers, payload: { reason: 'Exactitude des données vérifiée' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ restriction: { active: false, liftedAt: expect.any(String), liftReason: 'Exactitude des données vérifiée' }, abilities: { liftRestriction: false } });
    // The decision API answers differently at once; the objection, a separate right, stays.
    expect((await consent.can(rt.deps, org.id, customerId, 'billing', 'email')).allowed).toBe(true);
    expect((await consent.can(rt.deps, org.id, customerId, 'newsletter', 'email')).reason).toBe('objected');
    const told = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'dsr.mail.restrictionLifted');
    expect(told.map((m) => m.mail)).toEqual([expect.objectContaining({ to: { customerId }, params: expect.objectContaining({ reason: 'Exactitude des données vérifiée' }) })]);
    const events = await rt.deps.db.select().from(auditEvents).where(eq(auditEvents.orgId, org.id));
    const lifted = events.filter((e) => e.type === 'dsr.restriction_lifted');
    expect(lifted.map((e) => e.payload)).toEqual([{ requestId: restriction.id, customerId, restrictionIds: [expect.any(String)] }]);
    expect(events.filter((e) => e.type === 'consent_restriction.lifted')).toHaveLength(1);
    expect(JSON.stringify(events.map((e) => e.payload))).not.toContain('Exactitude');

    // Twice, or on a request that obtained no restriction: a clear conflict.
    const again = await rt.app.inject({ method: 'POST', url, headers: dpo.headers, payload: { reason: 'encore' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('dsr.not_restricted');
    const other = await rt.app.inject({ method: 'POST', url: `/api/dsr/${objection.id}/lift-restriction`, headers: dpo.headers, payload: { reason: 'non' } });
    expect(other.json().error.code).toBe('dsr.not_restricted');
    expect((await rt.app.inject({ method: 'POST', url: `/api/dsr/${randomUUID()}/lift-restriction`, headers: dpo.headers, payload: { reason: 'x' } })).statusCode).toBe(404);
  });

  it('erasure: the subject gets a confirmation in their language, sent to the address captured before the shredding, then forgotten', async () => {
    const { org, agent, dpo } = await setup();
    const email = `bye-${Math.random()}@example.test`;
    await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, agent.ctx, { email, name: 'Jane Gone', locale: 'en' }, 'agent'));
    const r = await intake(agent, 'erasure', email);
    await service.fulfilRequest(rt.deps, dpo.ctx, r.id);
    const [queued] = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'dsr.mail.erased');
    expect(queued?.mail).toMatchObject({ to: { address: email }, locale: 'en', params: { org: org.name, erased: expect.any(Number) } });
    expect(String(queued?.mail?.params.kept)).toContain(`dsr_requests ${r.id}`);
    const [row] = await rt.deps.db.select().from(jobs).where(eq(jobs.id, queued!.jobId));
    expect(JSON.stringify(row)).not.toContain(email);
    // The customer record no longer yields an address: only the captured one reaches the subject.
    await sendMailJob.handler(rt.deps, row!.payload, { id: queued!.jobId, orgId: org.id, attempt: 1 });
    const sent = rt.deps.mailer.sent.filter((m) => m.to === email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template: 'dsr.mail.erased', subject: `${org.name}: your data has been erased` });
    expect(sent[0]?.text).toContain('We must keep the following records');
    const [after] = await rt.deps.db.select().from(jobs).where(eq(jobs.id, queued!.jobId));
    expect(JSON.stringify(after?.payload)).not.toContain('sealed');
  });

  it('erasure keeps what a legal hold names, and says why', async () => {
    const { agent, dpo } = await setup();
    const r = await intake(agent, 'erasure', `h-${Math.random()}@example.test`);
    const holding = { module: 'accounting', handler: { tables: [], export: async () => ({}), erase: async () => ({ erased: 0, held: [{ table: 'invoices', id: 'INV-1', reason: 'accounting records kept 10 years (C. com. L.123-22)' }] }) } };
    const done = await service.fulfilRequest(rt.deps, dpo.ctx, r.id, undefined, [...rt.deps.registries.subjectData, holding]);
    expect(JSON.parse(done.erasureOutcome ?? '{}').held).toContainEqual({ table: 'invoices', id: 'INV-1', reason: 'accounting records kept 10 years (C. com. L.123-22)' });
  });

  it('sends one reminder per open request close to its deadline', async () => {
    const { org, agent } = await setup();
    const r = await intake(agent, 'access', `m-${Math.random()}@example.test`, new Date(rt.deps.clock.now().getTime() - 26 * 86_400_000));
    await service.remindJob.handler(rt.deps, {}, { id: 0, orgId: null, attempt: 1 });
    await service.remindJob.handler(rt.deps, {}, { id: 0, orgId: null, attempt: 1 });
    const reminders = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'privacy.mail.dsrReminder');
    expect(reminders).toHaveLength(1);
    expect((await repo.findRequest(rt.deps.db, org.id, r.id))?.reminded).toBe(true);
  });
});

/** Tables that hold subject rows but have no handler yet, with why; this list must only shrink. */
const PENDING: Record<string, string> = {};

describe('subject-data registry guard', () => {
  it('every table with a customer_id or subject_id column is listed by a handler', async () => {
    const result = await rt.deps.db.execute(sql`select distinct table_name from information_schema.columns where table_schema = current_schema() and column_name in ('customer_id', 'subject_id')`);
    const rows = (Array.isArray(result) ? result : (result as { rows: { table_name: string }[] }).rows) as { table_name: string }[];
    const covered = new Set(rt.deps.registries.subjectData.flatMap((h) => h.handler.tables));
    const missing = rows.map((r) => r.table_name).filter((name) => !covered.has(name) && !(name in PENDING));
    expect(missing).toEqual([]);
  });
});
