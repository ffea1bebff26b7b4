/**
 * SLA settings of an organisation, per category: the terms new complaints are held to. Changing
 * them never moves the deadlines of complaints already received (their terms are fixed at
 * receipt); every change is audited with the old and new terms (numbers, no personal data).
 */
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound, type Issue } from '../errors.ts';
import { toLocalDate } from '../../rules/index.ts';
import * as repo from './complaints.repo.ts';
import { defaultSlaTerms, SLA_BOUNDS, type SlaTerms } from './complaints.sla.ts';
import type { COMPLAINT_CATEGORIES } from './complaints.tables.ts';
import { ALL_CATEGORIES } from './complaints.tables.ts';

export type SlaScope = typeof ALL_CATEGORIES | (typeof COMPLAINT_CATEGORIES)[number];

/**
 * The terms for a new complaint of `category` received at `receivedAt`, from the organisation's
 * settings (read once for a batch of intakes): category, else organisation, else the rules' defaults.
 */
export function slaTermsFrom(settings: repo.IntakeSettings['sla'], category: string, receivedAt: Date, tz: string): SlaTerms {
  const row = settings.find((r) => r.category === category) ?? settings.find((r) => r.category === ALL_CATEGORIES);
  if (row) return { ackBusinessDays: row.ackBusinessDays, answerAmount: row.answerAmount, answerUnit: row.answerUnit };
  return defaultSlaTerms(toLocalDate(receivedAt, tz));
}

/** Throws a validation error naming the field when terms are out of bounds. */
export function checkTerms(terms: SlaTerms): void {
  const answer = SLA_BOUNDS.answer[terms.answerUnit];
  const issues: Issue[] = [];
  const check = (path: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min) issues.push({ path, code: 'too_small', params: { minimum: min } });
    else if (value > max) issues.push({ path, code: 'too_big', params: { maximum: max } });
  };
  check('ackBusinessDays', terms.ackBusinessDays, SLA_BOUNDS.ackBusinessDays.min, SLA_BOUNDS.ackBusinessDays.max);
  check('answerAmount', terms.answerAmount, answer.min, answer.max);
  if (issues.length > 0) throw new AppError('validation', {}, issues);
}

/** The organisation's settings as the settings page shows them, with the defaults in force today. */
export async function getSlaSettings(deps: Deps, ctx: RequestContext) {
  const orgId = requireOrg(ctx);
  const rows = await repo.findSlaSettings(deps.db, orgId);
  return {
    defaults: defaultSlaTerms(toLocalDate(deps.clock.now(), 'Europe/Paris')),
    bounds: SLA_BOUNDS,
    settings: rows.map((r) => ({ category: r.category, ackBusinessDays: r.ackBusinessDays, answerAmount: r.answerAmount, answerUnit: r.answerUnit, updatedAt: r.updatedAt.toISOString() })),
  };
}

/** Sets the terms of the organisation (`*`) or of one category. */
export async function setSlaSetting(deps: Deps, ctx: RequestContext, category: SlaScope, terms: SlaTerms) {
  const orgId = requireOrg(ctx);
  checkTerms(terms);
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { previous } = await repo.upsertSlaSetting(tx, { orgId, category, ...terms, updatedBy: actorId(ctx.actor), updatedAt: now });
    await deps.audit.record(tx, ctx, {
      type: 'complaint.sla_configured',
      target: { type: 'complaint_sla', id: category },
      payload: { category, previous: previous ? { ackBusinessDays: previous.ackBusinessDays, answerAmount: previous.answerAmount, answerUnit: previous.answerUnit } : null, terms },
    });
  });
  return getSlaSettings(deps, ctx);
}

/** Removes the terms of a category (it falls back to the organisation's) or of the organisation (to the defaults). */
export async function resetSlaSetting(deps: Deps, ctx: RequestContext, category: SlaScope) {
  const orgId = requireOrg(ctx);
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteSlaSetting(tx, orgId, category))) throw notFound('complaint_sla');
    await deps.audit.record(tx, ctx, { type: 'complaint.sla_reset', target: { type: 'complaint_sla', id: category }, payload: { category } });
  });
  return getSlaSettings(deps, ctx);
}

/** The categories whose complaints go to a specialist (an advisor with the category among their skills). */
export async function getSpecialistCategories(deps: Deps, ctx: RequestContext): Promise<{ categories: string[] }> {
  return { categories: await repo.findSpecialistCategories(deps.db, requireOrg(ctx)) };
}

/** Sets the categories that need a specialist (new complaints only); audited. */
export async function setSpecialistCategories(deps: Deps, ctx: RequestContext, categories: readonly (typeof COMPLAINT_CATEGORIES)[number][]): Promise<{ categories: string[] }> {
  const orgId = requireOrg(ctx);
  const unique = [...new Set(categories)].sort();
  await deps.db.transaction(async (tx) => {
    await repo.replaceSpecialistCategories(tx, orgId, unique, deps.clock.now());
    await deps.audit.record(tx, ctx, { type: 'complaint.specialists_configured', target: { type: 'complaint_sla', id: 'specialists' }, payload: { categories: unique } });
  });
  return { categories: unique };
}
