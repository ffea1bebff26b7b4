import type { ModuleManifest } from '../module.ts';
import { organisationEvents } from './organisations.events.ts';
import { organisationRoutes } from './organisations.routes.ts';

/** Tenants: identity, contact, mediator and legal notices; the portal's home and legal pages. */
export const organisationsModule: ModuleManifest = {
  name: 'organisations',
  permissions: ['org:read', 'org:manage'],
  auditEvents: organisationEvents,
  routes: organisationRoutes,
};
