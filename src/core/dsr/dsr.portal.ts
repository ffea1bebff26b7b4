/** Portal pages for data-subject requests: make a request once identified, follow it, download the package. */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import { t } from '../../i18n/index.ts';
import { html } from '../../../web/portal/html.ts';
import { getPortalOrganisation } from '../organisations/organisations.service.ts';
import * as kit from '../consent/privacy.portal-kit.ts';
import * as pages from '../consent/consent.pages.ts';
import { honourGpc } from '../consent/consent.portal.ts';
import * as service from './dsr.service.ts';
import * as repo from './dsr.repo.ts';
import { DSR_TYPES } from './dsr.tables.ts';

const HTML = 'text/html; charset=utf-8';
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const PUBLIC = 'data subjects exercise their rights without an account (GDPR Art. 12(2)); identity is checked by an e-mail code';

export function dsrPortalRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/requests',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'The identified subject’s requests and the request form',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: z.object({ lang: z.enum(['fr', 'en']).optional(), done: z.literal('1').optional() }), response: { 200: z.string(), 303: z.null() } },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const customerId = kit.portalSubject(deps, request, org.id);
        if (!customerId) return reply.redirect(pages.base(org), 303);
        await honourGpc(deps, request, ctx, org.id, customerId);
        const locale = ctx.locale;
        const p = (k: string, v?: Record<string, string>) => t(locale, `privacy.requests.${k}`, v);
        const formToken = kit.issueFormToken(deps, request, reply, org.id);
        const requests = await repo.findRequests(deps.db, org.id, { customerId });
        const exports = await repo.findExportsOfSubject(deps.db, org.id, customerId);
        const now = deps.clock.now();
        const list =
          requests.length === 0
            ? html`<p>${p('none')}</p>`
            : html`<table class="consent-table"><caption class="hint">${p('caption')}</caption>
<thead><tr><th scope="col">${p('colType')}</th><th scope="col">${p('colReceived')}</th><th scope="col">${p('colDue')}</th><th scope="col">${p('colStatus')}</th><th scope="col">${p('colResult')}</th></tr></thead><tbody>
${requests.map((r) => {
  const exp = exports.find((e) => e.requestId === r.id && e.expiresAt > now);
  const result = exp
    ? html`<a href="${kit.exportLink(deps, org.slug, org.id, exp.id, exp.expiresAt)}">${p('download')}</a>`
    : r.refusalReason
      ? html`${r.refusalReason}`
      : r.extensionReason
        ? html`${p('extendedBecause')} ${r.extensionReason}`
        : '';
  return html`<tr><th scope="row">${t(locale, `privacy.dsrType.${r.type}`)}</th><td>${r.receivedAt.toISOString().slice(0, 10)}</td><td>${r.dueDate}</td><td>${t(locale, `privacy.dsrStatus.${r.status}`)}</td><td>${result}</td></tr>`;
})}
</tbody></table>`;
        const body = html`<h1>${p('title')}</h1>
${query.done ? pages.alert('ok', t(locale, 'privacy.portal.done.request')) : ''}
<section aria-labelledby="list-title"><h2 id="list-title">${p('listTitle')}</h2>${list}</section>
<section aria-labelledby="new-title"><h2 id="new-title">${p('newTitle')}</h2>
<form class="privacy-form" method="post" action="${pages.base(org)}/requests">
<input type="hidden" name="formToken" value="${formToken}">
<fieldset><legend>${p('typeLegend')}</legend>
${DSR_TYPES.map((type, i) => html`<div><input type="radio" id="type-${type}" name="type" value="${type}"${i === 0 ? html` required` : ''}> <label for="type-${type}" style="display:inline;font-weight:normal">${t(locale, `privacy.dsrType.${type}`)}</label></div>`)}
</fieldset>
<label for="details">${p('detailsLabel')}</label>
<p class="hint" id="details-hint">${p('detailsHint')}</p>
<textarea id="details" name="details" rows="4" maxlength="5000" aria-describedby="details-hint"></textarea>
<div><button type="submit">${p('submit')}</button></div>
</form></section>
<p><a href="${pages.base(org)}">${t(locale, 'privacy.portal.backToCentre')}</a></p>`;
        return reply.type(HTML).header('cache-control', 'no-store').send(pages.page(org, locale, `${pages.base(org)}/requests`, p('title'), body));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/requests',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      rateLimitPerMinute: 10,
      summary: 'Make a data-subject request as the identified subject',
      tags: ['portal'],
      schema: { params: SlugParams, body: z.object({ formToken: z.string().max(1000), type: z.enum(DSR_TYPES), details: z.string().max(5000).optional() }).strict(), response: { 303: z.null() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!kit.checkFormToken(deps, request, org.id, body.formToken)) {
          return reply.status(403).type(HTML).send(pages.messagePage(ctx.locale, org, pages.base(org), t(ctx.locale, 'privacy.portal.formExpiredTitle'), t(ctx.locale, 'privacy.portal.formExpired'), 'error'));
        }
        const customerId = kit.portalSubject(deps, request, org.id);
        if (!customerId) return reply.redirect(pages.base(org), 303);
        await service.createRequest(deps, kit.subjectContext(ctx, org.id, customerId), { customerId, type: body.type, channel: 'portal', identityCheck: 'email_code', details: body.details?.trim() || undefined });
        return reply.redirect(`${pages.base(org)}/requests?done=1`, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/exports/:token',
      access: 'public',
      publicReason: 'the subject downloads their data package with a signed, expiring link (GDPR Art. 15(3), 20)',
      hideFromOpenApi: true,
      summary: 'Download an access/portability package',
      tags: ['portal'],
      schema: { params: SlugParams.extend({ token: z.string().min(1).max(1000) }), response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const check = kit.checkExportToken(deps, params.token);
        const zip = check.ok && check.fields.o === org.id && check.fields.e ? await service.readExport(deps, org.id, check.fields.e) : null;
        if (!zip) {
          const reason = !check.ok && check.reason === 'expired' ? 'expired' : 'invalid';
          return reply.status(check.ok ? 410 : 400).type(HTML).send(pages.messagePage(ctx.locale, org, pages.base(org), t(ctx.locale, 'privacy.requests.downloadRefusedTitle'), t(ctx.locale, `privacy.requests.download_${reason}`), 'error'));
        }
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="${org.slug}-my-data.zip"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(zip));
      },
    }),
  ];
}
