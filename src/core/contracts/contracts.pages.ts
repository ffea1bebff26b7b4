/**
 * Portal pages of the "résilier votre contrat" and "withdraw from contract" functions: identify,
 * confirm, acknowledged (three steps, said on every page). Plain HTML and real form posts (works
 * without JavaScript), WCAG 2.2 AA: labels, errors next to their field and in a summary linking
 * to them, autocomplete tokens, what was typed kept on error. Pure functions of a view.
 */
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../../../web/portal/html.ts';
import { renderPortalPage } from '../../../web/portal/layout.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { EndAction, EndPreview, IdentifyErrors, IdentifyValues } from './contracts.portal.service.ts';

type Params = Record<string, string | number>;
const tr = (locale: Locale) => (key: string, params?: Params) => t(locale, `contracts.portal.${key}`, params);
const base = (org: OrganisationRow) => `/portal/${encodeURIComponent(org.slug)}/contracts`;
export const endPath = (org: OrganisationRow, action: EndAction) => `${base(org)}/${action === 'terminate' ? 'terminate' : 'withdraw'}`;

const attrs = (describedBy: string, invalid: boolean) =>
  html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;

function errorSummary(locale: Locale, errors: IdentifyErrors, submitId: string): SafeHtml | string {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${tr(locale)('errorSummary', { count: entries.length })}</h2>
    <ul>
      ${entries.map(([field, message]) => html`<li><a href="#${field === 'form' ? submitId : `field-${field}`}">${message}</a></li>`)}
    </ul>
  </div>`;
}

function steps(locale: Locale, n: 1 | 2 | 3): SafeHtml {
  return html`<p class="steps">${tr(locale)('step', { n, total: 3 })}</p>`;
}

function page(org: OrganisationRow, locale: Locale, path: string, title: string, body: SafeHtml, hasErrors = false): string {
  return renderPortalPage({ locale, org, path, title: hasErrors ? `${tr(locale)('errorTitlePrefix')} ${title}` : title, body: body });
}

/** Step 1: who you are and which contract (the details D.215-2 lists: name and contract reference; and the contract's address). */
export function renderIdentify(
  org: OrganisationRow,
  locale: Locale,
  action: EndAction,
  formToken: string,
  values: IdentifyValues = {},
  errors: IdentifyErrors = {},
): string {
  const p = tr(locale);
  const path = endPath(org, action);
  const submitId = `submit-identify`;
  const input = (name: 'name' | 'reference' | 'email', type: string, autocomplete: string) => {
    const id = `field-${name}`;
    const error = errors[name];
    const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="field${error ? ' field-invalid' : ''}">
      <label for="${id}">${p(`identify.${name}`)} <span class="required">(${p('required')})</span></label>
      <p class="hint" id="${id}-hint">${p(`identify.${name}Hint`)}</p>
      ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
      <input
        id="${id}"
        name="${name}"
        type="${type}"
        autocomplete="${autocomplete}"
        value="${values[name] ?? ''}"
        required
        spellcheck="false"
        ${attrs(described, Boolean(error))}
      />
    </div>`;
  };
  const title = p(`${action}.title`);
  return page(
    org,
    locale,
    path,
    title,
    html`<h1>${title}</h1>
      ${steps(locale, 1)} ${errorSummary(locale, errors, submitId)}
      <p>${p(`${action}.intro`)}</p>
      <p>${p('identify.why')}</p>
      <form method="post" action="${path}" novalidate>
        <input type="hidden" name="formToken" value="${formToken}" />
        <fieldset>
          <legend>${p('identify.legend')}</legend>
          ${input('name', 'text', 'name')} ${input('reference', 'text', 'off')} ${input('email', 'email', 'email')}
        </fieldset>
        <p><button type="submit" id="${submitId}" class="button">${p('identify.submit')}</button></p>
      </form>
      ${action === 'withdraw' ? html`<p>${p('withdraw.orTerminate')} <a href="${endPath(org, 'terminate')}">${p('terminate.title')}</a></p>` : ''}`,
    Object.keys(errors).length > 0,
  );
}

function details(locale: Locale, org: OrganisationRow, v: EndPreview): SafeHtml {
  const p = tr(locale);
  const d = dateFormatter(locale, org.timezone);
  const name = locale === 'en' && v.offerName.en ? v.offerName.en : v.offerName.fr;
  return html`<dl class="dates">
    <dt>${p('details.reference')}</dt>
    <dd>${v.reference}</dd>
    <dt>${p('details.offer')}</dt>
    <dd>${name}</dd>
    <dt>${p('details.concludedOn')}</dt>
    <dd>${d.date(v.concludedOn)}</dd>
    ${
      v.commitmentEndOn
        ? html`<dt>${p('details.commitmentEndOn')}</dt>
            <dd>${d.date(v.commitmentEndOn)}</dd>`
        : ''
    }
    <dt>${p('details.endOn')}</dt>
    <dd><strong>${d.date(v.endOn)}</strong></dd>
    <dt>${p('details.rule')}</dt>
    <dd>${v.ref}</dd>
  </dl>`;
}

/** Step 2: the contract and the end date the rules give; one button confirms. */
export function renderConfirm(
  org: OrganisationRow,
  locale: Locale,
  preview: EndPreview,
  formToken: string,
  notice: 'withdrawal_ended' | 'no_withdrawal_right' | null,
  withdrawalLastDay: string | null,
): string {
  const p = tr(locale);
  const d = dateFormatter(locale, org.timezone);
  const action = preview.action;
  const title = p(`${action}.confirmTitle`);
  return page(
    org,
    locale,
    endPath(org, action),
    title,
    html`<h1>${title}</h1>
      ${steps(locale, 2)}
      ${
        notice === 'withdrawal_ended' && withdrawalLastDay
          ? html`<div class="notice" role="status">
              <p><strong>${p('withdraw.ended', { date: d.date(withdrawalLastDay) })}</strong> ${p('withdraw.offerTerminate')}</p>
            </div>`
          : notice === 'no_withdrawal_right'
            ? html`<div class="notice" role="status">
                <p><strong>${p('withdraw.noRight')}</strong> ${p('withdraw.offerTerminate')}</p>
              </div>`
            : ''
      }
      <p>${p(`${action}.confirmIntro`)}</p>
      ${details(locale, org, preview)}
      <p>${p('confirm.mail', { email: preview.maskedEmail })}</p>
      <form method="post" action="${endPath(org, action)}/confirm" novalidate>
        <input type="hidden" name="formToken" value="${formToken}" />
        <input type="hidden" name="contract" value="${preview.contractId}" />
        <p><button type="submit" id="submit-confirm" class="button">${p(`${action}.confirmButton`)}</button></p>
      </form>
      <p><a href="/portal/${encodeURIComponent(org.slug)}">${p('confirm.cancel')}</a></p>`,
  );
}

/** Step 3: the acknowledgement, on screen (and by e-mail to the address on file). */
export function renderAcknowledged(org: OrganisationRow, locale: Locale, preview: EndPreview, at: Date): string {
  const p = tr(locale);
  const d = dateFormatter(locale, org.timezone);
  const action = preview.action;
  const title = p(`${action}.doneTitle`);
  return page(
    org,
    locale,
    endPath(org, action),
    title,
    html`<h1>${title}</h1>
      ${steps(locale, 3)}
      <div class="notice" role="status">
        <p>${p(`${action}.doneText`, { date: d.date(preview.endOn) })}</p>
        <p>${p('done.receivedAt', { at: d.dateTime(at) })}</p>
      </div>
      ${details(locale, org, preview)}
      <p>${p('done.mail', { email: preview.maskedEmail })}</p>
      <p>${p('done.keep')}</p>`,
  );
}

/** The contract these details identify has already ended. */
export function renderAlreadyEnded(
  org: OrganisationRow,
  locale: Locale,
  action: EndAction,
  status: 'terminated' | 'withdrawn',
  endOn: string,
): string {
  const p = tr(locale);
  const title = p('ended.title');
  return page(
    org,
    locale,
    endPath(org, action),
    title,
    html`<h1>${title}</h1>
      <div class="notice" role="status"><p>${p(`ended.${status}`, { date: dateFormatter(locale, org.timezone).date(endOn) })}</p></div>`,
  );
}
