/**
 * Ethical audits and continuous controls (issue 14): findings with their evidence, remediation
 * actions with owners and due days, and the daily controls that open findings by themselves and
 * close them when the cause is gone.
 */
import type { ModuleManifest } from '../module.ts';
import { auditsAuditTargets } from './audits.audit-targets.ts';
import { auditsEvents } from './audits.events.ts';
import { controlsCron, controlsJob } from './audits.jobs.ts';
import { findingsHomeSummary } from './audits.queries.ts';
import { auditsRoutes } from './audits.routes.ts';

export const auditsModule: ModuleManifest = {
  name: 'audits',
  permissions: ['finding:read', 'finding:manage'],
  auditEvents: auditsEvents,
  routes: auditsRoutes,
  jobs: [controlsJob],
  crons: [controlsCron],
  nav: [{ id: 'findings', path: '/app/findings', labelKey: 'nav.findings', permission: 'finding:read', order: 82 }],
  // The ethics officer answers for the findings: their count leads from the home to the list.
  home: [
    {
      id: 'audits.findings',
      roles: ['ethics_officer'],
      permission: 'finding:read',
      order: 6,
      load: findingsHomeSummary,
    },
  ],
  // Findings and actions name staff (owners, reviewers) by id; the text is message keys and
  // staff's own wording about the organisation's practice. Kept as audit evidence.
  inventory: [
    { table: 'findings', categories: ['user.unique_id'], subjects: ['employees'], retention: 'audit.trail' },
    { table: 'remediation_actions', categories: ['user.unique_id'], subjects: ['employees'], retention: 'audit.trail' },
  ],
  auditTargets: auditsAuditTargets,
};

// Public API: the controls (CLI, tests) and the DTO schemas (the back office's types).
export { runControls, runControlsFor, CONTROLS_JOB } from './audits.run.ts';
export type { ControlRunOutcome } from './audits.run.ts';
export { CONTROLS } from './audits.controls.ts';
export * as auditsSchemas from './audits.schemas.ts';
