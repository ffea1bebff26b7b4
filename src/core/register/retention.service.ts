/**
 * Retention (GDPR Art. 5(1)(e) storage limitation): the organisation's rules (defaults or its own
 * periods), a dry run that lists what would go, and the run that purges it through each module's
 * handler, one audited transaction per batch, recorded as a retention run for the DPO.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorId, requireOrg, systemContext, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import type { Contributed, ModuleRegistries, RetentionHandler } from '../module.ts';
import { eraseSubject } from '../dsr/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { defineJob } from '../../worker/jobs.ts';
import { t } from '../../i18n/index.ts';
import { RETENTION_RULE_KEYS, type RetentionRuleKey } from './register.taxonomy.ts';
import { meetsMinimum, RETENTION_DEFAULTS, retentionCutoff, type RetentionPeriod, type RetentionUnit } from './retention.rules.ts';
import type { RetentionRunResult } from './register.tables.ts';
import * as repo from './register.repo.ts';

/** Ids purged per transaction: bounded transactions and audit payloads. */
export const PURGE_BATCH = 200;
/** Ids shown per rule in a dry run. */
export const SAMPLE_SIZE = 10;

/** A module's retention handler, named after its module. */
export type NamedRetentionHandler = Contributed<RetentionHandler>;

/**
 * Every module's handlers, customers last: a customer is held while records under longer rules
 * (complaints, requests, consent proofs) refer to them, so those rules run first in a run.
 */
export function retentionHandlers(registries: ModuleRegistries): NamedRetentionHandler[] {
  const all = registries.retention;
  return [...all.filter((h) => h.handler.rule !== 'customer.inactive'), ...all.filter((h) => h.handler.rule === 'customer.inactive')];
}

/** A rule as the organisation applies it. */
export interface EffectiveRule {
  rule: RetentionRuleKey;
  period: RetentionPeriod;
  defaultPeriod: RetentionPeriod;
  minimum: RetentionPeriod;
  custom: boolean;
  enforcement: 'auto' | 'manual';
  source: string;
  /** Tables the inventory puts under this rule, as `module.table`. */
  tables: string[];
  /** Modules whose handler enforces it. */
  handledBy: string[];
}

/** Every rule with the organisation's period (its own setting, or the default). */
export async function findEffectiveRules(deps: Deps, orgId: string, registries: ModuleRegistries = deps.registries): Promise<EffectiveRule[]> {
  const settings = new Map((await repo.findRetentionSettings(deps.db, orgId)).map((s) => [s.rule, s]));
  return RETENTION_RULE_KEYS.map((rule) => {
    const d = RETENTION_DEFAULTS[rule];
    const s = settings.get(rule);
    return {
      rule,
      period: s ? { amount: s.amount, unit: s.unit } : d.period,
      defaultPeriod: d.period,
      minimum: d.minimum,
      custom: Boolean(s),
      enforcement: d.enforcement,
      source: d.source,
      tables: registries.inventory.filter((e) => e.handler.retention === rule).map((e) => `${e.module}.${e.handler.table}`),
      handledBy: [...new Set(registries.retention.filter((h) => h.handler.rule === rule).map((h) => h.module))],
    };
  });
}

/** At most a century in any unit: 36,600 years would overflow the dates computed from it (found by the fuzzer). */
const MAX_AMOUNT = { days: 100 * 366, months: 100 * 12, years: 100 } as const;
export const UpdateRuleSchema = z
  .object({ amount: z.number().int().min(0).max(100 * 366), unit: z.enum(['days', 'months', 'years']) })
  .strict()
  .refine((r) => r.amount <= MAX_AMOUNT[r.unit], { path: ['amount'], message: 'invalid_value' });
export type UpdateRuleInput = z.infer<typeof UpdateRuleSchema>;

/** "3 years", "61 jours": a period in the reader's language. */
export function formatPeriod(locale: RequestContext['locale'], period: RetentionPeriod): string {
  // Plural category of the language (French: 0 and 1 are singular), keys `<unit>_one` / `<unit>_other`.
  const form = new Intl.PluralRules(locale).select(period.amount) === 'one' ? 'one' : 'other';
  return t(locale, `register.unit.${period.unit}_${form}`, { count: period.amount });
}

/**
 * Sets the organisation's period for a rule, never below the rule's minimum (e.g. a used
 * withdrawal link must outlive the link, or a replay would be accepted).
 */
export async function updateRetentionRule(deps: Deps, ctx: RequestContext, rule: RetentionRuleKey, input: UpdateRuleInput): Promise<EffectiveRule> {
  const orgId = requireOrg(ctx);
  const period = { amount: input.amount, unit: input.unit as RetentionUnit };
  const { minimum } = RETENTION_DEFAULTS[rule];
  if (!meetsMinimum(period, minimum)) {
    throw new AppError('validation', {}, [{ path: 'amount', code: 'too_small', params: { minimum: formatPeriod(ctx.locale, minimum) } }]);
  }
  await deps.db.transaction(async (tx) => {
    await repo.upsertRetentionSetting(tx, { orgId, rule, amount: period.amount, unit: period.unit, updatedBy: actorId(ctx.actor), updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'retention_rule.updated', target: { type: 'retention_rule', id: rule }, payload: { rule, amount: period.amount, unit: period.unit } });
  });
  const updated = (await findEffectiveRules(deps, orgId)).find((r) => r.rule === rule);
  if (!updated) throw notFound('retention_rule');
  return updated;
}

/** What one handler would purge now. */
export interface RetentionPlanItem {
  rule: RetentionRuleKey;
  module: string;
  action: 'delete' | 'anonymise';
  cutoff: Date;
  ids: string[];
  held: number;
}

async function timezoneOf(deps: Deps, orgId: string): Promise<string> {
  const org = await findOrganisationById(deps.db, orgId);
  if (!org) throw notFound('organisation');
  return org.timezone;
}

/** Cutoff per rule at `now`, in the organisation's time zone. */
async function cutoffs(deps: Deps, orgId: string, registries: ModuleRegistries): Promise<Map<RetentionRuleKey, Date>> {
  const tz = await timezoneOf(deps, orgId);
  const now = deps.clock.now();
  return new Map((await findEffectiveRules(deps, orgId, registries)).map((r) => [r.rule, retentionCutoff(now, tz, r.period)]));
}

/** The dry run: for each handler, what is past its limit and what a hold keeps. Changes nothing. */
export async function planRetention(deps: Deps, ctx: RequestContext, registries: ModuleRegistries = deps.registries): Promise<RetentionPlanItem[]> {
  const orgId = requireOrg(ctx);
  const limits = await cutoffs(deps, orgId, registries);
  const plan: RetentionPlanItem[] = [];
  for (const { module, handler } of retentionHandlers(registries)) {
    const cutoff = limits.get(handler.rule);
    if (!cutoff) continue;
    const { ids, held } = await handler.findExpired(deps, deps.db, orgId, cutoff);
    plan.push({ rule: handler.rule, module, action: handler.action, cutoff, ids, held });
  }
  return plan;
}

/**
 * Runs retention for the organisation of `ctx`: each handler in turn, its rows purged in batches,
 * each batch in one transaction with its `retention.purged` audit event (ids and count only).
 * Stops at the first failing rule (later rules may depend on it) and records the run either way.
 */
export async function runRetention(deps: Deps, ctx: RequestContext, trigger: 'cron' | 'manual', registries: ModuleRegistries = deps.registries): Promise<repo.RetentionRunRow> {
  const orgId = requireOrg(ctx);
  const runId = randomUUID();
  const startedAt = deps.clock.now();
  const limits = await cutoffs(deps, orgId, registries);
  const results: RetentionRunResult[] = [];
  let failedRule: RetentionRuleKey | null = null;
  for (const { module, handler } of retentionHandlers(registries)) {
    const cutoff = limits.get(handler.rule);
    if (!cutoff) continue;
    try {
      const { ids, held } = await handler.findExpired(deps, deps.db, orgId, cutoff);
      let purged = 0;
      for (let i = 0; i < ids.length; i += PURGE_BATCH) {
        const batch = ids.slice(i, i + PURGE_BATCH);
        purged += await deps.db.transaction(async (tx) => {
          // Data subjects go through the erasure path, so crypto-shredding happens exactly as for a request.
          const gone = await handler.purge(deps, tx, ctx, orgId, batch, cutoff, eraseSubject);
          if (gone.length > 0) {
            await deps.audit.record(tx, ctx, { type: 'retention.purged', target: { type: 'retention_run', id: runId }, payload: { runId, rule: handler.rule, action: handler.action, count: gone.length, ids: gone } });
          }
          return gone.length;
        });
      }
      results.push({ rule: handler.rule, action: handler.action, cutoff: cutoff.toISOString(), purged, held: held + ids.length - purged });
    } catch (error) {
      // The message may quote data: only the rule is recorded; the log keeps the message for operators.
      deps.log.error({ orgId, runId, rule: handler.rule, module, err: error }, 'retention rule failed');
      failedRule = handler.rule;
      break;
    }
  }
  const purged = results.reduce((n, r) => n + r.purged, 0);
  const held = results.reduce((n, r) => n + r.held, 0);
  return deps.db.transaction(async (tx) => {
    const run = await repo.insertRun(tx, {
      id: runId,
      orgId,
      trigger,
      actorId: actorId(ctx.actor),
      status: failedRule ? 'failed' : 'succeeded',
      purged,
      held,
      results,
      failedRule,
      startedAt,
      finishedAt: deps.clock.now(),
    });
    // A run that changed nothing leaves its row for the dashboard but no audit event: the log records changes.
    if (purged > 0 || failedRule) {
      await deps.audit.record(tx, ctx, { type: 'retention_run.completed', target: { type: 'retention_run', id: runId }, payload: { runId, trigger, purged, held, failedRule } });
    }
    return run;
  });
}

/** The latest runs of the organisation. */
export async function findRetentionRuns(deps: Deps, ctx: RequestContext, limit = 50): Promise<repo.RetentionRunRow[]> {
  return repo.findRuns(deps.db, requireOrg(ctx), limit);
}

export const RETENTION_JOB = 'register.retention';

/** The daily job: one run per organisation, each isolated so one failure does not stop the others. */
export const retentionJob = defineJob({
  type: RETENTION_JOB,
  schema: z.object({}).passthrough(),
  // A failed organisation is recorded as a failed run; retrying the whole job would purge nothing new.
  maxAttempts: 1,
  async handler(deps: Deps) {
    for (const org of await repo.findAllOrganisations(deps.db)) {
      try {
        await runRetention(deps, systemContext(org.id, 'retention.daily'), 'cron');
      } catch (error) {
        deps.log.error({ orgId: org.id, err: error }, 'retention run failed');
      }
    }
  },
});
