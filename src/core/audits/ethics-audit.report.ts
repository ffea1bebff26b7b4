/**
 * The printable report of an ethics audit: server-rendered, accessible HTML, readable without
 * JavaScript and printed from the browser. Built from the same DTO the audit page shows, so the
 * report says what the screen says: scope, checklist answers by section, findings with their
 * recommendations and remediation, the conclusion.
 */
import { html, paragraphs } from '../../../web/portal/html.ts';
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { AuditDto } from './ethics-audit.schemas.ts';

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;line-height:1.5;margin:0}
main{max-width:56rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;border-bottom:2px solid #1a1a1a;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.05rem}
dl{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.4rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}dd p{margin:0 0 .5rem}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}th,td{border:1px solid #555;padding:.3rem .5rem;text-align:left;vertical-align:top}
.nc{font-weight:700;color:#8a1c1c}.meta{color:#3d3d3d}
@media print{main{max-width:none;padding:0}a{color:inherit}h2{break-after:avoid}tr{break-inside:avoid}}
`;

/** The printable report of one audit, in `locale`, dates in the organisation's zone. */
export function renderAuditReport(input: { audit: AuditDto; org: OrganisationRow; locale: Locale; now: Date }): string {
  const { audit: a, org, locale, now } = input;
  const m = (key: string, params?: Record<string, string | number>) => t(locale, `audits.ethicsAudit.${key}`, params);
  const dates = dateFormatter(locale, org.timezone);
  const day = (d: string | null) => (d ? dates.date(new Date(`${d}T12:00:00Z`)) : m('report.none'));
  const title = m('report.title', { reference: a.reference });
  const answered = a.progress.answered;
  return (
    '<!doctype html>' +
    html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${org.name}</title>
<style>${STYLE}</style>
</head>
<body>
<main id="main">
<header>
<h1>${title}</h1>
<p class="meta">${org.legalName} — ${m('report.generatedAt', { at: dates.dateTime(now) })}</p>
</header>
<section aria-labelledby="s-audit">
<h2 id="s-audit">${m('report.audit')}</h2>
<dl>
<dt>${m('fields.template')}</dt><dd>${a.title} (${m('report.version', { version: a.templateVersion })})</dd>
<dt>${m('fields.scope')}</dt><dd>${paragraphs(a.scope)}</dd>
<dt>${m('fields.auditor')}</dt><dd>${a.auditorName ?? m('report.none')}</dd>
<dt>${m('fields.period')}</dt><dd>${day(a.startsOn)} – ${day(a.endsOn)}</dd>
<dt>${m('fields.status')}</dt><dd>${m(`status.${a.status}`)}</dd>
<dt>${m('fields.progress')}</dt><dd>${m('progress', { answered, total: a.progress.total, nonCompliant: a.progress.nonCompliant })}</dd>
</dl>
</section>
<section aria-labelledby="s-checklist">
<h2 id="s-checklist">${m('report.checklist')}</h2>
${a.sections.map(
  (s) => html`<table><caption><h3>${s.title}</h3></caption>
<thead><tr><th scope="col">${m('fields.ref')}</th><th scope="col">${m('fields.question')}</th><th scope="col">${m('fields.answer')}</th><th scope="col">${m('fields.comment')}</th></tr></thead>
<tbody>${s.items.map(
    (i) =>
      html`<tr><td>${i.ref}</td><td>${i.question}</td><td${i.answer?.answer === 'non_compliant' ? html` class="nc"` : ''}>${
        i.answer ? m(`answer.${i.answer.answer}`) : m('answer.none')
      }</td><td>${i.answer?.comment ? paragraphs(i.answer.comment) : ''}${
        i.files.length > 0 ? html`<p class="meta">${m('report.files', { count: i.files.length })}</p>` : ''
      }</td></tr>`,
  )}</tbody></table>`,
)}
</section>
<section aria-labelledby="s-findings">
<h2 id="s-findings">${m('report.findings')}</h2>
${
  a.findings.length === 0
    ? html`<p>${m('report.noFindings')}</p>`
    : a.findings.map(
        (f) => html`<h3>${f.reference} — ${f.title}</h3>
<dl>
<dt>${m('fields.severity')}</dt><dd>${t(locale, `audits.bo.severity.${f.severity}`)}</dd>
<dt>${m('fields.findingStatus')}</dt><dd>${t(locale, `audits.bo.status.${f.status}`)}</dd>
<dt>${m('fields.recommendation')}</dt><dd>${paragraphs(f.recommendation)}</dd>
</dl>
${
  f.actions.length === 0
    ? html`<p>${m('report.noActions')}</p>`
    : html`<table><caption class="meta">${m('report.actions')}</caption><thead><tr><th scope="col">${m('fields.action')}</th><th scope="col">${m('fields.owner')}</th><th scope="col">${m(
        'fields.dueOn',
      )}</th><th scope="col">${m('fields.actionStatus')}</th></tr></thead><tbody>${f.actions.map(
        (x) =>
          html`<tr><td>${x.title}</td><td>${x.ownerName ?? ''}</td><td>${day(x.dueOn)}</td><td${x.overdue ? html` class="nc"` : ''}>${t(locale, `audits.bo.actions.statuses.${x.status}`)}${
            x.overdue ? html` — ${m('report.overdue')}` : ''
          }</td></tr>`,
      )}</tbody></table>`
}`,
      )
}
</section>
<section aria-labelledby="s-conclusion">
<h2 id="s-conclusion">${m('fields.conclusion')}</h2>
${a.conclusion ? paragraphs(a.conclusion) : html`<p>${m('report.noConclusion')}</p>`}
</section>
</main>
</body>
</html>`.value
  );
}
