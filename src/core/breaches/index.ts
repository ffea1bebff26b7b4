import type { ModuleManifest } from '../module.ts';
import { breachEvents } from './breaches.events.ts';
import { breachRoutes } from './breaches.routes.ts';
import { breachSubjectData } from './breaches.subject-data.ts';
import { warnDeadlineCron, warnDeadlineJob } from './breaches.jobs.ts';
import { breachHomeSections } from './breaches.home.ts';
import { breachKpis } from './breaches.kpis.ts';
import { breachAuditTargets } from './breaches.audit-targets.ts';

/** The breach register (GDPR Art. 33-34): 72-hour clock, authority and subject notifications, reports. */
export const breachesModule: ModuleManifest = {
  name: 'breaches',
  permissions: ['breach:read', 'breach:manage'],
  auditEvents: breachEvents,
  routes: breachRoutes,
  jobs: [warnDeadlineJob],
  crons: [warnDeadlineCron],
  nav: [{ id: 'breaches', path: '/app/breaches', labelKey: 'nav.breaches', permission: 'breach:read', order: 57 }],
  subjectData: breachSubjectData,
  inventory: [
    // Who was told of which breach: ids only, kept as proof with the audit trail (GDPR Art. 5(2), 34).
    { table: 'breach_subject_notices', categories: ['user.unique_id'], subjects: ['customers'], retention: 'audit.trail' },
    // The register names staff (the DPO's contact, the author); it is the Art. 33(5) documentation.
    { table: 'breaches', categories: ['user.contact.email', 'user.workplace'], subjects: ['employees'], retention: 'audit.trail' },
  ],
  home: breachHomeSections,
  kpis: breachKpis,
  auditTargets: breachAuditTargets,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export * as breachesPresenter from './breaches.presenter.ts';
export * as breachesSchemas from './breaches.schemas.ts';
export { findAuthorityOverdue } from './breaches.repo.ts';
