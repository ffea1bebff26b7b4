import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser, TEST_PASSWORD } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { passwordResets, sessions, userMfa, users } from './auth.tables.ts';
import { base32Decode, hotp, totpStep } from './auth.totp.ts';
import { jobs } from '../../db/schema.ts';
import { MailJobPayloadSchema, openMail } from '../mail/mail.service.ts';
import { THROTTLE_THRESHOLD } from './auth.policy.ts';

let rt: Runtime;
let ipCounter = 0;
/** A distinct client address per call, so the per-IP login limit only bites where a test wants it. */
const nextIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

beforeAll(async () => {
  rt = await getTestRuntime();
});

async function loginRequest(email: string, password: string, remoteAddress = nextIp()) {
  return rt.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'content-type': 'application/json' }, payload: { email, password } });
}

async function eventsOf(orgId: string, type: string) {
  return rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.type, type)));
}

describe('login and sessions', () => {
  it('signs in with the right password: HttpOnly SameSite=Lax cookie, CSRF token, audit event', async () => {
    const org = await createTestOrg(rt);
    const { user } = await createTestUser(rt, org.id, ['agent']);
    const res = await loginRequest(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/cf_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // http://localhost: Secure only behind https
    expect(res.json().csrfToken).toMatch(/^[\w-]{32}$/);
    const stored = await rt.deps.db.select().from(sessions).where(eq(sessions.userId, user.id));
    // The table keeps a hash of the cookie token, never the token itself.
    const token = /cf_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(stored.some((s) => s.id === token)).toBe(false);
    expect((await eventsOf(org.id, 'user.logged_in')).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a wrong password or unknown e-mail with the same message, and records the failure', async () => {
    const org = await createTestOrg(rt);
    const { user } = await createTestUser(rt, org.id, ['agent']);
    const wrong = await loginRequest(user.email, 'not the password');
    const unknown = await loginRequest('nobody@nowhere.example', 'whatever password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.message).toBe('Adresse e-mail ou mot de passe incorrect.');
    const failures = await eventsOf(org.id, 'user.login_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.outcome).toBe('denied');
    expect(JSON.stringify(failures[0]?.payload)).not.toContain(user.email);
  });

  it('rate-limits login attempts per IP address (429 with Retry-After)', async () => {
    const ip = '10.200.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await loginRequest('nobody@nowhere.example', 'x', ip)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    const limited = await loginRequest('nobody@nowhere.example', 'x', ip);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('refuses a form-encoded login (login CSRF) with 415', async () => {
    const res = await rt.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: nextIp(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40b.c&password=x' });
    expect(res.statusCode).toBe(415);
  });

  it('logout ends the session: the cookie no longer works', async () => {
    const org = await createTestOrg(rt);
    const u = await createTestUser(rt, org.id, ['agent']);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(200);
    expect((await rt.app.inject({ method: 'POST', url: '/api/auth/logout', headers: u.headers })).statusCode).toBe(204);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(401);
  });
});

describe('password reset', () => {
  const ask = (email: string, remoteAddress = nextIp()) =>
    rt.app.inject({ method: 'POST', url: '/api/auth/password-reset', remoteAddress, headers: { 'content-type': 'application/json' }, payload: { email } });
  const confirm = (token: string, password: string) =>
    rt.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', remoteAddress: nextIp(), headers: { 'content-type': 'application/json' }, payload: { token, password } });
  /** The reset links e-mailed to an organisation, newest last, read from the sealed outbox. */
  async function linksSent(orgId: string): Promise<string[]> {
    const rows = await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, orgId), eq(jobs.type, 'mail.send'))).orderBy(jobs.id);
    return rows
      .map((row) => openMail(rt.deps, MailJobPayloadSchema.parse(row.payload)))
      .filter((mail) => mail?.template === 'backoffice.mail.passwordReset')
      .map((mail) => String(mail?.params.link));
  }
  const tokenOf = (link: string) => /#token=([\w-]+)$/.exec(link)?.[1] ?? '';
  const NEW_PASSWORD = 'a brand new passphrase 2026';

  it('answers an unknown address exactly like a known one, and only the known one gets a link', async () => {
    const org = await createTestOrg(rt);
    const { user } = await createTestUser(rt, org.id, ['agent']);
    const known = await ask(user.email.toUpperCase());
    const unknown = await ask(`nobody-${org.id}@nowhere.example`);
    expect([known.statusCode, unknown.statusCode]).toEqual([202, 202]);
    expect(known.json()).toEqual(unknown.json());
    const links = await linksSent(org.id);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/\/app\/reset-password#token=[\w-]{43}$/);
    // Only the hash of the token is stored: the database cannot be used to take over the account.
    const [stored] = await rt.deps.db.select().from(passwordResets).where(eq(passwordResets.userId, user.id));
    expect(stored?.id).not.toBe(tokenOf(links[0] ?? ''));
    expect(await eventsOf(org.id, 'user.password_reset_requested')).toHaveLength(1);
  });

  it('sets the new password once: old password and open sessions stop working, a throttle is lifted, the link cannot be replayed', async () => {
    const org = await createTestOrg(rt);
    const u = await createTestUser(rt, org.id, ['agent']);
    const attacked = '10.201.0.1';
    for (let i = 0; i < THROTTLE_THRESHOLD; i++) await loginRequest(u.user.email, `wrong-${i}`, attacked);
    await ask(u.user.email);
    const token = tokenOf((await linksSent(org.id))[0] ?? '');
    expect((await confirm(token, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(401);
    expect((await loginRequest(u.user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await loginRequest(u.user.email, NEW_PASSWORD, attacked)).statusCode).toBe(200);
    const replay = await confirm(token, 'yet another passphrase 2026');
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.message).toMatch(/n'est plus valable/);
    expect((await loginRequest(u.user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await eventsOf(org.id, 'user.password_reset')).map((e) => e.payload)).toEqual([{ userId: u.user.id, sessionsEnded: true }]);
  });

  it('refuses an expired link, a superseded link, a forged token and a link of an account disabled since; a short password changes nothing', async () => {
    const org = await createTestOrg(rt);
    const { user } = await createTestUser(rt, org.id, ['agent']);
    await ask(user.email);
    await ask(user.email);
    const [first, second] = (await linksSent(org.id)).map(tokenOf);
    expect((await confirm(first ?? '', NEW_PASSWORD)).statusCode).toBe(400);
    expect((await confirm('x'.repeat(43), NEW_PASSWORD)).statusCode).toBe(400);
    const short = await confirm(second ?? '', 'too short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('validation');
    await rt.deps.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResets.userId, user.id));
    expect((await confirm(second ?? '', NEW_PASSWORD)).statusCode).toBe(400);
    await rt.deps.db.update(passwordResets).set({ expiresAt: new Date(Date.now() + 600_000) }).where(eq(passwordResets.userId, user.id));
    await rt.deps.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    expect((await confirm(second ?? '', NEW_PASSWORD)).statusCode).toBe(400);
    await rt.deps.db.update(users).set({ status: 'active' }).where(eq(users.id, user.id));
    expect((await loginRequest(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect(await eventsOf(org.id, 'user.password_reset')).toHaveLength(0);
  });

  it('sends nothing to a disabled account', async () => {
    const org = await createTestOrg(rt);
    const { user } = await createTestUser(rt, org.id, ['agent']);
    await rt.deps.db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    expect((await ask(user.email)).statusCode).toBe(202);
    expect(await linksSent(org.id)).toEqual([]);
  });
});

describe('invitations', () => {
  const json = { 'content-type': 'application/json' };
  const invite = (admin: { headers: Record<string, string> }, payload: object) => rt.app.inject({ method: 'POST', url: '/api/users', headers: { ...admin.headers, ...json }, payload });
  const accept = (token: string, password: string) =>
    rt.app.inject({ method: 'POST', url: '/api/auth/invitation/accept', remoteAddress: nextIp(), headers: json, payload: { token, password } });
  const resend = (admin: { headers: Record<string, string> }, userId: string) => rt.app.inject({ method: 'POST', url: `/api/users/${userId}/invitation`, headers: admin.headers });
  /** The invitation links e-mailed to an organisation, newest last, read from the sealed outbox. */
  async function invitationLinks(orgId: string): Promise<string[]> {
    const rows = await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, orgId), eq(jobs.type, 'mail.send'))).orderBy(jobs.id);
    return rows
      .map((row) => openMail(rt.deps, MailJobPayloadSchema.parse(row.payload)))
      .filter((mail) => mail?.template === 'backoffice.mail.invitation')
      .map((mail) => String(mail?.params.link));
  }
  const tokenOf = (link: string | undefined) => /#token=([\w-]+)$/.exec(link ?? '')?.[1] ?? '';
  const CHOSEN = 'the invitee chose this one';
  const listed = async (admin: { headers: Record<string, string> }, id: string) =>
    ((await rt.app.inject({ method: 'GET', url: '/api/users', headers: admin.headers })).json().items as { id: string; invitation: { state: string } | null; abilities: { resendInvitation: boolean } }[]).find((u) => u.id === id);

  it('creates an account without a password and e-mails a single-use link; the invitee chooses the password, then signs in; the link is refused the second time', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const email = `invitee-${org.slug}@test.example`;
    const res = await invite(admin, { email, name: 'Invitée', roles: ['agent'], locale: 'en' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email, status: 'active', invitation: { state: 'pending' }, abilities: { resendInvitation: true } });
    const id = res.json().id as string;
    const links = await invitationLinks(org.id);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(/\/app\/accept-invitation#token=[\w-]{43}$/);
    // Hashed at rest, marked as an invitation; no password anyone knows works before acceptance.
    const [stored] = await rt.deps.db.select().from(passwordResets).where(eq(passwordResets.userId, id));
    expect(stored).toMatchObject({ purpose: 'invitation' });
    expect(stored?.id).not.toBe(tokenOf(links[0]));
    expect((await loginRequest(email, tokenOf(links[0]))).statusCode).toBe(401);
    // An invitation link is not a reset link.
    expect((await rt.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', remoteAddress: nextIp(), headers: json, payload: { token: tokenOf(links[0]), password: CHOSEN } })).statusCode).toBe(400);

    expect((await accept(tokenOf(links[0]), CHOSEN)).statusCode).toBe(204);
    expect((await loginRequest(email, CHOSEN)).statusCode).toBe(200);
    const again = await accept(tokenOf(links[0]), 'someone else took the link');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('auth.invitation_invalid');
    expect(again.json().error.message).toMatch(/n'est plus valable/);
    expect((await loginRequest(email, CHOSEN)).statusCode).toBe(200);
    expect(await listed(admin, id)).toMatchObject({ invitation: { state: 'accepted' }, abilities: { resendInvitation: false } });
    const refused = await resend(admin, id);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'user.invitation_accepted']);

    expect((await eventsOf(org.id, 'user.created')).map((e) => e.payload)).toContainEqual({ userId: id, roles: ['agent'] });
    expect((await eventsOf(org.id, 'user.invited')).map((e) => e.payload)).toEqual([{ userId: id, expiresAt: expect.any(String) }]);
    expect((await eventsOf(org.id, 'user.invitation_accepted')).map((e) => e.payload)).toEqual([{ userId: id }]);
  });

  it('a resend kills the previous link; an expired invitation shows as expired, its link is refused, and a resend revives it', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const id = (await invite(admin, { email: `late-${org.slug}@test.example`, name: 'Late', roles: ['auditor'] })).json().id as string;
    const resent = await resend(admin, id);
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ invitation: { state: 'pending' } });
    const [first, second] = (await invitationLinks(org.id)).map(tokenOf);
    expect((await accept(first ?? '', CHOSEN)).statusCode).toBe(400);

    const past = new Date(Date.now() - 1000);
    await rt.deps.db.update(passwordResets).set({ expiresAt: past }).where(eq(passwordResets.userId, id));
    await rt.deps.db.update(users).set({ invitationExpiresAt: past }).where(eq(users.id, id));
    expect(await listed(admin, id)).toMatchObject({ invitation: { state: 'expired' }, abilities: { resendInvitation: true } });
    expect((await accept(second ?? '', CHOSEN)).statusCode).toBe(400);

    expect((await resend(admin, id)).json()).toMatchObject({ invitation: { state: 'pending' } });
    const third = tokenOf((await invitationLinks(org.id)).at(-1));
    expect((await accept(third, CHOSEN)).statusCode).toBe(204);
    expect((await eventsOf(org.id, 'user.invitation_resent')).map((e) => e.payload)).toHaveLength(2);
  });

  it('an invitee who asks for a password reset instead accepts the invitation with it', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const email = `forgetful-${org.slug}@test.example`;
    const id = (await invite(admin, { email, name: 'Forgetful', roles: ['agent'] })).json().id as string;
    const invitation = tokenOf((await invitationLinks(org.id))[0]);
    await rt.app.inject({ method: 'POST', url: '/api/auth/password-reset', remoteAddress: nextIp(), headers: json, payload: { email } });
    const rows = await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'mail.send'))).orderBy(jobs.id);
    const reset = tokenOf(rows.map((row) => openMail(rt.deps, MailJobPayloadSchema.parse(row.payload))).find((m) => m?.template === 'backoffice.mail.passwordReset')?.params.link as string);
    // Only the newest link works.
    expect((await accept(invitation, CHOSEN)).statusCode).toBe(400);
    expect((await rt.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', remoteAddress: nextIp(), headers: json, payload: { token: reset, password: CHOSEN } })).statusCode).toBe(204);
    expect(await listed(admin, id)).toMatchObject({ invitation: { state: 'accepted' } });
  });

  it('answers bad input with 400 and a clear message, and a resend that makes no sense with 409 or 404, changing nothing', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const before = (await rt.deps.db.select().from(users).where(eq(users.orgId, org.id))).length;
    const badEmail = await invite(admin, { email: 'not an address', name: 'X', roles: ['agent'] });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.issues).toContainEqual(expect.objectContaining({ path: 'email', message: 'Adresse e-mail invalide.' }));
    expect((await invite(admin, { email: `noroles-${org.slug}@test.example`, name: 'X', roles: [] })).statusCode).toBe(400);
    expect((await invite(admin, { email: `short-${org.slug}@test.example`, name: 'X', roles: ['agent'], password: 'short' })).statusCode).toBe(400);
    expect((await rt.deps.db.select().from(users).where(eq(users.orgId, org.id))).length).toBe(before);
    expect(await invitationLinks(org.id)).toEqual([]);

    const id = (await invite(admin, { email: `ok-${org.slug}@test.example`, name: 'Ok', roles: ['agent'] })).json().id as string;
    const short = await accept(tokenOf((await invitationLinks(org.id))[0]), 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('validation');
    expect(await listed(admin, id)).toMatchObject({ invitation: { state: 'pending' } });

    // Created with a password through the API: usable at once, no mail, nothing to resend.
    const provisioned = await invite(admin, { email: `api-${org.slug}@test.example`, name: 'Api', roles: ['agent'], password: 'long enough password' });
    expect(provisioned.json()).toMatchObject({ invitation: null, abilities: { resendInvitation: false } });
    expect((await invitationLinks(org.id)).length).toBe(1);
    const notInvited = await resend(admin, provisioned.json().id as string);
    expect([notInvited.statusCode, notInvited.json().error.message]).toEqual([409, "Ce compte a été créé avec un mot de passe : il n'y a pas d'invitation à renvoyer."]);
    await rt.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { ...admin.headers, ...json }, payload: { status: 'disabled' } });
    expect((await resend(admin, id)).json().error.code).toBe('user.inactive');
    const other = await createTestOrg(rt);
    const otherAdmin = await createTestUser(rt, other.id, ['admin']);
    expect((await resend(otherAdmin, id)).statusCode).toBe(404);
    expect((await invitationLinks(org.id)).length).toBe(1);
  });
});

describe('two-step sign-in (TOTP)', () => {
  const json = { 'content-type': 'application/json' };
  /** The code an authenticator app shows `steps` periods from now. */
  const codeFor = (secret: string, steps = 0) => hotp(base32Decode(secret), totpStep(new Date()) + steps);
  const post = (url: string, headers: Record<string, string>, payload?: object, remoteAddress = nextIp()) =>
    rt.app.inject({ method: 'POST', url, remoteAddress, headers: { ...headers, ...(payload ? json : {}) }, ...(payload ? { payload } : {}) });
  const secondFactor = (challenge: string, code: string, remoteAddress?: string) => post('/api/auth/login/second-factor', {}, { challenge, code }, remoteAddress);

  /** A user with an authenticator enrolled; the code of the current step is already spent. */
  async function enrolled() {
    const org = await createTestOrg(rt);
    const u = await createTestUser(rt, org.id, ['agent']);
    const setup = await post('/api/auth/mfa/setup', u.headers);
    expect(setup.statusCode).toBe(200);
    const { secret, uri } = setup.json() as { secret: string; uri: string };
    expect(uri).toContain(`secret=${secret}`);
    const enable = await post('/api/auth/mfa/enable', u.headers, { code: codeFor(secret) });
    expect(enable.statusCode).toBe(200);
    return { org, u, secret, recoveryCodes: (enable.json() as { recoveryCodes: string[] }).recoveryCodes };
  }

  it('enrols only after a right first code; the secret is stored sealed, the recovery codes hashed', async () => {
    const org = await createTestOrg(rt);
    const u = await createTestUser(rt, org.id, ['agent']);
    const { secret } = (await post('/api/auth/mfa/setup', u.headers)).json() as { secret: string };
    const wrong = await post('/api/auth/mfa/enable', u.headers, { code: codeFor(secret, 5) });
    expect(wrong.statusCode).toBe(400);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/mfa', headers: u.headers })).json()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const ok = await post('/api/auth/mfa/enable', u.headers, { code: codeFor(secret) });
    const codes = (ok.json() as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    const [row] = await rt.deps.db.select().from(userMfa).where(eq(userMfa.userId, u.user.id));
    expect(row?.secretEnc).not.toContain(secret);
    expect(row?.recoveryHashes.some((h) => codes.includes(h))).toBe(false);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/mfa', headers: u.headers })).json()).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    expect(await eventsOf(org.id, 'user.mfa_enabled')).toHaveLength(1);
    expect((await post('/api/auth/mfa/setup', u.headers)).statusCode).toBe(409);
  });

  it('asks for the code after the password; a code is accepted once; the challenge cannot be replayed', async () => {
    const { u, secret } = await enrolled();
    const first = await loginRequest(u.user.email, TEST_PASSWORD);
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    const { challenge } = first.json() as { secondFactorRequired: true; challenge: string };
    // The code of the current step was spent on enrolment: refused as a replay.
    expect((await secondFactor(challenge, codeFor(secret))).statusCode).toBe(400);
    const done = await secondFactor(challenge, codeFor(secret, 1));
    expect(done.statusCode).toBe(200);
    expect(String(done.headers['set-cookie'])).toMatch(/cf_session=/);
    expect((await secondFactor(challenge, codeFor(secret, 1))).statusCode).toBe(401);
  });

  it('takes each recovery code once, and counts wrong codes towards the throttle of their source', async () => {
    const { org, u, recoveryCodes } = await enrolled();
    const challengeOf = async () => ((await loginRequest(u.user.email, TEST_PASSWORD)).json() as { challenge: string }).challenge;
    const code = recoveryCodes[3] ?? '';
    expect((await secondFactor(await challengeOf(), code.toUpperCase())).statusCode).toBe(200);
    expect((await eventsOf(org.id, 'user.recovery_code_used')).map((e) => e.payload)).toEqual([{ userId: u.user.id, left: 9 }]);
    const again = await challengeOf();
    const source = '10.202.0.1';
    expect((await secondFactor(again, code, source)).statusCode).toBe(400);
    for (let i = 0; i < THROTTLE_THRESHOLD - 1; i++) expect((await secondFactor(again, '000000', source)).statusCode).toBe(400);
    // The fifth failure of this source started its wait and ended the challenge.
    expect((await secondFactor(again, '000000', source)).statusCode).toBe(401);
    // A right code is refused from the waiting source, and accepted from another one.
    const spare = recoveryCodes[4] ?? '';
    expect((await secondFactor(await challengeOf(), spare, source)).statusCode).toBe(400);
    expect((await secondFactor(await challengeOf(), spare)).statusCode).toBe(200);
    const failures = await eventsOf(org.id, 'user.login_failed');
    expect(failures.every((e) => (e.payload as { reason: string }).reason === 'second_factor')).toBe(true);
    expect(failures).toHaveLength(5);
  });

  it('is turned off by its owner with a code, or by an admin of the same organisation only', async () => {
    const { org, u, secret } = await enrolled();
    const admin = await createTestUser(rt, org.id, ['admin']);
    const otherOrg = await createTestOrg(rt);
    const stranger = await createTestUser(rt, otherOrg.id, ['admin']);
    const reset = (headers: Record<string, string>) => rt.app.inject({ method: 'DELETE', url: `/api/users/${u.user.id}/mfa`, remoteAddress: nextIp(), headers });
    expect((await reset(stranger.headers)).statusCode).toBe(404);
    expect((await reset(admin.headers)).statusCode).toBe(204);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: u.headers })).statusCode).toBe(401);
    const direct = await loginRequest(u.user.email, TEST_PASSWORD);
    expect(direct.json()).toHaveProperty('csrfToken');
    expect((await eventsOf(org.id, 'user.mfa_disabled')).map((e) => e.payload)).toEqual([{ userId: u.user.id, by: 'admin' }]);

    const again = await enrolled();
    expect((await post('/api/auth/mfa/disable', again.u.headers, { code: '123456' })).statusCode).toBe(400);
    expect((await post('/api/auth/mfa/disable', again.u.headers, { code: codeFor(again.secret, 1) })).statusCode).toBe(204);
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/mfa', headers: again.u.headers })).json()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect(secret).not.toBe(again.secret);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the CSRF header and records the denial', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const res = await rt.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin.headers.cookie, 'content-type': 'application/json' }, payload: { email: 'x@y.example', name: 'X', password: 'long enough password', roles: ['agent'] } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    const denied = await eventsOf(org.id, 'access.denied');
    expect(denied.at(-1)?.payload).toMatchObject({ reason: 'csrf', route: '/api/users' });
    expect(await rt.deps.db.select().from(users).where(eq(users.email, 'x@y.example'))).toHaveLength(0);
  });

  it('accepts the same write with the session’s CSRF token', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const email = `new-${org.slug}@test.example`;
    const res = await rt.app.inject({ method: 'POST', url: '/api/users', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: { email, name: 'Nouvelle', password: 'long enough password', roles: ['agent'], locale: 'fr' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email, roles: ['agent'], status: 'active' });
    const created = await eventsOf(org.id, 'user.created');
    expect(created.at(-1)?.payload).toEqual({ userId: res.json().id, roles: ['agent'] });
  });

  it('does not ask bearer-token clients for a CSRF token', async () => {
    const org = await createTestOrg(rt);
    const token = await createTestToken(rt, org.id, ['user:read', 'user:manage']);
    const res = await rt.app.inject({ method: 'POST', url: '/api/users', headers: { ...token, 'content-type': 'application/json' }, payload: { email: `bot-${org.slug}@test.example`, name: 'Bot', password: 'long enough password', roles: ['auditor'] } });
    expect(res.statusCode).toBe(201);
  });
});

describe('users and roles', () => {
  it('refuses a duplicate e-mail with 409 and a clear message', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const res = await rt.app.inject({ method: 'POST', url: '/api/users', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: { email: admin.user.email, name: 'Dup', password: 'long enough password', roles: ['agent'] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('user.email_taken');
  });

  it('changes roles with a roles_changed event, and disabling ends the user’s sessions', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const agent = await createTestUser(rt, org.id, ['agent']);
    const patch = (payload: object) => rt.app.inject({ method: 'PATCH', url: `/api/users/${agent.user.id}`, headers: { ...admin.headers, 'content-type': 'application/json' }, payload });
    expect((await patch({ roles: ['agent', 'supervisor'] })).json().roles).toEqual(['agent', 'supervisor']);
    expect((await eventsOf(org.id, 'user.roles_changed')).at(-1)?.payload).toEqual({ userId: agent.user.id, from: ['agent'], to: ['agent', 'supervisor'] });
    expect((await patch({ status: 'disabled' })).json().status).toBe('disabled');
    expect((await rt.app.inject({ method: 'GET', url: '/api/auth/me', headers: agent.headers })).statusCode).toBe(401);
    expect((await loginRequest(agent.user.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('keeps at least one active admin', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const token = await createTestToken(rt, org.id, ['user:manage']);
    // createTestToken made a second admin; disable it first so `admin` is the last one.
    const others = (await rt.deps.db.select().from(users).where(eq(users.orgId, org.id))).filter((u) => u.id !== admin.user.id);
    for (const other of others) {
      const res = await rt.app.inject({ method: 'PATCH', url: `/api/users/${other.id}`, headers: { ...admin.headers, 'content-type': 'application/json' }, payload: { roles: ['agent'] } });
      expect(res.statusCode).toBe(200);
    }
    const res = await rt.app.inject({ method: 'PATCH', url: `/api/users/${admin.user.id}`, headers: { ...token, 'content-type': 'application/json' }, payload: { roles: ['agent'] } });
    // The token's creator lost admin above, so the token itself no longer carries user:manage.
    expect(res.statusCode).toBe(403);
    const self = await rt.app.inject({ method: 'PATCH', url: `/api/users/${admin.user.id}`, headers: { ...admin.headers, 'content-type': 'application/json' }, payload: { roles: ['agent'] } });
    expect(self.statusCode).toBe(409);
    expect(self.json().error.code).toBe('user.last_admin');
  });

  it('isolates organisations: an admin cannot see or change another organisation’s users', async () => {
    const orgA = await createTestOrg(rt);
    const orgB = await createTestOrg(rt);
    const adminA = await createTestUser(rt, orgA.id, ['admin']);
    const userB = await createTestUser(rt, orgB.id, ['agent']);
    const list = await rt.app.inject({ method: 'GET', url: '/api/users', headers: adminA.headers });
    expect(list.json().items.map((u: { id: string }) => u.id)).not.toContain(userB.user.id);
    const patch = await rt.app.inject({ method: 'PATCH', url: `/api/users/${userB.user.id}`, headers: { ...adminA.headers, 'content-type': 'application/json' }, payload: { status: 'disabled' } });
    expect(patch.statusCode).toBe(404);
    const [row] = await rt.deps.db.select().from(users).where(eq(users.id, userB.user.id));
    expect(row?.status).toBe('active');
    const audit = await rt.app.inject({ method: 'GET', url: '/api/audit-events?limit=200', headers: adminA.headers });
    expect(audit.json().items.every((e: { targetId: string | null }) => e.targetId !== userB.user.id)).toBe(true);
  });
});

describe('API tokens', () => {
  it('are shown once, hashed at rest, limited to their scopes, and stop working when revoked', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const created = await rt.app.inject({ method: 'POST', url: '/api/tokens', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: { name: 'CRM sync', scopes: ['user:read'], expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { token, item } = created.json();
    expect(token).toMatch(/^cf_[\w-]{43}$/);
    const list = await rt.app.inject({ method: 'GET', url: '/api/tokens', headers: admin.headers });
    expect(list.body).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await rt.app.inject({ method: 'GET', url: '/api/users', headers: bearer })).statusCode).toBe(200);
    expect((await rt.app.inject({ method: 'GET', url: '/api/audit-events', headers: bearer })).statusCode).toBe(403);
    expect((await rt.app.inject({ method: 'DELETE', url: `/api/tokens/${item.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await rt.app.inject({ method: 'GET', url: '/api/users', headers: bearer })).statusCode).toBe(401);
  });

  it('cannot carry a permission its creator lacks', async () => {
    const org = await createTestOrg(rt);
    const admin = await createTestUser(rt, org.id, ['admin']);
    const res = await rt.app.inject({ method: 'POST', url: '/api/tokens', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: { name: 'too much', scopes: ['speakup:read'] } });
    expect(res.statusCode).toBe(403);
  });
});

describe('language', () => {
  it('saves the user’s language and answers in it', async () => {
    const org = await createTestOrg(rt);
    const u = await createTestUser(rt, org.id, ['agent']);
    const res = await rt.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { ...u.headers, 'content-type': 'application/json' }, payload: { locale: 'en' } });
    expect(res.json().user.locale).toBe('en');
    const denied = await rt.app.inject({ method: 'GET', url: '/api/users', headers: u.headers });
    expect(denied.json().error.message).toBe('You are not allowed to do this.');
  });
});
