/**
 * Ethics you can measure (issue 14): the KPI catalogue, which every module fills through its
 * manifest (`kpis`), the daily values kept per organisation by a refresh job fed by the audit log,
 * and the dashboard's API. The figures are aggregates; the records behind them open only with the
 * permission of their own module.
 */
import type { ModuleManifest } from '../module.ts';
import { kpiEvents } from './kpi.events.ts';
import { refreshCron, refreshJob } from './kpi.refresh.ts';
import { kpiRoutes } from './kpi.routes.ts';
import { kpiHomeSummary } from './kpi.queries.ts';

export const kpiModule: ModuleManifest = {
  name: 'kpi',
  permissions: ['kpi:read', 'kpi:manage'],
  auditEvents: kpiEvents,
  routes: kpiRoutes,
  jobs: [refreshJob],
  crons: [refreshCron],
  nav: [{ id: 'kpi', path: '/app/kpis', labelKey: 'nav.kpis', permission: 'kpi:read', order: 80 }],
  // The ethics officer's home leads to the dashboard; the others who answer for figures see it too.
  home: [
    {
      id: 'kpi.summary',
      roles: ['ethics_officer', 'dpo', 'supervisor', 'auditor'],
      permission: 'kpi:read',
      order: 5,
      load: kpiHomeSummary,
    },
  ],
};

// Public API: the SQL helpers the modules' KPI queries share, and the refresh (CLI, tests).
export { chunks, distinct, localDay, readSamples, samplesOf, uuidList, withinDays } from './kpi.sql.ts';
export { dayIn } from './kpi.math.ts';
export { rebuildAll, rebuildOrganisation, refreshAll, refreshOrganisation, REFRESH_JOB } from './kpi.refresh.ts';
export type { RefreshOutcome } from './kpi.refresh.ts';
export { findAllValues as findAllKpiValues } from './kpi.repo.ts';
export { findPeriodFigures } from './kpi.queries.ts';
export type { KpiFigures, Period as KpiPeriod } from './kpi.queries.ts';
export { meetsTarget, previousPeriod } from './kpi.math.ts';
export * as kpiSchemas from './kpi.schemas.ts';
export { findKpisOffTarget, type OffTargetKpi } from './kpi.queries.ts';
