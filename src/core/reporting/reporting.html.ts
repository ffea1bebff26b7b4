/**
 * The CSR report as one accessible HTML document (WCAG 2.2 AA): a title, a table of contents,
 * one section per disclosure with a heading, the officer's text, a table of figures with its
 * caption (this year beside the year before, each linked to its KPI definition and its records),
 * and charts drawn as SVG on the server, each with a title, a description and its data as a table.
 * No script, no external resource: the same file is printed to PDF by Chromium.
 */
import { html, paragraphs, type SafeHtml } from '../../../web/portal/html.ts';
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { formatFigure } from './reporting.presenter.ts';
import type { CsrReportDto } from './reporting.schemas.ts';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;margin:0}
main{max-width:56rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:0 0 .25rem}h2{font-size:1.3rem;border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}td.num{text-align:right;white-space:nowrap}
.meta,.scope{color:#3d3d3d}.nodata{font-style:italic;color:#3d3d3d}.verify{font-size:.85em;color:#6b3d00}
nav ol{padding-left:1.2rem}a{color:#0b4fb3}a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}svg text{font-family:inherit;font-size:11px;fill:#1a1a1a}
.narrative{border-left:4px solid #d0d7de;padding-left:.8rem}
@media print{main{max-width:none;padding:0}nav{break-after:page}h2,h3{break-after:avoid}table,figure{break-inside:avoid}a{color:inherit}}
`;

const PALETTE = { current: '#0b4fb3', previous: '#8c959f' };

interface Series {
  name: string;
  color: string;
  values: (number | null)[];
}

/**
 * A grouped bar chart as SVG (no script), named by its title and description for assistive
 * technologies (role="img"); the caller prints the same numbers as a table beside it.
 */
function barChart(id: string, title: string, description: string, categories: string[], series: Series[], locale: Locale): SafeHtml {
  const width = 640;
  const height = 220;
  const left = 40;
  const bottom = 36;
  const top = 24;
  const plotH = height - bottom - top;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const step = (width - left - 10) / Math.max(1, categories.length);
  const barW = Math.max(2, (step * 0.8) / series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, max / 2, max].map((v) => Math.round(v * 10) / 10);
  const tick = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  return html`<svg id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>
${ticks.map((v) => html`<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d7de"/><text x="${left - 4}" y="${y(v) + 4}" text-anchor="end">${tick.format(v)}</text>`)}
${categories.map(
  (c, i) => html`${series.map((s, j) => {
    const v = s.values[i];
    if (v === null || v === undefined) return html``;
    return html`<rect x="${left + i * step + step * 0.1 + j * barW}" y="${y(v)}" width="${barW - 1}" height="${top + plotH - y(v)}" fill="${s.color}"/>`;
  })}<text x="${left + i * step + step / 2}" y="${height - bottom + 14}" text-anchor="middle">${c}</text>`,
)}
${series.map((s, j) => html`<rect x="${left + j * 150}" y="${height - 14}" width="10" height="10" fill="${s.color}"/><text x="${left + j * 150 + 14}" y="${height - 5}">${s.name}</text>`)}
</svg>`;
}

/** The report as a complete HTML document in `locale`. `baseUrl` makes the links work outside the app. */
export function renderCsrHtml(report: CsrReportDto, locale: Locale, baseUrl: string): string {
  const m = (key: string, params?: Record<string, string | number>) => t(locale, `reporting.${key}`, params);
  const dates = dateFormatter(locale, 'UTC');
  const year = report.period;
  const before = String(Number(year) - 1);
  const link = (path: string | null, text: string) => (path ? html`<a href="${baseUrl}${path}">${text}</a>` : html`<span class="nodata">${m('none')}</span>`);
  const cell = (text: string, isNull: boolean) => html`<td class="num${isNull ? ' nodata' : ''}">${text}</td>`;
  const intro = report.introduction[locale];
  const toc = [
    ...report.sections.map((s) => ({ id: s.id, title: s.title })),
    { id: 'targets', title: m('targetsTitle') },
    { id: 'charts', title: m('chartsTitle') },
    { id: 'method', title: m('methodTitle') },
  ];
  const sections = report.sections.map((s) => {
    const narrative = s.narrative[locale];
    return html`<section aria-labelledby="${s.id}">
<h2 id="${s.id}">${s.title}</h2>
<p class="scope">${s.scope}</p>
<h3>${m('narrativeTitle')}</h3>
${narrative ? html`<div class="narrative">${paragraphs(narrative)}</div>` : html`<p class="nodata">${m('noNarrative')}</p>`}
<table>
<caption>${m('figuresCaption', { section: s.title, year, before })}</caption>
<thead><tr><th scope="col">${m('figure')}</th><th scope="col">${year}</th><th scope="col">${before}</th><th scope="col">${m('disclosure')}</th><th scope="col">${m('definition')}</th><th scope="col">${m('records')}</th></tr></thead>
<tbody>
${s.figures.map(
  (f) => html`<tr id="fig-${f.id}"><th scope="row">${f.label}</th>${cell(f.text, f.value === null)}${cell(f.previousText, f.previous === null)}
<td>${f.mapping.framework === 'GRI' ? f.mapping.id : (f.mapping.disclosure ?? '')}${f.mapping.status === 'verify' ? html` <span class="verify">(${m('verify')})</span>` : ''}</td>
<td>${link(f.definitionPath, m('definitionLink'))}</td><td>${link(f.recordsPath, m('recordsLink'))}</td></tr>`,
)}
</tbody>
</table>
</section>`;
  });
  const targets = html`<section aria-labelledby="targets"><h2 id="targets">${m('targetsTitle')}</h2>
${
  report.targets.length === 0
    ? html`<p class="nodata">${m('noTargets')}</p>`
    : html`<table><caption>${m('targetsCaption', { year })}</caption>
<thead><tr><th scope="col">${m('indicator')}</th><th scope="col">${m('target')}</th><th scope="col">${year}</th><th scope="col">${m('met')}</th></tr></thead>
<tbody>${report.targets.map(
        (x) =>
          html`<tr><th scope="row">${x.name}</th><td class="num">${x.direction === 'higher' ? '≥' : '≤'} ${formatFigure(x.target, x.unit, locale)}</td>${cell(formatFigure(x.value, x.unit, locale), x.value === null)}<td>${x.met === null ? m('noData') : x.met ? m('yes') : m('no')}</td></tr>`,
      )}</tbody></table>`
}</section>`;
  const months = chartMonths(report, locale);
  const kinds = report.sections.find((s) => s.id === 'gri_417_3')?.figures.filter((f) => f.id !== 'gri_417_3.total' && f.id !== 'gri_417_3.fine_amounts') ?? [];
  const charts = html`<section aria-labelledby="charts"><h2 id="charts">${m('chartsTitle')}</h2>
${
  months
    ? html`<figure aria-labelledby="chart-months-cap"><figcaption id="chart-months-cap">${m('chartComplaints', { year, before })}</figcaption>
${barChart('chart-months', m('chartComplaints', { year, before }), m('chartTableBelow'), months.labels, [
  { name: year, color: PALETTE.current, values: months.current },
  { name: before, color: PALETTE.previous, values: months.previous },
], locale)}
<table><caption>${m('chartData', { chart: m('chartComplaints', { year, before }) })}</caption>
<thead><tr><th scope="col">${m('month')}</th><th scope="col">${year}</th><th scope="col">${before}</th></tr></thead>
<tbody>${months.labels.map((l, i) => html`<tr><th scope="row">${l}</th>${cell(formatFigure(months.current[i] ?? null, 'count', locale), months.current[i] === null)}${cell(formatFigure(months.previous[i] ?? null, 'count', locale), months.previous[i] === null)}</tr>`)}</tbody></table></figure>`
    : ''
}
<figure aria-labelledby="chart-417-cap"><figcaption id="chart-417-cap">${m('chartMarketing', { year, before })}</figcaption>
${barChart('chart-417', m('chartMarketing', { year, before }), m('chartTableBelow'), kinds.map((k) => k.label), [
  { name: year, color: PALETTE.current, values: kinds.map((k) => (typeof k.value === 'number' ? k.value : null)) },
  { name: before, color: PALETTE.previous, values: kinds.map((k) => (typeof k.previous === 'number' ? k.previous : null)) },
], locale)}
<p>${m('chartTableRef')} <a href="#gri_417_3">${report.sections.find((s) => s.id === 'gri_417_3')?.title ?? ''}</a></p></figure>
</section>`;
  const method = html`<section aria-labelledby="method"><h2 id="method">${m('methodTitle')}</h2>
${paragraphs(m('method', { version: report.mappingVersion }))}
<p class="meta">${m('refreshed', { date: report.refreshedAt ? dates.dateTime(report.refreshedAt) : m('never') })}</p></section>`;
  const title = m('title', { org: report.organisation.name, year });
  return `<!doctype html>${html`<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main>
<header><h1>${title}</h1><p class="meta">${m('subtitle', { from: dates.date(report.range.from), to: dates.date(report.range.to), generated: dates.dateTime(report.generatedAt) })}</p></header>
${intro ? html`<div class="narrative">${paragraphs(intro)}</div>` : ''}
<nav aria-labelledby="toc"><h2 id="toc">${m('toc')}</h2><ol>${toc.map((x) => html`<li><a href="#${x.id}">${x.title}</a></li>`)}</ol></nav>
${sections}
${targets}
${charts}
${method}
</main></body></html>`}`;
}

function chartMonths(report: CsrReportDto, locale: Locale): { labels: string[]; current: (number | null)[]; previous: (number | null)[] } | null {
  const data = report.charts.complaintsByMonth;
  if (data.length === 0) return null;
  const fmt = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { month: 'short', timeZone: 'UTC' });
  return {
    labels: data.map((d) => fmt.format(new Date(`${d.month.slice(0, 7)}-01T00:00:00Z`))),
    current: data.map((d) => d.value),
    previous: data.map((d) => d.previous),
  };
}
