import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import * as consent from '../consent/consent.service.ts';
import { processingActivities } from './register.tables.ts';
import * as service from './register.service.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const auditor = await createTestUser(rt, org.id, ['auditor']);
  await consent.createPurpose(rt.deps, dpo.ctx, {
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email', 'sms'],
    notice: { titleFr: 'Lettre d’information', titleEn: 'Newsletter', textFr: 'Nouvelles.', textEn: 'News.' },
  });
  return { org, dpo, auditor };
}

const events = (orgId: string, type: string) => rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.type, type)));

describe('records of processing (GDPR Art. 30)', () => {
  it('prefills one activity per purpose and per module with an inventory, once, audited', async () => {
    const { org, dpo } = await setup();
    const res = await rt.app.inject({ method: 'POST', url: '/api/register/prefill', headers: dpo.headers });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; legalBasis: string | null; dataCategories: string[]; subjectCategories: string[]; erasureLimits: string; name: string }[];
    const keys = items.map((i) => i.key);
    expect(keys).toContain('purpose:newsletter');
    for (const m of ['customers', 'complaints', 'consent', 'dsr', 'auth', 'mail', 'audit-log', 'advisors']) expect(keys).toContain(`module:${m}`);
    const newsletter = items.find((i) => i.key === 'purpose:newsletter');
    expect(newsletter).toMatchObject({ name: 'Lettre d’information', legalBasis: 'consent' });
    expect(newsletter?.dataCategories).toEqual(expect.arrayContaining(['user.contact.email', 'user.contact.phone_number', 'user.privacy_preferences']));
    const complaints = items.find((i) => i.key === 'module:complaints');
    expect(complaints?.subjectCategories).toContain('complainants');
    expect(complaints?.erasureLimits).toContain('5 ans');
    expect(complaints?.erasureLimits).toContain('Code civil, art. 2224');
    // Complete and translated: every activity in words (no module key as title or purpose), sources in French.
    const modules = items.filter((i) => i.key.startsWith('module:'));
    for (const a of modules) {
      expect(a.name, a.key).not.toBe(a.key.slice('module:'.length));
      expect(a.legalBasis, a.key).not.toBeNull();
      expect(a.erasureLimits, a.key).not.toMatch(/GDPR/);
    }
    expect(items.find((i) => i.key === 'module:breaches')).toMatchObject({ name: 'Registre des violations de données', legalBasis: 'legal_obligation' });
    expect((newsletter as { purposes?: string } | undefined)?.purposes).toBe('Nouvelles.');
    const [prefilled] = await events(org.id, 'register.prefilled');
    expect(prefilled?.payload).toMatchObject({ created: items.length });

    // Edited activities are never overwritten; a second prefill adds nothing.
    const id = items.find((i) => i.key === 'module:complaints')?.key ?? '';
    const [row] = await rt.deps.db.select().from(processingActivities).where(and(eq(processingActivities.orgId, org.id), eq(processingActivities.key, id)));
    await service.updateActivity(rt.deps, dpo.ctx, row!.id, { recipients: 'Médiateur X' });
    const again = await rt.app.inject({ method: 'POST', url: '/api/register/prefill', headers: dpo.headers });
    expect(again.json().items).toEqual([]);
    expect((await events(org.id, 'register.prefilled')).length).toBe(1);
    const [after] = await rt.deps.db.select().from(processingActivities).where(eq(processingActivities.id, row!.id));
    expect(after?.recipients).toBe('Médiateur X');
  });

  it('audits every edit by field name, never by value, and refuses it without register:manage', async () => {
    const { org, dpo, auditor } = await setup();
    const created = await rt.app.inject({ method: 'POST', url: '/api/register/activities', headers: dpo.headers, payload: { name: 'Vidéosurveillance', purposes: 'Sécurité des locaux' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const patch = await rt.app.inject({ method: 'PATCH', url: `/api/register/activities/${id}`, headers: dpo.headers, payload: { recipients: 'Jeanne Secret, agent de sécurité', transfers: '', subjectCategories: ['employees'] } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ recipients: 'Jeanne Secret, agent de sécurité', subjectCategories: ['employees'] });
    const [updated] = await events(org.id, 'register_activity.updated');
    // `transfers` was already empty: only real changes are named.
    expect(updated?.payload).toEqual({ activityId: id, fields: ['subjectCategories', 'recipients'] });
    expect(JSON.stringify(updated?.payload)).not.toContain('Jeanne');
    expect((await events(org.id, 'register_activity.created')).length).toBe(1);

    const denied = await rt.app.inject({ method: 'PATCH', url: `/api/register/activities/${id}`, headers: auditor.headers, payload: { name: 'x' } });
    expect(denied.statusCode).toBe(403);
    const bad = await rt.app.inject({ method: 'PATCH', url: `/api/register/activities/${id}`, headers: { ...dpo.headers, 'accept-language': 'en' }, payload: { dataCategories: ['user.soul'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toContain('dataCategories');
    const empty = await rt.app.inject({ method: 'PATCH', url: `/api/register/activities/${id}`, headers: dpo.headers, payload: {} });
    expect(empty.statusCode).toBe(400);

    // Art. 30(1)(a): until the DPO writes the controller block, it names the organisation's DPO user.
    const initial = await rt.app.inject({ method: 'GET', url: '/api/register', headers: dpo.headers });
    expect(initial.json().controller).toMatchObject({ dpoName: dpo.user.name });
    expect(initial.json().controller.dpoContact).not.toBe('');
    const ctl = await rt.app.inject({ method: 'PUT', url: '/api/register/controller', headers: dpo.headers, payload: { controllerName: 'ACME SAS', controllerContact: '1 rue X', jointControllers: '', representative: '', dpoName: 'Jeanne Martin', dpoContact: 'dpo@acme.example' } });
    expect(ctl.statusCode).toBe(200);
    const [controllerEvent] = await events(org.id, 'register_controller.updated');
    expect((controllerEvent?.payload as { fields: string[] }).fields).toEqual(expect.arrayContaining(['controllerName', 'dpoName', 'dpoContact']));
    const read = await rt.app.inject({ method: 'GET', url: '/api/register', headers: auditor.headers });
    expect(read.json()).toMatchObject({ controller: { dpoName: 'Jeanne Martin' }, abilities: { manage: false } });
  });

  it('exports CSV with a BOM and a printable page, per organisation', async () => {
    const a = await setup();
    const b = await setup();
    await service.createActivity(rt.deps, a.dpo.ctx, { name: 'Activité de A', purposes: 'But; "cité"' });
    await service.createActivity(rt.deps, b.dpo.ctx, { name: 'Activité de B', purposes: 'Autre' });
    const csv = await rt.app.inject({ method: 'GET', url: '/api/register/export.csv', headers: a.auditor.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('.csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('Activité de A;"But; ""cité"""');
    expect(csv.body).not.toContain('Activité de B');
    // In the signed-in user's language (French here).
    const page = await rt.app.inject({ method: 'GET', url: '/api/register/print', headers: a.auditor.headers });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('Registre des activités de traitement');
    expect(page.body).toContain('Activité de A');
    expect(page.body).not.toContain('Activité de B');
  });
});
