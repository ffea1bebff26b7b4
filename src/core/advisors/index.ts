import type { ModuleManifest } from '../module.ts';
import { advisorEvents } from './advisors.events.ts';
import { advisorRoutes } from './advisors.routes.ts';

/** Dedicated advisors: one per customer, deputies for absences, handover in one action. */
export const advisorsModule: ModuleManifest = {
  name: 'advisors',
  permissions: ['advisor:read', 'advisor:manage'],
  auditEvents: advisorEvents,
  routes: advisorRoutes,
  nav: [{ id: 'advisors', path: '/app/advisors', labelKey: 'nav.advisors', permission: 'advisor:read', order: 25 }],
  inventory: [{ table: 'advisors', categories: ['user.workplace'], subjects: ['employees'], retention: 'staff.account' }],
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export * as advisorsSchemas from './advisors.schemas.ts';
export { AdvisorLoads, advisorFirstName, assignHandlers } from './advisors.service.ts';
export type { Assignment } from './advisors.service.ts';
