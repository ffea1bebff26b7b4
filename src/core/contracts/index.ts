import type { ModuleManifest } from '../module.ts';
import { contractEvents } from './contracts.events.ts';
import { contractRoutes } from './contracts.routes.ts';
import { contractPortalRoutes } from './contracts.portal.ts';
import { contractSubjectData } from './contracts.subject-data.ts';
import { contractRetention } from './contracts.retention.ts';
import { contractAuditTargets } from './contracts.audit-targets.ts';
import { renewalReminderCron, renewalReminderJob } from './contracts.jobs.ts';

/**
 * Customer contracts on offer versions: their dates, renewal and withdrawal period, and their end
 * online without an account ("résilier votre contrat", "withdraw from contract"), each end
 * acknowledged on a durable medium and kept with its evidence.
 */
export const contractsModule: ModuleManifest = {
  name: 'contracts',
  permissions: ['contract:read', 'contract:manage'],
  auditEvents: contractEvents,
  routes: (deps) => [...contractRoutes(deps), ...contractPortalRoutes(deps)],
  jobs: [renewalReminderJob],
  crons: [renewalReminderCron],
  nav: [{ id: 'contracts', path: '/app/contracts', labelKey: 'nav.contracts', permission: 'contract:read', order: 36 }],
  subjectData: contractSubjectData,
  inventory: [
    { table: 'contracts', categories: ['user.contact.email', 'user.unique_id'], subjects: ['customers'], retention: 'contract.ended' },
    { table: 'contract_events', categories: ['user.contact.email'], subjects: ['customers'], retention: 'contract.ended' },
  ],
  retention: [contractRetention],
  auditTargets: contractAuditTargets,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { applyOfferVersion, createContract, orgToday, recordNotifiedChange } from './contracts.service.ts';
export * as contractsSchemas from './contracts.schemas.ts';
// A contract identified by a link that went to its address (a change notice) reaches the termination's confirmation step directly.
export { terminationConfirmationFor, type ContractEndConfirmation } from './contracts.portal.service.ts';
export { renderAlreadyEnded as renderContractEnded, renderConfirm as renderTerminationConfirm } from './contracts.pages.ts';
