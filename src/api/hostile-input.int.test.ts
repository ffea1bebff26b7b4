/**
 * Issue 15, finding 1 and 5: bad input found by an outside attacker that used to end in a 500 (or
 * in Fastify's own error body echoing the URL). Each answer must be a clean, localized 4xx in the
 * product's format, with nothing written. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { getTestRuntime } from '../db/testing/runtime.ts';
import { createTestOrg, createTestUser, TEST_PASSWORD, type TestUser } from '../db/testing/factories.ts';
import type { OrganisationRow } from '../core/organisations/organisations.repo.ts';
import { queryRows } from '../db/client.ts';
import { asAppError, type ErrorBody } from './plugins/errors.ts';
import { hashIp } from './plugins/context.ts';

let rt: Runtime;
let org: OrganisationRow;
let admin: TestUser;

beforeAll(async () => {
  rt = await getTestRuntime();
  org = await createTestOrg(rt);
  admin = await createTestUser(rt, org.id, ['admin']);
});

/** Rows of the organisation's audit log: every change writes one, so an unchanged count means nothing changed. */
async function auditRows(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(rt.deps.db, sql`select count(*)::int as n from audit_events where org_id = ${org.id}`);
  return row?.n ?? 0;
}

function expectCleanError(res: { statusCode: number; body: string }, status = 400): ErrorBody {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as ErrorBody;
  expect(body.error.code).toBeTruthy();
  expect(body.error.message).toBeTruthy();
  expect(res.body).not.toMatch(/ at |node_modules|FST_|Error:/);
  return body;
}

describe('multipart/form-data without a usable body', () => {
  const bodies = {
    'no body': { type: 'multipart/form-data; boundary=xyz', payload: '' },
    'no boundary': { type: 'multipart/form-data', payload: 'name=value' },
    'a truncated part': { type: 'multipart/form-data; boundary=xyz', payload: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc' },
    'a malformed part header': { type: 'multipart/form-data; boundary=xyz', payload: '--xyz\r\nContent-Disposition\r\n\r\nabc\r\n--xyz--\r\n' },
  };

  it.each(Object.entries(bodies))('every writing route answers 4xx to %s, never 500', async (_label, { type, payload }) => {
    const writes = rt.app.registeredRoutes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    const portal = writes.filter((r) => r.url.startsWith('/portal/'));
    expect(portal.length).toBeGreaterThanOrEqual(8);
    // An empty form is a valid body for routes that take none, so some of these succeed: only 500s are wrong.
    for (const route of writes) {
      // Sign-out would end the admin's session for the routes after it.
      if (route.url === '/api/auth/logout') continue;
      const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === 'org' ? org.slug : randomUUID()));
      const res = await rt.app.inject({ method: route.method as 'POST', url, headers: { ...admin.headers, 'content-type': type }, payload });
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(res.body, route.url).not.toMatch(/ at .*\.(ts|js):\d+/);
    }
  });
});

describe('a NUL character in a query or body string', () => {
  const cases: [string, 'GET' | 'POST' | 'PATCH' | 'PUT', string, unknown][] = [
    ['complaint search', 'GET', '/api/complaints?q=%00', undefined],
    ['audit-log filter', 'GET', '/api/audit-events?targetType=%00', undefined],
    ['processing activity', 'POST', '/api/register/activities', { name: 'Paie\u0000' }],
    ['API token', 'POST', '/api/tokens', { name: 'ci\u0000', scopes: ['complaint:read'], expiresInDays: 1 }],
    ['organisation', 'PATCH', '/api/organisation', { name: 'Acme\u0000' }],
    ['breach', 'POST', '/api/breaches', { title: 'x\u0000y' }],
    ['controller', 'PUT', '/api/register/controller', { name: '\u0000' }],
    ['consent event', 'POST', '/api/consent/events', { customerId: randomUUID(), purpose: 'news\u0000letter' }],
  ];

  it.each(cases)('%s: 400 naming the field, in the user language, nothing written', async (_label, method, url, payload) => {
    const before = await auditRows();
    // The admin's saved language is French.
    const res = await rt.app.inject({ method, url, headers: admin.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const body = expectCleanError(res);
    expect(body.error.code).toBe('validation');
    expect(body.error.issues?.map((i) => i.message)).toContain('Caractère nul (U+0000) interdit.');
    expect(await auditRows()).toBe(before);
  });

  it('refuses a NUL in a multipart portal form field and in a urlencoded one', async () => {
    const form = `--xyz\r\nContent-Disposition: form-data; name="description"\r\n\r\nbad\u0000text\r\n--xyz--\r\n`;
    const multipart = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/complaints`, headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, payload: form });
    expect(expectCleanError(multipart).error.issues?.[0]?.path).toBe('description');
    const urlencoded = await rt.app.inject({ method: 'POST', url: `/portal/${org.slug}/privacy/identify`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%00@b.example' });
    expect(expectCleanError(urlencoded).error.issues?.[0]?.path).toBe('email');
  });

  it('refuses a lone surrogate, which the database would silently store as U+FFFD', async () => {
    const res = await rt.app.inject({ method: 'PATCH', url: '/api/organisation', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"name":"Acme \\ud800"}' });
    expect(expectCleanError(res).error.issues?.[0]).toMatchObject({ path: 'name' });
  });

  it('judges escapes in JSON text precisely: upper-case and in keys refused, a well-formed pair and an escaped backslash accepted', async () => {
    const patch = (payload: string) =>
      rt.app.inject({ method: 'PATCH', url: '/api/organisation', headers: { ...admin.headers, 'content-type': 'application/json; charset=utf-8' }, payload });
    expect(expectCleanError(await patch('{"name":"Acme \\uDFFF"}')).error.issues?.[0]).toMatchObject({ path: 'name' });
    expect(expectCleanError(await patch('{"name":"Acme","x\\u0000":1}')).error.issues?.[0]).toMatchObject({ path: 'x\\u0000' });
    const pair = await patch('{"name":"Acme \\ud83d\\ude00"}');
    expect(pair.statusCode).toBe(200);
    expect(pair.json()).toMatchObject({ name: 'Acme \u{1F600}' });
    const backslash = await patch('{"name":"Acme \\\\u0000"}');
    expect(backslash.statusCode).toBe(200);
    expect(backslash.json()).toMatchObject({ name: 'Acme \\u0000' });
  });

  it("maps the database's own invalid-text errors to 400, as a safety net behind the guard", async () => {
    const error = await queryRows(rt.deps.db, sql`select ${'a\u0000b'}::text as t`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(asAppError(error).status).toBe(400);
  });
});

describe('concurrent creation of one unique thing', () => {
  it('six simultaneous POST /api/users with one new e-mail: one 201, the others 409, no 500', async () => {
    const email = `race-${randomUUID().slice(0, 8)}@test.example`;
    const payload = { email, name: 'Race', password: TEST_PASSWORD, roles: ['agent'] };
    const answers = await Promise.all(Array.from({ length: 6 }, () => rt.app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
  });
});

describe('framework errors', () => {
  it('a malformed URL and an over-long parameter get the product error body, without echoing the URL', async () => {
    const token = `track${'Z'.repeat(20)}`;
    for (const url of [`/api/complaints/%E0%A4%A?t=${token}`, `/api/complaints/${'a'.repeat(300)}${token}`]) {
      const res = await rt.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } });
      expectCleanError(res);
      expect(res.body).not.toContain(token);
      expect((JSON.parse(res.body) as ErrorBody).error.message).toBe('The request is malformed.');
    }
  });
});

describe('connections that misbehave', () => {
  it('a request and its headers have deadlines, so a body shorter than its Content-Length cannot hold the connection', () => {
    expect(rt.app.server.requestTimeout).toBe(60_000);
    expect(rt.app.server.headersTimeout).toBeLessThanOrEqual(rt.app.server.requestTimeout);
  });

  it('a request without a client address (socket already gone) gets no IP hash instead of an exception', () => {
    expect(hashIp('salt', undefined)).toBeNull();
    expect(hashIp('salt', '203.0.113.9')).toMatch(/^[0-9a-f]{32}$/);
  });
});

it('/ready tells whether the service can serve, not which database runs', async () => {
  const res = await rt.app.inject({ method: 'GET', url: '/ready' });
  expect(res.json()).toEqual({ status: 'ready' });
});

describe('valid-looking input the fuzzer found ending in 500', () => {
  it('a complaint for a customer in an unknown time zone: 400 naming the field', async () => {
    const before = await auditRows();
    const payload = { customer: { name: 'Jo', email: 'jo@test.example', timezone: 'Mars/Olympus' }, channel: 'phone', category: 'billing', description: 'Double facture.' };
    const res = await rt.app.inject({ method: 'POST', url: '/api/complaints', headers: admin.headers, payload });
    expect(expectCleanError(res).error.issues).toEqual([{ path: 'customer.timezone', message: 'Fuseau horaire inconnu : indiquez un nom IANA, par exemple Europe/Paris.' }]);
    expect(await auditRows()).toBe(before);
  });

  it('a breach noticed before the GDPR applied (25 May 2018, Art. 99(2)): 400 on awareAt, the day it applied accepted', async () => {
    const before = await auditRows();
    const breach = (awareAt: string) => ({ title: 'Lost laptop', awareAt, description: 'A laptop was lost.' });
    const res = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: admin.headers, payload: breach('2018-05-24T12:00:00+02:00') });
    expect(expectCleanError(res).error.issues).toEqual([{ path: 'awareAt', message: 'Cette date précède le 25 mai 2018, date d’application du RGPD.' }]);
    expect(await auditRows()).toBe(before);
    const first = await rt.app.inject({ method: 'POST', url: '/api/breaches', headers: admin.headers, payload: breach('2018-05-25T00:30:00+02:00') });
    expect(first.statusCode, first.body).toBe(201);
  });
});
