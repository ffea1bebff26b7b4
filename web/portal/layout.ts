import type { Locale } from '../../src/core/context.ts';
import type { OrganisationRow } from '../../src/core/organisations/organisations.repo.ts';
import { t } from '../../src/i18n/index.ts';
import { html, type SafeHtml } from './html.ts';

export interface PortalPage {
  locale: Locale;
  org: OrganisationRow;
  /** Page title, without the organisation name. */
  title: string;
  /** Current path, used to build the language links. */
  path: string;
  body: SafeHtml;
}

/**
 * The portal's page frame: plain HTML that works without JavaScript, WCAG 2.2 AA (language,
 * skip link, landmarks, visible focus in portal.css), with the organisation's identity, contact
 * and mediator in the footer (C. consom. L.616-1: the mediator is shown on the site).
 */
export function renderPortalPage(page: PortalPage): string {
  const { locale, org } = page;
  const p = (key: string, params?: Record<string, string | number>) => t(locale, `portal.${key}`, params);
  const base = `/portal/${encodeURIComponent(org.slug)}`;
  const other: Locale = locale === 'fr' ? 'en' : 'fr';
  const switchHref = `${page.path}${page.path.includes('?') ? '&' : '?'}lang=${other}`;
  const profile = org.profile;
  return (
    '<!doctype html>' +
    html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} — ${org.name}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/portal/assets/portal.css">
</head>
<body>
<a class="skip-link" href="#main">${p('skipToContent')}</a>
<header class="site-header">
  <div class="wrap">
    <a class="brand" href="${base}">${org.name}</a>
    <nav aria-label="${p('nav.label')}">
      <ul>
        <li><a href="${base}">${p('nav.home')}</a></li>
        <li><a href="${base}/legal">${p('nav.legal')}</a></li>
        <li><a href="${base}/contracts/terminate">${p('nav.terminate')}</a></li>
        <li><a href="${switchHref}" lang="${other}" hreflang="${other}">${t(other, 'portal.switchTo')}</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <section aria-labelledby="footer-contact">
      <h2 id="footer-contact">${p('contact.title')}</h2>
      <p>${org.legalName}<br>${profile.postalAddress}</p>
      <p><a href="mailto:${profile.contactEmail}">${profile.contactEmail}</a>${profile.contactPhone ? html`<br>${p('contact.phone')} <a href="tel:${profile.contactPhone.replace(/\s/g, '')}">${profile.contactPhone}</a>` : ''}</p>
    </section>
    <section aria-labelledby="footer-mediator">
      <h2 id="footer-mediator">${p('mediator.title')}</h2>
      <p>${p('mediator.text')}</p>
      <p>${profile.mediator.name} — <a href="${profile.mediator.website}">${profile.mediator.website}</a></p>
    </section>
    <section aria-labelledby="footer-contract">
      <h2 id="footer-contract">${p('contract.title')}</h2>
      <ul>
        <li><a href="${base}/contracts/terminate">${p('nav.terminate')}</a></li>
        <li><a href="${base}/contracts/withdraw">${p('nav.withdraw')}</a></li>
      </ul>
    </section>
    <p><a href="${base}/legal">${p('nav.legal')}</a></p>
  </div>
</footer>
</body>
</html>`.value
  );
}
