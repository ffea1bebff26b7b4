/** Server-rendered portal pages of the organisation itself: home and legal notice. */
import type { Locale } from '../context.ts';
import { t } from '../../i18n/index.ts';
import { html, linkify, paragraphs } from '../../../web/portal/html.ts';
import { renderPortalPage } from '../../../web/portal/layout.ts';
import type { OrganisationRow } from './organisations.repo.ts';

export function renderPortalHome(org: OrganisationRow, locale: Locale, path: string): string {
  const p = (key: string, params?: Record<string, string>) => t(locale, `portal.home.${key}`, params);
  const dpo = org.profile.dpoEmail ?? org.profile.contactEmail;
  return renderPortalPage({
    locale,
    org,
    path,
    title: p('title'),
    body: html`<h1>${p('title')}</h1>
      <p>${p('intro', { org: org.name })}</p>
      <ul class="cards">
        <li class="card">
          <h2>${p('complaintTitle')}</h2>
          <p>${p('complaintText')}</p>
          <p><a href="/portal/${org.slug}/complaints/new">${p('complaintLink')}</a></p>
        </li>
        <li class="card">
          <h2>${p('privacyTitle')}</h2>
          <p>${linkify(p('privacyText', { email: dpo }))}</p>
          <p><a href="/portal/${org.slug}/privacy">${p('privacyLink')}</a></p>
        </li>
        <li class="card">
          <h2>${p('offersTitle')}</h2>
          <p>${p('offersText')}</p>
          <p><a href="/portal/${org.slug}/offers">${p('offersLink')}</a></p>
        </li>
        <li class="card">
          <h2>${p('contactTitle')}</h2>
          <p>${linkify(p('contactText', { email: org.profile.contactEmail }))}</p>
        </li>
      </ul>`,
  });
}

export function renderPortalLegal(org: OrganisationRow, locale: Locale, path: string): string {
  const p = (key: string) => t(locale, `portal.legal.${key}`);
  const profile = org.profile;
  const row = (label: string, value: string | undefined) =>
    value
      ? html`<dt>${label}</dt>
          <dd>${linkify(value)}</dd>`
      : '';
  return renderPortalPage({
    locale,
    org,
    path,
    title: p('title'),
    body: html`<h1>${p('title')}</h1>
      <dl>
        ${row(p('publisher'), profile.publisher ?? org.legalName)} ${row(p('registration'), profile.registration)}
        ${row(p('host'), profile.host)} ${row(p('dpo'), profile.dpoEmail)}
      </dl>
      ${paragraphs(profile.legalNotice[locale])}`,
  });
}

export function renderPortalNotFound(org: OrganisationRow, locale: Locale, path: string): string {
  return renderPortalPage({
    locale,
    org,
    path,
    title: t(locale, 'portal.notFound.title'),
    body: html`<h1>${t(locale, 'portal.notFound.title')}</h1>
      <p>${t(locale, 'portal.notFound.text')}</p>`,
  });
}
