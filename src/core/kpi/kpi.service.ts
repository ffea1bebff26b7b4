/**
 * The organisation's objectives: a target per KPI and period, set by those who answer for the
 * figures. They judge the dashboard ("against target") and the KPI-off-target control.
 */
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { daysBetween } from './kpi.math.ts';
import { MAX_PERIOD_DAYS } from './kpi.queries.ts';
import * as repo from './kpi.repo.ts';
import type { ObjectiveInput } from './kpi.schemas.ts';

function kpiOf(deps: Deps, key: string) {
  const entry = deps.registries.kpis.find((k) => k.handler.key === key);
  if (!entry) throw notFound('kpi');
  return entry.handler;
}

/** The objectives of one KPI, by period. */
export function findObjectives(deps: Deps, ctx: RequestContext, key: string): Promise<repo.ObjectiveRow[]> {
  kpiOf(deps, key);
  return repo.findObjectives(deps.db, requireOrg(ctx), key);
}

/**
 * Sets the target of a KPI over a period. Periods of one KPI never overlap: a period is judged
 * against one objective only (a clear 400 names the period already set).
 */
export async function setObjective(deps: Deps, ctx: RequestContext, key: string, input: ObjectiveInput): Promise<repo.ObjectiveRow> {
  const orgId = requireOrg(ctx);
  kpiOf(deps, key);
  if (input.from > input.to) throw new AppError('validation', {}, [{ path: 'to', code: 'period_order' }]);
  if (daysBetween(input.from, input.to) > MAX_PERIOD_DAYS)
    throw new AppError('validation', {}, [{ path: 'from', code: 'period_too_long', params: { days: MAX_PERIOD_DAYS } }]);
  return deps.db.transaction(async (tx) => {
    const [overlap] = await repo.findOverlappingObjectives(tx, orgId, key, input.from, input.to);
    if (overlap)
      throw new AppError('validation', {}, [{ path: 'from', code: 'objective_overlap', params: { from: overlap.from, to: overlap.to } }]);
    const row = await repo.insertObjective(tx, {
      orgId,
      kpi: key,
      from: input.from,
      to: input.to,
      value: input.value,
      direction: input.direction,
      setBy: actorId(ctx.actor) ?? 'unknown',
      setAt: deps.clock.now(),
    });
    await deps.audit.record(tx, ctx, {
      type: 'kpi_objective.set',
      target: { type: 'kpi_objective', id: row.id },
      payload: { objectiveId: row.id, kpi: key, from: row.from, to: row.to, value: row.value, direction: row.direction },
    });
    return row;
  });
}

/** Removes an objective: the period falls back to the catalogue's target. */
export async function removeObjective(deps: Deps, ctx: RequestContext, key: string, id: string): Promise<void> {
  const orgId = requireOrg(ctx);
  kpiOf(deps, key);
  await deps.db.transaction(async (tx) => {
    const row = await repo.deleteObjective(tx, orgId, key, id);
    if (!row) throw notFound('kpi_objective');
    await deps.audit.record(tx, ctx, {
      type: 'kpi_objective.removed',
      target: { type: 'kpi_objective', id },
      payload: { objectiveId: id, kpi: key },
    });
  });
}
