import type { AnyRoute } from '../api/route.ts';
import type { CronDefinition, JobDefinition } from '../worker/jobs.ts';
import type { AuditEventSchemas } from './audit-log/audit-log.types.ts';
import type { Permission } from './auth/permissions.ts';
import type { Deps } from './deps.ts';

/** A back-office navigation entry; shown to users who hold `permission`. */
export interface NavEntry {
  id: string;
  path: string;
  labelKey: string;
  permission: Permission;
  order: number;
}

/**
 * The one thing a capability folder exports to plug into Confiance. The composition root reads
 * every manifest listed in src/core/modules.ts; a guard test checks each one.
 */
export interface ModuleManifest {
  name: string;
  /** Permissions this module's routes use (each must be in the closed set of permissions.ts). */
  permissions: readonly Permission[];
  /** Zod schema of every audit event the module records. */
  auditEvents: AuditEventSchemas;
  routes(deps: Deps): AnyRoute[];
  jobs?: JobDefinition[];
  crons?: CronDefinition[];
  nav?: NavEntry[];
}
