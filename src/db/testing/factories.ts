/** Factories for integration tests: an organisation per test, users with a live session or token. */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../runtime.ts';
import { systemContext, type RequestContext } from '../../core/context.ts';
import { createOrganisation } from '../../core/organisations/organisations.service.ts';
import type { OrganisationRow } from '../../core/organisations/organisations.repo.ts';
import { insertUser, type UserRow } from '../../core/auth/auth.repo.ts';
import { createToken, hashPassword, login, sessionOf } from '../../core/auth/auth.service.ts';
import { findOrCreateCustomer } from '../../core/customers/customers.service.ts';
import { signPortalSession } from '../../core/consent/privacy.identity.ts';
import { PORTAL_SESSION_COOKIE } from '../../api/plugins/portal.ts';
import { permissionsForRoles, type Permission, type Role } from '../../core/auth/permissions.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export async function createTestOrg(rt: Runtime, overrides: { name?: string } = {}): Promise<OrganisationRow> {
  const slug = `org-${randomUUID().slice(0, 8)}`;
  return rt.deps.db.transaction((tx) =>
    createOrganisation(rt.deps, tx, systemContext(null, 'test'), {
      slug,
      name: overrides.name ?? `Organisation ${slug}`,
      legalName: `${slug} SAS`,
      defaultLocale: 'fr',
      timezone: 'Europe/Paris',
      profile: {
        contactEmail: `contact@${slug}.example`,
        postalAddress: '1 place de la République, 75003 Paris',
        mediator: { name: 'Médiateur test', website: 'https://mediateur.example' },
        legalNotice: { fr: 'Mentions légales de test.', en: 'Test legal notice.' },
      },
    }),
  );
}

export interface TestUser {
  user: UserRow;
  /** Headers of a signed-in browser: session cookie and CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
  ctx: RequestContext;
}

export async function createTestUser(rt: Runtime, orgId: string, roles: Role[], email = `${randomUUID().slice(0, 12)}@test.example`): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await insertUser(rt.deps.db, { orgId, email, name: `User ${email}`, passwordHash: await passwordHash, roles });
  const session = sessionOf(await login(rt.deps, anonymousCtx(), { email, password: TEST_PASSWORD }));
  return {
    user,
    headers: { cookie: `cf_session=${session.sessionToken}`, 'x-csrf-token': session.csrfToken },
    ctx: { actor: { kind: 'user', id: user.id, orgId, roles, permissions: permissionsForRoles(roles), sessionId: '' }, orgId, requestId: null, ipHash: null, locale: 'fr' },
  };
}

/** A bearer token with exactly `scopes`, created by an admin of the organisation. */
export async function createTestToken(rt: Runtime, orgId: string, scopes: Permission[]): Promise<{ authorization: string }> {
  const admin = await createTestUser(rt, orgId, ['admin']);
  const { secret } = await createToken(rt.deps, admin.ctx, { name: 'test', scopes, expiresInDays: 1 });
  return { authorization: `Bearer ${secret}` };
}

export function anonymousCtx(): RequestContext {
  return { actor: { kind: 'anonymous' }, orgId: null, requestId: null, ipHash: null, locale: 'fr' };
}

/** A data subject signed in to the organisation's privacy centre: a customer and the portal session cookie of their browser. */
export async function createTestSubject(rt: Runtime, org: OrganisationRow, email = `${randomUUID().slice(0, 12)}@subject.example`): Promise<{ customerId: string; headers: { cookie: string } }> {
  const ctx = systemContext(org.id, 'test');
  const { customer } = await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, ctx, { email, locale: 'fr' }, 'portal'));
  const { token } = signPortalSession(rt.deps, { orgId: org.id, orgSlug: org.slug, customerId: customer.id });
  return { customerId: customer.id, headers: { cookie: `${PORTAL_SESSION_COOKIE}=${token}` } };
}
