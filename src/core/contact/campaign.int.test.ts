/**
 * Campaigns on a fixed clock: an audience from a CSV, the scrub at the send instant (each
 * recipient allowed or the reasons, kept as evidence), the export of allowed recipients only,
 * the re-check at the time of a call, the message checker's block, and bad files refused whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { recordConsent } from '../consent/index.ts';
import { eraseSubject } from '../dsr/index.ts';
import { exportSubject } from '../dsr/subject-data.ts';
import { campaignDecisions, campaignRecipients, campaigns } from './campaign.tables.ts';
import { CheckCsvError, checkContactsCsv } from './contact.check-csv.ts';
import { campaignClock, MESSAGE, phoneCampaignOrg, SEND } from './testing/campaign-fixture.ts';

const clock = campaignClock();
const URGENT = 'Dernière chance : offre valable seulement aujourd’hui !';

let rt: Runtime;
beforeAll(async () => {
  rt = await createTestRuntime({ clock });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

async function setup() {
  const { org, dpo, supervisor, agent, person } = await phoneCampaignOrg(rt, clock);
  const alice = await person('alice', '06 11 11 11 11');
  const bob = await person('bob', '06 22 22 22 22');
  const carol = await person('carol', '06 33 33 33 33');
  for (const c of [alice, carol])
    await recordConsent(rt.deps, dpo.ctx, {
      customerId: c.id,
      purpose: 'offers-phone',
      channel: 'phone',
      kind: 'given',
      method: 'phone_recorded',
      source: 'call-1',
      occurredAt: new Date('2026-07-01T10:00:00Z'),
    });
  // Carol refused a call a week ago: 60 days without calls, and her phone consent withdrawn (from 2026-08-11).
  const refused = await record(agent.headers, carol.id, 'refused', '2026-11-20T11:00:00+01:00');
  expect(refused.statusCode, refused.body).toBe(201);
  return { org, dpo, supervisor, agent, alice, bob, carol };
}

function record(headers: Record<string, string>, customerId: string, outcome: string, occurredAt?: string) {
  return rt.app.inject({
    method: 'POST',
    url: '/api/contact/attempts',
    headers: { ...headers, 'content-type': 'application/json' },
    payload: { customerId, channel: 'phone', purpose: 'prospecting', outcome, ...(occurredAt ? { occurredAt } : {}) },
  });
}

function multipart(fields: Record<string, string>, content: string | null) {
  const boundary = '----confiance-campaign';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (content !== null)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="audience.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`,
    );
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function create(headers: Record<string, string>, csv: string | null, fields: Record<string, string> = {}, lang = 'en') {
  const body = multipart(
    { name: 'Prix fixe', channel: 'phone', purpose: 'prospecting', sector: 'other', message: MESSAGE, scheduledAt: SEND, ...fields },
    csv,
  );
  return rt.app.inject({
    method: 'POST',
    url: `/api/contact/campaigns?lang=${lang}`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

const post = (headers: Record<string, string>, url: string, payload?: object) =>
  rt.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload } : {}),
  });

describe('campaigns', () => {
  it('scrubs the audience at the send instant: each recipient allowed or the reasons, counts by reason and a CSV kept as evidence', async () => {
    const { org, supervisor, alice, bob, carol } = await setup();
    const emailOf = async (id: string) => {
      const exported = await exportSubject(rt.deps, org.id, id);
      return JSON.stringify(exported).match(/"email":"([^"]+)"/)?.[1];
    };
    const bobEmail = await emailOf(bob.id);
    expect(bobEmail).toBeDefined();
    // By reference, e-mail and number; Alice twice (kept once); a blank line at the end.
    const csv = ['customer_id,email,phone', `${alice.id},,`, `,${bobEmail},`, `,,+33 6 33 33 33 33`, `${alice.id},,`, ',,'].join('\n');
    const created = await create(supervisor.headers, csv);
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign).toMatchObject({
      recipients: 3,
      scheduledAt: '2026-11-30T10:00:00.000Z',
      latestScrub: null,
      blocks: ['not_scrubbed'],
      exportUrl: null,
      messageCheck: { flagged: false, findings: [] },
    });

    const scrubbed = await post(supervisor.headers, `/api/contact/campaigns/${campaign.id}/scrub`);
    expect(scrubbed.statusCode, scrubbed.body).toBe(201);
    const scrub = scrubbed.json();
    expect(scrub).toMatchObject({
      at: '2026-11-30T10:00:00.000Z',
      recipients: 3,
      allowed: 1,
      denied: 2,
      byReason: [
        { code: 'consent_missing', count: 1 },
        { code: 'consent_withdrawn', count: 1 },
        { code: 'refusal_cooling_off', count: 1 },
      ],
    });

    const report = await rt.app.inject({ method: 'GET', url: scrub.decisionsUrl, headers: supervisor.headers });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('customer_id,at,allowed,reasons,rules,evidence');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith(alice.id))).toMatch(/,true,,/);
    expect(lines.find((l) => l.startsWith(bob.id))).toContain(',false,consent_missing,');
    expect(lines.find((l) => l.startsWith(carol.id))).toContain(',false,consent_withdrawn refusal_cooling_off,');

    const detail = (
      await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${campaign.id}`, headers: supervisor.headers })
    ).json();
    expect(detail).toMatchObject({
      blocks: [],
      latestScrub: { id: scrub.id },
      scrubs: [{ id: scrub.id }],
      exportUrl: `/api/contact/campaigns/${campaign.id}/export.csv`,
    });
    const list = (await rt.app.inject({ method: 'GET', url: '/api/contact/campaigns', headers: supervisor.headers })).json();
    expect(list.items).toMatchObject([{ id: campaign.id, latestScrub: { allowed: 1 } }]);

    // Only the allowed recipients go to the dialer, with the number to call.
    const exported = await rt.app.inject({ method: 'GET', url: detail.exportUrl, headers: supervisor.headers });
    expect(exported.statusCode, exported.body).toBe(200);
    const rows = exported.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('customer_id,name,phone,timezone,locale,scrubbed_at');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(alice.id);
    expect(exported.body).not.toContain(bob.id);
    expect(exported.body).not.toContain(carol.id);

    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.targetType, 'campaign')));
    expect(audit.map((a) => a.type).sort()).toEqual(['contact.campaign_created', 'contact.campaign_exported', 'contact.campaign_scrubbed']);
    expect(audit.find((a) => a.type === 'contact.campaign_created')?.payload).toMatchObject({
      recipients: 3,
      duplicates: 1,
      messageFlagged: false,
      highFindings: 0,
    });
    expect(JSON.stringify(audit)).not.toMatch(/alice|bob|\+336|06 11/);
  });

  it('re-checks a call of the scheduled list when it is made: allowed at the scrub, refused since, denied at the call', async () => {
    const { supervisor, agent, alice } = await setup();
    const campaign = (await create(supervisor.headers, `customer_id\n${alice.id}\n`)).json();
    const scrub = (await post(supervisor.headers, `/api/contact/campaigns/${campaign.id}/scrub`)).json();
    expect(scrub).toMatchObject({ allowed: 1, denied: 0 });

    // Monday 10:30: the agent calls Alice from the list; the re-check allows it.
    clock.set(new Date('2026-11-30T10:30:00+01:00'));
    const first = await post(agent.headers, `/api/contact/campaigns/${campaign.id}/recheck`, { customerId: alice.id });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ allowed: true, at: '2026-11-30T09:30:00.000Z' });
    // She refuses; the next call of the same list, at 11:00, is denied, with the reasons.
    expect((await record(agent.headers, alice.id, 'refused')).statusCode).toBe(201);
    clock.set(new Date(SEND));
    const second = await post(agent.headers, `/api/contact/campaigns/${campaign.id}/recheck`, { customerId: alice.id });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().allowed).toBe(false);
    expect(second.json().reasons.map((r: { code: string }) => r.code)).toEqual(['consent_withdrawn', 'refusal_cooling_off']);
    // The evening of the same day: the hours too.
    const late = (
      await post(agent.headers, `/api/contact/campaigns/${campaign.id}/recheck`, { customerId: alice.id, at: '2026-11-30T20:10:00+01:00' })
    ).json();
    expect(late.reasons.map((r: { code: string }) => r.code)).toContain('outside_calling_hours');
    // Someone who is not on the list is not re-checked through it.
    const stranger = await post(agent.headers, `/api/contact/campaigns/${campaign.id}/recheck`, {
      customerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('a message with a high-severity finding blocks the export and the calls until an ethics officer approves its wording; its findings are kept', async () => {
    const { org, supervisor, agent, alice } = await setup();
    const created = await create(supervisor.headers, `customer_id\n${alice.id}\n`, { message: URGENT });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign.messageCheck.flagged).toBe(true);
    expect(campaign.messageCheck.findings.some((f: { severity: string }) => f.severity === 'high')).toBe(true);
    expect(campaign.blocks).toEqual(['message_not_approved', 'not_scrubbed']);
    expect(campaign.approval).toEqual({ required: true, approved: false, status: 'none' });
    expect((await post(supervisor.headers, `/api/contact/campaigns/${campaign.id}/scrub`)).statusCode).toBe(201);
    const detail = (
      await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${campaign.id}`, headers: supervisor.headers })
    ).json();
    expect(detail).toMatchObject({ blocks: ['message_not_approved'], exportUrl: null });
    const exported = await rt.app.inject({
      method: 'GET',
      url: `/api/contact/campaigns/${campaign.id}/export.csv?lang=fr`,
      headers: supervisor.headers,
    });
    expect(exported.statusCode).toBe(409);
    expect(exported.json().error.message).toBe(
      'Cette campagne ne peut être ni envoyée ni exportée : son message a un constat de gravité élevée du vérificateur de messages et aucun responsable éthique ne l’a approuvé ; reformulez-le, ou soumettez-le à approbation.',
    );
    const recheck = await post(agent.headers, `/api/contact/campaigns/${campaign.id}/recheck`, { customerId: alice.id });
    expect(recheck.statusCode).toBe(409);
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'contact.campaign_exported')));
    expect(audit).toHaveLength(0);

    // The supervisor submits the wording; while it waits nothing changes; once an ethics officer approves it, the campaign may go out.
    const open = async () =>
      (await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${campaign.id}`, headers: supervisor.headers })).json();
    const submitted = await post(supervisor.headers, '/api/messages/approvals', { text: URGENT, type: detail.messageType, campaign: true });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect((await open()).approval.status).toBe('pending');
    expect(
      (await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${campaign.id}/export.csv`, headers: supervisor.headers }))
        .statusCode,
    ).toBe(409);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    const decided = await post(officer.headers, `/api/messages/approvals/${submitted.json().id}/decision`, {
      decision: 'approved',
      reason: 'Offre réellement limitée à ce jour, vérifiée.',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const approved = await open();
    expect(approved).toMatchObject({ blocks: [], approval: { required: true, approved: true, status: 'approved' } });
    expect((await rt.app.inject({ method: 'GET', url: approved.exportUrl, headers: supervisor.headers })).statusCode).toBe(200);
    expect((await post(agent.headers, `/api/contact/campaigns/${campaign.id}/recheck`, { customerId: alice.id })).statusCode).toBe(200);
  });

  it('an export before any scrub is refused', async () => {
    const { supervisor, alice } = await setup();
    const campaign = (await create(supervisor.headers, `customer_id\n${alice.id}\n`)).json();
    const res = await rt.app.inject({
      method: 'GET',
      url: `/api/contact/campaigns/${campaign.id}/export.csv?lang=en`,
      headers: supervisor.headers,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('not been checked against the contact rules');
  });

  it('refuses a bad file whole with a clear message in the user’s language (400, nothing saved)', async () => {
    const { org, supervisor, alice } = await setup();
    const count = async () => ({
      campaigns: (await rt.deps.db.select().from(campaigns).where(eq(campaigns.orgId, org.id))).length,
      recipients: (await rt.deps.db.select().from(campaignRecipients).where(eq(campaignRecipients.orgId, org.id))).length,
    });
    const cases: [string | null, string, string][] = [
      [`id,phone\n${alice.id},\n`, 'fr', 'Colonnes inconnues : id.'],
      ['', 'en', 'The file is empty.'],
      ['name\nAlice\n', 'en', 'Unknown columns: name.'],
      ['customer_id\n"abc\n', 'en', 'Unclosed quote starting on line 2.'],
      ['customer_id\n', 'en', 'The file names no one: add one customer reference, e-mail or phone number a line.'],
      [null, 'en', ''],
    ];
    for (const [csv, lang, message] of cases) {
      const res = await create(supervisor.headers, csv, {}, lang);
      expect(res.statusCode, `${csv}: ${res.body}`).toBe(400);
      if (message) expect(res.json().error.message).toBe(message);
    }
    // Lines that name no usable person: each named with its line, in French here.
    const lines = ['customer_id,phone', `${alice.id},`, ',06 12', 'not-a-uuid,', ',06 99 99 99 99', `${alice.id},06 11 11 11 11`].join(
      '\n',
    );
    const bad = await create(supervisor.headers, lines, {}, 'fr');
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.message).toBe(
      '4 lignes du fichier ne désignent personne d’utilisable : corrigez-les et déposez à nouveau le fichier (rien n’a été enregistré).',
    );
    expect(body.error.issues.map((i: { message: string }) => i.message).slice(1)).toEqual([
      'Ligne 3 : Numéro de téléphone invalide : « 06 12 » (par ex. 06\u00a012\u00a034\u00a056\u00a078 ou +33612345678).',
      'Ligne 4 : Référence client invalide (un UUID est attendu).',
      'Ligne 5 : Aucun client de l’organisation n’a cette référence, cet e-mail ou ce numéro.',
      'Ligne 6 : Indiquez une seule des colonnes « customer_id », « email » ou « phone » (customer_id, phone).',
    ]);
    // Form fields: a send time already passed, an unknown channel.
    const past = await create(supervisor.headers, `customer_id\n${alice.id}\n`, { scheduledAt: '2026-11-26T11:00:00+01:00' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('scheduledAt');
    expect((await create(supervisor.headers, `customer_id\n${alice.id}\n`, { channel: 'fax' })).statusCode).toBe(400);
    expect(await count()).toEqual({ campaigns: 0, recipients: 0 });
  });

  it('permissions: the supervisor runs campaigns, the DPO reads them, an agent only re-checks its calls', async () => {
    const { dpo, supervisor, agent, alice } = await setup();
    expect((await create(agent.headers, `customer_id\n${alice.id}\n`)).statusCode).toBe(403);
    const campaign = (await create(supervisor.headers, `customer_id\n${alice.id}\n`)).json();
    expect((await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${campaign.id}`, headers: dpo.headers })).statusCode).toBe(
      200,
    );
    expect((await post(dpo.headers, `/api/contact/campaigns/${campaign.id}/scrub`)).statusCode).toBe(403);
    expect((await rt.app.inject({ method: 'GET', url: '/api/contact/campaigns', headers: agent.headers })).statusCode).toBe(403);
  });

  it('audiences and decisions are in the subject export and go with the subject’s erasure', async () => {
    const { org, dpo, supervisor, alice, bob } = await setup();
    const campaign = (await create(supervisor.headers, `customer_id\n${alice.id}\n${bob.id}\n`)).json();
    const scrub = (await post(supervisor.headers, `/api/contact/campaigns/${campaign.id}/scrub`)).json();
    const exported = (await exportSubject(rt.deps, org.id, alice.id)) as unknown as Record<string, unknown>;
    const text = JSON.stringify(exported);
    expect(text).toContain(campaign.id);
    expect(text).toContain(scrub.id);
    await rt.deps.db.transaction((tx) => eraseSubject(rt.deps, tx, dpo.ctx, org.id, alice.id));
    expect(await rt.deps.db.select().from(campaignRecipients).where(eq(campaignRecipients.customerId, alice.id))).toHaveLength(0);
    expect(await rt.deps.db.select().from(campaignDecisions).where(eq(campaignDecisions.customerId, alice.id))).toHaveLength(0);
    // A new scrub no longer names her; Bob is still judged.
    const again = (await post(supervisor.headers, `/api/contact/campaigns/${campaign.id}/scrub`)).json();
    expect(again.recipients).toBe(1);
  });

  it('contact check (CLI): CSV in, one decision a line with its reasons, a bad line gets its error and the others run; nothing stored', async () => {
    const { org, supervisor, alice, bob, carol } = await setup();
    const csv = [
      'customer_id,phone,channel,purpose,at,sector',
      `${alice.id},,phone,prospecting,2026-11-30T11:00:00+01:00,`,
      `${alice.id},,phone,prospecting,2026-11-30T20:10:00+01:00,`,
      `,06 22 22 22 22,phone,prospecting,2026-11-30T11:00:00+01:00,`,
      `${carol.id},,sms,prospecting,2026-11-30T11:00:00+01:00,energy_renovation`,
      `${bob.id},,fax,prospecting,,`,
      `${alice.id},,phone,prospecting,2026-11-30 11:00,`,
      `,06 99 99 99 99,phone,service,,`,
      `${alice.id},,phone,service,,`,
    ].join('\n');
    let out = '';
    const counts = await checkContactsCsv(rt.deps, { ...supervisor.ctx, locale: 'en' }, csv, (line) => (out += line));
    expect(counts).toEqual({ lines: 8, allowed: 2, denied: 3, errors: 3 });
    const rows = out.trim().split('\r\n');
    expect(rows[0]).toBe('line,customer_id,channel,purpose,at,allowed,reasons,rules,error');
    expect(rows[1]).toBe(`2,${alice.id},phone,prospecting,2026-11-30T10:00:00.000Z,true,,,`);
    expect(rows[2]).toContain(',false,outside_calling_hours,C. consom. D.223-9 al. 1,');
    expect(rows[3]).toContain(`4,${bob.id},phone,prospecting,2026-11-30T10:00:00.000Z,false,consent_missing,`);
    expect(rows[4]).toContain(',false,banned_sector consent_missing,');
    expect(rows[5]).toBe('6,,fax,prospecting,,,,,"Unknown channel: “fax” (phone, sms, email or post)."');
    expect(rows[6]).toContain('Invalid date: “2026-11-30 11:00”');
    expect(rows[7]).toContain('No customer of this organisation has this reference, e-mail or number.');
    // Service calls are outside the canvassing rules (at now: Friday 09:00 is no obstacle for them).
    expect(rows[8]).toContain(`9,${alice.id},phone,service,2026-11-27T08:00:00.000Z,true,`);
    await expect(checkContactsCsv(rt.deps, supervisor.ctx, 'name\nAlice\n', () => undefined)).rejects.toThrow(CheckCsvError);
    await expect(checkContactsCsv(rt.deps, { ...supervisor.ctx, locale: 'en' }, 'customer_id,channel\n', () => undefined)).rejects.toThrow(
      'Required columns missing: purpose.',
    );
    const audit = await rt.deps.db.select().from(auditEvents).where(eq(auditEvents.orgId, org.id));
    expect(audit.filter((a) => a.type.startsWith('contact.campaign'))).toHaveLength(0);
  });
});
