import type { ModuleManifest } from '../module.ts';
import { contactEvents } from './contact.events.ts';
import { campaignRoutes } from './campaign.routes.ts';
import { contactRoutes } from './contact.routes.ts';
import { contactSubjectData } from './contact.subject-data.ts';
import { contactKpis } from './contact.kpis.ts';

/** The contact guard: one decision per outbound contact under the dated legal rules, and the contact history. */
export const contactModule: ModuleManifest = {
  name: 'contact',
  permissions: ['contact:check', 'contact:read', 'contact:record', 'contact:import', 'contact:manage', 'campaign:read', 'campaign:manage'],
  auditEvents: contactEvents,
  routes: (deps) => [...contactRoutes(deps), ...campaignRoutes(deps)],
  nav: [
    { id: 'contact', path: '/app/contact', labelKey: 'nav.contact', permission: 'contact:check', order: 30 },
    { id: 'campaigns', path: '/app/contact/campaigns', labelKey: 'nav.campaigns', permission: 'campaign:read', order: 31 },
    { id: 'contact-history-import', path: '/app/contact/history-import', labelKey: 'nav.contactHistoryImport', permission: 'contact:import', order: 32 },
    { id: 'opposition-lists', path: '/app/contact/opposition-lists', labelKey: 'nav.oppositionLists', permission: 'contact:manage', order: 33 },
  ],
  subjectData: contactSubjectData,
  kpis: contactKpis,
  // Retention: the history goes with its subject. Under the rule of prospects' data (CNIL,
  // « gestion commerciale »: 3 years after the last contact coming from the person), the customers
  // module erases an inactive subject through every subject-data handler, this one included; an
  // outbound attempt is not a contact coming from the person, so it does not extend the period.
  inventory: [
    {
      table: 'contact_attempts',
      categories: ['user.unique_id', 'user.behavior'],
      subjects: ['customers', 'prospects'],
      retention: 'customer.inactive',
    },
    // Audiences and scrub decisions go with their subject, as the history does.
    {
      table: 'campaign_recipients',
      categories: ['user.unique_id'],
      subjects: ['customers', 'prospects'],
      retention: 'customer.inactive',
    },
    {
      table: 'campaign_decisions',
      categories: ['user.unique_id', 'user.behavior'],
      subjects: ['customers', 'prospects'],
      retention: 'customer.inactive',
    },
  ],
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { checkContact, checkContacts, findHistory, recordAttempt } from './contact.service.ts';
export type { ContactCheck, RecordedAttempt } from './contact.service.ts';
export { OUT_OF_HOURS_PURPOSE_KEY } from './contact.policy.ts';
export * as contactSchemas from './contact.schemas.ts';
export * as campaignSchemas from './campaign.schemas.ts';
export { importOppositionList } from './contact.opposition.ts';
export { findRefusedProspecting } from './contact.repo.ts';
export { createCampaign, scrubCampaign } from './campaign.service.ts';
export { CheckCsvError, checkContactsCsv } from './contact.check-csv.ts';
