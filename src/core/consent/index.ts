import type { ModuleManifest } from '../module.ts';
import { consentEvents } from './consent.events.ts';
import { consentRoutes } from './consent.routes.ts';
import { consentPortalRoutes } from './consent.portal.ts';
import { consentSubjectData } from './consent.subject-data.ts';

/** Consent and preferences: purposes, the consent ledger, the decision API and the portal privacy centre. */
export const consentModule: ModuleManifest = {
  name: 'consent',
  permissions: ['consent:read', 'consent:record', 'purpose:manage'],
  auditEvents: consentEvents,
  routes: (deps) => [...consentRoutes(deps), ...consentPortalRoutes(deps)],
  nav: [{ id: 'consents', path: '/app/privacy/purposes', labelKey: 'nav.consents', permission: 'consent:read', order: 60 }],
  subjectData: consentSubjectData,
};
