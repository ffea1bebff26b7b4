/**
 * The register as files: CSV for spreadsheets and a printable HTML page (GDPR Art. 30(3): the
 * records are in writing, including in electronic form; Art. 30(4): made available to the CNIL
 * on request). Pure functions of the register's data.
 */
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../../../web/portal/html.ts';
import type { ActivityRow } from './register.repo.ts';
import type { ControllerInput } from './register.service.ts';
import { separatorFor, toCsv } from '../csv.ts';


export interface RegisterData {
  orgName: string;
  controller: ControllerInput;
  activities: readonly ActivityRow[];
}

const COLUMNS = ['name', 'purposes', 'legalBasis', 'dataUse', 'subjectCategories', 'dataCategories', 'recipients', 'transfers', 'safeguards', 'erasureLimits', 'securityMeasures'] as const;
const CONTROLLER_COLUMNS = ['controllerName', 'controllerContact', 'jointControllers', 'representative', 'dpoName', 'dpoContact'] as const;

function cellOf(locale: Locale, a: ActivityRow, column: (typeof COLUMNS)[number]): string {
  switch (column) {
    case 'legalBasis':
      return a.legalBasis ? t(locale, `register.legalBasis.${a.legalBasis}`) : '';
    case 'subjectCategories':
      return a.subjectCategories.map((s) => t(locale, `register.subject.${s}`)).join(', ');
    case 'dataCategories':
      return a.dataCategories.map((c) => t(locale, `register.dataCategory.${c.replaceAll('.', '_')}`)).join(', ');
    case 'dataUse':
      return a.dataUse ?? '';
    default:
      return a[column];
  }
}

const active = (activities: readonly ActivityRow[]) => activities.filter((a) => a.status === 'active');

/** One line per active activity; the controller block (Art. 30(1)(a)) repeated on each, so every line stands alone. */
export function registerCsv(locale: Locale, data: RegisterData): string {
  const header = [...CONTROLLER_COLUMNS.map((c) => t(locale, `register.field.${c}`)), ...COLUMNS.map((c) => t(locale, `register.field.${c}`))];
  const controller = CONTROLLER_COLUMNS.map((c) => data.controller[c]);
  return toCsv([header, ...active(data.activities).map((a) => [...controller, ...COLUMNS.map((c) => cellOf(locale, a, c))])], separatorFor(locale));
}

const PRINT_CSS = `body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5;color:#1a1a1a}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #1a1a1a}
dl{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;white-space:pre-line}
.letter{font-weight:400;color:#444}.note{color:#444}
@media print{body{margin:0;font-size:10.5pt}.note{display:none}section{break-inside:avoid-page}h2{break-after:avoid}a{color:inherit;text-decoration:none}}`;

function entries(locale: Locale, pairs: readonly [field: string, letter: string, value: string][]): SafeHtml {
  return html`<dl>${pairs.map(([field, letter, value]) => html`<dt>${t(locale, `register.field.${field}`)} <span class="letter">(${letter})</span></dt><dd>${value || '—'}</dd>`)}</dl>`;
}

/** The printable register: one section per active activity, the controller first; dated in the organisation's zone. */
export function registerHtml(locale: Locale, data: RegisterData, generatedAt: Date, timeZone: string): string {
  const c = data.controller;
  const title = t(locale, 'register.print.title', { org: data.orgName });
  const body = html`<main>
<h1>${title}</h1>
<p>${t(locale, 'register.print.intro', { date: dateFormatter(locale, timeZone).date(generatedAt) })}</p>
<p class="note">${t(locale, 'register.print.howToPrint')}</p>
<section aria-labelledby="controller"><h2 id="controller">${t(locale, 'register.print.controller')}</h2>
${entries(locale, [
  ['controllerName', 'a', c.controllerName],
  ['controllerContact', 'a', c.controllerContact],
  ['jointControllers', 'a', c.jointControllers],
  ['representative', 'a', c.representative],
  ['dpoName', 'a', c.dpoName],
  ['dpoContact', 'a', c.dpoContact],
])}</section>
${active(data.activities).map(
  (a, i) => html`<section aria-labelledby="activity-${i}"><h2 id="activity-${i}">${a.name}</h2>
${entries(locale, [
  ['purposes', 'b', a.purposes],
  ['legalBasis', 'b', cellOf(locale, a, 'legalBasis')],
  ['dataUse', 'b', cellOf(locale, a, 'dataUse')],
  ['subjectCategories', 'c', cellOf(locale, a, 'subjectCategories')],
  ['dataCategories', 'c', cellOf(locale, a, 'dataCategories')],
  ['recipients', 'd', a.recipients],
  ['transfers', 'e', a.transfers],
  ['safeguards', 'e', a.safeguards],
  ['erasureLimits', 'f', a.erasureLimits],
  ['securityMeasures', 'g', a.securityMeasures],
])}</section>`,
)}
${active(data.activities).length === 0 ? html`<p>${t(locale, 'register.print.empty')}</p>` : ''}
</main>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${html`${title}`.value}</title><style>${PRINT_CSS}</style></head><body>${body.value}</body></html>`;
}
