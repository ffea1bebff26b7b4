import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { getCsrReport, updateNarrative } from './reporting.service.ts';
import { CsrReportDtoSchema, presentCsrReport } from './reporting.presenter.ts';
import { CsrExportQuery, CsrQuery, NarrativeSchema } from './reporting.schemas.ts';
import { exportCsrReport } from './reporting.export.ts';
import { ChromiumMissingError } from './reporting.pdf.ts';

/** The CSR report: figures and texts for the back office, its exports, and the officer's texts. */
export function reportingRoutes(deps: Deps): AnyRoute[] {
  const tags = ['reports'];
  return [
    defineRoute({
      method: 'GET',
      url: '/api/reports/csr',
      access: 'report:read',
      summary: 'The CSR report of a calendar year: GRI 417-3, GRI 418-1, ESRS S4-1 to S4-5 figures beside the year before, with the officer’s texts',
      tags,
      schema: { querystring: CsrQuery, response: { 200: CsrReportDtoSchema } },
      async handler({ ctx, query }) {
        return presentCsrReport(await getCsrReport(deps, ctx, query.period), ctx.locale, ctx.actor);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/reports/csr/export',
      access: 'report:read',
      summary: 'The CSR report as a file: accessible HTML, PDF (headless Chromium, 503 with how to install it when absent) or JSON mapped to GRI and ESRS ids',
      tags,
      schema: { querystring: CsrExportQuery, response: { 200: z.string() } },
      async handler({ ctx, query }, reply) {
        const report = presentCsrReport(await getCsrReport(deps, ctx, query.period), ctx.locale, null);
        try {
          const file = await exportCsrReport(report, query.format, ctx.locale, deps.config.publicUrl);
          return reply
            .type(file.mime)
            .header('content-disposition', `attachment; filename="${file.filename}"`)
            .header('cache-control', 'private, no-store')
            .send(file.data);
        } catch (error) {
          if (error instanceof ChromiumMissingError) throw new AppError('report.chromium_missing');
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/reports/csr/narratives',
      access: 'report:generate',
      summary: 'Write the ethics officer’s text of one section of the CSR report, for a year and a language (empty removes it; audited)',
      tags,
      schema: { body: NarrativeSchema, response: { 200: CsrReportDtoSchema } },
      async handler({ ctx, body }) {
        await updateNarrative(deps, ctx, body);
        return presentCsrReport(await getCsrReport(deps, ctx, body.period), ctx.locale, ctx.actor);
      },
    }),
  ];
}
