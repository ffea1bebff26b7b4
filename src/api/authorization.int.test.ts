/**
 * Issue 15, standing test: the authorization matrix. Every route of every manifest (modules that
 * land later included) is called by every role, an API token with and without the route's
 * permission, an anonymous caller and data subjects of this and another organisation. The answer
 * must be what the route's declared access and the role table say (src/api/testing/authorization-matrix.ts),
 * a refused call must change nothing but the audit of its denial, and docs/AUTHORIZATION.md must
 * be the table rendered from the same source.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { getTestRuntime } from '../db/testing/runtime.ts';
import { createTestOrg, createTestSubject, createTestUser, type TestUser } from '../db/testing/factories.ts';
import { createToken } from '../core/auth/auth.service.ts';
import { PERMISSIONS, ROLES, isPermission, type Permission, type Role } from '../core/auth/permissions.ts';
import { auditEvents } from '../core/audit-log/audit-log.tables.ts';
import type { OrganisationRow } from '../core/organisations/organisations.repo.ts';
import { callerLabel, expectedOutcome, MATRIX_CALLERS, renderAuthorizationDoc, type MatrixCaller } from './testing/authorization-matrix.ts';
import { freshSession, isWrite, manifestRoutes, orgFingerprint, routeLabel, type ManifestRoute } from './testing/probes.ts';
import { buildUrl, jsonSchemaOf } from './testing/route-inputs.ts';
import type { AnyRoute } from './route.ts';

const DOC = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/AUTHORIZATION.md');

let rt: Runtime;
let org: OrganisationRow;
let routes: ManifestRoute[];
let users: Map<Role, TestUser>;
let tokenCreator: TestUser;
let subject: { headers: { cookie: string } };
let otherSubject: { headers: { cookie: string } };

beforeAll(async () => {
  rt = await getTestRuntime();
  org = await createTestOrg(rt);
  routes = manifestRoutes(rt);
  users = new Map();
  for (const role of ROLES) users.set(role, await createTestUser(rt, org.id, [role]));
  // Holds every permission, so it can create a token with any scope (speak-up ones included).
  tokenCreator = await createTestUser(rt, org.id, [...ROLES]);
  subject = await createTestSubject(rt, org);
  otherSubject = await createTestSubject(rt, await createTestOrg(rt));
});

const tokens = new Map<string, { authorization: string }>();
async function tokenWith(scopes: Permission[]): Promise<{ authorization: string }> {
  const key = scopes.join(',');
  let token = tokens.get(key);
  if (!token) {
    const { secret } = await createToken(rt.deps, tokenCreator.ctx, { name: 'matrix', scopes, expiresInDays: 1 });
    token = { authorization: `Bearer ${secret}` };
    tokens.set(key, token);
  }
  return token;
}

async function headersOf(caller: MatrixCaller, route: AnyRoute): Promise<Record<string, string>> {
  switch (caller.kind) {
    case 'anonymous':
      return {};
    case 'role':
      return (users.get(caller.role) as TestUser).headers;
    case 'token': {
      const permission = isPermission(route.access) ? route.access : undefined;
      if (caller.scoped) return tokenWith(permission ? [permission] : [...PERMISSIONS]);
      return tokenWith(PERMISSIONS.filter((p) => p !== permission));
    }
    case 'subject':
      return subject.headers;
    case 'other_subject':
      return otherSubject.headers;
  }
}

/**
 * A request the gate judges but that, once let through, the route's schema refuses before any
 * verb runs (a malformed id, a body of the wrong shape, a required query key missing): allowed
 * callers then change nothing either. Routes without any input run for real.
 */
function probeRequest(route: AnyRoute): { url: string; payload?: string; contentType?: string } {
  const params: Record<string, string> = { org: org.slug };
  const paramSchema = route.schema.params ? jsonSchemaOf(route.schema.params) : undefined;
  for (const name of Object.keys(paramSchema?.properties ?? {})) if (name !== 'org') params[name] = 'not-a-valid-id';
  if (route.schema.body && isWrite(route)) return { url: buildUrl(route, params), payload: '[]', contentType: 'application/json' };
  // No query at all: a route that requires a key refuses the request once through the gate.
  return { url: buildUrl(route, params) };
}

async function deniedCount(): Promise<number> {
  const [row] = await rt.deps.db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.outcome, 'denied')));
  return row?.n ?? 0;
}

describe('authorization matrix', () => {
  it('every route answers every caller as its declared access and the role table say; refusals change nothing', async () => {
    const mismatches: string[] = [];
    const cases = routes.flatMap(({ route }) =>
      MATRIX_CALLERS.map((caller) => ({ route, caller, expected: expectedOutcome(route.access, caller) })),
    );
    let denied = await deniedCount();

    async function call(route: AnyRoute, caller: MatrixCaller): Promise<{ status: number; body: string; newDenials: number }> {
      const probe = probeRequest(route);
      const res = await rt.app.inject({
        method: route.method,
        url: probe.url,
        headers: {
          ...(await headersOf(caller, route)),
          'accept-language': 'en',
          ...(probe.contentType ? { 'content-type': probe.contentType } : {}),
        },
        ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
      });
      const now = await deniedCount();
      const newDenials = now - denied;
      denied = now;
      return { status: res.statusCode, body: res.body, newDenials };
    }

    // Tokens are created up front: creating one is a change of its own.
    for (const { route, caller } of cases) if (caller.kind === 'token') await headersOf(caller, route);
    denied = await deniedCount();
    // Every refusal first, with the organisation's data compared around all of them.
    const before = await orgFingerprint(rt, org.id);
    for (const { route, caller, expected } of cases.filter((c) => c.expected !== 'allowed')) {
      const { status, body, newDenials } = await call(route, caller);
      const what = `${routeLabel(route)} [${route.access}] as ${callerLabel(caller)}: expected ${expected}, got ${status} ${body.slice(0, 120)}`;
      if (status !== expected) mismatches.push(what);
      // A refused permission is written to the audit log (who tried what); a 401 has no organisation to write to.
      else if (expected === 403 && isPermission(route.access) && newDenials !== 1)
        mismatches.push(`${what}: ${newDenials} denials audited`);
    }
    expect(await orgFingerprint(rt, org.id), 'a refused call changed the organisation’s data').toBe(before);

    // Then the callers the gate lets through: whatever the verb answers, it is not the gate's refusal.
    for (const { route, caller } of cases.filter((c) => c.expected === 'allowed')) {
      const { status, body, newDenials } = await call(route, caller);
      if (status === 401 || (status === 403 && newDenials > 0) || status >= 500)
        mismatches.push(
          `${routeLabel(route)} [${route.access}] as ${callerLabel(caller)}: expected to pass the gate, got ${status} ${body.slice(0, 120)}`,
        );
      // A call that may have ended the caller's session (sign-out) must not change the next route's caller.
      if (caller.kind === 'role' && isWrite(route)) users.set(caller.role, await freshSession(rt, users.get(caller.role) as TestUser));
    }
    expect(mismatches).toEqual([]);
    expect(cases.length).toBe(routes.length * MATRIX_CALLERS.length);
  }, 300_000);
});

describe('docs/AUTHORIZATION.md', () => {
  it('is the matrix rendered from the current manifests and role table (npm run docs:authorization)', () => {
    const expected = renderAuthorizationDoc(
      routes.map(({ module, route }) => ({ module, method: route.method, url: route.url, access: route.access })),
    );
    let actual = '';
    try {
      actual = readFileSync(DOC, 'utf8');
    } catch {
      // Missing: reported below as stale.
    }
    expect(actual === expected, 'docs/AUTHORIZATION.md is stale: run `npm run docs:authorization` and commit the result').toBe(true);
  });
});
