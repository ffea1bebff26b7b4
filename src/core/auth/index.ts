import { z } from 'zod';
import type { ModuleManifest } from '../module.ts';
import { defineJob } from '../../worker/jobs.ts';
import { authEvents } from './auth.events.ts';
import { authRoutes } from './auth.routes.ts';
import { purgeExpiredCredentials } from './auth.service.ts';
import { sessionRetention } from './auth.retention.ts';
import { authHomeSections } from './auth.home.ts';
import { authAuditTargets } from './auth.audit-targets.ts';

/** Accounts, roles, sessions and API tokens. */
export const authModule: ModuleManifest = {
  name: 'auth',
  permissions: ['user:read', 'user:manage', 'token:manage'],
  auditEvents: authEvents,
  routes: authRoutes,
  jobs: [
    defineJob({
      type: 'auth.purge_expired_credentials',
      schema: z.object({}),
      handler: async (deps) => void (await purgeExpiredCredentials(deps)),
    }),
  ],
  crons: [{ name: 'auth.purge_expired_credentials', intervalMs: 6 * 60 * 60_000, jobType: 'auth.purge_expired_credentials' }],
  nav: [
    { id: 'users', path: '/app/users', labelKey: 'nav.users', permission: 'user:read', order: 90 },
    { id: 'tokens', path: '/app/tokens', labelKey: 'nav.tokens', permission: 'token:manage', order: 95 },
  ],
  inventory: [
    { table: 'users', categories: ['user.name', 'user.contact.email', 'user.authorization.credentials', 'user.account'], subjects: ['employees'], retention: 'staff.account' },
    { table: 'sessions', categories: ['user.unique_id', 'user.authorization.credentials'], subjects: ['employees'], retention: 'auth.session' },
    // Expired links and challenges go with the six-hourly credentials purge above.
    { table: 'password_resets', categories: ['user.unique_id', 'user.authorization.credentials'], subjects: ['employees'], retention: 'auth.session' },
    { table: 'login_challenges', categories: ['user.unique_id', 'user.authorization.credentials'], subjects: ['employees'], retention: 'auth.session' },
    // A second factor and API tokens live as long as the account (deleted with it).
    { table: 'user_mfa', categories: ['user.authorization.credentials'], subjects: ['employees'], retention: 'staff.account' },
    { table: 'api_tokens', categories: ['user.unique_id', 'user.authorization.credentials'], subjects: ['employees'], retention: 'staff.account' },
  ],
  retention: [sessionRetention],
  home: authHomeSections,
  auditTargets: authAuditTargets,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { findUserById, findUsers, findUsersByIds, insertUser } from './auth.repo.ts';
export { SESSION_COOKIE } from './auth.routes.ts';
export type { UserDtoSchema } from './auth.schemas.ts';
export * as authSchemas from './auth.schemas.ts';
export { CredentialCaches, authenticateSession, authenticateToken, createUser, hashPassword } from './auth.service.ts';
export { isRole, permissionsForRoles } from './permissions.ts';
export type { Permission, Role } from './permissions.ts';
