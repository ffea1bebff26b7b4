/**
 * Ethical audits and continuous controls (issue 14): findings with their evidence, remediation
 * actions with owners and due days (reminded by e-mail when due soon or overdue), the daily
 * controls that open findings by themselves and close them when the cause is gone, and ethics
 * audits run from templates (ethics-audit.*.ts, templates/*.json) whose findings join the others.
 */
import type { ModuleManifest } from '../module.ts';
import { auditsAuditTargets } from './audits.audit-targets.ts';
import { auditsEvents } from './audits.events.ts';
import { controlsCron, controlsJob, remindersCron, remindersJob } from './audits.jobs.ts';
import { ethicsAuditEvents } from './ethics-audit.events.ts';
import { ethicsAuditRoutes } from './ethics-audit.routes.ts';
import { findingsHomeSummary } from './audits.queries.ts';
import { auditsRoutes } from './audits.routes.ts';

export const auditsModule: ModuleManifest = {
  name: 'audits',
  permissions: ['finding:read', 'finding:manage', 'ethics_audit:read', 'ethics_audit:manage'],
  auditEvents: { ...auditsEvents, ...ethicsAuditEvents },
  routes: (deps) => [...auditsRoutes(deps), ...ethicsAuditRoutes(deps)],
  jobs: [controlsJob, remindersJob],
  crons: [controlsCron, remindersCron],
  nav: [
    { id: 'findings', path: '/app/findings', labelKey: 'nav.findings', permission: 'finding:read', order: 82 },
    { id: 'ethics-audits', path: '/app/audits', labelKey: 'nav.ethicsAudits', permission: 'ethics_audit:read', order: 83 },
  ],
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
    // Ethics audits name their auditor by id; answers and comments are staff's words about the
    // organisation's practice; evidence files (encrypted, names too) may show staff or customers.
    { table: 'ethics_audits', categories: ['user.unique_id'], subjects: ['employees'], retention: 'audit.trail' },
    { table: 'ethics_audit_answers', categories: ['user.unique_id'], subjects: ['employees'], retention: 'audit.trail' },
    { table: 'ethics_audit_evidence', categories: ['user.content'], subjects: ['employees', 'customers'], retention: 'audit.trail' },
  ],
  auditTargets: auditsAuditTargets,
};

// Public API: the controls (CLI, tests) and the DTO schemas (the back office's types).
export { runControls, runControlsFor, CONTROLS_JOB } from './audits.run.ts';
export type { ControlRunOutcome } from './audits.run.ts';
export { CONTROLS } from './audits.controls.ts';
export * as auditsSchemas from './audits.schemas.ts';
export * as ethicsAuditSchemas from './ethics-audit.schemas.ts';
export { addAction } from './audits.service.ts';
export { addAuditEvidence, answerItem, createAudit, raiseAuditFinding } from './ethics-audit.service.ts';
