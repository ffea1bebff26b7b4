import type { Actor } from '../context.ts';
import { hasPermission } from '../context.ts';
import type { KpiDefinition } from '../module.ts';

/**
 * Whether the viewer may open the records behind a KPI: a KPI reader sees every figure (they are
 * aggregates), but the records only with the permission that reads them in their own module.
 */
export function canDrill(actor: Actor, kpi: Pick<KpiDefinition, 'drill' | 'source'>): boolean {
  return kpi.source !== null && kpi.drill !== undefined && hasPermission(actor, kpi.drill.permission);
}

/** Whether the viewer sets the organisation's objectives (those who answer for the figures). */
export function canSetObjectives(actor: Actor): boolean {
  return hasPermission(actor, 'kpi:manage');
}
