import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { customers } from '../customers/customers.tables.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import * as service from './consent.service.ts';
import * as repo from './consent.repo.ts';
import { consentEvents as ledger } from './consent.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const notice = { titleFr: 'Lettre', titleEn: 'Newsletter', textFr: 'Nos nouvelles.', textEn: 'Our news.' };
const HEADER = 'email,customer_id,purpose,channel,state,occurred_at,notice_version,method,source,proof_ref,expires_at';

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  await service.createPurpose(rt.deps, dpo.ctx, {
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email', 'sms'],
    notice,
  });
  await service.createPurpose(rt.deps, dpo.ctx, {
    key: 'billing',
    legalBasis: 'contract',
    dataUse: 'essential.service.payment_processing',
    channels: ['email'],
    notice,
  });
  const known = await rt.deps.db.transaction(
    async (tx) => (await findOrCreateCustomer(rt.deps, tx, dpo.ctx, { email: `known-${Math.random()}@example.test` }, 'agent')).customer,
  );
  return { org, dpo, known };
}

/** A multipart/form-data body as a browser sends it. */
function multipart(fields: Record<string, string>, file: { name: string; content: string | Buffer } | null) {
  const boundary = '----confiance-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
    );
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function post(headers: Record<string, string>, csv: string | Buffer, mode: 'dry_run' | 'commit', expectedHash?: string, lang = 'en') {
  const body = multipart({ mode, ...(expectedHash ? { expectedHash } : {}) }, { name: 'consents.csv', content: csv });
  return rt.app.inject({
    method: 'POST',
    url: `/api/consent/import?lang=${lang}`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

describe('consent CSV import', () => {
  it('dry run: a reason per rejected row, totals, and nothing written', async () => {
    const { org, dpo, known } = await setup();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const csv = [
      HEADER,
      'new@example.test,,newsletter,email,given,2024-03-15,1,web_form,site-2024,,', // 2 accepted (new person)
      `,${known.id},newsletter,sms,withdrawn,2024-03-16T10:00:00+01:00,1,api,crm,,`, // 3 accepted
      'a@example.test,,nope,email,given,2024-03-15,1,web_form,s,,', // 4
      'a@example.test,,newsletter,email,given,15/03/2024,1,web_form,s,,', // 5
      `a@example.test,,newsletter,email,given,${future},1,web_form,s,,`, // 6
      'a@example.test,,newsletter,email,given,2024-03-15,7,web_form,s,,', // 7
      'new@example.test,,newsletter,email,given,2024-03-15,1,web_form,site-2024,,', // 8 duplicate of 2
      'a@example.test,,newsletter,email,given,2024-03-15,1,phone_recorded,call-centre,,', // 9
      'a@example.test,,billing,email,given,2024-03-15,1,web_form,s,,', // 10
      'a@example.test,,newsletter,post,given,2024-03-15,1,web_form,s,,', // 11
      'a@example.test,,newsletter,email,maybe,2024-03-15,1,web_form,s,,', // 12
      `,${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)},newsletter,email,given,2024-03-15,1,web_form,s,,`, // 13
      'not-an-email,,newsletter,email,given,2024-03-15,1,web_form,s,,', // 14
      'a@example.test,,newsletter,email,given,2024-02-30,1,web_form,s,,', // 15
      'a@example.test,,newsletter,email', // 16
    ].join('\n');
    const before = (await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id))).length;
    const res = await post(dpo.headers, csv, 'dry_run');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.totals).toEqual({ rows: 15, accepted: 2, rejected: 13, alreadyImported: 0, newSubjects: 1, imported: 0 });
    const reasons = Object.fromEntries(
      report.results
        .filter((r: { status: string }) => r.status === 'rejected')
        .map((r: { line: number; reason: string }) => [r.line, r.reason]),
    );
    expect(reasons).toEqual({
      4: 'unknown_purpose',
      5: 'bad_date',
      6: 'future_date',
      7: 'unknown_notice_version',
      8: 'duplicate',
      9: 'proof_required',
      10: 'purpose_not_consent',
      11: 'channel_not_covered',
      12: 'invalid_state',
      13: 'unknown_customer',
      14: 'invalid_email',
      15: 'bad_date',
      16: 'columns',
    });
    expect(report.results.find((r: { line: number }) => r.line === 8).message).toBe('Duplicate of line 2.');
    expect(report.results.find((r: { line: number }) => r.line === 7).message).toContain('no version 7');
    expect(await rt.deps.db.select().from(ledger).where(eq(ledger.orgId, org.id))).toHaveLength(0);
    expect(await rt.deps.db.select().from(customers).where(eq(customers.orgId, org.id))).toHaveLength(before);
  });

  it('commit: ledger events `imported` with their proof, projection, decisions, audit counts; a re-upload adds nothing', async () => {
    const { org, dpo, known } = await setup();
    const csv = [
      'email;customer_id;purpose;channel;state;occurred_at;notice_version;method;source;proof_ref;expires_at',
      'Jane@Example.test;;newsletter;email;given;2024-03-15T09:00:00Z;1;paper_scan;salon-2024;scan-0042.pdf;',
      `;${known.id};newsletter;sms;given;2024-03-15;1;phone_recorded;call-centre;rec-77;`,
      `;${known.id};newsletter;email;refused;2024-03-15;1;web_form;site;;`,
    ].join('\r\n');
    const dry = (await post(dpo.headers, csv, 'dry_run')).json();
    expect(dry.totals).toMatchObject({ rows: 3, accepted: 3, rejected: 0, newSubjects: 1 });

    const wrongHash = await post(dpo.headers, csv, 'commit', 'f'.repeat(64), 'fr');
    expect(wrongHash.statusCode).toBe(400);
    expect(wrongHash.json().error.message).toBe('Ce fichier n’est pas celui qui a été vérifié. Refaites la vérification avant d’importer.');

    const done = await post(dpo.headers, csv, 'commit', dry.fileHash);
    expect(done.statusCode).toBe(200);
    expect(done.json().totals).toMatchObject({ imported: 3, accepted: 3 });
    const events = await rt.deps.db.select().from(ledger).where(eq(ledger.orgId, org.id));
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.method === 'imported' && e.importKey !== null)).toBe(true);
    const scan = events.find((e) => e.proofRef === 'scan-0042.pdf');
    expect(scan).toMatchObject({ originalMethod: 'paper_scan', source: 'salon-2024', noticeVersion: 1, kind: 'given' });
    expect(scan?.occurredAt.toISOString()).toBe('2024-03-15T09:00:00.000Z');
    expect((await service.can(rt.deps, org.id, scan!.customerId, 'newsletter', 'email')).evidence).toBe(scan!.id);
    expect((await service.can(rt.deps, org.id, known.id, 'newsletter', 'sms')).allowed).toBe(true);
    expect((await service.can(rt.deps, org.id, known.id, 'newsletter', 'email')).reason).toBe('refused');
    expect(await repo.findStates(rt.deps.db, org.id)).toHaveLength(3);
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'consent.imported')));
    expect(audit.map((a) => a.payload)).toEqual([
      { fileHash: dry.fileHash, batch: 1, rows: 3, imported: 3, skipped: 0, newSubjects: 1, statesMoved: 3 },
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/example\.test/i);

    // The same file again: recognised row by row, nothing written twice.
    const again = await post(dpo.headers, csv, 'dry_run');
    expect(again.json().totals).toMatchObject({ accepted: 0, alreadyImported: 3, newSubjects: 0 });
    const replay = await post(dpo.headers, csv, 'commit', dry.fileHash);
    expect(replay.json().totals).toMatchObject({ imported: 0, alreadyImported: 3 });
    expect(await rt.deps.db.select().from(ledger).where(eq(ledger.orgId, org.id))).toHaveLength(3);
  });

  it('an old imported consent is proof in the ledger but never undoes a later withdrawal (GDPR Art. 7(3))', async () => {
    const { org, dpo, known } = await setup();
    const withdrawn = await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: known.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'withdrawn',
      method: 'web_form',
      source: 'portal',
    });
    const csv = `${HEADER}\n,${known.id},newsletter,email,given,2021-01-10,1,web_form,old-crm,,\n`;
    const dry = (await post(dpo.headers, csv, 'dry_run')).json();
    const done = (await post(dpo.headers, csv, 'commit', dry.fileHash)).json();
    expect(done.totals.imported).toBe(1);
    expect(await rt.deps.db.select().from(ledger).where(eq(ledger.orgId, org.id))).toHaveLength(2);
    expect(await service.can(rt.deps, org.id, known.id, 'newsletter', 'email')).toEqual({
      allowed: false,
      reason: 'withdrawn',
      evidence: withdrawn.id,
    });
    // The rebuilt projection agrees: latest by time, not by arrival.
    const before = await repo.findStates(rt.deps.db, org.id);
    await service.rebuildProjection(rt.deps, dpo.ctx);
    expect(await repo.findStates(rt.deps.db, org.id)).toEqual(before);
    // A future-dated event through the API is refused: it would outrank every later withdrawal.
    await expect(
      service.recordConsent(rt.deps, dpo.ctx, {
        customerId: known.id,
        purpose: 'newsletter',
        channel: 'email',
        kind: 'given',
        method: 'api',
        source: 's',
        occurredAt: new Date(Date.now() + 60_000),
      }),
    ).rejects.toThrow('validation');
  });

  it('refuses a whole file with a clear message; needs consent:import', async () => {
    const { org, dpo } = await setup();
    const missing = await post(dpo.headers, 'email,purpose\na@b.fr,newsletter\n', 'dry_run', undefined, 'fr');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe(
      'Colonnes obligatoires absentes : channel, state, occurred_at, notice_version, method, source.',
    );
    const latin1 = await post(dpo.headers, Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xe9, 0x0a])]), 'dry_run');
    expect(latin1.json().error.message).toBe('The file is not UTF-8. Save it as “CSV UTF-8” and try again.');
    const unknown = await post(dpo.headers, `${HEADER},age\n`, 'dry_run');
    expect(unknown.json().error.message).toBe('Unknown columns: age.');
    const noFile = multipart({ mode: 'dry_run' }, null);
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/consent/import',
      headers: { ...dpo.headers, ...noFile.headers },
      payload: noFile.payload,
    });
    expect(res.statusCode).toBe(400);
    const json = await rt.app.inject({
      method: 'POST',
      url: '/api/consent/import',
      headers: dpo.headers,
      payload: { mode: 'dry_run', file: 'x' },
    });
    expect(json.statusCode).toBe(400);
    const agent = await createTestUser(rt, org.id, ['agent']);
    expect((await post(agent.headers, `${HEADER}\n`, 'dry_run')).statusCode).toBe(403);
  });
});

describe('consent CSV export', () => {
  it('streams current states and the ledger with proofs, audited, formulas defused', async () => {
    const { org, dpo, known } = await setup();
    await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: known.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'phone_recorded',
      source: '=cmd()',
      proofRef: 'rec-1',
    });
    const states = await rt.app.inject({ method: 'GET', url: '/api/consent/export?scope=states', headers: dpo.headers });
    expect(states.statusCode).toBe(200);
    expect(states.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(states.headers['content-disposition']).toMatch(/^attachment; filename="consents-states-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = states.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('customer_id,purpose,channel,state,occurred_at,notice_version,expires_at,event_id');
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toMatch(new RegExp(`^${known.id},newsletter,email,given,`));

    const ledgerCsv = await rt.app.inject({ method: 'GET', url: '/api/consent/export?scope=ledger', headers: dpo.headers });
    const rows = ledgerCsv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(2);
    // Spreadsheet formulas are defused; the proof reference is there.
    expect(rows[1]).toContain(`'=cmd()`);
    expect(rows[1]).toContain('rec-1');
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'consent.exported')));
    expect(audit.map((a) => a.payload)).toEqual([{ scope: 'states' }, { scope: 'ledger' }]);

    const agentless = await createTestUser(rt, org.id, ['agent']);
    expect((await rt.app.inject({ method: 'GET', url: '/api/consent/export?scope=nope', headers: agentless.headers })).statusCode).toBe(
      400,
    );
  });
});
