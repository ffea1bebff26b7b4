/**
 * Guard tests over every route of every module, present and future: each declares its access,
 * appears in the OpenAPI document, answers 401 without credentials and 403 without the
 * permission (and records the denial), and turns bad input into a clean, localized 4xx with
 * nothing written.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { Runtime } from '../runtime.ts';
import { getTestRuntime } from '../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser, type TestUser } from '../db/testing/factories.ts';
import { isInfrastructureRoute } from './app.ts';
import type { AnyRoute } from './route.ts';
import { isPermission, PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission } from '../core/auth/permissions.ts';
import { auditEvents } from '../core/audit-log/audit-log.tables.ts';
import type { OrganisationRow } from '../core/organisations/organisations.repo.ts';

let rt: Runtime;
let org: OrganisationRow;
let routes: { module: string; route: AnyRoute }[];
let everything: { authorization: string };
let admin: TestUser;

beforeAll(async () => {
  rt = await getTestRuntime();
  org = await createTestOrg(rt);
  routes = rt.modules.flatMap((m) => m.routes(rt.deps).map((route) => ({ module: m.name, route })));
  everything = await createTestToken(rt, org.id, [...ROLE_PERMISSIONS.admin]);
  admin = await createTestUser(rt, org.id, ['admin']);
});

function urlOf(route: AnyRoute, overrides: Record<string, string> = {}): string {
  return route.url.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? (name === 'org' ? org.slug : randomUUID()));
}

async function auditCount(): Promise<number> {
  const [row] = await rt.deps.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.orgId, org.id));
  return row?.n ?? 0;
}

const isProtected = (r: AnyRoute) => r.access !== 'public';
const label = (r: AnyRoute) => `${r.method} ${r.url}`;

describe('route registry', () => {
  it('every served route comes from a manifest or is documentation/static infrastructure', () => {
    const declared = new Set(routes.map(({ route }) => `${route.method} ${route.url}`));
    const stray = rt.app.registeredRoutes.filter((r) => !declared.has(`${r.method} ${r.url}`) && !isInfrastructureRoute(r.url));
    expect(stray).toEqual([]);
  });

  it('every route declares its access, and public routes say why', () => {
    for (const { route } of routes) {
      expect(route.access === 'public' || route.access === 'authenticated' || isPermission(route.access), label(route)).toBe(true);
      if (route.access === 'public') expect(route.publicReason, label(route)).toBeTruthy();
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

describe('401 and 403 on every protected route', () => {
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

  it('answers 403 to a caller without the permission, and records the denial', async () => {
    for (const { route } of routes.filter((r) => isProtected(r.route))) {
      const other: Permission = route.access === 'org:read' ? 'user:read' : 'org:read';
      const token = await createTestToken(rt, org.id, [other]);
      const before = await auditCount();
      const res = await rt.app.inject({ method: route.method, url: urlOf(route), headers: token });
      expect(res.statusCode, label(route)).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      if (route.access !== 'authenticated') expect(await auditCount(), label(route)).toBe(before + 1);
    }
  });

  it('answers 403 to a signed-in user whose roles lack the permission', async () => {
    for (const { route } of routes.filter((r) => isPermission(r.route.access))) {
      const role = ROLES.find((r) => !ROLE_PERMISSIONS[r].includes(route.access as Permission));
      if (!role) continue; // every role holds it (e.g. org:read); covered by the token case above
      const user = await createTestUser(rt, org.id, [role]);
      const res = await rt.app.inject({ method: route.method, url: urlOf(route), headers: user.headers });
      expect(res.statusCode, `${label(route)} as ${role}`).toBe(403);
    }
  });
});

describe('bad input on every route', () => {
  it('a malformed body, parameter or query gets a clean 4xx, a localized message and writes nothing', async () => {
    for (const { route } of routes) {
      const headers = route.access === 'authenticated' ? admin.headers : everything;
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
