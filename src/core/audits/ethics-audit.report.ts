/**
 * The printable report of an ethics audit: server-rendered, accessible HTML, readable without
 * JavaScript and printed from the browser. Built from the same DTO the audit page shows, so the
 * report says what the screen says: scope, checklist answers by section, findings with their
 * recommendations and remediation, the conclusion.
 */
import { html, paragraphs } from '../../../web/portal/html.ts';
import { printableStyle, printableTable } from '../../../web/portal/printable.ts';
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { AuditDto } from './ethics-audit.schemas.ts';

const STYLE = printableStyle('.nc{font-weight:700;color:#8a1c1c}');

/** The printable report of one audit, in `locale`, dates in the organisation's zone. */
export function renderAuditReport(input: { audit: AuditDto; org: OrganisationRow; locale: Locale; now: Date }): string {
  const { audit: a, org, locale, now } = input;
  const m = (key: string, params?: Record<string, string | number>) => t(locale, `audits.ethicsAudit.${key}`, params);
  const dates = dateFormatter(locale, org.timezone);
  const day = (d: string | null) => (d ? dates.date(new Date(`${d}T12:00:00Z`)) : m('report.none'));
  const colon = t(locale, 'backoffice.common.colon');
  // An audit not closed yet has no last day: it reads "ongoing", not a dash after the dash.
  const period = a.endsOn ? m('report.period', { from: day(a.startsOn), to: day(a.endsOn) }) : m('report.periodOpen', { from: day(a.startsOn) });
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
<dt>${m('fields.period')}</dt><dd>${period}</dd>
<dt>${m('fields.status')}</dt><dd>${m(`status.${a.status}`)}</dd>
<dt>${m('fields.progress')}</dt><dd>${m('progress', { answered, total: a.progress.total, nonCompliant: a.progress.nonCompliant })}</dd>
</dl>
</section>
<section aria-labelledby="s-checklist">
<h2 id="s-checklist">${m('report.checklist')}</h2>
${a.sections.map((s) =>
  printableTable({
    caption: html`<caption><h3>${s.title}</h3></caption>`,
    headers: [m('fields.ref'), m('fields.question'), m('fields.answer'), m('fields.comment')],
    colon,
    rows: s.items.map((i) => [
      i.ref,
      i.question,
      { content: i.answer ? m(`answer.${i.answer.answer}`) : m('answer.none'), className: i.answer?.answer === 'non_compliant' ? 'nc' : undefined },
      html`${i.answer?.comment ? paragraphs(i.answer.comment) : ''}${i.files.length > 0 ? html`<p class="meta">${m('report.files', { count: i.files.length })}</p>` : ''}`,
    ]),
  }),
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
    : printableTable({
        caption: html`<caption class="meta">${m('report.actions')}</caption>`,
        headers: [m('fields.action'), m('fields.owner'), m('fields.dueOn'), m('fields.actionStatus')],
        colon,
        rows: f.actions.map((x) => [
          x.title,
          x.ownerName ?? '',
          day(x.dueOn),
          { content: html`${t(locale, `audits.bo.actions.statuses.${x.status}`)}${x.overdue ? html` — ${m('report.overdue')}` : ''}`, className: x.overdue ? 'nc' : undefined },
        ]),
      })
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
