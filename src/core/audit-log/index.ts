import { z } from 'zod';
import type { ModuleManifest } from '../module.ts';
import { defineJob } from '../../worker/jobs.ts';
import { auditLogEvents } from './audit-log.events.ts';
import { auditLogRoutes } from './audit-log.routes.ts';
import { findChainedOrgIds } from './audit-log.repo.ts';
import { auditLogHomeSections } from './audit-log.home.ts';

/** The tamper-evident audit trail and its viewer. */
export const auditLogModule: ModuleManifest = {
  name: 'audit-log',
  permissions: ['audit_log:read', 'audit_log:verify'],
  auditEvents: auditLogEvents,
  routes: auditLogRoutes,
  jobs: [
    defineJob({
      type: 'audit_log.verify_all',
      schema: z.object({}),
      // Nightly check: a broken chain is an incident, so it is logged at error level.
      async handler(deps) {
        for (const orgId of await findChainedOrgIds(deps.db)) {
          const result = await deps.audit.verify(deps.db, orgId);
          if (!result.ok) deps.log.error({ orgId, firstBroken: result.firstBroken }, 'audit chain broken');
        }
      },
    }),
  ],
  crons: [{ name: 'audit_log.verify_all', intervalMs: 24 * 60 * 60_000, jobType: 'audit_log.verify_all' }],
  nav: [{ id: 'audit-log', path: '/app/audit', labelKey: 'nav.auditLog', permission: 'audit_log:read', order: 99 }],
  inventory: [{ table: 'audit_events', categories: ['user.unique_id'], subjects: ['customers', 'prospects', 'employees'], retention: 'audit.trail' }],
  home: auditLogHomeSections,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { findActorLabels, findChainedOrgIds, findEvents } from './audit-log.repo.ts';
export * as auditLogSchemas from './audit-log.schemas.ts';
export { createAuditLog } from './audit-log.service.ts';
export type { AuditEntry, AuditLog } from './audit-log.service.ts';
export type { AuditEventRecord, AuditEventSchemas, EventsOf } from './audit-log.types.ts';
