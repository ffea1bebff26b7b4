/**
 * The CSR report on a known set of records (PGlite, a fixed clock): every figure of 2026 and of
 * 2025 checked exactly, "no data yet" before the organisation existed, the JSON mapping complete,
 * the HTML accessible (axe-core), the PDF printed by Chromium with its title, outline and pages,
 * and the message when no Chromium is found.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { pdfStrings, pdfText } from '../../db/testing/pdf-text.ts';
import { fixedClock } from '../clock.ts';
import { organisations } from '../../db/schema.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { fileComplaint } from '../complaints/index.ts';
import { acknowledgeComplaint, answerComplaint, assessComplaint } from '../complaints/complaints.service.ts';
import { recordBreach } from '../breaches/breaches.service.ts';
import { createPurpose } from '../consent/consent.service.ts';
import { consentPurposes } from '../consent/consent.tables.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { rebuildOrganisation } from '../kpi/index.ts';
import { listKpis } from '../kpi/kpi.queries.ts';
import { recordRegulatoryEvent } from '../regulatory/index.ts';
import { buildCsrReport, CSR_MAPPING } from './reporting.service.ts';
import { presentCsrReport } from './reporting.presenter.ts';
import { exportCsrReport } from './reporting.export.ts';
import { CSR_FIGURES } from './reporting.figures.ts';
import type { CsrReportDto } from './reporting.schemas.ts';

const clock = fixedClock(new Date('2025-02-03T10:00:00+01:00'));
const at = (iso: string) => clock.set(new Date(iso));
let rt: Runtime;
let org: OrganisationRow;
let ethics: TestUser;
let report: CsrReportDto;

beforeAll(async () => {
  rt = await createTestRuntime({ clock });
  await buildWorld();
  report = presentCsrReport(await buildCsrReport(rt.deps, org.id, '2026'), 'en', null);
}, 180_000);
afterAll(async () => {
  await rt?.close();
});

async function file(agent: TestUser, category: 'personal_data' | 'billing', email: string): Promise<string> {
  const { complaint } = await fileComplaint(
    rt.deps,
    agent.ctx,
    { customer: { email, name: 'Jeanne Dupont', locale: 'fr' }, channel: 'phone', category, description: 'Appel du client.', language: 'fr' },
    'agent',
  );
  return complaint.id;
}

const upheld = { decision: 'upheld', reasons: 'Le client avait raison.', rootCause: 'process_failure', remedyGiven: 'correction' } as const;

/** Complaint, breach, purpose and regulatory records over 2025 and 2026, through the services. */
async function buildWorld(): Promise<void> {
  org = await createTestOrg(rt);
  // The organisation started using the product on 3 February 2025 (the row takes the database's clock).
  await rt.deps.db.update(organisations).set({ createdAt: clock.now() }).where(eq(organisations.id, org.id));
  const [agent, dpo, admin] = await Promise.all([createTestUser(rt, org.id, ['agent']), createTestUser(rt, org.id, ['dpo']), createTestUser(rt, org.id, ['admin'])]);
  const purpose = async (key: string) => {
    await createPurpose(rt.deps, admin.ctx, {
      key,
      legalBasis: 'consent',
      dataUse: 'marketing.communications.email',
      channels: ['email'],
      notice: { titleFr: key, titleEn: key, textFr: 'Nos nouvelles.', textEn: 'Our news.' },
    });
    // The row takes the database's clock; the purpose was published on the test's day.
    await rt.deps.db.update(consentPurposes).set({ createdAt: clock.now() }).where(and(eq(consentPurposes.orgId, org.id), eq(consentPurposes.key, key)));
  };
  at('2025-03-01T10:00:00+01:00');
  await purpose('newsletter');
  // 2025: one privacy complaint upheld (GRI 418-1 a.i), one confidentiality breach (418-1 b).
  at('2025-06-10T10:00:00+02:00');
  const old = await file(agent, 'personal_data', 'old@example.fr');
  at('2025-06-10T14:00:00+02:00');
  await acknowledgeComplaint(rt.deps, agent.ctx, old, {});
  at('2025-06-11T10:00:00+02:00');
  await assessComplaint(rt.deps, agent.ctx, old, { severity: 'low' });
  await answerComplaint(rt.deps, agent.ctx, old, upheld);
  at('2025-09-02T10:00:00+02:00');
  await recordBreach(rt.deps, dpo.ctx, { title: 'Fichier perdu', awareAt: '2025-09-01T09:00:00+02:00', description: 'Clé USB perdue.', breachTypes: ['confidentiality', 'integrity'] });

  // 2026: two complaints (one privacy, upheld; one billing, upheld: not a privacy complaint).
  at('2026-03-02T10:00:00+01:00');
  const privacy = await file(agent, 'personal_data', 'p@example.fr');
  const billing = await file(agent, 'billing', 'b@example.fr');
  at('2026-03-02T14:00:00+01:00');
  await acknowledgeComplaint(rt.deps, agent.ctx, privacy, {});
  await acknowledgeComplaint(rt.deps, agent.ctx, billing, {});
  at('2026-03-03T10:00:00+01:00');
  for (const id of [privacy, billing]) {
    await assessComplaint(rt.deps, agent.ctx, id, { severity: 'low' });
    await answerComplaint(rt.deps, agent.ctx, id, upheld);
  }
  at('2026-04-12T10:00:00+02:00');
  await recordBreach(rt.deps, dpo.ctx, { title: 'Envoi mal adressé', awareAt: '2026-04-10T09:00:00+02:00', description: 'Relevé envoyé à un autre client.', breachTypes: ['confidentiality'] });
  // Availability only: not a leak, theft or loss of customer data.
  await recordBreach(rt.deps, dpo.ctx, { title: 'Panne', awareAt: '2026-04-11T09:00:00+02:00', description: 'Service indisponible.', breachTypes: ['availability'] });
  at('2026-05-01T10:00:00+02:00');
  await purpose('offers');

  // The register of regulatory events, entered in December.
  at('2026-12-01T10:00:00+01:00');
  // Signed in now: a session opened in 2025 would have expired.
  ethics = await createTestUser(rt, org.id, ['ethics_officer']);
  const event = (input: Parameters<typeof recordRegulatoryEvent>[2]) => recordRegulatoryEvent(rt.deps, ethics.ctx, input);
  const base = { authority: 'dgccrf', subjectArea: 'marketing', description: 'Décision.' } as const;
  await event({ ...base, occurredOn: '2025-05-05', kind: 'warning' });
  await event({ ...base, occurredOn: '2026-03-12', kind: 'fine', amountCents: 1_500_000, currency: 'EUR' });
  await event({ ...base, occurredOn: '2026-05-02', kind: 'fine', amountCents: 200_000, currency: 'USD' });
  await event({ ...base, occurredOn: '2026-04-01', kind: 'warning' });
  await event({ ...base, occurredOn: '2026-06-01', kind: 'voluntary_code_breach' });
  await event({ ...base, occurredOn: '2026-02-03', kind: 'warning', subjectArea: 'product_information' });
  await event({ ...base, authority: 'cnil', subjectArea: 'privacy', occurredOn: '2026-02-01', kind: 'regulator_complaint', substantiated: true });
  await event({ ...base, authority: 'cnil', subjectArea: 'privacy', occurredOn: '2026-02-02', kind: 'regulator_complaint', substantiated: false });
  await rebuildOrganisation(rt.deps, org);
}

const figure = (id: string) => {
  const f = report.sections.flatMap((s) => s.figures).find((x) => x.id === id);
  if (!f) throw new Error(`no figure ${id}`);
  return f;
};

describe('CSR report figures', () => {
  it('has every figure of the catalogue, in its section', () => {
    expect(report.sections.map((s) => s.id)).toEqual(['gri_417_3', 'gri_418_1', 's4_1', 's4_2', 's4_3', 's4_4', 's4_5']);
    expect(report.sections.flatMap((s) => s.figures.map((f) => f.id))).toEqual(CSR_FIGURES.map((f) => f.id));
  });

  it('computes GRI 417-3, GRI 418-1 and ESRS S4-1 exactly, for 2026 and 2025', () => {
    const expected: Record<string, [unknown, unknown]> = {
      'gri_417_3.total': [4, 1],
      'gri_417_3.fines': [2, 0],
      'gri_417_3.fine_amounts': [
        [
          { currency: 'EUR', cents: 1_500_000 },
          { currency: 'USD', cents: 200_000 },
        ],
        [],
      ],
      'gri_417_3.warnings': [1, 1],
      'gri_417_3.voluntary_codes': [1, 0],
      'gri_418_1.outside_parties': [1, 1],
      'gri_418_1.regulators': [1, 0],
      'gri_418_1.leaks': [1, 1],
      's4_1.purposes': [2, 1],
      's4_3.complaints_received': [2, 1],
      's4_3.complaints_closed': [0, 0],
      's4_3.mediator_referrals': [0, 0],
      's4_3.dsr_received': [0, 0],
      's4_4.contacts_refused': [0, 0],
      // Three answers (two in 2026, one in 2025), none reopened.
      's4_4.reopen_rate': [0, 0],
      // Rates and scores over nothing are no data, not 0 %.
      's4_2.satisfaction': [null, null],
      's4_2.consent_rate': [null, null],
      's4_3.dsr_on_time': [null, null],
      's4_4.withdrawal_rate': [null, null],
      's4_4.breaches_on_time': [null, null],
      's4_4.message_findings': [null, null],
    };
    for (const [id, [value, previous]] of Object.entries(expected)) {
      expect(figure(id).value, id).toEqual(value);
      expect(figure(id).previous, `${id} (2025)`).toEqual(previous);
    }
    expect(figure('gri_417_3.fine_amounts').text).toBe('€15,000.00 + US$2,000.00');
    expect(figure('s4_2.satisfaction').text).toBe('no data yet');
  });

  it('reads the complaint-handling figures as the dashboard shows the same KPI over the same year', async () => {
    for (const [range, which] of [
      [{ from: '2026-01-01', to: '2026-12-31' }, 'value'],
      [{ from: '2025-01-01', to: '2025-12-31' }, 'previous'],
    ] as const) {
      const { items } = await listKpis(rt.deps, ethics.ctx, range);
      const kpi = (key: string) => items.find((i) => i.definition.key === key)?.value ?? null;
      expect(figure('s4_3.ack_time')[which]).toBe(kpi('complaints.ack_time.median'));
      expect(figure('s4_3.answer_time')[which]).toBe(kpi('complaints.answer_time.median'));
      expect(figure('s4_3.sla_compliance')[which]).toBe(kpi('complaints.sla_compliance'));
    }
    // Acknowledged 4 hours after receipt, every time.
    expect(figure('s4_3.ack_time').value).toBe(4);
    expect(figure('s4_3.ack_time').previous).toBe(4);
    expect(figure('s4_3.ack_time').text).toBe('4 hours');
  });

  it('judges the targets of the report’s KPIs (ESRS S4-5)', () => {
    const judged = report.targets.filter((t) => t.met !== null);
    expect(figure('s4_5.targets_judged').value).toBe(judged.length);
    expect(figure('s4_5.targets_met').value).toBe(judged.filter((t) => t.met).length);
    const marketing = report.targets.find((t) => t.key === 'regulatory.marketing_noncompliance');
    expect(marketing).toMatchObject({ target: 0, direction: 'lower', value: 4, met: false });
    expect(report.targets.find((t) => t.key === 'complaints.satisfaction')).toMatchObject({ value: null, met: null });
  });

  it('links each figure to its KPI definition and to the records behind it', () => {
    expect(figure('gri_417_3.fines')).toMatchObject({
      kpiKey: 'regulatory.marketing_noncompliance',
      definitionPath: '/app/kpis/regulatory.marketing_noncompliance?from=2026-01-01&to=2026-12-31',
      recordsPath: '/app/kpis/regulatory.marketing_noncompliance?from=2026-01-01&to=2026-12-31&dimension=fine#records',
    });
    expect(figure('gri_417_3.fine_amounts').recordsPath).toBe('/app/regulatory?from=2026-01-01&to=2026-12-31');
    for (const f of report.sections.flatMap((s) => s.figures)) if (f.id.startsWith('s4_5.') === false) expect(f.definitionPath ?? f.recordsPath, f.id).not.toBeNull();
  });

  it('says "no data yet" for a year before the organisation existed, never 0', async () => {
    const early = presentCsrReport(await buildCsrReport(rt.deps, org.id, '2025'), 'fr', null);
    const all = early.sections.flatMap((s) => s.figures);
    expect(all.every((f) => f.previous === null && f.previousText === 'pas encore de données')).toBe(true);
    expect(all.find((f) => f.id === 'gri_417_3.total')?.value).toBe(1);
  });

  it('keeps the officer’s texts per section and language, audited', async () => {
    const put = (body: object) => rt.app.inject({ method: 'PUT', url: '/api/reports/csr/narratives', headers: ethics.headers, payload: body });
    const res = await put({ period: '2026', section: 's4_3', locale: 'fr', body: 'Nos canaux : formulaire, téléphone, courrier.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sections.find((s: { id: string }) => s.id === 's4_3').narrative).toEqual({ fr: 'Nos canaux : formulaire, téléphone, courrier.', en: null });
    expect((await put({ period: '2026', section: 'nope', locale: 'fr', body: 'x' })).statusCode).toBe(400);
    const audit = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'csr_report.narrative_updated')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.payload)).not.toContain('canaux');
  });
});

describe('CSR report exports', () => {
  it('maps every figure of the JSON to a GRI disclosure or an ESRS datapoint id, or says "verify"', async () => {
    const file = await exportCsrReport(report, 'json', 'en', 'https://confiance.example');
    const doc = JSON.parse(file.data.toString('utf8')) as CsrReportDto;
    expect(doc.mappingVersion).toBe(CSR_MAPPING.version);
    const figures = doc.sections.flatMap((s) => s.figures);
    expect(figures).toHaveLength(CSR_FIGURES.length);
    for (const f of figures) {
      expect(f.mapping.id.length, f.id).toBeGreaterThan(0);
      if (f.mapping.framework === 'ESRS') expect(f.mapping.id === 'verify' || f.mapping.status === 'checked', f.id).toBe(true);
      if (f.mapping.id === 'verify') expect(f.mapping.status).toBe('verify');
    }
    // Every mapping entry names a figure that exists (no stale ids).
    expect(Object.keys(CSR_MAPPING.figures).sort()).toEqual(CSR_FIGURES.map((f) => f.id).sort());
  });

  const CHROMIUM = process.env.CONFIANCE_CHROMIUM ?? '/usr/bin/chromium';

  it('renders accessible HTML (headings, captions, charts with text alternatives; axe-core clean)', async () => {
    const page = (await exportCsrReport(report, 'html', 'en', 'https://confiance.example')).data.toString('utf8');
    expect(page).toContain('<h1>CSR report 2026');
    expect(page.match(/<caption>/g)?.length).toBeGreaterThanOrEqual(9);
    expect(page).toContain('role="img" aria-labelledby="chart-months-title chart-months-desc"');
    expect(page).toContain('href="https://confiance.example/app/kpis/regulatory.marketing_noncompliance?from=2026-01-01&amp;to=2026-12-31"');
    expect(existsSync(CHROMIUM), `Chromium at ${CHROMIUM}`).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const tab = await browser.newPage();
      await tab.setContent(page);
      await tab.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
      const violations = await tab.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('prints a PDF with the title, the section outline and numbered pages', async () => {
    const file = await exportCsrReport(report, 'pdf', 'en', 'https://confiance.example', { CONFIANCE_CHROMIUM: CHROMIUM });
    expect(file.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfStrings(file.data);
    expect(text).toContain('CSR report 2026 — Test organisation'.replace('Test organisation', report.organisation.name));
    for (const s of report.sections) expect(text, s.title).toContain(s.title);
    expect(text).toContain('Contents');
    const pages = Number(/\/Type\s*\/Pages[^>]*?\/Count (\d+)/.exec(pdfText(file.data))?.[1] ?? 0);
    expect(pages).toBeGreaterThan(1);
    // Tagged PDF (accessible): a structure tree.
    expect(pdfText(file.data)).toContain('/StructTreeRoot');
  }, 60_000);

  it('says how to install Chromium when there is none, and the HTML still works', async () => {
    const missing = exportCsrReport(report, 'pdf', 'en', 'https://confiance.example', { CONFIANCE_CHROMIUM: '/nonexistent/chromium' });
    await expect(missing).rejects.toThrow(/apt-get install -y chromium/);
    await expect(missing).rejects.toThrow(/CONFIANCE_CHROMIUM=/);
    const res = await rt.app.inject({ method: 'GET', url: '/api/reports/csr/export?period=2026&format=html', headers: ethics.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
