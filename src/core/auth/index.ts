import { z } from 'zod';
import type { ModuleManifest } from '../module.ts';
import { defineJob } from '../../worker/jobs.ts';
import { authEvents } from './auth.events.ts';
import { authRoutes } from './auth.routes.ts';
import { purgeExpiredSessions } from './auth.service.ts';

/** Accounts, roles, sessions and API tokens. */
export const authModule: ModuleManifest = {
  name: 'auth',
  permissions: ['user:read', 'user:manage', 'token:manage'],
  auditEvents: authEvents,
  routes: authRoutes,
  jobs: [
    defineJob({
      type: 'auth.purge_expired_sessions',
      schema: z.object({}),
      handler: async (deps) => void (await purgeExpiredSessions(deps)),
    }),
  ],
  crons: [{ name: 'auth.purge_expired_sessions', intervalMs: 6 * 60 * 60_000, jobType: 'auth.purge_expired_sessions' }],
  nav: [
    { id: 'users', path: '/app/users', labelKey: 'nav.users', permission: 'user:read', order: 90 },
    { id: 'tokens', path: '/app/tokens', labelKey: 'nav.tokens', permission: 'token:manage', order: 95 },
  ],
};
