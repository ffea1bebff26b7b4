import type { ModuleManifest } from '../module.ts';
import { regulatoryEvents } from './regulatory.events.ts';
import { regulatoryRoutes } from './regulatory.routes.ts';
import { regulatoryKpis } from './regulatory.kpis.ts';
import { regulatoryAuditTargets } from './regulatory.audit-targets.ts';

/**
 * The register of regulatory events (issue 14): fines, warnings, authority requests, complaints
 * from regulators and voluntary-code breaches, entered by the ethics officer or the DPO. It feeds
 * GRI 417-3 and 418-1 through its KPIs and the CSR report.
 */
export const regulatoryModule: ModuleManifest = {
  name: 'regulatory',
  permissions: ['regulatory:read', 'regulatory:manage'],
  auditEvents: regulatoryEvents,
  routes: regulatoryRoutes,
  nav: [{ id: 'regulatory', path: '/app/regulatory', labelKey: 'nav.regulatory', permission: 'regulatory:read', order: 58 }],
  inventory: [
    // Staff write the description and attach the authority's letters; they may name people
    // (the officer who answered, a complainant). The register is evidence kept with the audit trail.
    { table: 'regulatory_events', categories: ['user.workplace'], subjects: ['employees'], retention: 'audit.trail' },
    { table: 'regulatory_event_evidence', categories: ['user.content'], subjects: ['employees', 'customers'], retention: 'audit.trail' },
  ],
  kpis: regulatoryKpis,
  auditTargets: regulatoryAuditTargets,
};

// Public API: what other modules may use (the CSR report reads the register and its KPI filters).
export { addRegulatoryEvidence, findRegulatoryEvents, recordRegulatoryEvent } from './regulatory.service.ts';
export { findEvents as findRegulatoryEventRows } from './regulatory.repo.ts';
export type { RegulatoryEventRow } from './regulatory.repo.ts';
export * as regulatorySchemas from './regulatory.schemas.ts';
export * as regulatoryPresenter from './regulatory.presenter.ts';
