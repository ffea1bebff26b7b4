import type { ModuleManifest } from '../module.ts';
import { reportingEvents } from './reporting.events.ts';
import { reportingRoutes } from './reporting.routes.ts';

/**
 * The CSR report (issue 14): GRI 417-3, GRI 418-1 and ESRS S4-1 to S4-5 for a calendar year,
 * computed from the KPIs and the records of the other modules, with the ethics officer's texts;
 * HTML, PDF (headless Chromium) and JSON mapped to GRI and ESRS ids (csr-mapping.json).
 */
export const reportingModule: ModuleManifest = {
  name: 'reporting',
  permissions: ['report:read', 'report:generate'],
  auditEvents: reportingEvents,
  routes: reportingRoutes,
  nav: [{ id: 'csr-report', path: '/app/reports/csr', labelKey: 'nav.csrReport', permission: 'report:read', order: 82 }],
  // The texts are the organisation's own prose about its policies; they name no data subject.
};

// Public API: the CLI builds and exports the report.
export { buildCsrReport, CSR_MAPPING } from './reporting.service.ts';
export { presentCsrReport } from './reporting.presenter.ts';
export { exportCsrReport } from './reporting.export.ts';
export type { CsrFormat } from './reporting.export.ts';
export { ChromiumMissingError, findChromium } from './reporting.pdf.ts';
export { CSR_FIGURES, CSR_SECTIONS } from './reporting.figures.ts';
export * as reportingSchemas from './reporting.schemas.ts';
