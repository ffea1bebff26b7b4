/** Server-rendered pages of the privacy centre: plain forms, no JavaScript needed, WCAG 2.2 AA. */
import type { Locale } from '../context.ts';
import { t } from '../../i18n/index.ts';
import { html, linkify, type SafeHtml } from '../../../web/portal/html.ts';
import { renderPortalPage } from '../../../web/portal/layout.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { NoticeRow, PurposeRow } from './consent.repo.ts';
import type { ConsentChoiceView, PrivacyCentreView } from './privacy-centre.service.ts';
import type { PhoneCollectionNotice } from '../../rules/contact/index.ts';
import { formatPhone } from '../customers/index.ts';

export const base = (org: OrganisationRow) => `/portal/${encodeURIComponent(org.slug)}/privacy`;

/** What the centre says after a post: done, an error, or the phone number form sent back with its error and what was typed. */
export interface CentreFlash {
  done?: string;
  error?: string;
  phone?: { value: string; error: string };
}

export function page(org: OrganisationRow, locale: Locale, path: string, title: string, body: SafeHtml): string {
  return renderPortalPage({ locale, org, path, title, body });
}

export function alert(kind: 'ok' | 'error', text: string | null | undefined): SafeHtml {
  if (!text) return html``;
  return kind === 'ok'
    ? html`<div class="notice-ok" role="status"><p>${text}</p></div>`
    : html`<div class="notice-error" role="alert"><p>${text}</p></div>`;
}

export function rightsSection(locale: Locale, org: OrganisationRow): SafeHtml {
  const p = (k: string, params?: Record<string, string>) => t(locale, `privacy.portal.${k}`, params);
  return html`<section aria-labelledby="rights-title">
    <h2 id="rights-title">${p('rightsTitle')}</h2>
    <ul>
      <li>${p('rightAccess')}</li>
      <li>${p('rightRectification')}</li>
      <li>${p('rightErasure')}</li>
      <li>${p('rightRestriction')}</li>
      <li>${p('rightPortability')}</li>
      <li>${p('rightObjection')}</li>
      <li>${p('rightWithdraw')}</li>
    </ul>
    <p>${p('rightsDeadline')}</p>
    <p>${linkify(p('authority'))}</p>
    <p>${linkify(p('dpoContact', { email: org.profile.dpoEmail ?? org.profile.contactEmail }))}</p>
  </section>`;
}

export function purposesSection(locale: Locale, purposes: { purpose: PurposeRow; notice: NoticeRow | undefined }[]): SafeHtml {
  const p = (k: string) => t(locale, `privacy.portal.${k}`);
  if (purposes.length === 0)
    return html`<section aria-labelledby="purposes-title">
      <h2 id="purposes-title">${p('purposesTitle')}</h2>
      <p>${p('noPurposes')}</p>
    </section>`;
  return html`<section aria-labelledby="purposes-title">
    <h2 id="purposes-title">${p('purposesTitle')}</h2>
    ${purposes.map(
      ({ purpose, notice }) =>
        html`<h3>${noticeTitle(locale, notice, purpose)}</h3>
          <p>${notice ? (locale === 'en' ? notice.textEn : notice.textFr) : ''}</p>
          <p class="hint">
            ${t(locale, `privacy.legalBasis.${purpose.legalBasis}`)} — ${p('channels')}
            ${purpose.channels.map((c) => t(locale, `privacy.channel.${c}`)).join(', ')}
          </p>`,
    )}
  </section>`;
}

export const noticeTitle = (locale: Locale, notice: NoticeRow | undefined, purpose: PurposeRow) =>
  notice ? (locale === 'en' ? notice.titleEn : notice.titleFr) : purpose.key;

export function identifySection(locale: Locale, org: OrganisationRow, formToken: string, error?: string): SafeHtml {
  const p = (k: string) => t(locale, `privacy.portal.${k}`);
  return html`<section aria-labelledby="identify-title">
    <h2 id="identify-title">${p('identifyTitle')}</h2>
    <p>${p('identifyText')}</p>
    ${alert('error', error)}
    <form class="privacy-form" method="post" action="${base(org)}/identify" novalidate>
      <input type="hidden" name="formToken" value="${formToken}" />
      <label for="email">${p('emailLabel')}</label>
      <input type="email" id="email" name="email" autocomplete="email" required${error ? html` aria-invalid="true"` : ''} />
      <div><button type="submit">${p('identifySubmit')}</button></div>
    </form>
  </section>`;
}

export function codePage(locale: Locale, org: OrganisationRow, formToken: string, challenge: string, error?: string): string {
  const p = (k: string, params?: Record<string, string | number>) => t(locale, `privacy.portal.${k}`, params);
  return page(
    org,
    locale,
    `${base(org)}/verify?c=${challenge}`,
    p('codeTitle'),
    html`<h1>${p('codeTitle')}</h1>
      <p>${p('codeText', { minutes: 10 })}</p>
      ${alert('error', error)}
      <form class="privacy-form" method="post" action="${base(org)}/verify" novalidate>
        <input type="hidden" name="formToken" value="${formToken}" />
        <input type="hidden" name="challenge" value="${challenge}" />
        <label for="code">${p('codeLabel')}</label>
        <p class="hint" id="code-hint">${p('codeHint')}</p>
        <input
          type="text"
          id="code"
          name="code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]{6}"
          maxlength="6"
          required
          aria-describedby="code-hint"
          ${error ? html` aria-invalid="true"` : ''}
        />
        <div><button type="submit">${p('codeSubmit')}</button></div>
      </form>
      <p><a href="${base(org)}">${p('startAgain')}</a></p>`,
  );
}

/**
 * The identified subject's consents: one explicit button per purpose and channel, never pre-ticked,
 * never bundled. `phoneNotice`: the notice owed before a phone number or a phone consent is given
 * (C. consom. L.223-1 from 2026-08-11), shown above the table and tied to the phone number field
 * and to each "give" button of the phone channel, whose forms carry its key so what is recorded
 * names the version read. `phone`: the number form, when a purpose uses the phone.
 */
export function consentsSection(
  locale: Locale,
  org: OrganisationRow,
  formToken: string,
  rows: readonly ConsentChoiceView[],
  gpc: boolean,
  phoneNotice: PhoneCollectionNotice | null = null,
  phone: { current: string | null; value?: string | undefined; error?: string | undefined } | null = null,
): SafeHtml {
  const p = (k: string, params?: Record<string, string>) => t(locale, `privacy.portal.${k}`, params);
  return html`<section aria-labelledby="consents-title">
    <h2 id="consents-title">${p('consentsTitle')}</h2>
    <p>${p('consentsText')}</p>
    ${gpc ? html`<p class="notice-ok">${p('gpcHonoured')}</p>` : ''}
    ${
      phoneNotice
        ? html`<div class="phone-notice" id="phone-notice">
            <h3>${p('phoneNoticeTitle')}</h3>
            <p>${t(locale, `contact.${phoneNotice.textKey}`)}</p>
          </div>`
        : ''
    }
    ${phone ? phoneForm(locale, org, formToken, phone, phoneNotice) : ''}
    ${
      rows.length === 0
        ? html`<p>${p('noConsentPurposes')}</p>`
        : html`<table class="consent-table">
            <caption class="hint">
              ${p('consentsCaption')}
            </caption>
            <thead>
              <tr>
                <th scope="col">${p('colPurpose')}</th>
                <th scope="col">${p('colChannel')}</th>
                <th scope="col">${p('colStatus')}</th>
                <th scope="col">${p('colAction')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map((r) => {
                const given = r.given;
                const title = noticeTitle(locale, r.notice, r.purpose);
                const channel = t(locale, `privacy.channel.${r.channel}`);
                const status = r.status === 'none' ? p('statusNone') : t(locale, `privacy.kind.${r.status}`);
                const informs = !given && r.channel === 'phone' && phoneNotice ? phoneNotice : null;
                return html`<tr>
                  <th scope="row">${title}</th>
                  <td data-label="${p('colChannel')}">${channel}</td>
                  <td data-label="${p('colStatus')}">${status}</td>
                  <td>
                    <form class="inline-form" method="post" action="${base(org)}/consents">
                      <input type="hidden" name="formToken" value="${formToken}" />
                      <input type="hidden" name="purpose" value="${r.purpose.id}" />
                      <input type="hidden" name="channel" value="${r.channel}" />
                      <input type="hidden" name="action" value="${given ? 'withdraw' : 'give'}" />
                      ${informs ? html`<input type="hidden" name="phoneNotice" value="${informs.key}" />` : ''}
                      <button
                        type="submit"
                        ${given ? html` class="secondary"` : ''}${informs ? html` aria-describedby="phone-notice"` : ''}
                      >
                        ${given ? p('withdraw') : p('give')}<span class="visually-hidden"> — ${title}, ${channel}</span>
                      </button>
                    </form>
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }
  </section>`;
}

export function messagePage(locale: Locale, org: OrganisationRow, path: string, title: string, text: string, kind: 'ok' | 'error'): string {
  return page(
    org,
    locale,
    path,
    title,
    html`<h1>${title}</h1>
      ${alert(kind, text)}
      <p><a href="${base(org)}">${t(locale, 'privacy.portal.backToCentre')}</a></p>`,
  );
}

export function withdrawConfirmPage(locale: Locale, org: OrganisationRow, path: string, purposeTitle: string, channel: string): string {
  const p = (k: string, params?: Record<string, string>) => t(locale, `privacy.portal.${k}`, params);
  return page(
    org,
    locale,
    path,
    p('withdrawTitle'),
    html`<h1>${p('withdrawTitle')}</h1>
      <p>${p('withdrawConfirmText', { purpose: purposeTitle, channel })}</p>
      <form class="privacy-form" method="post" action="${path}">
        <input type="hidden" name="confirm" value="1" />
        <button type="submit">${p('withdrawConfirm')}</button>
      </form>`,
  );
}

/** A number read as a whole: its spaces do not break ("+33 6 12" then "34 56 78"). */
function onOneLine(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

/**
 * The subject's phone number: shown as people read it (+33 6 12 34 56 78, not the stored
 * +33612345678) in the hint and in the field, which keeps it after a save so it can be
 * corrected; the notice owed (if any) describes the field and its key goes with the form.
 */
function phoneForm(
  locale: Locale,
  org: OrganisationRow,
  formToken: string,
  phone: { current: string | null; value?: string | undefined; error?: string | undefined },
  notice: PhoneCollectionNotice | null,
): SafeHtml {
  const p = (k: string, params?: Record<string, string>) => t(locale, `privacy.portal.${k}`, params);
  const describedBy = ['phone-hint', notice ? 'phone-notice' : '', phone.error ? 'phone-error' : ''].filter(Boolean).join(' ');
  return html`<form class="privacy-form" method="post" action="${base(org)}/phone" novalidate>
    <input type="hidden" name="formToken" value="${formToken}" />
    ${notice ? html`<input type="hidden" name="phoneNotice" value="${notice.key}" />` : ''}
    <label for="phone">${p('phoneLabel')}</label>
    <p class="hint" id="phone-hint">${phone.current ? p('phoneCurrent', { phone: onOneLine(formatPhone(phone.current)) }) : p('phoneNone')} ${p('phoneHint')}</p>
    ${phone.error ? html`<p class="field-error" id="phone-error">${phone.error}</p>` : ''}
    <input
      type="tel"
      id="phone"
      name="phone"
      autocomplete="tel"
      value="${phone.value ?? (phone.current ? formatPhone(phone.current) : '')}"
      aria-describedby="${describedBy}"
      ${phone.error ? html` aria-invalid="true"` : ''}
    />
    <div><button type="submit">${p('phoneSave')}</button></div>
  </form>`;
}

/** The privacy centre: what it is, the subject's consents and requests once identified (else how to identify), purposes, rights. */
export function centrePage(
  locale: Locale,
  org: OrganisationRow,
  view: PrivacyCentreView,
  formToken: string,
  flash: CentreFlash = {},
): string {
  const p = (k: string) => t(locale, `privacy.portal.${k}`);
  const phone = view.subject?.phone ? { current: view.subject.phone.current, value: flash.phone?.value, error: flash.phone?.error } : null;
  const signedIn = view.subject
    ? html`<p class="signed-in">
        ${view.subject.email ? t(locale, 'privacy.portal.signedInAs', { email: view.subject.email }) : p('signedInUnknown')}
      </p>`
    : html``;
  const personal = view.subject
    ? html`${consentsSection(locale, org, formToken, view.subject.consents, view.subject.gpc, view.subject.phoneNotice, phone)}
        <section aria-labelledby="requests-title">
          <h2 id="requests-title">${p('requestsTitle')}</h2>
          <p>${p('requestsText')}</p>
          <p><a href="${base(org)}/requests">${p('requestsLink')}</a></p>
        </section>
        <form class="privacy-form" method="post" action="${base(org)}/signout">
          <input type="hidden" name="formToken" value="${formToken}" /><button type="submit" class="secondary">${p('signOut')}</button>
        </form>`
    : identifySection(locale, org, formToken, flash.error);
  // An ended session is told above the identification form, as an error.
  const done = flash.done === 'expired' ? alert('error', p('sessionEnded')) : flash.done ? alert('ok', p(`done.${flash.done}`)) : html``;
  const error = view.subject && flash.error ? alert('error', flash.error) : html``;
  // A wrong number is said at the top too, linking to the field.
  const phoneError = phone?.error
    ? html`<div class="notice-error" role="alert">
        <p><a href="#phone">${phone.error}</a></p>
      </div>`
    : html``;
  return page(
    org,
    locale,
    base(org),
    p('title'),
    html`<h1>${p('title')}</h1>
      ${signedIn}${done}${error}${phoneError}
      <p>${t(locale, 'privacy.portal.intro', { org: org.name })}</p>
      ${personal}${purposesSection(locale, view.purposes)}${rightsSection(locale, org)}`,
  );
}
