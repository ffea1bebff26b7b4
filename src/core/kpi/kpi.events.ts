import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';

/** Audit events of the KPI module: counts and keys only (KPI values are aggregates, never personal data). */
export const kpiEvents = {
  'kpi.rebuilt': z.object({ kpis: z.number().int(), hadValues: z.boolean() }).strict(),
  'kpi_objective.set': z
    .object({ objectiveId: z.uuid(), kpi: z.string(), from: z.string(), to: z.string(), value: z.number(), direction: z.enum(['higher', 'lower']) })
    .strict(),
  'kpi_objective.removed': z.object({ objectiveId: z.uuid(), kpi: z.string() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof kpiEvents> {}
}
