/** DTOs of the register and of retention, with the abilities the back office shows. */
import { z } from 'zod';
import { LEGAL_BASES } from '../consent/consent.tables.ts';
import { ACTIVITY_ORIGINS, ACTIVITY_STATUSES, RETENTION_RUN_STATUSES, RETENTION_RUN_TRIGGERS } from './register.tables.ts';
import { DATA_CATEGORIES, RETENTION_RULE_KEYS, SUBJECT_CATEGORIES } from './register.taxonomy.ts';
import { RETENTION_UNITS } from './retention.rules.ts';
import type { Actor } from '../context.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { ActivityRow, RetentionRunRow } from './register.repo.ts';
import type { ControllerInput } from './register.service.ts';
import { registerAbilities, retentionRuleAbilities } from './register.policy.ts';
import type { EffectiveRule, RetentionPlanItem } from './retention.service.ts';
import { SAMPLE_SIZE } from './retention.service.ts';

export const ControllerDtoSchema = z.object({
  controllerName: z.string(),
  controllerContact: z.string(),
  jointControllers: z.string(),
  representative: z.string(),
  dpoName: z.string(),
  dpoContact: z.string(),
  updatedAt: z.string().nullable(),
});

export const ActivityDtoSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  origin: z.enum(ACTIVITY_ORIGINS),
  name: z.string(),
  purposes: z.string(),
  legalBasis: z.enum(LEGAL_BASES).nullable(),
  dataUse: z.string().nullable(),
  subjectCategories: z.array(z.enum(SUBJECT_CATEGORIES)),
  dataCategories: z.array(z.enum(DATA_CATEGORIES)),
  recipients: z.string(),
  transfers: z.string(),
  safeguards: z.string(),
  erasureLimits: z.string(),
  securityMeasures: z.string(),
  status: z.enum(ACTIVITY_STATUSES),
  updatedAt: z.string(),
});

export const RegisterDtoSchema = z.object({
  controller: ControllerDtoSchema,
  activities: z.array(ActivityDtoSchema),
  abilities: z.object({ manage: z.boolean() }),
});

const PeriodSchema = z.object({ amount: z.number().int(), unit: z.enum(RETENTION_UNITS) });

export const RuleDtoSchema = z.object({
  rule: z.enum(RETENTION_RULE_KEYS),
  period: PeriodSchema,
  defaultPeriod: PeriodSchema,
  minimum: PeriodSchema,
  custom: z.boolean(),
  enforcement: z.enum(['auto', 'manual']),
  source: z.string(),
  tables: z.array(z.string()),
  handledBy: z.array(z.string()),
  abilities: z.object({ edit: z.boolean() }),
});

export const DryRunDtoSchema = z.object({
  generatedAt: z.string(),
  items: z.array(
    z.object({
      rule: z.enum(RETENTION_RULE_KEYS),
      module: z.string(),
      action: z.enum(['delete', 'anonymise']),
      cutoff: z.string(),
      count: z.number().int(),
      held: z.number().int(),
      sampleIds: z.array(z.string()),
    }),
  ),
});

export const RunDtoSchema = z.object({
  id: z.uuid(),
  trigger: z.enum(RETENTION_RUN_TRIGGERS),
  actorId: z.string().nullable(),
  status: z.enum(RETENTION_RUN_STATUSES),
  purged: z.number().int(),
  held: z.number().int(),
  failedRule: z.string().nullable(),
  results: z.array(z.object({ rule: z.string(), action: z.enum(['delete', 'anonymise']), cutoff: z.string(), purged: z.number().int(), held: z.number().int() })),
  startedAt: z.string(),
  finishedAt: z.string(),
});

export function presentController(c: ControllerInput & { updatedAt: Date | null }): z.infer<typeof ControllerDtoSchema> {
  return { ...c, updatedAt: c.updatedAt?.toISOString() ?? null };
}

/** The whole register (GDPR Art. 30(1)), with what `viewer` may do with it. */
export function presentRegister(view: { org: OrganisationRow; controller: ControllerInput & { updatedAt: Date | null }; activities: ActivityRow[] }, viewer: Actor): z.infer<typeof RegisterDtoSchema> {
  return { controller: presentController(view.controller), activities: view.activities.map(presentActivity), abilities: registerAbilities(viewer, view.org.id) };
}

export function presentActivity(a: ActivityRow): z.infer<typeof ActivityDtoSchema> {
  return {
    id: a.id,
    key: a.key,
    origin: a.origin,
    name: a.name,
    purposes: a.purposes,
    legalBasis: a.legalBasis,
    dataUse: a.dataUse,
    subjectCategories: a.subjectCategories.filter((s): s is (typeof SUBJECT_CATEGORIES)[number] => (SUBJECT_CATEGORIES as readonly string[]).includes(s)),
    dataCategories: a.dataCategories.filter((d): d is (typeof DATA_CATEGORIES)[number] => (DATA_CATEGORIES as readonly string[]).includes(d)),
    recipients: a.recipients,
    transfers: a.transfers,
    safeguards: a.safeguards,
    erasureLimits: a.erasureLimits,
    securityMeasures: a.securityMeasures,
    status: a.status,
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** A retention rule of organisation `orgId`, with what `viewer` may do with it. */
export function presentRule(r: EffectiveRule, orgId: string, viewer: Actor): z.infer<typeof RuleDtoSchema> {
  return { ...r, tables: r.tables, handledBy: r.handledBy, abilities: retentionRuleAbilities(viewer, orgId) };
}

export function presentPlan(items: readonly RetentionPlanItem[], generatedAt: Date): z.infer<typeof DryRunDtoSchema> {
  return {
    generatedAt: generatedAt.toISOString(),
    items: items.map((i) => ({ rule: i.rule, module: i.module, action: i.action, cutoff: i.cutoff.toISOString(), count: i.ids.length, held: i.held, sampleIds: i.ids.slice(0, SAMPLE_SIZE) })),
  };
}

export function presentRun(r: RetentionRunRow): z.infer<typeof RunDtoSchema> {
  return {
    id: r.id,
    trigger: r.trigger,
    actorId: r.actorId,
    status: r.status,
    purged: r.purged,
    held: r.held,
    failedRule: r.failedRule,
    results: r.results,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
  };
}
