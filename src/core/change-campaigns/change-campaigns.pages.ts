/**
 * The portal page of a change notice: old and new terms side by side (a changed row says so in
 * words, not by colour alone: WCAG 1.4.1), the day the change applies and why it moved, the
 * deadline to terminate without charge, and "Résilier votre contrat" as one button, step 1 of the
 * three of the termination function. Plain HTML, works without JavaScript. Pure functions.
 */
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { formatMoney } from '../../i18n/money.ts';
import { html, paragraphs, type SafeHtml } from '../../../web/portal/html.ts';
import { renderPortalPage } from '../../../web/portal/layout.ts';
import type { OfferVersionRow } from '../offers/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { NoticeView } from './change-campaigns.portal.service.ts';

type Params = Record<string, string | number>;
const tr = (locale: Locale) => (key: string, params?: Params) => t(locale, `change_campaigns.portal.${key}`, params);
const pick = (text: { fr: string; en: string }, locale: Locale) => (locale === 'en' && text.en ? text.en : text.fr);

export const noticePath = (org: OrganisationRow, token: string) =>
  `/portal/${encodeURIComponent(org.slug)}/notices/${encodeURIComponent(token)}`;

const ROWS = ['name', 'price', 'summary', 'conditions', 'duration', 'renewalTerms'] as const;
type Row = (typeof ROWS)[number];

function cell(locale: Locale, v: OfferVersionRow, row: Row, currency: string): SafeHtml {
  const p = tr(locale);
  switch (row) {
    case 'name':
      return html`${pick(v.name, locale)}`;
    case 'price':
      return html`${formatMoney(locale, v.priceCents, currency)}${v.pricePeriod === 'once' ? '' : ` ${t(locale, `change_campaigns.period.${v.pricePeriod}`)}`}`;
    case 'duration':
      return html`${v.durationMonths === null ? p('noDuration') : p('durationMonths', { count: v.durationMonths })}`;
    default:
      return paragraphs(pick(v[row], locale) || '—');
  }
}

function value(v: OfferVersionRow, row: Row): string {
  return JSON.stringify(row === 'price' ? [v.priceCents, v.pricePeriod] : row === 'duration' ? v.durationMonths : v[row]);
}

export function renderNotice(org: OrganisationRow, locale: Locale, token: string, view: NoticeView): string {
  const p = tr(locale);
  const d = dateFormatter(locale, org.timezone);
  const n = view.notice;
  const title = p('title');
  const rows = ROWS.map((row) => {
    const changed = value(view.from, row) !== value(view.to, row);
    return html`<tr${changed ? html` class="changed"` : ''}>
      <th scope="row">${p(row)}<br /><span class="${changed ? 'changed-flag' : 'hint'}">${changed ? p('changed') : p('unchanged')}</span></th>
      <td data-label="${p('old', { version: view.from.version })}">${cell(locale, view.from, row, view.offer.currency)}</td>
      <td data-label="${p('new', { version: view.to.version })}">${cell(locale, view.to, row, view.offer.currency)}</td>
    </tr>`;
  });
  return renderPortalPage({
    locale,
    org,
    path: noticePath(org, token),
    title,
    body: html`<h1>${title}</h1>
      <p class="steps">${t(locale, 'contracts.portal.step', { n: 1, total: 3 })}</p>
      <p>${p('intro', { org: org.name, reference: view.reference })}</p>
      <div class="notice" role="status">
        <p><strong>${p('effective', { date: d.date(n.effectiveOn) })}</strong></p>
        ${n.moved ? html`<p>${p('moved', { planned: d.date(n.plannedEffectiveOn) })}</p>` : ''}
        <p>${p('terminateBy', { date: d.date(n.terminateBy), ref: n.ruleRef })}</p>
      </div>
      <div class="table-scroll" tabindex="0" role="region" aria-label="${p('compareCaption')}">
        <table class="consent-table compare-table">
          <caption>
            ${p('compareCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${p('term')}</th>
              <th scope="col">${p('old', { version: view.from.version })}</th>
              <th scope="col">${p('new', { version: view.to.version })}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>
      <h2>${p('terminateTitle')}</h2>
      ${
        view.contractActive
          ? html`<p>${p('terminateHelp')}</p>
              <form method="post" action="${noticePath(org, token)}/terminate">
                <p><button type="submit" class="button">${p('terminate')}</button></p>
              </form>`
          : html`<p>${p('ended')}</p>`
      }`,
  });
}

/** A link that names no notice (mistyped, cut, or made up): say so and offer the termination with the reference. */
export function renderNoticeInvalid(org: OrganisationRow, locale: Locale, path: string): string {
  const p = tr(locale);
  return renderPortalPage({
    locale,
    org,
    path,
    title: p('invalidTitle'),
    body: html`<h1>${p('invalidTitle')}</h1>
      <p>${p('invalid')}</p>
      <p><a href="/portal/${encodeURIComponent(org.slug)}/contracts/terminate">${p('terminateWithReference')}</a></p>`,
  });
}
