import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findAllKpiValues, rebuildOrganisation, refreshOrganisation } from '../kpi/index.ts';
import { regulatoryEvidence } from './regulatory.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const LETTER = Buffer.from('%PDF-1.7\nMise en demeure de la CNIL, dossier 2026-118, M. Jean Dupont\n%%EOF\n');

function multipart(files: { filename: string; type: string; data: Buffer }[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----confianceRegulatoryBoundary';
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function setup() {
  const org = await createTestOrg(rt);
  const officer = await createTestUser(rt, org.id, ['ethics_officer']);
  const auditor = await createTestUser(rt, org.id, ['auditor']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  return { org, officer, auditor, agent };
}

const fine = {
  occurredOn: '2026-03-12',
  authority: 'dgccrf',
  kind: 'fine',
  subjectArea: 'marketing',
  description: 'Amende pour des réductions de prix trompeuses.',
  amountCents: 1_500_000,
  currency: 'EUR',
};

describe('register of regulatory events', () => {
  it('records an event (audited), reads it back, and refuses it to those without the permission', async () => {
    const { org, officer, auditor, agent } = await setup();
    const created = await rt.app.inject({ method: 'POST', url: '/api/regulatory-events', headers: officer.headers, payload: fine });
    expect(created.statusCode).toBe(201);
    const dto = created.json();
    expect(dto).toMatchObject({ reference: 'REG-2026-001', authority: 'dgccrf', kind: 'fine', amount: { cents: 1_500_000, currency: 'EUR' }, abilities: { edit: true } });
    const audit = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'regulatory_event.recorded')));
    expect(audit).toHaveLength(1);
    // The auditor reads, cannot change; an agent sees nothing.
    const read = await rt.app.inject({ method: 'GET', url: `/api/regulatory-events/${dto.id}`, headers: auditor.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toEqual({ edit: false, addEvidence: false, downloadEvidence: true });
    expect((await rt.app.inject({ method: 'PATCH', url: `/api/regulatory-events/${dto.id}`, headers: auditor.headers, payload: { outcome: 'x' } })).statusCode).toBe(403);
    expect((await rt.app.inject({ method: 'GET', url: '/api/regulatory-events', headers: agent.headers })).statusCode).toBe(403);
    const second = await rt.app.inject({ method: 'POST', url: '/api/regulatory-events', headers: officer.headers, payload: { ...fine, amountCents: null, currency: null, kind: 'warning' } });
    expect(second.json().reference).toBe('REG-2026-002');
  });

  it('answers a clear 400 in the user’s language for inconsistent facts, and writes nothing', async () => {
    const { org, officer } = await setup();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...fine, occurredOn: '2099-01-01' }, 'occurredOn'],
      [{ ...fine, currency: null }, 'currency'],
      [{ ...fine, kind: 'warning' }, 'amountCents'],
      [{ ...fine, authority: 'other' }, 'authorityName'],
    ];
    for (const [payload, path] of cases) {
      const res = await rt.app.inject({ method: 'POST', url: '/api/regulatory-events', headers: { ...officer.headers, 'accept-language': 'fr' }, payload });
      expect(res.statusCode, path).toBe(400);
      const body = res.json();
      expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const fr = await rt.app.inject({ method: 'POST', url: '/api/regulatory-events', headers: { ...officer.headers, 'accept-language': 'fr' }, payload: { ...fine, kind: 'warning' } });
    expect(JSON.stringify(fr.json())).toContain('amende');
    const list = await rt.app.inject({ method: 'GET', url: '/api/regulatory-events', headers: officer.headers });
    expect(list.json().items).toHaveLength(0);
    const audit = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'regulatory_event.recorded')));
    expect(audit).toHaveLength(0);
  });

  it('stores evidence encrypted, sends it back decrypted, and refuses a file that is not what its name says', async () => {
    const { org, officer, auditor } = await setup();
    const { id } = (await rt.app.inject({ method: 'POST', url: '/api/regulatory-events', headers: officer.headers, payload: fine })).json();
    const upload = multipart([{ filename: 'mise-en-demeure.pdf', type: 'application/pdf', data: LETTER }]);
    const res = await rt.app.inject({ method: 'POST', url: `/api/regulatory-events/${id}/evidence`, headers: { ...officer.headers, ...upload.headers }, payload: upload.payload });
    expect(res.statusCode).toBe(200);
    const [file] = res.json().evidence;
    expect(file).toMatchObject({ filename: 'mise-en-demeure.pdf', kind: 'pdf', sizeBytes: LETTER.length });
    const [row] = await rt.deps.db.select().from(regulatoryEvidence).where(eq(regulatoryEvidence.orgId, org.id));
    expect(row!.content.includes(Buffer.from('Jean Dupont'))).toBe(false);
    expect(row!.nameEnc).not.toContain('demeure');
    const download = await rt.app.inject({ method: 'GET', url: `/api/regulatory-events/${id}/evidence/${file.id}`, headers: auditor.headers });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(LETTER)).toBe(true);
    expect(download.headers['content-disposition']).toContain('attachment');
    const fake = multipart([{ filename: 'lettre.pdf', type: 'application/pdf', data: Buffer.from('MZ\u0000\u0001binary') }]);
    const refused = await rt.app.inject({ method: 'POST', url: `/api/regulatory-events/${id}/evidence`, headers: { ...officer.headers, ...fake.headers, 'accept-language': 'en' }, payload: fake.payload });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.message).toContain('lettre.pdf');
    expect(await rt.deps.db.select().from(regulatoryEvidence).where(eq(regulatoryEvidence.orgId, org.id))).toHaveLength(1);
  });

  it('feeds the GRI 417-3 and 418-1 KPIs, and a corrected date moves the figure to its new day', async () => {
    const { org, officer } = await setup();
    const post = (payload: Record<string, unknown>) => rt.app.inject({ method: 'POST', url: '/api/regulatory-events', headers: officer.headers, payload });
    const a = (await post(fine)).json();
    await post({ ...fine, occurredOn: '2026-03-12', kind: 'warning', amountCents: null, currency: null });
    await post({ ...fine, occurredOn: '2026-04-02', kind: 'voluntary_code_breach', amountCents: null, currency: null });
    // Not marketing non-compliance: a request, and a fine about privacy.
    await post({ ...fine, kind: 'authority_request', amountCents: null, currency: null });
    await post({ ...fine, subjectArea: 'privacy', authority: 'cnil' });
    await post({ ...fine, subjectArea: 'privacy', authority: 'cnil', kind: 'regulator_complaint', substantiated: true, amountCents: null, currency: null });
    await post({ ...fine, subjectArea: 'privacy', authority: 'cnil', kind: 'regulator_complaint', substantiated: false, amountCents: null, currency: null });
    await rebuildOrganisation(rt.deps, org);
    const values = async (key: string) =>
      (await findAllKpiValues(rt.deps.db, org.id)).filter((v) => v.kpi === key).map((v) => `${v.day}|${v.dimension}|${v.num}`).sort();
    expect(await values('regulatory.marketing_noncompliance')).toEqual(
      ['2026-03-12||2', '2026-03-12|fine|1', '2026-03-12|warning|1', '2026-04-02||1', '2026-04-02|voluntary_code_breach|1'].sort(),
    );
    expect(await values('regulatory.privacy_complaints')).toEqual(['2026-03-12||1']);
    const patched = await rt.app.inject({ method: 'PATCH', url: `/api/regulatory-events/${a.id}`, headers: officer.headers, payload: { occurredOn: '2026-02-01' } });
    expect(patched.statusCode).toBe(200);
    await refreshOrganisation(rt.deps, org);
    expect(await values('regulatory.marketing_noncompliance')).toEqual(
      ['2026-02-01||1', '2026-02-01|fine|1', '2026-03-12||1', '2026-03-12|warning|1', '2026-04-02||1', '2026-04-02|voluntary_code_breach|1'].sort(),
    );
  });
});
