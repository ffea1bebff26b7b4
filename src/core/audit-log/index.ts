import { z } from 'zod';
import type { ModuleManifest } from '../module.ts';
import { defineJob } from '../../worker/jobs.ts';
import { auditLogEvents } from './audit-log.events.ts';
import { auditLogRoutes } from './audit-log.routes.ts';
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
        for (const orgId of await deps.audit.chainedOrgIds(deps.db)) {
          const result = await deps.audit.verify(deps.db, orgId);
          if (!result.ok) deps.log.error({ orgId, firstBroken: result.firstBroken }, 'audit chain broken');
        }
      },
    }),
    defineJob({
      type: 'audit_log.checkpoint',
      schema: z.object({}),
      // A chain that does not verify from its last checkpoint is an incident too; its entry is kept.
      async handler(deps) {
        const { written, refused } = await deps.audit.checkpoint(deps.db);
        for (const broken of refused)
          deps.log.error({ broken }, 'audit chain not checkpointed: it does not verify from its last checkpoint');
        if (written) deps.log.info({ number: written.number, heads: written.heads.length }, 'audit checkpoint written');
      },
    }),
  ],
  crons: [
    { name: 'audit_log.verify_all', intervalMs: 24 * 60 * 60_000, jobType: 'audit_log.verify_all' },
    // What vanished after the last checkpoint is only caught by the heads: checkpoint often.
    { name: 'audit_log.checkpoint', intervalMs: 10 * 60_000, jobType: 'audit_log.checkpoint' },
  ],
  nav: [{ id: 'audit-log', path: '/app/audit', labelKey: 'nav.auditLog', permission: 'audit_log:read', order: 99 }],
  inventory: [
    { table: 'audit_events', categories: ['user.unique_id'], subjects: ['customers', 'prospects', 'employees'], retention: 'audit.trail' },
  ],
  home: auditLogHomeSections,
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { findActorLabels, findChainedOrgIds, findEvents } from './audit-log.repo.ts';
export * as auditLogSchemas from './audit-log.schemas.ts';
export { createAuditLog } from './audit-log.service.ts';
export { canonicalJson } from './audit-log.chain.ts';
export { CHECKPOINT_FORMAT, publicKeyFingerprint, verifyAttestation } from './audit-log.checkpoints.ts';
export type { Checkpoint } from './audit-log.checkpoints.ts';
export type { AuditEntry, AuditLog, VerifyResult } from './audit-log.service.ts';
export type { AuditEventRecord, AuditEventSchemas, EventsOf } from './audit-log.types.ts';
