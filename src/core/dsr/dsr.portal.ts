/** Portal pages for data-subject requests: make a request once identified, follow it, download the package. */
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { portalFormToken, portalFormValid } from '../../api/plugins/portal.ts';
import type { Deps } from '../deps.ts';
import { t } from '../../i18n/index.ts';
import { getPortalOrganisation } from '../organisations/index.ts';
import { consentPages as pages } from '../consent/index.ts';
import * as service from './dsr.service.ts';
import { requestsPage } from './dsr.pages.ts';
import { DSR_TYPES } from './dsr.tables.ts';

const HTML = 'text/html; charset=utf-8';
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });

export function dsrPortalRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/requests',
      access: 'subject',
      hideFromOpenApi: true,
      summary: 'The identified subject’s requests and the request form',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: z.object({ lang: z.enum(['fr', 'en']).optional(), done: z.literal('1').optional() }), response: { 200: z.string(), 303: z.null() } },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const requests = await service.findSubjectRequests(deps, ctx, org, { gpcSignal: request.headers['sec-gpc'] === '1' });
        const page = requestsPage(ctx.locale, org, requests, portalFormToken(deps, request, reply, org.id), { done: Boolean(query.done) });
        return reply.type(HTML).header('cache-control', 'no-store').send(page);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/requests',
      access: 'subject',
      hideFromOpenApi: true,
      rateLimitPerMinute: 10,
      summary: 'Make a data-subject request as the identified subject',
      tags: ['portal'],
      schema: { params: SlugParams, body: z.object({ formToken: z.string().max(1000), type: z.enum(DSR_TYPES), details: z.string().max(5000).optional() }).strict(), response: { 303: z.null() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!portalFormValid(deps, request, org.id, body.formToken)) {
          return reply.status(403).type(HTML).send(pages.messagePage(ctx.locale, org, pages.base(org), t(ctx.locale, 'privacy.portal.formExpiredTitle'), t(ctx.locale, 'privacy.portal.formExpired'), 'error'));
        }
        await service.createSubjectRequest(deps, ctx, org, { type: body.type, details: body.details?.trim() || undefined });
        return reply.redirect(`${pages.base(org)}/requests?done=1`, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/exports/:token',
      access: 'link',
      publicReason: 'the subject downloads their data package with a signed, expiring link (GDPR Art. 15(3), 20)',
      hideFromOpenApi: true,
      summary: 'Download an access/portability package',
      tags: ['portal'],
      schema: { params: SlugParams.extend({ token: z.string().min(1).max(1000) }), response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const download = await service.downloadExportByLink(deps, ctx, org, params.token);
        if (!download.ok) {
          const text = t(ctx.locale, `privacy.requests.download_${download.reason === 'invalid' ? 'invalid' : 'expired'}`);
          return reply.status(download.reason === 'invalid' ? 400 : 410).type(HTML).send(pages.messagePage(ctx.locale, org, pages.base(org), t(ctx.locale, 'privacy.requests.downloadRefusedTitle'), text, 'error'));
        }
        return reply
          .type('application/zip')
          .header('content-disposition', `attachment; filename="${org.slug}-my-data.zip"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(download.zip));
      },
    }),
  ];
}
