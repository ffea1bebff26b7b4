/**
 * Public offer pages, server-rendered without JavaScript (WCAG 2.2 AA): the list of offers, one
 * offer (price in force, its published breakdown as a chart with a table, terms, price history),
 * and two versions side by side. Pure functions of a view.
 */
import type { Locale } from '../context.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { formatBasisPoints, formatMoney } from '../../i18n/money.ts';
import { html, paragraphs, type SafeHtml } from '../../../web/portal/html.ts';
import { renderPortalPage } from '../../../web/portal/layout.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import type { OfferVersionRow } from './offers.repo.ts';
import type { LocalizedText } from './offers.tables.ts';
import type { OfferView } from './offers.queries.ts';
import { changedFields, COMPARED_FIELDS, currentVersion, upcomingVersion, type ComparedField } from './offers.versions.ts';

/**
 * Segment colours of the breakdown chart: each at least 4.5:1 against white (the gaps between
 * segments are white) so every segment is told apart from the page (WCAG 1.4.11); the table
 * beside the chart carries the same figures in text.
 */
const PALETTE = ['#1d4f91', '#a34f00', '#1b6e3a', '#6b2c91', '#8a1c1c', '#005f73', '#5a4a00', '#4a4a5a'];

interface PageContext {
  locale: Locale;
  org: OrganisationRow;
  path: string;
  now: Date;
}

const pick = (text: LocalizedText, locale: Locale): string => (locale === 'en' && text.en !== '' ? text.en : text.fr);
const o = (locale: Locale, key: string, params?: Record<string, string | number>) => t(locale, `offers.portal.${key}`, params);
const base = (org: OrganisationRow) => `/portal/${org.slug}/offers`;

function priceText(locale: Locale, v: OfferVersionRow, currency: string): string {
  return o(locale, `per.${v.pricePeriod}`, { price: formatMoney(locale, v.priceCents, currency) });
}

function durationText(locale: Locale, v: OfferVersionRow): string {
  return v.durationMonths === null ? o(locale, 'noFixedTerm') : o(locale, 'months', { count: v.durationMonths });
}

/** The published breakdown: a stacked bar (an image with its own summary) and the table it is drawn from. */
function breakdownSection(locale: Locale, v: OfferVersionRow, currency: string): SafeHtml {
  if (v.breakdown.length === 0)
    return html`<section aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">${o(locale, 'breakdownTitle')}</h2>
      <p>${o(locale, 'noBreakdown')}</p>
    </section>`;
  const total = v.priceCents || 1;
  const share = (cents: number) => formatBasisPoints(locale, Math.round((cents * 10_000) / total));
  let x = 0;
  const rects = v.breakdown.map((line, i) => {
    const w = (line.amountCents / total) * 600;
    const r = html`<rect
      x="${x.toFixed(2)}"
      y="0"
      width="${Math.max(0, w - 2).toFixed(2)}"
      height="40"
      fill="${PALETTE[i % PALETTE.length]}"
    ></rect>`;
    x += w;
    return r;
  });
  const summary = v.breakdown.map((line) => `${pick(line.label, locale)} ${share(line.amountCents)}`).join(', ');
  return html`<section aria-labelledby="breakdown-title">
    <h2 id="breakdown-title">${o(locale, 'breakdownTitle')}</h2>
    <p>${o(locale, 'breakdownIntro')}</p>
    <svg
      class="breakdown-chart"
      viewBox="0 0 600 40"
      preserveAspectRatio="none"
      role="img"
      aria-label="${o(locale, 'breakdownChart', { summary })}"
      focusable="false"
    >
      ${rects}
    </svg>
    <table class="consent-table">
      <caption class="visually-hidden">
        ${o(locale, 'breakdownTitle')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${o(locale, 'costLine')}</th>
          <th scope="col">${o(locale, 'amount')}</th>
          <th scope="col">${o(locale, 'share')}</th>
        </tr>
      </thead>
      <tbody>
        ${v.breakdown.map(
          (line, i) =>
            html`<tr>
              <th scope="row">
                <svg class="swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                  <rect width="16" height="16" fill="${PALETTE[i % PALETTE.length]}"></rect>
                </svg>
                ${pick(line.label, locale)}
              </th>
              <td data-label="${o(locale, 'amount')}">${formatMoney(locale, line.amountCents, currency)}</td>
              <td data-label="${o(locale, 'share')}">${share(line.amountCents)}</td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">${o(locale, 'total')}</th>
          <td data-label="${o(locale, 'amount')}">${formatMoney(locale, v.priceCents, currency)}</td>
          <td data-label="${o(locale, 'share')}">${formatBasisPoints(locale, 10_000)}</td>
        </tr>
      </tfoot>
    </table>
  </section>`;
}

function reductionNote(ctx: PageContext, v: OfferVersionRow, currency: string): SafeHtml {
  if (!v.reduction) return html``;
  const d = dateFormatter(ctx.locale, ctx.org.timezone);
  return html`<p class="notice">
    ${o(ctx.locale, 'reduction', {
      percent: formatBasisPoints(ctx.locale, v.reduction.announcedBasisPoints),
      reference: formatMoney(ctx.locale, v.reduction.referencePriceCents, currency),
      from: d.date(v.reduction.referenceFrom),
      to: d.date(v.reduction.referenceTo),
    })}
  </p>`;
}

/** The terms of a version as a definition list. */
function termsList(locale: Locale, v: OfferVersionRow): SafeHtml {
  const renewal = html`${o(locale, `renewal.${v.renewal}`)}${pick(v.renewalTerms, locale) ? html` — ${pick(v.renewalTerms, locale)}` : ''}`;
  return html`<dl class="dates">
    <dt>${o(locale, 'duration')}</dt>
    <dd>${durationText(locale, v)}</dd>
    <dt>${o(locale, 'renewalTitle')}</dt>
    <dd>${renewal}</dd>
    ${
      pick(v.conditions, locale)
        ? html`<dt>${o(locale, 'conditions')}</dt>
            <dd>${paragraphs(pick(v.conditions, locale))}</dd>`
        : ''
    }
    ${
      v.environmental
        ? html`<dt>${o(locale, 'environmental')}</dt>
            <dd>
              ${pick(v.environmental.text, locale)}${v.environmental.co2eKgPerYear !== null ? html` (${o(locale, 'co2e', { kg: v.environmental.co2eKgPerYear })})` : ''}
            </dd>`
        : ''
    }
  </dl>`;
}

export function renderOfferList(ctx: PageContext, views: readonly OfferView[]): string {
  const { locale, org } = ctx;
  const items = views
    .map((view) => ({ view, current: currentVersion(view.versions, ctx.now) }))
    .filter((x): x is { view: OfferView; current: OfferVersionRow } => x.current !== null)
    .map(
      ({ view, current }) =>
        html`<li class="card">
          <h2><a href="${base(org)}/${view.offer.slug}">${pick(current.name, locale)}</a></h2>
          <p>${pick(current.summary, locale)}</p>
          <p><strong>${priceText(locale, current, view.offer.currency)}</strong></p>
        </li>`,
    );
  return renderPortalPage({
    locale,
    org,
    path: ctx.path,
    title: o(locale, 'listTitle'),
    body: html`<h1>${o(locale, 'listTitle')}</h1>
      <p>${o(locale, 'listIntro')}</p>
      ${
        items.length > 0
          ? html`<ul class="cards">
              ${items}
            </ul>`
          : html`<p>${o(locale, 'none')}</p>`
      }`,
  });
}

export function renderOfferPage(ctx: PageContext, view: OfferView): string | null {
  const { locale, org } = ctx;
  const current = currentVersion(view.versions, ctx.now);
  if (!current) return null;
  const currency = view.offer.currency;
  const d = dateFormatter(locale, org.timezone);
  const upcoming = upcomingVersion(view.versions, ctx.now);
  const offerBase = `${base(org)}/${view.offer.slug}`;
  const shown = view.versions.filter((v) => v.validFrom.getTime() <= ctx.now.getTime() || v === upcoming);
  const maxPrice = Math.max(1, ...shown.map((v) => v.priceCents));
  const history = shown.map(
    (v) =>
      html`<tr>
        <th scope="row">
          ${o(locale, 'versionN', { n: v.version })}${v === current ? html` <strong>(${o(locale, 'inForce')})</strong>` : v === upcoming ? html` <strong>(${o(locale, 'announced')})</strong>` : ''}
        </th>
        <td data-label="${o(locale, 'appliesFrom')}">${d.dateTime(v.validFrom)}</td>
        <td data-label="${o(locale, 'price')}">
          <svg class="history-bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect width="${((v.priceCents / maxPrice) * 100).toFixed(1)}" height="12" fill="#1d4f91"></rect>
          </svg>
          ${priceText(locale, v, currency)}
        </td>
        <td data-label="${o(locale, 'reason')}">${pick(v.reason, locale)}</td>
      </tr>`,
  );
  const options = (selected: number) =>
    shown.map(
      (v) =>
        html`<option value="${v.version}" ${v.version === selected ? html` selected` : ''}>
          ${o(locale, 'versionN', { n: v.version })} — ${d.date(v.validFrom)}
        </option>`,
    );
  const previous = shown.find((v) => v.version < current.version);
  const compareForm =
    shown.length > 1
      ? html`<form method="get" action="${offerBase}/compare" class="privacy-form">
          <label for="from">${o(locale, 'compareFrom')}</label
          ><select id="from" name="from">
            ${options(previous?.version ?? current.version)}
          </select>
          <label for="to">${o(locale, 'compareTo')}</label
          ><select id="to" name="to">
            ${options(upcoming?.version ?? current.version)}
          </select>
          <button type="submit">${o(locale, 'compareButton')}</button>
        </form>`
      : html`<p>${o(locale, 'onlyOneVersion')}</p>`;
  return renderPortalPage({
    locale,
    org,
    path: ctx.path,
    title: pick(current.name, locale),
    body: html`<p><a href="${base(org)}">${o(locale, 'backToList')}</a></p>
      <h1>${pick(current.name, locale)}</h1>
      ${pick(current.summary, locale) ? html`<p>${pick(current.summary, locale)}</p>` : ''}
      ${
        upcoming
          ? html`<div class="notice" role="note">
              <p>
                <strong
                  >${o(locale, 'upcoming', { date: d.dateTime(upcoming.validFrom), price: priceText(locale, upcoming, currency) })}</strong
                >
              </p>
              <p>${pick(upcoming.reason, locale)}</p>
              <p><a href="${offerBase}/compare?from=${current.version}&amp;to=${upcoming.version}">${o(locale, 'seeChanges')}</a></p>
            </div>`
          : ''
      }
      <section aria-labelledby="price-title">
        <h2 id="price-title">${o(locale, 'priceTitle')}</h2>
        <p class="reference">${priceText(locale, current, currency)}</p>
        <p>${o(locale, 'since', { date: d.dateTime(current.validFrom) })}</p>
        ${reductionNote(ctx, current, currency)}
      </section>
      ${breakdownSection(locale, current, currency)}
      <section aria-labelledby="terms-title">
        <h2 id="terms-title">${o(locale, 'termsTitle')}</h2>
        ${termsList(locale, current)}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">${o(locale, 'historyTitle')}</h2>
        <table class="consent-table">
          <caption class="visually-hidden">
            ${o(locale, 'historyTitle')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${o(locale, 'version')}</th>
              <th scope="col">${o(locale, 'appliesFrom')}</th>
              <th scope="col">${o(locale, 'price')}</th>
              <th scope="col">${o(locale, 'reason')}</th>
            </tr>
          </thead>
          <tbody>
            ${history}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="compare-title">
        <h2 id="compare-title">${o(locale, 'compareTitle')}</h2>
        ${compareForm}
      </section>`,
  });
}

function fieldCell(locale: Locale, v: OfferVersionRow, field: ComparedField, currency: string): SafeHtml {
  switch (field) {
    case 'name':
    case 'summary':
    case 'conditions':
    case 'renewalTerms':
      return pick(v[field], locale) ? paragraphs(pick(v[field], locale)) : html`<p>${o(locale, 'empty')}</p>`;
    case 'price':
      return html`${priceText(locale, v, currency)}`;
    case 'breakdown':
      return v.breakdown.length === 0
        ? html`${o(locale, 'empty')}`
        : html`<ul>
            ${v.breakdown.map((l) => html`<li>${pick(l.label, locale)} : ${formatMoney(locale, l.amountCents, currency)}</li>`)}
          </ul>`;
    case 'duration':
      return html`${durationText(locale, v)}`;
    case 'renewal':
      return html`${o(locale, `renewal.${v.renewal}`)}`;
    case 'environmental':
      return v.environmental
        ? html`${pick(v.environmental.text, locale)}${v.environmental.co2eKgPerYear !== null ? html` (${o(locale, 'co2e', { kg: v.environmental.co2eKgPerYear })})` : ''}`
        : html`${o(locale, 'empty')}`;
  }
}

/** Two versions side by side; a changed row says so in words, not by colour alone (WCAG 1.4.1). */
export function renderOfferComparison(ctx: PageContext, view: OfferView, fromVersion: number, toVersion: number): string | null {
  const { locale, org } = ctx;
  const visible = (v: OfferVersionRow) => v.validFrom.getTime() <= ctx.now.getTime() || v === upcomingVersion(view.versions, ctx.now);
  const a = view.versions.find((v) => v.version === fromVersion && visible(v));
  const b = view.versions.find((v) => v.version === toVersion && visible(v));
  const current = currentVersion(view.versions, ctx.now);
  if (!a || !b || !current) return null;
  const d = dateFormatter(locale, org.timezone);
  const changed = changedFields(a, b);
  const count = COMPARED_FIELDS.filter((f) => changed[f]).length;
  const head = (v: OfferVersionRow) =>
    html`${o(locale, 'versionN', { n: v.version })}<br /><span class="hint"
        >${o(locale, 'appliesFromDate', { date: d.dateTime(v.validFrom) })}</span
      >`;
  const rows = COMPARED_FIELDS.map(
    (f) =>
      html`<tr${changed[f] ? html` class="changed"` : ''}><th scope="row">${o(locale, `field.${f}`)}${changed[f] ? html`<br /><strong class="changed-flag">${o(locale, 'changed')}</strong>` : ''}</th><td data-label="${o(locale, 'versionN', { n: a.version })}">${fieldCell(locale, a, f, view.offer.currency)}</td><td data-label="${o(locale, 'versionN', { n: b.version })}">${fieldCell(locale, b, f, view.offer.currency)}</td></tr>`,
  );
  const title = o(locale, 'compareHeading', { name: pick(current.name, locale) });
  return renderPortalPage({
    locale,
    org,
    path: ctx.path,
    title,
    body: html`<p><a href="${base(org)}/${view.offer.slug}">${o(locale, 'backToOffer')}</a></p>
      <h1>${title}</h1>
      <p>${count === 0 ? o(locale, 'noChange') : o(locale, 'changedCount', { count })}</p>
      ${a.version !== b.version ? html`<p>${o(locale, 'whyChanged')} ${pick((a.version > b.version ? a : b).reason, locale)}</p>` : ''}
      <div class="table-scroll" tabindex="0" role="region" aria-label="${title}">
        <table class="consent-table compare-table">
          <caption class="visually-hidden">
            ${title}
          </caption>
          <thead>
            <tr>
              <th scope="col">${o(locale, 'term')}</th>
              <th scope="col">${head(a)}</th>
              <th scope="col">${head(b)}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>`,
  });
}
