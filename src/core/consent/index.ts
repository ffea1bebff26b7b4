import type { ModuleManifest } from '../module.ts';
import { consentEvents } from './consent.events.ts';
import { consentRoutes } from './consent.routes.ts';
import { consentPortalRoutes } from './consent.portal.ts';
import { consentSubjectData } from './consent.subject-data.ts';
import { consentProofRetention, privacyLinkUseRetention, privacyOtpRetention } from './consent.retention.ts';
import { consentHomeSections } from './consent.home.ts';
import { consentKpis } from './consent.kpis.ts';

/** Consent and preferences: purposes, the consent ledger, the decision API and the portal privacy centre. */
export const consentModule: ModuleManifest = {
  name: 'consent',
  permissions: ['consent:read', 'consent:record', 'consent:import', 'purpose:manage'],
  auditEvents: consentEvents,
  routes: (deps) => [...consentRoutes(deps), ...consentPortalRoutes(deps)],
  nav: [{ id: 'consents', path: '/app/privacy/purposes', labelKey: 'nav.consents', permission: 'consent:read', order: 60 }],
  subjectData: consentSubjectData,
  inventory: [
    {
      table: 'consent_events',
      categories: ['user.privacy_preferences', 'user.unique_id', 'user.device.ip_address', 'user.device'],
      subjects: ['customers', 'prospects'],
      retention: 'consent.proof',
    },
    {
      table: 'consent_states',
      categories: ['user.privacy_preferences', 'user.unique_id'],
      subjects: ['customers', 'prospects'],
      retention: 'consent.proof',
    },
    {
      table: 'consent_restrictions',
      categories: ['user.privacy_preferences', 'user.unique_id'],
      subjects: ['customers', 'prospects'],
      retention: 'consent.proof',
    },
    {
      table: 'privacy_otps',
      // The sealed address of a not-yet customer, for the ten minutes its code lives.
      categories: ['user.authorization.credentials', 'user.contact.email', 'user.unique_id'],
      subjects: ['customers', 'prospects'],
      retention: 'privacy.otp',
    },
    { table: 'privacy_link_uses', categories: ['user.unique_id'], subjects: ['customers', 'prospects'], retention: 'privacy.link_use' },
  ],
  retention: [consentProofRetention, privacyOtpRetention, privacyLinkUseRetention],
  home: consentHomeSections,
  kpis: consentKpis,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export * as consentPages from './consent.pages.ts';
export { findActiveRestrictionsOfSubjects, findRestrictions } from './consent.repo.ts';
export type { RestrictionRow } from './consent.repo.ts';
export * as consentSchemas from './consent.schemas.ts';
export {
  addRestriction,
  appendConsentEvent,
  cachedForSubject,
  createPurpose,
  findPurposesWithNotices,
  freshConsentIndex,
  freshConsentIndexWith,
  getConsentIndex,
  inPrivacyTransaction,
  liftRestrictionIn,
  recordConsent,
  settingsChanged,
} from './consent.service.ts';
export type { IndexChange } from './consent.service.ts';
export { ConsentIndexHub } from './consent.sync.ts';
export { honourGpcSignal } from './privacy-centre.service.ts';
export {
  EXPORT_LINK_DAYS,
  checkExportToken,
  checkFormToken,
  exportLink,
  isPortalSessionLive,
  readPortalSession,
  signFormToken,
  signPortalSession,
} from './privacy.identity.ts';
export type { PortalSession, SignedPortalSession } from './privacy.identity.ts';
