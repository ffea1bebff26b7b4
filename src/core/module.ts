import type { AnyRoute } from '../api/route.ts';
import type { CronDefinition, JobDefinition } from '../worker/jobs.ts';
import type { AuditEventSchemas } from './audit-log/index.ts';
import type { Permission, Role } from './auth/index.ts';
import type { Deps } from './deps.ts';
import type { Db } from '../db/client.ts';
import type { Locale, RequestContext } from './context.ts';
import type { DataCategory, RetentionRuleKey, SubjectCategory } from './register/index.ts';

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
 * every manifest listed in src/modules.ts; a guard test checks each one.
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
  /** What this module moves when an advisor hands their customers over (advisors' handOver). */
  advisorHandover?: AdvisorHandoverHandler;
  /** Sections this module adds to the home page after login (GET /api/home). */
  home?: HomeSection[];
  /** Indicators computed from this module's records (src/core/kpi keeps their daily values). */
  kpis?: KpiDefinition[];
  /** How the audit log viewer names this module's records when they are the target of an event. */
  auditTargets?: AuditTargetResolver[];
}

/**
 * Names a kind of audit target at display time (issue 10). The audit log holds ids only, never a
 * name (GDPR Art. 5(1)(c): the trail is kept long and must not become a second copy of personal
 * data), so the viewer asks the module that owns the record, for the page it shows. The viewer
 * must hold `permission` (the one that lets them read such records elsewhere); without it, or for
 * a record that is gone, the target keeps a neutral label and its id.
 */
export interface AuditTargetResolver {
  /** The `target.type` of the audit events it names (one resolver per type across modules). */
  targetType: string;
  permission: Permission;
  /** Labels of those of `ids` that exist in the organisation, by id; reads only. */
  labels(deps: Deps, orgId: string, ids: readonly string[]): Promise<Map<string, string>>;
}

/**
 * A section of a role's home page: the work and figures that role owns in this module. Shown to a
 * user who has one of `roles` and holds `permission` (a role alone never opens data).
 */
export interface HomeSection {
  id: string;
  roles: readonly Role[];
  permission: Permission;
  /** Position on the page, smallest first. */
  order: number;
  /** The section's figures for the viewer, in the viewer's organisation only. */
  load(deps: Deps, viewer: HomeViewer): Promise<Record<string, unknown>>;
}

export interface HomeViewer {
  orgId: string;
  userId: string;
  now: Date;
  /** The request's language: labels a section words itself (categories, request types) are in it. */
  locale: Locale;
}

/** A contribution with the name of the module that made it. */
export interface Contributed<T> {
  module: string;
  handler: T;
}

/**
 * What modules contribute to one another, collected from the manifests by the composition root
 * (src/runtime.ts) and handed to every module in `deps.registries`: no module reads the module list.
 * Lists keep the order of src/modules.ts (customers before the modules that refer to them).
 */
export interface ModuleRegistries {
  subjectData: readonly Contributed<SubjectDataHandler>[];
  retention: readonly Contributed<RetentionHandler>[];
  inventory: readonly Contributed<DataInventoryEntry>[];
  advisorHandover: readonly Contributed<AdvisorHandoverHandler>[];
  home: readonly Contributed<HomeSection>[];
  kpis: readonly Contributed<KpiDefinition>[];
  auditTargets: readonly Contributed<AuditTargetResolver>[];
}

/** Collects the registries from the manifests, in their order. */
export function registriesOf(modules: readonly ModuleManifest[]): ModuleRegistries {
  const each = <T>(pick: (m: ModuleManifest) => readonly T[]): Contributed<T>[] =>
    modules.flatMap((m) => pick(m).map((handler) => ({ module: m.name, handler })));
  return {
    subjectData: each((m) => (m.subjectData ? [m.subjectData] : [])),
    retention: each((m) => m.retention ?? []),
    inventory: each((m) => m.inventory ?? []),
    advisorHandover: each((m) => (m.advisorHandover ? [m.advisorHandover] : [])),
    home: each((m) => m.home ?? []),
    kpis: each((m) => m.kpis ?? []),
    auditTargets: each((m) => m.auditTargets ?? []),
  };
}

/** An advisor's open work goes to their successor, in the handover's transaction. Returns how many records moved. */
export type AdvisorHandoverHandler = (
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  handover: { orgId: string; fromId: string; toId: string; now: Date },
) => Promise<number>;

/**
 * The erasure path (dsr's eraseSubject: every subject-data handler, then the subject key), given
 * to retention handlers that anonymise data subjects so they erase exactly as a request would.
 */
export type SubjectEraser = (deps: Deps, tx: Db, ctx: RequestContext, orgId: string, subjectId: string) => Promise<unknown>;

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
  purge(
    deps: Deps,
    tx: Db,
    ctx: RequestContext,
    orgId: string,
    ids: readonly string[],
    cutoff: Date,
    eraseSubject: SubjectEraser,
  ): Promise<string[]>;
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

/** A text in both languages of the product. */
export interface Bilingual {
  fr: string;
  en: string;
}

/** Local days `from`..`to` (YYYY-MM-DD, both included) in the time zone `tz` (the organisation's). */
export interface KpiDayRange {
  from: string;
  to: string;
  tz: string;
}

/**
 * What a KPI stores for one day and one breakdown value (`dimension`, '' for the whole): the parts
 * a period's value is made of, so that a month is computed from its days without the records:
 * `num` alone for a count, `num`/`den` for a rate, `samples` (the durations) for a median or p90.
 */
export interface KpiDayValue {
  day: string;
  dimension: string;
  num: number;
  den?: number | null;
  samples?: number[] | null;
}

/**
 * How a period's value comes from its days: a count adds up; a rate is the sum of numerators over
 * the sum of denominators (never an average of daily rates), times `scale`; a quantile is taken
 * over all the period's samples.
 */
export type KpiAggregation = { kind: 'sum' } | { kind: 'ratio'; scale: number } | { kind: 'quantile'; q: number };

export type KpiUnit = 'count' | 'percent' | 'hours' | 'days' | 'score' | 'per_1000';

/** An audit event as the KPI refresh reads it: which record changed (ids and codes only). */
export interface KpiChange {
  type: string;
  targetType: string | null;
  targetId: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * The records a group of KPIs is computed from, and how to tell which days a change touched.
 * A change touches the day it happened on (always marked by the refresh) and, for a record entered
 * with past dates (a phone complaint, an imported consent), the days of those dates: `affectedDays`.
 */
export interface KpiSource {
  id: string;
  /** Prefixes of the audit event types that change these records (`complaint.`). */
  changedBy: readonly string[];
  affectedDays(db: Db, orgId: string, tz: string, changes: readonly KpiChange[]): Promise<string[]>;
}

/** One record behind a figure, as the drill-down lists it (ids and codes, no personal text). */
export interface KpiRecord {
  id: string;
  reference: string;
  at: string;
  facts: Record<string, string | number | boolean | null>;
  /** Where the record opens in the back office, if it has a page. */
  path: string | null;
}

/**
 * One indicator of the catalogue: what it means (shown on its definition page), who owns it, its
 * default target, and how a day's value is computed for an organisation. A KPI whose records do
 * not exist in the product yet has `source: null`: it is listed with "no data yet", never a number.
 */
export interface KpiDefinition {
  /** Stable key, `<module>.<what>`. */
  key: string;
  name: Bilingual;
  /** The formula in words, with the records counted and the day a record counts on. */
  formula: Bilingual;
  /** Tables the values come from. */
  records: readonly string[];
  unit: KpiUnit;
  /** The role that answers for the figure. */
  owner: Role;
  /** The default objective; an organisation sets its own per period. */
  target: { value: number; direction: 'higher' | 'lower' } | null;
  aggregation: KpiAggregation;
  /** What the breakdown rows (`dimension`) are, if the KPI has any. */
  breakdown?: Bilingual;
  /**
   * The catalogue prefix whose `<prefix>.<dimension>` names each breakdown value for people
   * (e.g. `complaints.categories`); a value without a message (a purpose's own key) shows as it is.
   */
  breakdownLabels?: string;
  source: KpiSource | null;
  /** The values of the days of `range` that have any (a count with no record has no row: 0). */
  compute?(db: Db, orgId: string, range: KpiDayRange): Promise<KpiDayValue[]>;
  /** The records behind the figure of `range` (one breakdown value or all), for whoever holds `permission`. */
  drill?: {
    permission: Permission;
    records(db: Db, orgId: string, range: KpiDayRange, dimension: string | null, limit: number): Promise<KpiRecord[]>;
    /**
     * The catalogue prefix naming each coded fact for people (`category` -> `complaints.categories`):
     * the drill-down reads "Facturation", not `billing`. A fact of comma-separated codes is named code
     * by code; a code without a message (a purpose's own key) shows as it is.
     */
    factLabels?: Readonly<Record<string, string>>;
  };
}
