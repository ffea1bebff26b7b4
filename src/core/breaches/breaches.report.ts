/**
 * The register's two outputs for the authority file: a printable report of one breach
 * (server-rendered, accessible HTML, readable without JavaScript, printed from the browser) and
 * the CSV export of the whole register (GDPR Art. 33(5): documentation the authority can check).
 */
import { html, paragraphs, type SafeHtml } from '../../../web/portal/html.ts';
import { printableStyle, printableTable } from '../../../web/portal/printable.ts';
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { recordsToCsv, separatorFor } from '../csv.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { isLateNotification } from './breaches.policy.ts';
import type { BreachRow, SupplementRow } from './breaches.repo.ts';
import type { TimelineEntry } from './breaches.queries.ts';

const STYLE = printableStyle('.late{font-weight:700;color:#8a1c1c}main{max-width:52rem}@media print{section{break-inside:avoid}}');

/** The printable report of one breach, in `locale`, times in the organisation's zone. */
export function renderBreachReport(input: { breach: BreachRow; supplements: SupplementRow[]; timeline: TimelineEntry[]; org: OrganisationRow; locale: Locale; now: Date }): string {
  const { breach: b, supplements, timeline, org, locale, now } = input;
  const m = (key: string, params?: Record<string, string | number>) => t(locale, `breaches.${key}`, params);
  const dates = dateFormatter(locale, org.timezone);
  const at = (d: Date | null) => (d ? dates.dateTime(d) : m('report.unknown'));
  const row = (label: string, value: SafeHtml | string | number | null) => html`<dt>${label}</dt><dd>${value === null || value === '' ? m('report.unknown') : value}</dd>`;
  // A draft's unknown parts read "not given" in the report rather than as empty paragraphs.
  const prose = (value: string | null) => (value ? paragraphs(value) : null);
  const late = b.authorityNotifiedAt ? isLateNotification(b.authorityNotifiedAt, b.authorityDueAt) : null;
  const authority: SafeHtml =
    b.status === 'not_notified' || (b.status === 'closed' && b.waivedAt)
      ? html`${row(m('report.decision'), m('authorityDecision.not_notified'))}${row(m('fields.waiverReason'), paragraphs(b.waiverReason ?? ''))}${row(m('report.decidedAt'), at(b.waivedAt))}`
      : b.authorityNotifiedAt
        ? html`${row(m('report.decision'), m('authorityDecision.notified'))}${row(m('fields.notifiedAt'), at(b.authorityNotifiedAt))}${row(m('fields.authorityReference'), b.authorityReference)}${row(
            m('fields.channel'),
            b.authorityChannel ? m(`channel.${b.authorityChannel}`) : null,
          )}${row(m('report.onTime'), late ? html`<span class="late">${m('report.lateYes')}</span>` : m('report.lateNo'))}${late ? row(m('fields.delayReasons'), paragraphs(b.delayReasons ?? '')) : ''}`
        : row(m('report.decision'), m('authorityDecision.pending'));
  const subjects: SafeHtml = html`${row(m('fields.subjectsDecision'), m(`subjectsDecision.${b.subjectsDecision}`))}${
    b.subjectsDecision === 'notified' ? html`${row(m('fields.subjectsNotifiedAt'), at(b.subjectsNotifiedAt))}${row(m('fields.subjectsNotifiedCount'), b.subjectsNotifiedCount)}` : ''
  }${
    b.subjectsExemption
      ? html`${row(m('fields.exemption'), m(`exemption.${b.subjectsExemption}`))}${row(m('fields.exemptionReason'), paragraphs(b.subjectsExemptionReason ?? ''))}${
          b.publicCommunication ? row(m('fields.publicCommunication'), paragraphs(b.publicCommunication)) : ''
        }`
      : ''
  }`;
  const title = m('report.title', { reference: b.reference });
  const colon = t(locale, 'backoffice.common.colon');
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
<p>${m('report.intro')}</p>
</header>
<section aria-labelledby="s-facts">
<h2 id="s-facts">${m('report.facts')}</h2>
<dl>
${row(m('fields.reference'), b.reference)}
${row(m('fields.title'), b.title)}
${row(m('fields.status'), m(`status.${b.status}`))}
${row(m('fields.awareAt'), at(b.awareAt))}
${row(m('fields.occurredAt'), b.occurredAt ? at(b.occurredAt) : null)}
${row(m('fields.discoverySource'), b.discoverySource ? m(`source.${b.discoverySource}`) : null)}
${row(m('fields.description'), paragraphs(b.description))}
</dl>
</section>
<section aria-labelledby="s-content">
<h2 id="s-content">${m('report.content')}</h2>
<dl>
${row(m('fields.breachTypes'), b.breachTypes.map((x) => m(`type.${x}`)).join(', '))}
${row(m('fields.dataCategories'), prose(b.dataCategories))}
${row(m('fields.subjectCategories'), prose(b.subjectCategories))}
${row(m('fields.approxSubjects'), b.approxSubjects)}
${row(m('fields.approxRecords'), b.approxRecords)}
${row(m('fields.dpoContact'), b.dpoContact)}
${row(m('fields.consequences'), prose(b.consequences))}
${row(m('fields.measures'), prose(b.measures))}
</dl>
</section>
<section aria-labelledby="s-risk">
<h2 id="s-risk">${m('report.risk')}</h2>
<dl>
${row(m('fields.risk'), m(`risk.${b.risk}`))}
${row(m('fields.riskReasons'), prose(b.riskReasons))}
</dl>
</section>
<section aria-labelledby="s-authority">
<h2 id="s-authority">${m('report.authority')}</h2>
<dl>
${row(m('fields.authorityDueAt'), at(b.authorityDueAt))}
${authority}
</dl>
${
  supplements.length > 0
    ? html`<h3>${m('report.supplements')}</h3>
${printableTable({
        caption: html`<caption class="meta">${m('report.supplementsCaption')}</caption>`,
        headers: [m('fields.providedAt'), m('fields.content')],
        colon,
        rows: supplements.map((s) => [at(s.providedAt), paragraphs(s.content)]),
      })}`
    : ''
}
</section>
<section aria-labelledby="s-subjects">
<h2 id="s-subjects">${m('report.subjects')}</h2>
<dl>${subjects}</dl>
</section>
<section aria-labelledby="s-timeline">
<h2 id="s-timeline">${m('report.timeline')}</h2>
${printableTable({
  caption: html`<caption class="meta">${m('report.timelineCaption')}</caption>`,
  headers: [m('report.when'), m('report.what')],
  colon,
  rows: timeline.map((e) => [at(e.at), m(`event.${e.type.replace('breach.', '')}`)]),
})}
</section>
</main>
</body>
</html>`.value
  );
}

/** The register as CSV, one line per breach, headers and codes in `locale`, times in UTC (ISO 8601). */
export function renderRegisterCsv(rows: BreachRow[], locale: Locale): string {
  const m = (key: string) => t(locale, `breaches.${key}`);
  const iso = (d: Date | null) => d?.toISOString() ?? '';
  const columns: [string, (b: BreachRow) => string | number][] = [
    ['fields.reference', (b) => b.reference],
    ['fields.title', (b) => b.title],
    ['fields.status', (b) => m(`status.${b.status}`)],
    ['fields.awareAt', (b) => iso(b.awareAt)],
    ['fields.occurredAt', (b) => iso(b.occurredAt)],
    ['fields.discoverySource', (b) => (b.discoverySource ? m(`source.${b.discoverySource}`) : '')],
    ['fields.description', (b) => b.description],
    ['fields.breachTypes', (b) => b.breachTypes.map((x) => m(`type.${x}`)).join(' | ')],
    ['fields.dataCategories', (b) => b.dataCategories ?? ''],
    ['fields.subjectCategories', (b) => b.subjectCategories ?? ''],
    ['fields.approxSubjects', (b) => b.approxSubjects ?? ''],
    ['fields.approxRecords', (b) => b.approxRecords ?? ''],
    ['fields.dpoContact', (b) => b.dpoContact ?? ''],
    ['fields.consequences', (b) => b.consequences ?? ''],
    ['fields.measures', (b) => b.measures ?? ''],
    ['fields.risk', (b) => m(`risk.${b.risk}`)],
    ['fields.riskReasons', (b) => b.riskReasons ?? ''],
    ['fields.authorityDueAt', (b) => iso(b.authorityDueAt)],
    ['fields.notifiedAt', (b) => iso(b.authorityNotifiedAt)],
    ['fields.authorityReference', (b) => b.authorityReference ?? ''],
    ['fields.channel', (b) => (b.authorityChannel ? m(`channel.${b.authorityChannel}`) : '')],
    ['report.onTime', (b) => (b.authorityNotifiedAt ? m(isLateNotification(b.authorityNotifiedAt, b.authorityDueAt) ? 'report.lateYes' : 'report.lateNo') : '')],
    ['fields.delayReasons', (b) => b.delayReasons ?? ''],
    ['fields.waiverReason', (b) => b.waiverReason ?? ''],
    ['fields.subjectsDecision', (b) => m(`subjectsDecision.${b.subjectsDecision}`)],
    ['fields.subjectsNotifiedAt', (b) => iso(b.subjectsNotifiedAt)],
    ['fields.subjectsNotifiedCount', (b) => b.subjectsNotifiedCount],
    ['fields.exemption', (b) => (b.subjectsExemption ? m(`exemption.${b.subjectsExemption}`) : '')],
    ['fields.exemptionReason', (b) => b.subjectsExemptionReason ?? ''],
    ['fields.publicCommunication', (b) => b.publicCommunication ?? ''],
    ['fields.closedAt', (b) => iso(b.closedAt)],
  ];
  const record = (value: (column: (typeof columns)[number]) => string | number) => Object.fromEntries(columns.map((c) => [m(c[0]), value(c)]));
  if (rows.length === 0) {
    // An empty register still says what it would hold: the header line alone.
    return `${recordsToCsv([record(() => '')], separatorFor(locale)).split('\r\n')[0] ?? ''}\r\n`;
  }
  return recordsToCsv(
    rows.map((b) => record((c) => c[1](b))),
    separatorFor(locale),
  );
}
