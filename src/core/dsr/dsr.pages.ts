/** Server-rendered portal page of the subject's data-subject requests: plain forms, no JavaScript needed. */
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { html } from '../../../web/portal/html.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { consentPages as pages } from '../consent/index.ts';
import { DSR_TYPES } from './dsr.tables.ts';
import type { SubjectRequestView } from './dsr.service.ts';

/** The subject's requests with their deadline and outcome, and the form to make a new one. */
export function requestsPage(locale: Locale, org: OrganisationRow, requests: readonly SubjectRequestView[], formToken: string, flash: { done: boolean }): string {
  const p = (k: string, v?: Record<string, string>) => t(locale, `privacy.requests.${k}`, v);
  const dates = dateFormatter(locale, org.timezone);
  const list =
    requests.length === 0
      ? html`<p>${p('none')}</p>`
      : html`<table class="consent-table"><caption class="hint">${p('caption')}</caption>
<thead><tr><th scope="col">${p('colType')}</th><th scope="col">${p('colReceived')}</th><th scope="col">${p('colDue')}</th><th scope="col">${p('colStatus')}</th><th scope="col">${p('colResult')}</th></tr></thead><tbody>
${requests.map(({ request: r, downloadPath }) => {
  const result = downloadPath
    ? html`<a href="${downloadPath}">${p('download')}</a>`
    : r.refusalReason
      ? html`${r.refusalReason}`
      : r.extensionReason
        ? html`${p('extendedBecause')} ${r.extensionReason}`
        : '';
  return html`<tr><th scope="row">${t(locale, `privacy.dsrType.${r.type}`)}</th><td data-label="${p('colReceived')}">${dates.date(r.receivedAt)}</td><td data-label="${p('colDue')}">${dates.date(r.dueDate)}</td><td data-label="${p('colStatus')}">${t(locale, `privacy.dsrStatus.${r.status}`)}</td><td data-label="${p('colResult')}">${result}</td></tr>`;
})}
</tbody></table>`;
  const body = html`<h1>${p('title')}</h1>
${flash.done ? pages.alert('ok', t(locale, 'privacy.portal.done.request')) : ''}
<section aria-labelledby="list-title"><h2 id="list-title">${p('listTitle')}</h2>${list}</section>
<section aria-labelledby="new-title"><h2 id="new-title">${p('newTitle')}</h2>
<form class="privacy-form" method="post" action="${pages.base(org)}/requests">
<input type="hidden" name="formToken" value="${formToken}">
<fieldset><legend>${p('typeLegend')}</legend>
${DSR_TYPES.map((type, i) => html`<div class="choice"><input type="radio" id="type-${type}" name="type" value="${type}"${i === 0 ? html` required` : ''}><label for="type-${type}">${t(locale, `privacy.dsrType.${type}`)}</label></div>`)}
</fieldset>
<label for="details">${p('detailsLabel')}</label>
<p class="hint" id="details-hint">${p('detailsHint')}</p>
<textarea id="details" name="details" rows="4" maxlength="5000" aria-describedby="details-hint"></textarea>
<div><button type="submit">${p('submit')}</button></div>
</form></section>
<p><a href="${pages.base(org)}">${t(locale, 'privacy.portal.backToCentre')}</a></p>`;
  return pages.page(org, locale, `${pages.base(org)}/requests`, p('title'), body);
}
