import type { ModuleManifest } from '../module.ts';
import { dsrEvents } from './dsr.events.ts';
import { dsrRoutes } from './dsr.routes.ts';
import { dsrPortalRoutes } from './dsr.portal.ts';
import { dsrSubjectData } from './dsr.subject-data.ts';
import { remindJob } from './dsr.service.ts';
import { dsrExportRetention, dsrRequestRetention } from './dsr.retention.ts';
import { dsrHomeSections } from './dsr.home.ts';
import { dsrKpis } from './dsr.kpis.ts';

/** Data-subject requests (GDPR Art. 15-22): intake, deadlines, fulfilment, export and erasure. */
export const dsrModule: ModuleManifest = {
  name: 'dsr',
  permissions: ['dsr:read', 'dsr:create', 'dsr:fulfil'],
  auditEvents: dsrEvents,
  routes: (deps) => [...dsrRoutes(deps), ...dsrPortalRoutes(deps)],
  jobs: [remindJob],
  crons: [{ name: 'dsr.remind', intervalMs: 24 * 3_600_000, jobType: 'dsr.remind' }],
  nav: [{ id: 'privacy', path: '/app/privacy', labelKey: 'nav.privacy', permission: 'dsr:read', order: 55 }],
  subjectData: dsrSubjectData,
  inventory: [
    {
      table: 'dsr_requests',
      categories: ['user.unique_id', 'user.content'],
      subjects: ['customers', 'prospects'],
      retention: 'dsr.closed',
    },
    {
      table: 'dsr_exports',
      categories: ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.content', 'user.privacy_preferences'],
      subjects: ['customers', 'prospects'],
      retention: 'dsr.export',
    },
  ],
  retention: [dsrRequestRetention, dsrExportRetention],
  home: dsrHomeSections,
  kpis: dsrKpis,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export * as dsrPresenter from './dsr.presenter.ts';
export * as dsrSchemas from './dsr.schemas.ts';
export { eraseSubject, exportFiles, exportSubject } from './subject-data.ts';
export { findOpenRequestsDueBefore } from './dsr.repo.ts';
export type { SubjectExport } from './subject-data.ts';
