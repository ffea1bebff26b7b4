import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { consentEvents } from '../consent/consent.tables.ts';
import { createPurpose, recordConsent } from '../consent/index.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { contactAttempts } from './contact.tables.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const notice = { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' };
const HEADER = 'customer_id,email,phone,channel,purpose,outcome,occurred_at,source,external_id';

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const supervisor = await createTestUser(rt, org.id, ['supervisor']);
  await createPurpose(rt.deps, dpo.ctx, {
    key: 'offers-phone',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.telephone',
    channels: ['phone', 'sms'],
    notice,
  });
  const person = async (email: string, phone?: string) =>
    (
      await rt.deps.db.transaction((tx) =>
        findOrCreateCustomer(
          rt.deps,
          tx,
          dpo.ctx,
          { email: `${email}-${Math.random()}@example.test`, ...(phone ? { phone } : {}) },
          'agent',
        ),
      )
    ).customer;
  const alice = await person('alice', '06 11 11 11 11');
  const bob = await person('bob');
  // A household line: two people share it.
  await person('carol', '01 22 22 22 22');
  await person('dave', '01 22 22 22 22');
  const given = await recordConsent(rt.deps, dpo.ctx, {
    customerId: alice.id,
    purpose: 'offers-phone',
    channel: 'phone',
    kind: 'given',
    method: 'phone_recorded',
    source: 'call-1',
    occurredAt: new Date('2026-07-01T10:00:00Z'),
  });
  return { org, dpo, supervisor, alice, bob, given };
}

function multipart(fields: Record<string, string>, content: string) {
  const boundary = '----confiance-contact-import';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="calls.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function post(headers: Record<string, string>, csv: string, mode: 'dry_run' | 'commit', expectedHash?: string, lang = 'en') {
  const body = multipart({ mode, ...(expectedHash ? { expectedHash } : {}) }, csv);
  return rt.app.inject({
    method: 'POST',
    url: `/api/contact/attempts/import?lang=${lang}`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

describe('contact history import', () => {
  it('dry run: each row checked, with its decision at its time or the reason it is refused; nothing written', async () => {
    const { org, supervisor, alice, bob } = await setup();
    const csv = [
      HEADER,
      `${alice.id},,,phone,prospecting,no_answer,2026-11-09T11:00:00+01:00,dialer-a,c1`, // 2 accepted, allowed
      `,,06 11 11 11 11,phone,prospecting,no_answer,2026-11-16T11:00:00+01:00,dialer-a,c2`, // 3 accepted by number
      `,,+33611111111,phone,prospecting,no_answer,2026-11-23T21:00:00+01:00,dialer-a,c3`, // 4 accepted, against the hours
      `${bob.id},,,email,prospecting,sent,2026-11-23T21:00:00+01:00,mailer,m1`, // 5 accepted, no e-mail consent
      `,,01 22 22 22 22,phone,prospecting,no_answer,2026-11-23T11:00:00+01:00,dialer-a,c4`, // 6 shared line
      `,,06 99 99 99 99,phone,prospecting,no_answer,2026-11-23T11:00:00+01:00,dialer-a,c5`, // 7 unknown number
      `${alice.id},,,phone,prospecting,sent,2026-11-23T11:00:00+01:00,dialer-a,c6`, // 8 outcome of a message on a call
      `${alice.id},,,phone,prospecting,no_answer,2026-11-23 11:00,dialer-a,c7`, // 9 no offset
      `${alice.id},alice@example.test,,phone,prospecting,no_answer,2026-11-23T11:00:00+01:00,dialer-a,c8`, // 10 two subjects
      `${alice.id},,,phone,prospecting,no_answer,2099-01-01T11:00:00+01:00,dialer-a,c9`, // 11 future
      `${alice.id},,,phone,prospecting,no_answer,2026-11-09T11:00:00+01:00,dialer-a,c1`, // 12 duplicate of 2
      `${alice.id},,,fax,prospecting,no_answer,2026-11-09T11:00:00+01:00,dialer-a,c10`, // 13 channel
      `${alice.id},,,phone,prospecting,no_answer,2026-11-09T11:00:00+01:00,,c11`, // 14 no source
      `${alice.id},,,phone,prospecting,no_answer,2015-01-05T11:00:00+01:00,dialer-a,c12`, // 15 before the rules
    ].join('\n');
    const res = await post(supervisor.headers, csv, 'dry_run');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.totals).toEqual({
      rows: 14,
      accepted: 4,
      rejected: 10,
      alreadyImported: 0,
      againstRules: 2,
      withdrawals: 0,
      imported: 0,
    });
    const byLine = Object.fromEntries(report.results.map((r: { line: number }) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ status: 'accepted', allowed: true, reasons: [] });
    expect(byLine[4]).toMatchObject({ status: 'accepted', allowed: false, reasons: ['outside_calling_hours'] });
    expect(byLine[5]).toMatchObject({ status: 'accepted', allowed: false, reasons: ['consent_missing'] });
    expect(byLine[6]).toMatchObject({
      status: 'rejected',
      reason: 'shared_phone',
      message: 'This number belongs to 2 customers: name the person with “customer_id”.',
    });
    expect(byLine[7].reason).toBe('unknown_subject');
    expect(byLine[8].reason).toBe('outcome_channel');
    expect(byLine[9].reason).toBe('bad_date');
    expect(byLine[10].reason).toBe('subject_ambiguous');
    expect(byLine[11].reason).toBe('future_date');
    expect(byLine[12]).toMatchObject({ reason: 'duplicate', message: 'Duplicate of line 2.' });
    expect(byLine[13].reason).toBe('invalid_channel');
    expect(byLine[14].reason).toBe('missing_source');
    expect(byLine[15].reason).toBe('no_rules');
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.orgId, org.id))).toHaveLength(0);
    // French messages for a French user.
    const fr = (await post(supervisor.headers, csv, 'dry_run', undefined, 'fr')).json();
    expect(fr.results.find((r: { line: number }) => r.line === 12).message).toBe('Doublon de la ligne 2.');
  });

  it('imports once: the caps then count the imported calls, a refusal withdraws the phone consent, and the same file again adds nothing', async () => {
    const { org, supervisor, alice, given } = await setup();
    const csv = [
      HEADER,
      `${alice.id},,,phone,prospecting,no_answer,2026-11-09T11:00:00+01:00,dialer-a,c1`,
      `${alice.id},,,phone,prospecting,no_answer,2026-11-16T11:00:00+01:00,dialer-a,c2`,
      `${alice.id},,,phone,prospecting,no_answer,2026-11-23T11:00:00+01:00,dialer-a,c3`,
      `${alice.id},,,phone,prospecting,no_answer,2026-11-30T11:00:00+01:00,dialer-a,c4`,
      // The 5th in 30 days: imported, flagged, with the four earlier rows of the file as evidence.
      `${alice.id},,,phone,prospecting,refused,2026-12-01T11:00:00+01:00,dialer-a,c5`,
    ].join('\r\n');
    const dry = (await post(supervisor.headers, csv, 'dry_run')).json();
    expect(dry.totals).toMatchObject({ accepted: 5, againstRules: 1 });
    expect((await post(supervisor.headers, csv, 'commit', 'f'.repeat(64))).json().error.message).toBe(
      'This is not the file that was checked. Check it again before importing.',
    );
    const done = await post(supervisor.headers, csv, 'commit', dry.fileHash);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().totals).toMatchObject({ accepted: 5, imported: 5, againstRules: 1, withdrawals: 1 });

    const rows = await rt.deps.db
      .select()
      .from(contactAttempts)
      .where(eq(contactAttempts.orgId, org.id))
      .orderBy(contactAttempts.occurredAt);
    expect(rows.map((r) => [r.source, r.sourceRef, r.allowed])).toEqual([
      ['import', 'dialer-a', true],
      ['import', 'dialer-a', true],
      ['import', 'dialer-a', true],
      ['import', 'dialer-a', true],
      ['import', 'dialer-a', false],
    ]);
    expect(rows[4]).toMatchObject({
      reasons: ['attempt_cap_reached'],
      evidence: { consentEvents: [given.id], attempts: rows.slice(0, 4).map((r) => r.id) },
    });
    // The refusal withdrew the consent in the same import, with the attempt as proof (new L.223-1).
    const [withdrawal] = await rt.deps.db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.customerId, alice.id), eq(consentEvents.kind, 'withdrawn')));
    expect(withdrawal).toMatchObject({ channel: 'phone', proofRef: rows[4]!.id });

    const check = await rt.app.inject({
      method: 'POST',
      url: '/api/contact/check',
      headers: { ...supervisor.headers, 'content-type': 'application/json' },
      payload: { customerId: alice.id, channel: 'phone', purpose: 'prospecting', at: '2026-12-02T11:00:00+01:00' },
    });
    expect(check.json().reasons.map((r: { code: string }) => r.code)).toEqual([
      'consent_withdrawn',
      'attempt_cap_reached',
      'refusal_cooling_off',
    ]);

    const again = (await post(supervisor.headers, csv, 'dry_run')).json();
    expect(again.totals).toMatchObject({ accepted: 0, alreadyImported: 5 });
    expect((await post(supervisor.headers, csv, 'commit', again.fileHash)).json().totals.imported).toBe(0);
    expect(await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.orgId, org.id))).toHaveLength(5);
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'contact.history_imported')));
    expect(audit.map((a) => a.payload)).toEqual([
      { fileHash: dry.fileHash, batch: 1, rows: 5, imported: 5, skipped: 0, againstRules: 1, withdrawals: 1 },
    ]);
  });

  it('refuses a whole file with a clear message; needs contact:import', async () => {
    const { org, supervisor } = await setup();
    const agent = await createTestUser(rt, org.id, ['agent']);
    expect((await post(agent.headers, HEADER, 'dry_run')).statusCode).toBe(403);
    const missing = await post(supervisor.headers, 'channel,outcome\nphone,answered', 'dry_run');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('Required columns missing: purpose, occurred_at, source, customer_id | email | phone.');
    const unknown = await post(supervisor.headers, `${HEADER},colour`, 'dry_run', undefined, 'fr');
    expect(unknown.json().error.message).toBe('Colonnes inconnues : colour.');
  });
});
