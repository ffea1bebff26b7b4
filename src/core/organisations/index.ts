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

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { renderPortalNotFound } from './organisations.pages.ts';
export { findAllOrganisations, findDefaultOrganisation, findOrganisationById, findOrganisationBySlug } from './organisations.repo.ts';
export type { OrganisationRow } from './organisations.repo.ts';
export { addOrganisationAsOperator, createOrganisation, getPortalOrganisation, OperatorInputError } from './organisations.service.ts';
export type { OperatorOrganisationInput } from './organisations.service.ts';
