/**
 * The phone-collection notice is part of the consent proof (C. consom. L.223-1 from 2026-08-11):
 * a phone consent given in the privacy centre (which shows the notice), recorded by a screen that
 * showed it, or imported from a file that says it was shown, keeps the notice's id and version
 * with the event, and the ledger export and the subject export carry it; any other notice,
 * channel or day is refused in the user's language. The server runs on the real clock, after
 * 2026-08-11 (the edge is in rules/contact/notice.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestSubject, createTestUser } from '../../db/testing/factories.ts';
import { findOrCreateCustomer, revealCustomer } from '../customers/index.ts';
import { customers } from '../customers/customers.tables.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { eraseSubject, exportFiles, exportSubject } from '../dsr/subject-data.ts';
import { phoneNotices } from '../customers/customers.tables.ts';
import * as service from './consent.service.ts';
import { consentEvents } from './consent.tables.ts';

const NOTICE = 'phone_canvassing_consent@2026-08-11';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  await service.createPurpose(rt.deps, dpo.ctx, {
    key: 'offers',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.telephone',
    channels: ['phone', 'sms', 'email'],
    notice: { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' },
  });
  const customer = await rt.deps.db.transaction(
    async (tx) =>
      (await findOrCreateCustomer(rt.deps, tx, dpo.ctx, { email: `p-${Math.random()}@example.test`, phone: '06 12 34 56 78' }, 'agent'))
        .customer,
  );
  return { org, dpo, customer };
}

function multipart(fields: Record<string, string>, csv: string) {
  const boundary = '----confiance-notice';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('the phone-collection notice in the consent proof', () => {
  it('keeps the notice shown with a phone consent recorded on a screen, in the event, its answer and the subject export', async () => {
    const { org, dpo, customer } = await setup();
    const record = (body: object, lang = 'en') =>
      rt.app.inject({
        method: 'POST',
        url: `/api/consent/events?lang=${lang}`,
        headers: { ...dpo.headers, 'content-type': 'application/json' },
        payload: { customerId: customer.id, purpose: 'offers', kind: 'given', method: 'api', source: 'agent-screen', ...body },
      });
    const given = await record({ channel: 'phone', phoneNotice: NOTICE, occurredAt: '2026-08-11T08:00:00+02:00' });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json().phoneNotice).toBe(NOTICE);
    // Without one: nothing claimed (the screen did not say it showed it).
    const plain = await record({ channel: 'phone', occurredAt: '2026-09-01T10:00:00+02:00' });
    expect(plain.json().phoneNotice).toBeNull();

    // The day before the new L.223-1 no notice was owed; another channel or an unknown text is no proof of it.
    for (const [body, lang, message] of [
      [
        { channel: 'phone', phoneNotice: NOTICE, occurredAt: '2026-08-10T23:59:00+02:00' },
        'en',
        /phone-collection notice in force on that day/,
      ],
      [{ channel: 'sms', phoneNotice: NOTICE, occurredAt: '2026-09-01T10:00:00+02:00' }, 'en', /phone-collection notice/],
      [
        { channel: 'phone', phoneNotice: 'phone_canvassing_consent@2027-01-01', occurredAt: '2026-09-01T10:00:00+02:00' },
        'fr',
        /information due à la collecte du numéro/,
      ],
    ] as const) {
      const res = await record(body, lang);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues).toEqual([{ path: 'phoneNotice', message: expect.stringMatching(message) }]);
    }
    const rows = await rt.deps.db
      .select({ phoneNotice: consentEvents.phoneNotice })
      .from(consentEvents)
      .where(and(eq(consentEvents.orgId, org.id), eq(consentEvents.customerId, customer.id)))
      .orderBy(asc(consentEvents.seq));
    expect(rows).toEqual([{ phoneNotice: NOTICE }, { phoneNotice: null }]);
    const exported = JSON.stringify(await exportSubject(rt.deps, org.id, customer.id));
    expect(exported).toContain(`"phoneNotice":"${NOTICE}"`);
    // The subject's phone notices name the text, when and where it was read, and the consent it goes with.
    expect(await phoneNoticesOf(org.id, customer.id)).toEqual([
      { notice: 'phone_canvassing_consent', noticeVersion: '2026-08-11', shownAt: '2026-08-11T06:00:00.000Z', origin: 'agent', collectedWith: 'consent', recordId: given.json().id },
    ]);
    // The audit event of the consent names the notice too (a code, never the number).
    const [recorded] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'consent.recorded'), eq(auditEvents.targetId, customer.id)))
      .orderBy(asc(auditEvents.position));
    expect(recorded?.payload).toMatchObject({ eventId: given.json().id, phoneNotice: NOTICE });
    // Erased with the subject (GDPR Art. 17).
    await rt.deps.db.transaction((tx) => eraseSubject(rt.deps, tx, dpo.ctx, org.id, customer.id));
    expect(await rt.deps.db.select().from(phoneNotices).where(eq(phoneNotices.customerId, customer.id))).toEqual([]);
  });

  it('imports the notice from the phone_notice column, refusing a row whose notice does not fit its channel or day', async () => {
    const { org, dpo, customer } = await setup();
    const csv = [
      'customer_id,purpose,channel,state,occurred_at,notice_version,method,source,proof_ref,phone_notice',
      `${customer.id},offers,phone,given,2026-09-01T10:00:00+02:00,1,phone_recorded,call-centre,rec-1,${NOTICE}`, // 2 accepted
      `${customer.id},offers,email,given,2026-09-01T10:00:00+02:00,1,web_form,site,,`, // 3 accepted, no notice
      `${customer.id},offers,email,given,2026-09-02T10:00:00+02:00,1,web_form,site,,${NOTICE}`, // 4 not a phone consent
      `${customer.id},offers,phone,given,2026-08-01T10:00:00+02:00,1,phone_recorded,call-centre,rec-2,${NOTICE}`, // 5 before 2026-08-11
    ].join('\n');
    const post = async (mode: 'dry_run' | 'commit', expectedHash?: string) => {
      const body = multipart({ mode, ...(expectedHash ? { expectedHash } : {}) }, csv);
      return rt.app.inject({
        method: 'POST',
        url: '/api/consent/import?lang=en',
        headers: { ...dpo.headers, ...body.headers },
        payload: body.payload,
      });
    };
    const dry = await post('dry_run');
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report.totals).toMatchObject({ rows: 4, accepted: 2, rejected: 2 });
    const rejected = report.results.filter((r: { status: string }) => r.status === 'rejected');
    expect(rejected.map((r: { line: number; reason: string }) => [r.line, r.reason])).toEqual([
      [4, 'invalid_phone_notice'],
      [5, 'invalid_phone_notice'],
    ]);
    expect(rejected[0].message).toContain('Column phone_notice');
    const done = await post('commit', report.fileHash);
    expect(done.statusCode, done.body).toBe(200);
    const rows = await rt.deps.db
      .select({ channel: consentEvents.channel, phoneNotice: consentEvents.phoneNotice, method: consentEvents.method })
      .from(consentEvents)
      .where(eq(consentEvents.orgId, org.id))
      .orderBy(asc(consentEvents.channel));
    expect(rows).toEqual([
      { channel: 'email', phoneNotice: null, method: 'imported' },
      { channel: 'phone', phoneNotice: NOTICE, method: 'imported' },
    ]);
    // Shown when the consent was given, by whatever screen the file comes from: origin import.
    expect(await phoneNoticesOf(org.id, customer.id)).toEqual([
      expect.objectContaining({ noticeVersion: '2026-08-11', shownAt: '2026-09-01T08:00:00.000Z', origin: 'import', collectedWith: 'consent' }),
    ]);
  });
});

/** The browser's cookies: the portal session, then the form nonce (form tokens are bound to it) and the language set by pages. */
function cookieJar(session: string) {
  const cookies = new Map(session.split('; ').map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const));
  return {
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    keep(res: { cookies: { name: string; value: string }[] }) {
      for (const c of res.cookies) if (c.value) cookies.set(c.name, c.value);
    },
  };
}

/** The `<form>` of the centre that posts this channel's consent. */
const consentForm = (body: string, channel: string) =>
  [...body.matchAll(/<form class="inline-form"[\s\S]*?<\/form>/g)]
    .map((m) => m[0])
    .find((f) => f.includes(`name="channel" value="${channel}"`)) ?? '';
const hidden = (form: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];

describe('the phone-collection notice in the privacy centre', () => {
  it('shows the notice by the phone consent (fr and en), records its version with the consent, refuses a form without it, and exports it in the ledger and the subject export', async () => {
    const { org, dpo } = await setup();
    const subject = await createTestSubject(rt, org);
    const base = `/portal/${org.slug}/privacy`;
    const jar = cookieJar(subject.headers.cookie);
    const open = async (lang: 'fr' | 'en') => {
      const res = await rt.app.inject({
        method: 'GET',
        url: `${base}?lang=${lang}`,
        headers: { cookie: jar.header() },
        remoteAddress: '10.91.0.1',
      });
      expect(res.statusCode).toBe(200);
      jar.keep(res);
      return res.body;
    };
    const fr = await open('fr');
    expect(fr).toMatch(
      /<div class="phone-notice" id="phone-notice">\s*<h3>Démarchage par téléphone<\/h3>\s*<p>Votre numéro ne servira pas à vous démarcher par téléphone sans votre accord préalable : la loi l’exige \(C\. consom\. art\. L\.223-1\)\.<\/p>/,
    );
    const phone = consentForm(fr, 'phone');
    expect(hidden(phone, 'phoneNotice')).toBe(NOTICE);
    expect(phone).toMatch(/<button\s+type="submit"\s+aria-describedby="phone-notice"\s*>/);
    // Only the phone channel is told, and carries the notice.
    expect(hidden(consentForm(fr, 'email'), 'phoneNotice')).toBeUndefined();
    expect(consentForm(fr, 'email')).not.toContain('aria-describedby="phone-notice"');
    const en = await open('en');
    expect(en).toMatch(/<h3>Phone canvassing<\/h3>\s*<p>Your number will not be used to canvass you by phone without your prior consent/);

    const give = (channel: string, phoneNotice?: string) =>
      rt.app.inject({
        method: 'POST',
        url: `${base}/consents?lang=en`,
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: '10.91.0.1',
        payload: new URLSearchParams({
          formToken: hidden(phone, 'formToken') ?? '',
          purpose: hidden(phone, 'purpose') ?? '',
          channel,
          action: 'give',
          ...(phoneNotice === undefined ? {} : { phoneNotice }),
        }).toString(),
      });
    // A form that did not show the notice, or showed another version, records nothing and shows it again.
    for (const refused of [undefined, 'phone_canvassing_consent@2027-01-01']) {
      const res = await give('phone', refused);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('The information about phone canvassing has changed or was not shown');
      expect(res.body).toContain('id="phone-notice"');
    }
    expect(await ledger(org.id)).toEqual([]);
    expect((await give('phone', NOTICE)).statusCode).toBe(303);
    expect((await give('email')).statusCode).toBe(303);
    expect(await ledger(org.id)).toEqual([
      { channel: 'phone', phoneNotice: NOTICE, method: 'web_form', actorType: 'subject' },
      { channel: 'email', phoneNotice: null, method: 'web_form', actorType: 'subject' },
    ]);
    expect(await phoneNoticesOf(org.id, subject.customerId)).toEqual([expect.objectContaining({ origin: 'portal', collectedWith: 'consent' })]);
    // Given, the phone row offers to withdraw: nothing more to tell.
    expect(hidden(consentForm(await open('fr'), 'phone'), 'phoneNotice')).toBeUndefined();

    const csv = await rt.app.inject({ method: 'GET', url: '/api/consent/export?scope=ledger', headers: dpo.headers });
    expect(csv.statusCode).toBe(200);
    const [header, ...lines] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const columns = (header ?? '').split(',');
    expect(columns).toContain('phone_notice');
    const cells = lines.map((l) => l.split(','));
    expect(cells.map((c) => [c[columns.indexOf('channel')], c[columns.indexOf('phone_notice')]])).toEqual([
      ['phone', NOTICE],
      ['email', ''],
    ]);
    const zipCsv = new TextDecoder().decode(
      exportFiles(await exportSubject(rt.deps, org.id, subject.customerId))['csv/consent/consent_events.csv'],
    );
    expect(zipCsv.split(/\r?\n/)[0]?.split(',')).toContain('phoneNotice');
    expect(zipCsv).toContain(NOTICE);
  });
});

describe('the phone-collection notice with the number given in the privacy centre', () => {
  it('asks for a number only while a purpose uses the phone, tells the notice by the field, and records the number with the notice read (who, when, which version)', async () => {
    const { org } = await setup();
    const subject = await createTestSubject(rt, org);
    const base = `/portal/${org.slug}/privacy`;
    const jar = cookieJar(subject.headers.cookie);
    const open = async (query = '') => {
      const res = await rt.app.inject({
        method: 'GET',
        url: `${base}?lang=fr${query}`,
        headers: { cookie: jar.header() },
        remoteAddress: '10.91.0.2',
      });
      expect(res.statusCode).toBe(200);
      jar.keep(res);
      return res.body;
    };
    const numberForm = (body: string) =>
      /<form class="privacy-form" method="post" action="[^"]*\/phone"[\s\S]*?<\/form>/.exec(body)?.[0] ?? '';
    const centre = await open();
    const form = numberForm(centre);
    expect(hidden(form, 'phoneNotice')).toBe(NOTICE);
    expect(form).toMatch(
      /<input\s+type="tel"\s+id="phone"\s+name="phone"\s+autocomplete="tel"\s+value=""\s+aria-describedby="phone-hint phone-notice"/,
    );
    expect(form).toContain('Aucun numéro enregistré.');
    const save = (phone: string, phoneNotice?: string) =>
      rt.app.inject({
        method: 'POST',
        url: `${base}/phone?lang=fr`,
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: '10.91.0.2',
        payload: new URLSearchParams({
          formToken: hidden(form, 'formToken') ?? '',
          phone,
          ...(phoneNotice === undefined ? {} : { phoneNotice }),
        }).toString(),
      });
    const wrong = await save('12 34', NOTICE);
    expect(wrong.statusCode).toBe(400);
    // The error names the field, links to it, and what was typed is kept.
    expect(wrong.body).toContain('<a href="#phone">Indiquez un numéro de téléphone valide');
    expect(numberForm(wrong.body)).toMatch(
      /<p class="field-error" id="phone-error">Indiquez un numéro de téléphone valide[\s\S]*value="12 34"\s+aria-describedby="phone-hint phone-notice phone-error"\s+aria-invalid="true"/,
    );
    for (const refused of [undefined, 'phone_canvassing_consent@2027-01-01']) {
      const res = await save('06 12 34 56 78', refused);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('L’information sur le démarchage téléphonique a changé ou n’a pas été affichée');
    }
    const updates = () =>
      rt.deps.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'customer.updated')));
    expect(await updates()).toEqual([]);
    const saved = await save('06 12 34 56 78', NOTICE);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${base}?done=phone`);
    const after = await open('&done=phone');
    // Shown as people read it, on one line, and kept in the field to be corrected.
    expect(after).toContain('Numéro enregistré : +33\u00a06\u00a012\u00a034\u00a056\u00a078.');
    expect(numberForm(after)).toMatch(/id="phone"[\s\S]*value="\+33 6 12 34 56 78"/);
    expect(after).toContain('votre numéro de téléphone est à jour');
    const [row] = await rt.deps.db.select().from(customers).where(eq(customers.id, subject.customerId));
    expect((await revealCustomer(rt.deps, rt.deps.db, row!)).phone).toBe('+33612345678');
    const [event, ...more] = await updates();
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actorType: 'subject', actorId: subject.customerId, targetId: subject.customerId });
    expect(event?.payload).toEqual({ customerId: subject.customerId, fields: ['phone'], phoneNotice: NOTICE });
    // The audit log holds ids, field names and the notice's key, never the number.
    expect(JSON.stringify(event)).not.toContain('612345678');
    expect(await phoneNoticesOf(org.id, subject.customerId)).toEqual([
      expect.objectContaining({ notice: 'phone_canvassing_consent', noticeVersion: '2026-08-11', origin: 'portal', collectedWith: 'phone_number', recordId: null }),
    ]);
  });

  it('asks for no number where no purpose uses the phone (GDPR Art. 5(1)(c)) and refuses one posted anyway', async () => {
    const org = await createTestOrg(rt);
    const dpo = await createTestUser(rt, org.id, ['dpo']);
    await service.createPurpose(rt.deps, dpo.ctx, {
      key: 'letters',
      legalBasis: 'consent',
      dataUse: 'marketing.communications.email',
      channels: ['email'],
      notice: { titleFr: 'Lettres', titleEn: 'Letters', textFr: 'Nos lettres.', textEn: 'Our letters.' },
    });
    const subject = await createTestSubject(rt, org);
    const base = `/portal/${org.slug}/privacy`;
    const page = await rt.app.inject({ method: 'GET', url: base, headers: subject.headers, remoteAddress: '10.91.0.3' });
    expect(page.body).not.toContain('id="phone"');
    expect(page.body).not.toContain('id="phone-notice"');
    const jar = cookieJar(subject.headers.cookie);
    jar.keep(page);
    const res = await rt.app.inject({
      method: 'POST',
      url: `${base}/phone`,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: '10.91.0.3',
      payload: new URLSearchParams({
        formToken: hidden(page.body, 'formToken') ?? '',
        phone: '06 12 34 56 78',
        phoneNotice: NOTICE,
      }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Ce choix n’est pas disponible.');
    const [row] = await rt.deps.db.select().from(customers).where(eq(customers.id, subject.customerId));
    expect(row?.phoneEnc).toBeNull();
  });
});

/** The subject's phone notices as their export shows them, without the row ids. */
async function phoneNoticesOf(orgId: string, customerId: string) {
  const rows = (await exportSubject(rt.deps, orgId, customerId)).customers?.phone_notices ?? [];
  return rows.map(({ id: _id, actorType: _actor, ...rest }) => rest);
}

async function ledger(orgId: string) {
  return rt.deps.db
    .select({
      channel: consentEvents.channel,
      phoneNotice: consentEvents.phoneNotice,
      method: consentEvents.method,
      actorType: consentEvents.actorType,
    })
    .from(consentEvents)
    .where(eq(consentEvents.orgId, orgId))
    .orderBy(asc(consentEvents.seq));
}
