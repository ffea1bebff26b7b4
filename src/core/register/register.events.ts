import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { RETENTION_RULE_KEYS } from './register.taxonomy.ts';
import { RETENTION_UNITS } from './retention.rules.ts';
import { RETENTION_RUN_TRIGGERS } from './register.tables.ts';

/** Field names an edit of the register may change (recorded by name, never by value). */
export const ACTIVITY_FIELDS = ['name', 'purposes', 'legalBasis', 'dataUse', 'subjectCategories', 'dataCategories', 'recipients', 'transfers', 'safeguards', 'erasureLimits', 'securityMeasures', 'status'] as const;
export const CONTROLLER_FIELDS = ['controllerName', 'controllerContact', 'jointControllers', 'representative', 'dpoName', 'dpoContact'] as const;

/**
 * Audit events of the register and of retention: ids, field names, rule keys and counts. Register
 * texts can name people (the DPO), so values are never logged; purged rows appear by id only.
 */
export const registerEvents = {
  'register.prefilled': z.object({ created: z.number().int(), activityIds: z.array(z.uuid()) }).strict(),
  'register_activity.created': z.object({ activityId: z.uuid() }).strict(),
  'register_activity.updated': z.object({ activityId: z.uuid(), fields: z.array(z.enum(ACTIVITY_FIELDS)) }).strict(),
  'register_controller.updated': z.object({ fields: z.array(z.enum(CONTROLLER_FIELDS)) }).strict(),
  // A period is a setting, not personal data: the new value is recorded for the DPO's trail.
  'retention_rule.updated': z.object({ rule: z.enum(RETENTION_RULE_KEYS), amount: z.number().int(), unit: z.enum(RETENTION_UNITS) }).strict(),
  'retention.purged': z.object({ runId: z.uuid(), rule: z.enum(RETENTION_RULE_KEYS), action: z.enum(['delete', 'anonymise']), count: z.number().int(), ids: z.array(z.string().max(128)) }).strict(),
  'retention_run.completed': z.object({ runId: z.uuid(), trigger: z.enum(RETENTION_RUN_TRIGGERS), purged: z.number().int(), held: z.number().int(), failedRule: z.enum(RETENTION_RULE_KEYS).nullable() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof registerEvents> {}
}
