import type { AnyRoute } from '../api/route.ts';
import type { CronDefinition, JobDefinition } from '../worker/jobs.ts';
import type { AuditEventSchemas } from './audit-log/audit-log.types.ts';
import type { Permission } from './auth/permissions.ts';
import type { Deps } from './deps.ts';
import type { Db } from '../db/client.ts';
import type { RequestContext } from './context.ts';
import type { DataCategory, RetentionRuleKey, SubjectCategory } from './register/register.taxonomy.ts';

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
  /**
   * Which of this module's tables hold which personal data, about whom, kept how long: the data
   * inventory behind the records of processing (GDPR Art. 30(1)(c), (f)). A guard test checks that
   * every `subjectData.tables` entry is listed here.
   */
  inventory?: DataInventoryEntry[];
  /** Purge or anonymise handlers run by the daily retention job, one per rule this module enforces. */
  retention?: RetentionHandler[];
}

/** One table of the data inventory. */
export interface DataInventoryEntry {
  table: string;
  /** Personal-data categories the table holds (fideslang names). */
  categories: readonly DataCategory[];
  /** Whose data it is. */
  subjects: readonly SubjectCategory[];
  /** The retention rule that limits how long its rows are kept. */
  retention: RetentionRuleKey;
}

/** Rows past their retention limit, minus those a legal hold keeps. */
export interface RetentionCandidates {
  /** Ids of the rows to purge (ids only: they go to the audit log). */
  ids: string[];
  /** How many rows are past the limit but kept by a legal hold (open complaint, open request...). */
  held: number;
}

/**
 * How a module enforces one retention rule (GDPR Art. 5(1)(e)). `cutoff` is an instant: a row whose
 * retention clock started before it has run its full period. Both calls apply the same holds, and
 * `purge` re-checks them in its transaction, so a row that came under a hold meanwhile stays.
 */
export interface RetentionHandler {
  rule: RetentionRuleKey;
  /** What purging does: delete the rows, or anonymise them (crypto-shredding for customers). */
  action: 'delete' | 'anonymise';
  /** The rows past `cutoff` in the organisation; reads only. */
  findExpired(deps: Deps, db: Db, orgId: string, cutoff: Date): Promise<RetentionCandidates>;
  /** Purges those of `ids` still past `cutoff` and not held, in the caller's transaction; returns the ids that went. */
  purge(deps: Deps, tx: Db, ctx: RequestContext, orgId: string, ids: readonly string[], cutoff: Date): Promise<string[]>;
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
  /**
   * Everything this module holds on the subject, as plain JSON records grouped by dataset name.
   * A document the subject gave (an attached file) is an ExportedFile value: the export zip
   * holds it as a file of its own, and the record names where.
   */
  export(deps: Deps, orgId: string, subjectId: string): Promise<Record<string, Record<string, unknown>[]>>;
  /** Deletes or anonymises the subject's rows in the caller's transaction; returns what a legal hold kept. */
  erase(deps: Deps, tx: Db, orgId: string, subjectId: string): Promise<{ erased: number; held: LegalHold[] }>;
}

/** A file in a subject export: written into the zip as itself, named in its record by its path there. */
export class ExportedFile {
  constructor(
    readonly filename: string,
    readonly bytes: Uint8Array,
  ) {}

  /** In JSON outside a zip (e.g. a test's snapshot): what the file is, without its bytes. */
  toJSON(): { filename: string; sizeBytes: number } {
    return { filename: this.filename, sizeBytes: this.bytes.length };
  }
}
