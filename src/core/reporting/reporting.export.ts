/** The CSR report's three files: HTML (accessible, standalone), PDF (printed from that HTML) and JSON (mapped ids). */
import type { Locale } from '../context.ts';
import { t } from '../../i18n/index.ts';
import { renderCsrHtml } from './reporting.html.ts';
import { renderPdf } from './reporting.pdf.ts';
import type { CsrReportDto } from './reporting.schemas.ts';

export type CsrFormat = 'html' | 'pdf' | 'json';

export interface CsrFile {
  filename: string;
  mime: string;
  data: Buffer;
}

/** One file of the report; the PDF throws ChromiumMissingError where no Chromium is installed. */
export async function exportCsrReport(report: CsrReportDto, format: CsrFormat, locale: Locale, baseUrl: string, env?: NodeJS.ProcessEnv): Promise<CsrFile> {
  const base = `${locale === 'fr' ? 'rapport-rse' : 'csr-report'}-${report.organisation.slug}-${report.period}`;
  if (format === 'json') {
    // The JSON has no abilities: it is a document for a digital report, not an API answer.
    const { abilities: _abilities, ...document } = report;
    return { filename: `${base}.json`, mime: 'application/json; charset=utf-8', data: Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8') };
  }
  const page = renderCsrHtml(report, locale, baseUrl.replace(/\/$/, ''));
  if (format === 'html') return { filename: `${base}.html`, mime: 'text/html; charset=utf-8', data: Buffer.from(page, 'utf8') };
  const title = t(locale, 'reporting.title', { org: report.organisation.name, year: report.period });
  const data = await renderPdf(page, { title, pageLabel: t(locale, 'reporting.page'), ofLabel: t(locale, 'reporting.of'), ...(env ? { env } : {}) });
  return { filename: `${base}.pdf`, mime: 'application/pdf', data };
}
