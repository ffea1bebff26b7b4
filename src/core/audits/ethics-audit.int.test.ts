/**
 * Ethics audits on real SQL, through the HTTP routes: an audit created from a template, its
 * checklist answered with evidence files, findings raised from non-compliant items (and by hand)
 * followed by remediation actions, the steps until closing (refused while an item is unanswered),
 * the printable report, and the reminders mailed to action owners (once per stage and due day).
 */
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { organisations } from '../../db/schema.ts';
import { findQueuedMails } from '../mail/mail.service.ts';
import { addDays, toLocalDate } from '../../rules/index.ts';
import { findings, remediationActions } from './audits.tables.ts';
import { sendActionReminders } from './audits.jobs.ts';
import { runControlsFor } from './audits.run.ts';
import * as findingService from './audits.service.ts';
import { ethicsAuditEvidence, ethicsAudits } from './ethics-audit.tables.ts';
import { AUDIT_TEMPLATES, checklistItems } from './ethics-audit.templates.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

async function setup() {
  const org = await createTestOrg(rt);
  const officer = await createTestUser(rt, org.id, ['ethics_officer']);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const auditor = await createTestUser(rt, org.id, ['auditor']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  return { org, officer, dpo, auditor, agent };
}

type Headers = Record<string, string>;
/** A signed-in user's headers with the language chosen in this browser (it overrides the user's saved one). */
const en = (headers: { cookie: string }) => ({ ...headers, cookie: `${headers.cookie}; confiance_lang=en` });
const post = (headers: Headers, url: string, payload: object) => rt.app.inject({ method: 'POST', url, headers, payload });
const get = (headers: Headers, url: string) => rt.app.inject({ method: 'GET', url, headers });

async function eventsOf(orgId: string, type: string) {
  return rt.deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.type, type)))
    // In the order written: PostgreSQL returns rows in no order of its own (CI saw two answers swapped).
    .orderBy(auditEvents.position);
}

function multipart(files: { filename: string; data: Buffer }[], itemKey?: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----confianceAuditBoundary';
  const chunks: Buffer[] = [];
  if (itemKey) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="itemKey"\r\n\r\n${itemKey}\r\n`));
  for (const f of files)
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${f.filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
      f.data,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('audit templates', () => {
  it('ship the five templates, every item with its reference, guidance and expected evidence in French and English', () => {
    expect(AUDIT_TEMPLATES.map((t) => t.key).sort()).toEqual(['code_of_conduct', 'complaints', 'gdpr', 'marketing', 'transparency']);
    for (const t of AUDIT_TEMPLATES)
      for (const item of checklistItems(t.sections)) {
        for (const text of [item.ref, item.question, item.guidance, item.evidence]) expect(text.fr && text.en, `${t.key} ${item.itemKey}`).toBeTruthy();
      }
  });

  it('cover the articles the issue names (GDPR 5-7, 12-22, 30, 33-34; canvassing L.223-1, D.223-9; prices and contracts)', () => {
    const refs = (key: string) => checklistItems(AUDIT_TEMPLATES.find((t) => t.key === key)!.sections).map((i) => i.ref.fr).join(' | ');
    const gdpr = refs('gdpr');
    for (const art of ['art. 5', 'art. 6', 'art. 7(1)', 'art. 7(3)', 'art. 12(3)', '15', '16 à 19', '20', '21(2)', 'art. 22', 'art. 30(1)', 'art. 33', 'art. 34']) expect(gdpr).toContain(art);
    const marketing = refs('marketing');
    for (const ref of ['L.223-1', 'D.223-9 al. 1', 'D.223-9 al. 3', 'L.34-5', 'art. 6-7', 'art. 8-9']) expect(marketing).toContain(ref);
    const transparency = refs('transparency');
    for (const ref of ['L.112-1', 'L.112-1-1', 'L.215-1', 'L.215-1-1', 'L.224-33', 'L.221-18']) expect(transparency).toContain(ref);
  });

  it('cite their references in the reader’s language, also in an audit stored before references were bilingual', async () => {
    const { officer } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'gdpr', scope: 'Registre' })).json();
    const first = async (headers: Headers) => (await get(headers, `/api/ethics-audits/${id}`)).json().sections[0].items[0];
    expect(await first(officer.headers)).toMatchObject({ itemKey: 'principles.principles', ref: 'RGPD art. 5' });
    expect(await first(en(officer.headers))).toMatchObject({ itemKey: 'principles.principles', ref: 'GDPR Art. 5' });
    // An audit created before: its copy of the checklist holds the French reference alone.
    const [row] = await rt.deps.db.select().from(ethicsAudits).where(eq(ethicsAudits.id, id));
    const legacy = row!.checklist.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, ref: typeof i.ref === 'string' ? i.ref : i.ref.fr })) }));
    await rt.deps.db.update(ethicsAudits).set({ checklist: legacy }).where(eq(ethicsAudits.id, id));
    expect(await first(en(officer.headers))).toMatchObject({ ref: 'GDPR Art. 5' });
    expect(await first(officer.headers)).toMatchObject({ ref: 'RGPD art. 5' });
    const report = await get(en(officer.headers), `/api/ethics-audits/${id}/report`);
    expect(report.body).toContain('GDPR Art. 5');
    expect(report.body).not.toContain('RGPD art.');
    // An audit still open reads "ongoing", not a dash after the dash.
    expect(report.body).toMatch(/since [^<]+ \(ongoing\)/);
  });
});

describe('an ethics audit from a template', () => {
  it('is created by the ethics officer (auditor by default, reference, checklist copied, audited); the auditor role and the DPO read it, an agent does not', async () => {
    const { org, officer, dpo, auditor, agent } = await setup();
    const res = await post(officer.headers, '/api/ethics-audits', { templateKey: 'gdpr', scope: 'Site web et centre de relation client', startsOn: '2026-11-02' });
    expect(res.statusCode).toBe(201);
    const dto = res.json();
    const gdpr = AUDIT_TEMPLATES.find((t) => t.key === 'gdpr')!;
    expect(dto).toMatchObject({
      reference: 'AUD-2026-001',
      templateKey: 'gdpr',
      templateVersion: gdpr.version,
      status: 'planned',
      auditorId: officer.user.id,
      startsOn: '2026-11-02',
      endsOn: null,
      progress: { answered: 0, total: checklistItems(gdpr.sections).length, nonCompliant: 0 },
      abilities: { answer: true, moveTo: ['in_progress'] },
    });
    expect(dto.sections[0].items[0]).toMatchObject({ itemKey: 'principles.principles', ref: 'RGPD art. 5', answer: null, files: [], findingId: null });
    expect(await eventsOf(org.id, 'ethics_audit.created')).toHaveLength(1);
    const second = await post(officer.headers, '/api/ethics-audits', { templateKey: 'marketing', scope: 'Campagnes', startsOn: '2026-11-03' });
    expect(second.json().reference).toBe('AUD-2026-002');

    const read = await get(auditor.headers, `/api/ethics-audits/${dto.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toEqual({ edit: false, answer: false, addEvidence: false, raiseFinding: false, moveTo: [] });
    expect((await post(auditor.headers, `/api/ethics-audits/${dto.id}/answers`, { itemKey: 'principles.principles', answer: 'compliant' })).statusCode).toBe(403);
    // The DPO reads the audits (the GDPR one's findings are the DPO's to follow) but runs none: least privilege, permissions.ts.
    expect((await get(dpo.headers, `/api/ethics-audits/${dto.id}`)).json().abilities).toEqual({ edit: false, answer: false, addEvidence: false, raiseFinding: false, moveTo: [] });
    expect((await post(dpo.headers, `/api/ethics-audits/${dto.id}/answers`, { itemKey: 'principles.principles', answer: 'compliant' })).statusCode).toBe(403);
    expect((await post(dpo.headers, '/api/ethics-audits', { templateKey: 'gdpr', scope: 'Registre' })).statusCode).toBe(403);
    expect((await get(agent.headers, '/api/ethics-audits')).statusCode).toBe(403);
    const list = (await get(auditor.headers, '/api/ethics-audits')).json().items;
    expect(list.map((a: { reference: string }) => a.reference)).toEqual(['AUD-2026-002', 'AUD-2026-001']);
  });

  it('refuses an unknown template, an end before the start, an inactive auditor, with 400s naming the field', async () => {
    const { officer } = await setup();
    const bad = async (payload: object) => (await post(en(officer.headers), '/api/ethics-audits', payload)).json();
    expect((await bad({ templateKey: 'iso9001', scope: 'x' })).error.issues[0].path).toBe('templateKey');
    const dates = await bad({ templateKey: 'gdpr', scope: 'x', startsOn: '2026-05-10', endsOn: '2026-05-09' });
    expect(dates.error.issues).toEqual([expect.objectContaining({ path: 'endsOn', message: 'The end of the audit comes before its start.' })]);
    expect((await bad({ templateKey: 'gdpr', scope: 'x', auditorId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' })).error.issues[0].path).toBe('auditorId');
  });

  it('answers items (the first one starts the audit), keeps the previous answer in the audit log, and refuses an item not in its checklist', async () => {
    const { org, officer } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'code_of_conduct', scope: 'Groupe' })).json();
    const answered = await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'code.adopted', answer: 'non_compliant', comment: 'Pas de code adopté.' });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'in_progress', progress: { answered: 1, nonCompliant: 1 } });
    expect(answered.json().sections[0].items[0].answer).toMatchObject({ answer: 'non_compliant', comment: 'Pas de code adopté.', answeredBy: officer.user.name });
    await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'code.adopted', answer: 'compliant' });
    expect((await eventsOf(org.id, 'ethics_audit.answered')).map((e) => e.payload)).toEqual([
      { auditId: id, itemKey: 'code.adopted', answer: 'non_compliant', previous: null },
      { auditId: id, itemKey: 'code.adopted', answer: 'compliant', previous: 'non_compliant' },
    ]);
    expect((await eventsOf(org.id, 'ethics_audit.status_changed')).map((e) => e.payload)).toEqual([{ auditId: id, from: 'planned', to: 'in_progress' }]);
    const unknown = await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'code.nothing', answer: 'compliant' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0]).toMatchObject({ path: 'itemKey' });
  });

  it('raises findings from a non-compliant item (once) and by hand, followed by remediation actions like every finding', async () => {
    const { org, officer } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'marketing', scope: 'Campagnes 2026' })).json();
    const url = `/api/ethics-audits/${id}/findings`;
    const finding = { itemKey: 'canvassing.phone_hours', severity: 'high', observation: 'Appels le samedi matin.', recommendation: 'Bloquer les samedis dans le numéroteur.' };
    // Not yet answered non-compliant: refused.
    expect((await post(officer.headers, url, finding)).json().error.issues[0]).toMatchObject({ path: 'itemKey' });
    await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'canvassing.phone_hours', answer: 'non_compliant' });
    const raised = await post(en(officer.headers), url, finding);
    expect(raised.statusCode).toBe(201);
    expect(raised.json()).toMatchObject({ source: 'audit', severity: 'high', status: 'open', title: 'Audit AUD-2026-001: non-compliant with French Consumer Code D.223-9 paras. 1 and 2' });
    expect((await post(officer.headers, url, finding)).statusCode).toBe(409);
    // A finding written by the auditor needs a title.
    const manual = { severity: 'medium', observation: 'Scripts non relus.', recommendation: 'Relire les scripts chaque trimestre.' };
    expect((await post(officer.headers, url, manual)).json().error.issues[0]).toMatchObject({ path: 'title' });
    const written = await post(officer.headers, url, { ...manual, title: 'Scripts de vente sans relecture' });
    expect(written.json().title).toBe('Audit AUD-2026-001 : Scripts de vente sans relecture');

    // The finding page explains it in the viewer's language and links back to the audit.
    const page = (await get(en(officer.headers), `/api/findings/${raised.json().id}`)).json();
    expect(page.explanation).toContain('Calls are made Monday to Friday');
    expect(page.explanation).toContain('Recommendation: Bloquer les samedis dans le numéroteur.');
    expect(page.evidence).toEqual([{ type: 'ethics_audit', id, label: 'AUD-2026-001', path: `/app/audits/${id}` }]);
    expect(page.abilities).toEqual({ addAction: true, close: true });

    const today = toLocalDate(new Date(), org.timezone);
    const action = await post(officer.headers, `/api/findings/${raised.json().id}/actions`, { title: 'Paramétrer le numéroteur', ownerId: officer.user.id, dueOn: addDays(today, 10) });
    expect(action.statusCode).toBe(201);
    const audit = (await get(officer.headers, `/api/ethics-audits/${id}`)).json();
    expect(audit.findings).toHaveLength(2);
    expect(audit.findings[0]).toMatchObject({ itemKey: 'canvassing.phone_hours', status: 'in_remediation', recommendation: 'Bloquer les samedis dans le numéroteur.' });
    expect(audit.findings[0].actions).toEqual([expect.objectContaining({ title: 'Paramétrer le numéroteur', ownerName: officer.user.name, status: 'open', overdue: false })]);
    expect(audit.sections[1].items.find((i: { itemKey: string }) => i.itemKey === 'canvassing.phone_hours').findingId).toBe(raised.json().id);
    expect(audit.openFindings).toBe(2);
    const [row] = await rt.deps.db.select().from(findings).where(eq(findings.id, raised.json().id));
    expect(row).toMatchObject({ auditId: id, auditItem: 'canvassing.phone_hours', controlKey: null, reference: expect.stringMatching(/^F-\d{4}-\d{3}$/) });
    expect(await eventsOf(org.id, 'ethics_audit.finding_raised')).toHaveLength(2);
  });

  it('moves through its steps, refuses to close while an item is unanswered, then closes and changes no more', async () => {
    const { officer } = await setup();
    const { id, sections } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'code_of_conduct', scope: 'Groupe' })).json();
    const move = (status: string) => post(en(officer.headers), `/api/ethics-audits/${id}/status`, { status });
    expect((await move('closed')).statusCode).toBe(409);
    expect((await move('in_progress')).json().status).toBe('in_progress');
    const items: string[] = sections.flatMap((s: { items: { itemKey: string }[] }) => s.items.map((i) => i.itemKey));
    for (const itemKey of items.slice(0, -1)) await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey, answer: 'compliant' });
    expect((await move('reporting')).json()).toMatchObject({ status: 'reporting', abilities: { moveTo: ['in_progress'] } });
    const refused = await move('closed');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      'The audit cannot close: 1 item is still unanswered. Answer every item (compliant, non-compliant or not applicable) first.',
    );
    await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: items.at(-1), answer: 'not_applicable', comment: 'Pas de partenaire.' });
    const closed = await move('closed');
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String), abilities: { answer: false, moveTo: [] } });
    expect((await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: items[0], answer: 'non_compliant' })).statusCode).toBe(409);
    expect((await rt.app.inject({ method: 'PATCH', url: `/api/ethics-audits/${id}`, headers: officer.headers, payload: { conclusion: 'x' } })).statusCode).toBe(409);
  });

  it('keeps evidence files encrypted per item, sends them back decrypted (audited), and refuses a file that is not what its name says', async () => {
    const { org, officer, auditor } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'gdpr', scope: 'Registre' })).json();
    const PDF = Buffer.from('%PDF-1.7\nRegistre des traitements, version de M. Martin\n%%EOF\n');
    const upload = multipart([{ filename: 'registre.pdf', data: PDF }], 'accountability.records');
    const res = await rt.app.inject({ method: 'POST', url: `/api/ethics-audits/${id}/evidence`, headers: { ...officer.headers, ...upload.headers }, payload: upload.payload });
    expect(res.statusCode).toBe(200);
    const item = res.json().sections[2].items.find((i: { itemKey: string }) => i.itemKey === 'accountability.records');
    expect(item.files).toEqual([expect.objectContaining({ filename: 'registre.pdf', kind: 'pdf', sizeBytes: PDF.length })]);
    const [row] = await rt.deps.db.select().from(ethicsAuditEvidence).where(eq(ethicsAuditEvidence.orgId, org.id));
    expect(row!.content.includes(Buffer.from('Martin'))).toBe(false);
    expect(row!.nameEnc).not.toContain('registre');
    const download = await get(auditor.headers, `/api/ethics-audits/${id}/evidence/${item.files[0].id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(await eventsOf(org.id, 'ethics_audit.evidence_downloaded')).toHaveLength(1);
    const fake = multipart([{ filename: 'preuve.pdf', data: Buffer.from('MZ\u0000\u0001binary') }]);
    const refused = await rt.app.inject({ method: 'POST', url: `/api/ethics-audits/${id}/evidence`, headers: { ...officer.headers, ...fake.headers }, payload: fake.payload });
    expect(refused.statusCode).toBe(415);
    const wrongItem = multipart([{ filename: 'registre.pdf', data: PDF }], 'accountability.nothing');
    expect((await rt.app.inject({ method: 'POST', url: `/api/ethics-audits/${id}/evidence`, headers: { ...officer.headers, ...wrongItem.headers }, payload: wrongItem.payload })).statusCode).toBe(400);
    expect(await rt.deps.db.select().from(ethicsAuditEvidence).where(eq(ethicsAuditEvidence.orgId, org.id))).toHaveLength(1);
  });

  it('prints a report in the reader’s language with the answers, findings, actions and conclusion', async () => {
    const { officer } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'complaints', scope: 'Service client <b>Lyon</b>' })).json();
    await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'intake.acknowledgement', answer: 'non_compliant', comment: 'Accusés envoyés en 12 jours.' });
    await post(officer.headers, `/api/ethics-audits/${id}/findings`, { itemKey: 'intake.acknowledgement', severity: 'medium', observation: 'Retards.', recommendation: 'Accusé automatique.' });
    await rt.app.inject({ method: 'PATCH', url: `/api/ethics-audits/${id}`, headers: officer.headers, payload: { conclusion: 'Processus solide, accusés lents.' } });
    const fr = await get(officer.headers, `/api/ethics-audits/${id}/report`);
    expect(fr.statusCode).toBe(200);
    expect(fr.headers['content-type']).toContain('text/html');
    expect(fr.body).toContain('<html lang="fr">');
    // Its own stylesheet applies: the policy allows that exact style by hash, not inline styles at large.
    const style = /<style>([\s\S]*?)<\/style>/.exec(fr.body)?.[1];
    expect(style).toBeTruthy();
    const csp = String(fr.headers['content-security-policy']);
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style ?? '').digest('base64')}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(fr.body).toContain('Audit éthique AUD-');
    expect(fr.body).toContain('Non conforme');
    expect(fr.body).toContain('Accusé automatique.');
    expect(fr.body).toContain('Processus solide, accusés lents.');
    expect(fr.body).toContain('Service client &lt;b&gt;Lyon&lt;/b&gt;');
    const english = await get(en(officer.headers), `/api/ethics-audits/${id}/report`);
    expect(english.body).toContain('Non-compliant');
    expect(english.body).toContain('Findings and remediation');
  });
});

describe('reminders to remediation action owners', () => {
  it('mail the owner once when due soon and once when overdue, again for a new due day; the overdue control opens its finding beside', async () => {
    const { org, officer, dpo } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'gdpr', scope: 'Demandes' })).json();
    await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'rights.request_deadline', answer: 'non_compliant' });
    const finding = (
      await post(officer.headers, `/api/ethics-audits/${id}/findings`, { itemKey: 'rights.request_deadline', severity: 'high', observation: 'Retards.', recommendation: 'Suivi hebdomadaire.' })
    ).json();
    const now = new Date();
    const today = toLocalDate(now, org.timezone);
    const dueOn = addDays(today, 5);
    const action = await findingService.addAction(rt.deps, officer.ctx, finding.id, { title: 'Mettre en place le suivi', ownerId: dpo.user.id, dueOn });
    const at = (day: string) => new Date(`${day}T09:00:00Z`);
    const mails = async () => (await findQueuedMails(rt.deps, org.id)).filter((q) => q.template.startsWith('audits.mail.'));

    // Four days before: not yet; three days before: "due soon", once.
    await sendActionReminders(rt.deps, at(addDays(dueOn, -4)));
    expect(await mails()).toHaveLength(0);
    await sendActionReminders(rt.deps, at(addDays(dueOn, -3)));
    await sendActionReminders(rt.deps, at(dueOn));
    const soon = await mails();
    expect(soon.map((m) => m.template)).toEqual(['audits.mail.due_soon']);
    expect(soon[0]!.mail).toMatchObject({ to: { userId: dpo.user.id }, params: { dueOn, finding: finding.reference, title: 'Mettre en place le suivi' } });

    // The day after the due day: "overdue", once; the control opens its finding on the same day.
    await sendActionReminders(rt.deps, at(addDays(dueOn, 1)));
    await sendActionReminders(rt.deps, at(addDays(dueOn, 2)));
    expect((await mails()).map((m) => m.template)).toEqual(['audits.mail.due_soon', 'audits.mail.overdue']);
    await runControlsFor(rt.deps, { id: org.id, timezone: org.timezone }, at(addDays(dueOn, 1)));
    const overdue = await rt.deps.db.select().from(findings).where(and(eq(findings.orgId, org.id), eq(findings.controlKey, 'remediation_overdue')));
    expect(overdue).toEqual([expect.objectContaining({ causeKey: action.id, status: 'open' })]);

    // Rescheduled: reminded again for the new day; done: never again.
    await rt.deps.db.update(remediationActions).set({ dueOn: addDays(dueOn, 20) }).where(eq(remediationActions.id, action.id));
    await sendActionReminders(rt.deps, at(addDays(dueOn, 18)));
    expect(await mails()).toHaveLength(3);
    await findingService.closeAction(rt.deps, officer.ctx, action.id, { status: 'done' });
    await sendActionReminders(rt.deps, at(addDays(dueOn, 30)));
    expect(await mails()).toHaveLength(3);
    expect((await eventsOf(org.id, 'remediation_action.reminded')).map((e) => (e.payload as { stage: string }).stage)).toEqual(['due_soon', 'overdue', 'due_soon']);
  });

  it('go on past an organisation and an action that fail: each failure logged and counted, the others reminded, the failed action retried the next run', async () => {
    // Created first, so the run meets it before the others: its zone cannot be read (a row from before the check).
    const broken = await setup();
    const { org, officer, dpo } = await setup();
    const { id } = (await post(officer.headers, '/api/ethics-audits', { templateKey: 'gdpr', scope: 'Demandes' })).json();
    await post(officer.headers, `/api/ethics-audits/${id}/answers`, { itemKey: 'rights.request_deadline', answer: 'non_compliant' });
    const finding = (
      await post(officer.headers, `/api/ethics-audits/${id}/findings`, { itemKey: 'rights.request_deadline', severity: 'high', observation: 'Retards.', recommendation: 'Suivi.' })
    ).json();
    const today = toLocalDate(new Date(), org.timezone);
    const dueOn = addDays(today, 2);
    const one = await findingService.addAction(rt.deps, officer.ctx, finding.id, { title: 'Première action', ownerId: dpo.user.id, dueOn });
    const two = await findingService.addAction(rt.deps, officer.ctx, finding.id, { title: 'Seconde action', ownerId: dpo.user.id, dueOn });
    // The run takes actions by due day then id: the first one met is the one that fails.
    const [failing, other] = [one, two].sort((a, b) => (a.id < b.id ? -1 : 1)) as [typeof one, typeof two];
    const mails = async () =>
      (await findQueuedMails(rt.deps, org.id)).filter((q) => q.template === 'audits.mail.due_soon').map((q) => q.mail?.params.title);

    // Real faults in the database, not a stubbed function: an unreadable zone, and a row whose update the database refuses.
    expect(failing.id).toMatch(/^[0-9a-f-]{36}$/);
    await rt.deps.db.update(organisations).set({ timezone: 'Mars/Olympus_Mons' }).where(eq(organisations.id, broken.org.id));
    await rt.deps.db.execute(
      sql.raw(`create or replace function test_fail_reminder() returns trigger language plpgsql as $$
        begin if new.id = '${failing.id}' then raise exception 'fault injected by the test'; end if; return new; end $$`),
    );
    await rt.deps.db.execute(sql.raw('create trigger test_fail_reminder before update on remediation_actions for each row execute function test_fail_reminder()'));
    try {
      const outcome = await sendActionReminders(rt.deps, new Date(`${today}T09:00:00Z`));
      expect(outcome).toMatchObject({ failedOrganisations: 1, failedActions: 1 });
      expect(outcome.sent).toBeGreaterThanOrEqual(1);
      expect(await mails()).toEqual([other.title]);
      expect((await eventsOf(org.id, 'remediation_action.reminded')).map((e) => (e.payload as { actionId: string }).actionId)).toEqual([other.id]);
    } finally {
      await rt.deps.db.execute(sql.raw('drop trigger if exists test_fail_reminder on remediation_actions'));
      await rt.deps.db.execute(sql.raw('drop function if exists test_fail_reminder()'));
      await rt.deps.db.update(organisations).set({ timezone: 'Europe/Paris' }).where(eq(organisations.id, broken.org.id));
    }

    // The failed action was not marked reminded: the next run mails it, and the other not twice.
    const next = await sendActionReminders(rt.deps, new Date(`${today}T10:00:00Z`));
    expect(next).toMatchObject({ failedOrganisations: 0, failedActions: 0 });
    expect((await mails()).sort()).toEqual([failing.title, other.title].sort());
  });
});
