import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { emailLookup, findOrCreateCustomer } from '../customers/customers.service.ts';
import { customers } from '../customers/customers.tables.ts';
import type { RequestContext } from '../context.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findQueuedMails } from '../mail/mail.service.ts';
import * as service from './consent.service.ts';
import * as repo from './consent.repo.ts';
import { consentEvents as ledger } from './consent.tables.ts';
import { privacyOtps } from './consent.tables.ts';

let rt: Runtime;

beforeAll(async () => {
  rt = await getTestRuntime();
});

const notice = {
  titleFr: 'Lettre d’information',
  titleEn: 'Newsletter',
  textFr: 'Nos nouvelles, une fois par mois.',
  textEn: 'Our news, once a month.',
};

async function setup() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const newsletter = await service.createPurpose(rt.deps, dpo.ctx, {
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email', 'sms'],
    notice,
  });
  const billing = await service.createPurpose(rt.deps, dpo.ctx, {
    key: 'billing',
    legalBasis: 'contract',
    dataUse: 'essential.service.payment_processing',
    channels: ['email', 'post'],
    notice,
  });
  const profiling = await service.createPurpose(rt.deps, dpo.ctx, {
    key: 'offers',
    legalBasis: 'legitimate_interests',
    dataUse: 'marketing.advertising.first_party',
    channels: ['email'],
    notice,
  });
  const customer = await customerIn(org, dpo.ctx, `c-${Math.random()}@example.test`);
  return { org, dpo, newsletter, billing, profiling, customer };
}

async function customerIn(org: OrganisationRow, ctx: RequestContext, email: string) {
  return rt.deps.db.transaction(
    async (tx) => (await findOrCreateCustomer(rt.deps, tx, { ...ctx, orgId: org.id }, { email }, 'agent')).customer,
  );
}

describe('consent ledger and decisions', () => {
  it('writes ledger, projection and audit in one transaction and answers with the evidence', async () => {
    const { org, dpo, customer } = await setup();
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).reason).toBe('no_consent');
    const given = await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'phone_recorded',
      source: 'call-123',
    });
    expect(await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).toEqual({
      allowed: true,
      reason: 'consent',
      evidence: given.id,
    });
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'sms')).reason).toBe('no_consent');
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'post')).reason).toBe('channel_not_covered');
    expect((await service.can(rt.deps, org.id, customer.id, 'nope', 'email')).reason).toBe('unknown_purpose');
    const [state] = await repo.findStates(rt.deps.db, org.id, customer.id);
    expect(state).toMatchObject({ eventId: given.id, kind: 'given', noticeVersion: 1 });
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'consent.recorded')));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]?.payload)).not.toContain('@');

    const withdrawn = await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'withdrawn',
      method: 'api',
      source: 'crm',
    });
    expect(await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).toEqual({
      allowed: false,
      reason: 'withdrawn',
      evidence: withdrawn.id,
    });
  });

  it('a failed write changes neither the ledger, the projection nor the answer', async () => {
    const { org, dpo, customer } = await setup();
    await expect(
      service.inPrivacyTransaction(rt.deps, org.id, async (tx, changes) => {
        await service.appendConsentEvent(rt.deps, tx, dpo.ctx, changes, {
          customerId: customer.id,
          purpose: 'newsletter',
          channel: 'email',
          kind: 'given',
          method: 'api',
          source: 'x',
        });
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash');
    expect(await rt.deps.db.select().from(ledger).where(eq(ledger.orgId, org.id))).toHaveLength(0);
    expect(await repo.findStates(rt.deps.db, org.id)).toHaveLength(0);
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).allowed).toBe(false);
  });

  it('expiry, notice versions, and the projection equals the ledger rebuilt', async () => {
    const { org, dpo, newsletter, customer } = await setup();
    const other = await customerIn(org, dpo.ctx, `o-${Math.random()}@example.test`);
    const now = rt.deps.clock.now();
    await service.publishNotice(rt.deps, dpo.ctx, newsletter.id, { ...notice, textFr: 'Deux fois par mois.' });
    const e = await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'sms',
      kind: 'given',
      method: 'paper_scan',
      source: 'scan-1',
      expiresAt: new Date(now.getTime() + 1000),
    });
    expect(e.noticeVersion).toBe(2);
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'sms', new Date(now.getTime() + 2000))).reason).toBe('expired');
    for (const kind of ['given', 'refused', 'given', 'withdrawn'] as const) {
      await service.recordConsent(rt.deps, dpo.ctx, {
        customerId: other.id,
        purpose: 'newsletter',
        channel: 'email',
        kind,
        method: 'api',
        source: 's',
      });
    }
    await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'api',
      source: 's',
      noticeVersion: 1,
    });
    await expect(
      service.recordConsent(rt.deps, dpo.ctx, {
        customerId: customer.id,
        purpose: 'newsletter',
        channel: 'email',
        kind: 'given',
        method: 'api',
        source: 's',
        noticeVersion: 3,
      }),
    ).rejects.toThrow();
    const before = await repo.findStates(rt.deps.db, org.id);
    expect(before).toHaveLength(3);
    expect(await service.rebuildProjection(rt.deps, dpo.ctx)).toBe(3);
    expect(await repo.findStates(rt.deps.db, org.id)).toEqual(before);
    expect((await service.can(rt.deps, org.id, other.id, 'newsletter', 'email')).reason).toBe('withdrawn');
  });

  it('restriction and objection change the answers at once, and lifting restores them', async () => {
    const { org, dpo, customer } = await setup();
    await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'api',
      source: 's',
    });
    expect((await service.can(rt.deps, org.id, customer.id, 'billing', 'email')).reason).toBe('legal_basis');
    expect((await service.can(rt.deps, org.id, customer.id, 'offers', 'email')).reason).toBe('legal_basis');
    const restriction = await service.inPrivacyTransaction(rt.deps, org.id, (tx, ch) =>
      service.addRestriction(rt.deps, tx, dpo.ctx, ch, { customerId: customer.id, kind: 'restriction', source: 'test' }),
    );
    // GDPR Art. 18(2): restricted data is still processed with the subject's consent.
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).allowed).toBe(true);
    expect(await service.can(rt.deps, org.id, customer.id, 'billing', 'email')).toEqual({
      allowed: false,
      reason: 'restricted',
      evidence: restriction.id,
    });
    const objection = await service.inPrivacyTransaction(rt.deps, org.id, (tx, ch) =>
      service.addRestriction(rt.deps, tx, dpo.ctx, ch, { customerId: customer.id, kind: 'objection', source: 'test' }),
    );
    expect(await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).toEqual({
      allowed: false,
      reason: 'objected',
      evidence: objection.id,
    });
    expect((await service.can(rt.deps, org.id, customer.id, 'offers', 'email')).reason).toBe('objected');
    await service.liftRestriction(rt.deps, dpo.ctx, objection.id);
    await service.liftRestriction(rt.deps, dpo.ctx, restriction.id);
    expect((await service.can(rt.deps, org.id, customer.id, 'newsletter', 'email')).allowed).toBe(true);
    expect((await service.can(rt.deps, org.id, customer.id, 'billing', 'email')).allowed).toBe(true);
  });

  it('batch decisions over HTTP', async () => {
    const { org, dpo, customer } = await setup();
    const e = await service.recordConsent(rt.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'api',
      source: 's',
    });
    const token = await createTestToken(rt, org.id, ['consent:read']);
    const items = [
      { customerId: customer.id, purpose: 'newsletter', channel: 'email' },
      { customerId: customer.id, purpose: 'newsletter', channel: 'sms' },
    ];
    const res = await rt.app.inject({ method: 'POST', url: '/api/consent/decisions', headers: token, payload: { items } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { allowed: true, reason: 'consent', evidence: e.id },
      { allowed: false, reason: 'no_consent', evidence: null },
    ]);
    const tooMany = await rt.app.inject({
      method: 'POST',
      url: '/api/consent/decisions',
      headers: token,
      payload: { items: Array.from({ length: 1001 }, () => items[0]) },
    });
    expect(tooMany.statusCode).toBe(400);
  });
});

let browsers = 0;
/** A tiny cookie jar over app.inject for the portal; each browser comes from an address of its own, as under the routes' rate limits. */
function browser(org: OrganisationRow, headers: Record<string, string> = {}) {
  const remoteAddress = `10.77.${Math.floor(++browsers / 250)}.${browsers % 250}`;
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: { cookies: { name: string; value: string }[] }) => {
    for (const c of res.cookies) {
      if (c.value) jar.set(c.name, c.value);
      else jar.delete(c.name);
    }
  };
  const base = `/portal/${org.slug}/privacy`;
  return {
    jar,
    async get(path = '') {
      const res = await rt.app.inject({ method: 'GET', url: base + path, remoteAddress, headers: { cookie: cookie(), ...headers } });
      remember(res);
      return res;
    },
    async post(path: string, form: Record<string, string>) {
      const res = await rt.app.inject({
        method: 'POST',
        url: base + path,
        remoteAddress,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(form).toString(),
      });
      remember(res);
      return res;
    },
  };
}

const formToken = (body: string) => /name="formToken" value="([^"]+)"/.exec(body)?.[1] ?? '';

async function identify(org: OrganisationRow, email: string, headers: Record<string, string> = {}) {
  const b = browser(org, headers);
  const home = await b.get();
  const sent = await b.post('/identify', { formToken: formToken(home.body), email });
  expect(sent.statusCode).toBe(303);
  const page = await b.get(String(sent.headers.location).replace(`/portal/${org.slug}/privacy`, ''));
  expect(page.statusCode).toBe(200);
  const challenge = /name="challenge" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { b, page, challenge };
}

describe('portal privacy centre', () => {
  it('identifies by e-mail code (hash only stored), gives and withdraws consent, with a withdrawal link that works once', async () => {
    const { org } = await setup();
    const email = `p-${Math.random()}@example.test`;
    const { b, page, challenge } = await identify(org, email);
    const [otp] = await rt.deps.db.select().from(privacyOtps).where(eq(privacyOtps.id, challenge));
    expect(otp?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const code = await codeFromJobs(org.id);
    expect(otp?.codeHash).not.toContain(code);
    const verified = await b.post('/verify', { formToken: formToken(page.body), challenge, code });
    expect(verified.statusCode).toBe(303);
    expect(b.jar.get('cf_privacy')).toBeTruthy();
    const centre = await b.get();
    expect(centre.body).toContain('J’accepte');
    expect(centre.body).not.toMatch(/checked/);
    const purposeId = /name="purpose" value="([^"]+)"/.exec(centre.body)?.[1] ?? '';
    const give = await b.post('/consents', { formToken: formToken(centre.body), purpose: purposeId, channel: 'email', action: 'give' });
    expect(give.statusCode).toBe(303);
    // The address became a customer when its code was verified, not when it was typed.
    expect(otp?.customerId).toBeNull();
    const [proven] = await rt.deps.db.select().from(privacyOtps).where(eq(privacyOtps.id, challenge));
    const customerId = proven?.customerId ?? '';
    expect(customerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(proven?.pendingEmailEnc).toBeNull();
    expect((await service.can(rt.deps, org.id, customerId, 'newsletter', 'email')).allowed).toBe(true);
    const link = /(\/portal\/[^\s]+\/withdraw\/[^\s]+)/.exec(await mailParam(org.id, 'privacy.mail.consentGiven', 'link'))?.[1] ?? '';
    expect(link).toBeTruthy();
    const confirm = await rt.app.inject({ method: 'GET', url: link });
    expect(confirm.statusCode).toBe(200);
    expect((await service.can(rt.deps, org.id, customerId, 'newsletter', 'email')).allowed).toBe(true);
    const done = await rt.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=1',
    });
    expect(done.statusCode).toBe(200);
    expect((await service.can(rt.deps, org.id, customerId, 'newsletter', 'email')).reason).toBe('withdrawn');
    const replay = await rt.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=1',
    });
    expect(replay.statusCode).toBe(410);
    const forged = await rt.app.inject({
      method: 'POST',
      url: link.slice(0, -3) + 'abc',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=1',
    });
    expect(forged.statusCode).toBe(400);
    const refused = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'privacy_link.refused')));
    expect(refused.map((r) => (r.payload as { reason: string }).reason).sort()).toEqual(['forged', 'replayed']);
  });

  it('an address typed on the form creates nobody until its code is verified, and gets at most five codes an hour (issue 15, finding 6)', async () => {
    const { org } = await setup();
    const email = `nobody-${randomUUID()}@example.test`;
    const lookup = emailLookup(rt.deps, org.id, email);
    const customersNamed = () => rt.deps.db.select().from(customers).where(and(eq(customers.orgId, org.id), eq(customers.emailLookup, lookup)));
    const first = await identify(org, email);
    expect(await customersNamed()).toHaveLength(0);
    const [pending] = await rt.deps.db.select().from(privacyOtps).where(eq(privacyOtps.id, first.challenge));
    expect(pending).toMatchObject({ customerId: null, emailLookup: lookup });
    // Sealed, not in clear.
    expect(pending?.pendingEmailEnc).toBeTruthy();
    expect(pending?.pendingEmailEnc).not.toContain(email);
    for (let i = 0; i < 4; i++) await identify(org, email);
    expect(await customersNamed()).toHaveLength(0);
    const b = browser(org);
    const home = await b.get();
    const sixth = await b.post('/identify', { formToken: formToken(home.body), email: email.toUpperCase() });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.body).toContain('Plusieurs codes ont déjà été envoyés à cette adresse');
    expect(await rt.deps.db.select().from(privacyOtps).where(and(eq(privacyOtps.orgId, org.id), eq(privacyOtps.emailLookup, lookup)))).toHaveLength(5);
    // The last code received still works, and only then is the customer created, once.
    const code = await codeFromJobs(org.id);
    const last = await rt.deps.db.select().from(privacyOtps).where(and(eq(privacyOtps.orgId, org.id), eq(privacyOtps.emailLookup, lookup))).orderBy(desc(privacyOtps.createdAt));
    const verified = await b.post('/verify', { formToken: formToken(home.body), challenge: last[0]?.id ?? '', code });
    expect(verified.statusCode, verified.body.slice(0, 300)).toBe(303);
    expect(await customersNamed()).toHaveLength(1);
    // A customer on file gets the same answer, and the same limit.
    const known = `known-${randomUUID()}@example.test`;
    await identify(org, known);
    const knownCode = await codeFromJobs(org.id);
    const [knownOtp] = await rt.deps.db.select().from(privacyOtps).where(and(eq(privacyOtps.orgId, org.id), eq(privacyOtps.emailLookup, emailLookup(rt.deps, org.id, known))));
    const kb = browser(org);
    const kh = await kb.get();
    expect((await kb.post('/verify', { formToken: formToken(kh.body), challenge: knownOtp?.id ?? '', code: knownCode })).statusCode).toBe(303);
    const again = await identify(org, known);
    const [again1] = await rt.deps.db.select().from(privacyOtps).where(eq(privacyOtps.id, again.challenge));
    expect(again1?.customerId).toBeTruthy();
  });

  it('signing out ends the session server-side: a copy of the cookie taken before no longer identifies anyone (issue 15, finding 6)', async () => {
    const { org } = await setup();
    const { b, page, challenge } = await identify(org, `s-${Math.random()}@example.test`);
    await b.post('/verify', { formToken: formToken(page.body), challenge, code: await codeFromJobs(org.id) });
    const copied = b.jar.get('cf_privacy');
    expect(copied).toBeTruthy();
    const centre = await b.get();
    const purposeId = /name="purpose" value="([^"]+)"/.exec(centre.body)?.[1] ?? '';
    const out = await b.post('/signout', { formToken: formToken(centre.body) });
    expect(out.statusCode).toBe(303);
    expect(b.jar.get('cf_privacy')).toBeUndefined();

    // The attacker (or a shared computer's next user) replays the cookie copied before sign-out.
    b.jar.set('cf_privacy', copied ?? '');
    const after = await b.get();
    expect(after.body).not.toContain('name="purpose"');
    const give = await b.post('/consents', { formToken: formToken(after.body), purpose: purposeId, channel: 'email', action: 'give' });
    // Unidentified: sent back to the identification form, nothing given.
    expect(give.statusCode).toBe(303);
    expect(String(give.headers.location)).not.toContain('done=given');
    const [otp] = await rt.deps.db.select().from(privacyOtps).where(eq(privacyOtps.id, challenge));
    expect((await service.can(rt.deps, org.id, otp?.customerId ?? '', 'newsletter', 'email')).allowed).toBe(false);
    const [ended] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'privacy_session.ended')));
    expect(ended?.actorType).toBe('subject');
  });

  it('a code has limited tries and a short life; a post without the form token is refused', async () => {
    const { org } = await setup();
    const { b, page, challenge } = await identify(org, `t-${Math.random()}@example.test`);
    for (let i = 0; i < 5; i++) {
      const res = await b.post('/verify', {
        formToken: formToken(page.body),
        challenge,
        code: '000000' === (await codeFromJobs(org.id)) ? '111111' : '000000',
      });
      expect(res.statusCode).toBe(400);
    }
    const right = await b.post('/verify', { formToken: formToken(page.body), challenge, code: await codeFromJobs(org.id) });
    expect(right.statusCode).toBe(400);
    expect(b.jar.get('cf_privacy')).toBeUndefined();

    const second = await identify(org, `u-${Math.random()}@example.test`);
    await rt.deps.db
      .update(privacyOtps)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(privacyOtps.id, second.challenge));
    const late = await second.b.post('/verify', {
      formToken: formToken(second.page.body),
      challenge: second.challenge,
      code: await codeFromJobs(org.id),
    });
    expect(late.statusCode).toBe(400);
    const csrf = await second.b.post('/identify', { formToken: 'forged.token', email: 'x@example.test' });
    expect(csrf.statusCode).toBe(403);
  });

  it('Sec-GPC: 1 from an identified subject is recorded and objects to marketing purposes', async () => {
    const { org } = await setup();
    const { b, page, challenge } = await identify(org, `g-${Math.random()}@example.test`, { 'sec-gpc': '1' });
    await b.post('/verify', { formToken: formToken(page.body), challenge, code: await codeFromJobs(org.id) });
    const [otp] = await rt.deps.db.select().from(privacyOtps).where(eq(privacyOtps.id, challenge));
    // Set when the code was verified (the address was nobody's before).
    const customerId = otp?.customerId ?? '';
    const centre = await b.get();
    expect(centre.body).toContain('Global Privacy Control');
    const restrictions = await repo.findActiveRestrictions(rt.deps.db, org.id, customerId);
    expect(restrictions.map((r) => r.kind)).toEqual(['gpc']);
    const purposeId = /name="purpose" value="([^"]+)"/.exec(centre.body)?.[1] ?? '';
    await b.post('/consents', { formToken: formToken(centre.body), purpose: purposeId, channel: 'email', action: 'give' });
    expect(await service.can(rt.deps, org.id, customerId, 'newsletter', 'email')).toEqual({
      allowed: false,
      reason: 'gpc_objection',
      evidence: restrictions[0]!.id,
    });
    expect((await service.can(rt.deps, org.id, customerId, 'billing', 'email')).allowed).toBe(true);
  });
});

/** The parameters of the latest queued e-mail of a template in the organisation (the job outbox, sealed at rest). */
async function mailParam(orgId: string, template: string, param: string): Promise<string> {
  const mails = (await findQueuedMails(rt.deps, orgId)).filter((m) => m.template === template);
  return String(mails[mails.length - 1]?.mail?.params[param] ?? '');
}
const codeFromJobs = (orgId: string) => mailParam(orgId, 'privacy.mail.code', 'code');
