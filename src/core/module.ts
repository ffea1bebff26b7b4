import type { AnyRoute } from '../api/route.ts';
import type { CronDefinition, JobDefinition } from '../worker/jobs.ts';
import type { AuditEventSchemas } from './audit-log/audit-log.types.ts';
import type { Permission } from './auth/permissions.ts';
import type { Deps } from './deps.ts';
import type { Db } from '../db/client.ts';

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
  /** What this module holds about a data subject (GDPR Art. 15, 17, 20): see SubjectDataHandler. */
  subjectData?: SubjectDataHandler;
}

/** A record kept despite an erasure request, and why (GDPR Art. 17(3): legal obligation, claims). */
export interface LegalHold {
  table: string;
  id: string;
  reason: string;
}

/**
 * A module's exporter and eraser for one data subject (a customer id). The privacy centre calls
 * every registered handler for access, portability and erasure requests; a guard test fails when
 * a table with a subject column has no handler.
 */
export interface SubjectDataHandler {
  /** Tables of this module that hold rows about a subject. */
  tables: string[];
  /** Everything this module holds on the subject, as plain JSON records grouped by dataset name. */
  export(deps: Deps, orgId: string, subjectId: string): Promise<Record<string, Record<string, unknown>[]>>;
  /** Deletes or anonymises the subject's rows in the caller's transaction; returns what a legal hold kept. */
  erase(deps: Deps, tx: Db, orgId: string, subjectId: string): Promise<{ erased: number; held: LegalHold[] }>;
}
