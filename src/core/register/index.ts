import type { ModuleManifest } from '../module.ts';
import { registerEvents } from './register.events.ts';
import { registerRoutes } from './register.routes.ts';
import { RETENTION_JOB, retentionJob } from './retention.service.ts';

/** Records of processing (GDPR Art. 30) and retention (Art. 5(1)(e)): the register, the rules, the daily purge. */
export const registerModule: ModuleManifest = {
  name: 'register',
  permissions: ['register:read', 'register:manage', 'retention:read', 'retention:run'],
  auditEvents: registerEvents,
  routes: registerRoutes,
  jobs: [retentionJob],
  crons: [{ name: 'register.retention_daily', intervalMs: 24 * 60 * 60_000, jobType: RETENTION_JOB }],
  // The controller block names the DPO and contacts (professional details, published anyway).
  inventory: [{ table: 'register_controllers', categories: ['user.name', 'user.contact.email', 'user.workplace'], subjects: ['employees', 'representatives'], retention: 'staff.account' }],
  nav: [
    { id: 'register', path: '/app/register', labelKey: 'resources.register', permission: 'register:read', order: 58 },
    { id: 'retention', path: '/app/retention', labelKey: 'resources.retention', permission: 'retention:read', order: 59 },
  ],
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export * as registerPresenter from './register.presenter.ts';
export * as registerService from './register.service.ts';
export type { DataCategory, RetentionRuleKey, SubjectCategory } from './register.taxonomy.ts';
export * as retentionService from './retention.service.ts';
export { findLatestRun as findLatestRetentionRun } from './register.repo.ts';
