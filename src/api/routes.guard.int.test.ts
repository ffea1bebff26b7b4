/**
 * Guard tests over every route of every module, present and future: each declares its access,
 * appears in the OpenAPI document, answers 401 without credentials, and turns bad input into a
 * clean, localized 4xx with nothing written. 403 for every caller without the permission is the
 * authorization matrix's (authorization.int.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { Runtime } from '../runtime.ts';
import { getTestRuntime } from '../db/testing/runtime.ts';
import { createTestOrg, createTestSubject, createTestToken, createTestUser, type TestUser } from '../db/testing/factories.ts';
import { isInfrastructureRoute } from './app.ts';
import { isPortalAccess, PORTAL_ACCESS, type AnyRoute } from './route.ts';
import { isPermission, PERMISSIONS, ROLE_PERMISSIONS } from '../core/auth/permissions.ts';
import { auditEvents } from '../core/audit-log/audit-log.tables.ts';
import type { OrganisationRow } from '../core/organisations/organisations.repo.ts';

let rt: Runtime;
let org: OrganisationRow;
let routes: { module: string; route: AnyRoute }[];
let everything: { authorization: string };
let admin: TestUser;
let subject: { customerId: string; headers: { cookie: string } };

beforeAll(async () => {
  rt = await getTestRuntime();
  org = await createTestOrg(rt);
  routes = rt.modules.flatMap((m) => m.routes(rt.deps).map((route) => ({ module: m.name, route })));
  everything = await createTestToken(rt, org.id, [...ROLE_PERMISSIONS.admin]);
  admin = await createTestUser(rt, org.id, ['admin']);
  subject = await createTestSubject(rt, org);
});

function urlOf(route: AnyRoute, overrides: Record<string, string> = {}): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? (name === 'org' ? org.slug : randomUUID()));
}

async function auditCount(outcome?: 'success' | 'denied'): Promise<number> {
  const where = outcome ? and(eq(auditEvents.orgId, org.id), eq(auditEvents.outcome, outcome)) : eq(auditEvents.orgId, org.id);
  const [row] = await rt.deps.db.select({ n: count() }).from(auditEvents).where(where);
  return row?.n ?? 0;
}

/** Back-office and API routes that need a staff account or token (portal routes have their own levels). */
const isProtected = (r: AnyRoute) => !isPortalAccess(r.access);
const label = (r: AnyRoute) => `${r.method} ${r.url}`;

describe('route registry', () => {
  it('every served route comes from a manifest or is documentation/static infrastructure', () => {
    const declared = new Set(routes.map(({ route }) => `${route.method} ${route.url}`));
    const stray = rt.app.registeredRoutes.filter((r) => !declared.has(`${r.method} ${r.url}`) && !isInfrastructureRoute(r.url));
    expect(stray).toEqual([]);
  });

  it('every route declares its access, and public routes say why', () => {
    for (const { route } of routes) {
      expect(isPortalAccess(route.access) || route.access === 'authenticated' || isPermission(route.access), label(route)).toBe(true);
      if (route.access === 'public' || route.access === 'link') expect(route.publicReason, label(route)).toBeTruthy();
    }
  });

  it('each module lists the permissions its routes use, all from the closed set', () => {
    for (const m of rt.modules) {
      for (const p of m.permissions) expect(PERMISSIONS).toContain(p);
      for (const route of m.routes(rt.deps)) {
        if (isPermission(route.access)) expect(m.permissions, `${m.name}: ${label(route)}`).toContain(route.access);
      }
    }
  });

  it('every API route has an entry in the OpenAPI document', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\.1/);
    for (const { route } of routes.filter((r) => !r.route.hideFromOpenApi)) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], label(route)).toBeDefined();
    }
  });
});

describe('401 on every protected route', () => {
  it('answers 401 without credentials, in the user’s language', async () => {
    for (const { route } of routes.filter((r) => isProtected(r.route))) {
      const fr = await rt.app.inject({ method: route.method, url: urlOf(route) });
      expect(fr.statusCode, label(route)).toBe(401);
      expect(fr.json().error).toMatchObject({ code: 'unauthenticated', message: 'Veuillez vous connecter pour continuer.' });
      const en = await rt.app.inject({ method: route.method, url: urlOf(route), headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(en.json().error.message, label(route)).toBe('Please sign in to continue.');
    }
  });

  it('answers 401 to a forged bearer token', async () => {
    for (const { route } of routes.filter((r) => isProtected(r.route))) {
      const res = await rt.app.inject({ method: route.method, url: urlOf(route), headers: { authorization: `Bearer cf_${'x'.repeat(43)}` } });
      expect(res.statusCode, label(route)).toBe(401);
      expect(res.json().error.code).toBe('auth.token_invalid');
    }
  });

  // 403 for every role, and for a token without the route's permission (audited), is a cell of the
  // authorization matrix: src/api/authorization.int.test.ts.
});

describe('bad input on every route', () => {
  it('a malformed body, parameter or query gets a clean 4xx, a localized message and writes nothing', async () => {
    for (const { route } of routes) {
      const headers = route.access === 'authenticated' ? admin.headers : route.access === 'subject' ? subject.headers : everything;
      const attempts: { url: string; payload?: string; contentType?: string }[] = [];
      if (route.schema.body) {
        attempts.push({ url: urlOf(route), payload: '{"unterminated', contentType: 'application/json' });
        attempts.push({ url: urlOf(route), payload: '[1,2,3]', contentType: 'application/json' });
        attempts.push({ url: urlOf(route), payload: '{"unexpected_field_xyz": {"deep": [1]}}', contentType: 'application/json' });
      }
      if (route.schema.params) attempts.push({ url: urlOf(route, { id: 'not-a-uuid', org: 'NOT A SLUG!' }) });
      const shape = (route.schema.querystring as { shape?: Record<string, unknown> } | undefined)?.shape;
      for (const key of Object.keys(shape ?? {})) attempts.push({ url: `${urlOf(route)}?${key}=%00%ff-invalid-${'x'.repeat(300)}` });
      for (const attempt of attempts) {
        const before = await auditCount();
        const res = await rt.app.inject({
          method: route.method,
          url: attempt.url,
          headers: { ...headers, 'accept-language': 'en', ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}) },
          ...(attempt.payload !== undefined ? { payload: attempt.payload } : {}),
        });
        const what = `${label(route)} ${attempt.url} ${attempt.payload ?? ''}`;
        expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, what).toBeLessThan(500);
        const body = res.json();
        expect(body.error.message, what).toMatch(/^[A-Z]/);
        expect(res.body, what).not.toMatch(/at .*\.ts:\d+|stack/i);
        expect(await auditCount(), what).toBe(before);
      }
    }
  });

  it('no route answers 500 to junk headers', async () => {
    for (const { route } of routes) {
      const res = await rt.app.inject({
        method: route.method,
        url: urlOf(route),
        headers: { authorization: 'Bearer', cookie: 'cf_session=%%%; confiance_lang=zz', 'accept-language': ';;;q=abc,,', 'content-type': 'application/x-unknown' },
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : '\u0000\u0001garbage',
      });
      expect(res.statusCode, label(route)).toBeLessThan(500);
    }
  });
});

describe('portal routes', () => {
  const portalRoutes = () => routes.filter(({ route }) => route.url.startsWith('/portal'));

  it('every portal route declares a portal access level, and no other route does', () => {
    for (const { route } of routes) {
      expect(isPortalAccess(route.access) || !route.url.startsWith('/portal'), label(route)).toBe(true);
      if (route.access === 'subject' || route.access === 'link') expect(route.url, label(route)).toMatch(/^\/portal\/:org\//);
      if (route.access === 'link') expect(route.url, label(route)).toContain(':token');
    }
    expect(new Set(portalRoutes().map(({ route }) => route.access))).toEqual(new Set(PORTAL_ACCESS));
  });

  it("'subject' routes answer 401 without the subject's portal session, with a forged one or another organisation's; a browser goes back to the centre", async () => {
    const other = await createTestOrg(rt);
    const elsewhere = await createTestSubject(rt, other);
    for (const { route } of portalRoutes().filter(({ route }) => route.access === 'subject')) {
      for (const cookie of [undefined, 'cf_privacy=forged.token', elsewhere.headers.cookie]) {
        const before = await auditCount();
        const res = await rt.app.inject({ method: route.method, url: urlOf(route), headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) } });
        expect(res.statusCode, `${label(route)} ${cookie}`).toBe(401);
        expect(res.json().error).toMatchObject({ code: 'portal.unidentified', message: expect.stringMatching(/^Your session has ended/) });
        expect(await auditCount()).toBe(before);
      }
      const page = await rt.app.inject({ method: route.method, url: urlOf(route), headers: { accept: 'text/html' } });
      expect(page.statusCode, label(route)).toBe(303);
      expect(page.headers.location).toBe(`/portal/${org.slug}/privacy?done=expired`);
    }
  });

  it("'subject' pages open for the signed-in subject", async () => {
    for (const { route } of portalRoutes().filter(({ route }) => route.access === 'subject' && route.method === 'GET')) {
      const res = await rt.app.inject({ method: 'GET', url: urlOf(route), headers: subject.headers });
      expect(res.statusCode, label(route)).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it("'link' routes refuse a made-up token with a clean 4xx, and write nothing but the denial", async () => {
    for (const { route } of portalRoutes().filter(({ route }) => route.access === 'link')) {
      for (const token of ['x'.repeat(43), 'forged.token', 'A'.repeat(71) + '.' + 'B'.repeat(22)]) {
        const before = await auditCount('success');
        const res = await rt.app.inject({
          method: route.method,
          url: urlOf(route, { token }),
          ...(route.method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' } : {}),
        });
        expect(res.statusCode, `${label(route)} ${token}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${label(route)} ${token}`).toBeLessThan(500);
        expect(await auditCount('success'), label(route)).toBe(before);
      }
    }
  });
});
