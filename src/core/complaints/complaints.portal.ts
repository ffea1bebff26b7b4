/**
 * Public portal routes of complaints: the form, its post, the tracking page and the customer's
 * actions. Each route parses, calls one verb of complaints.customer.service.ts and renders a page.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { sameSite } from '../../api/same-site.ts';
import type { Deps } from '../deps.ts';
import { getPortalOrganisation } from '../organisations/index.ts';
import { renderPortalNotFound } from '../organisations/index.ts';
import * as customer from './complaints.customer.service.ts';
import { PortalFormBodySchema, PortalMessageBodySchema, PortalRateBodySchema, PortalRespondBodySchema } from './complaints.schemas.ts';
import { renderComplaintForm, renderComplaintReceived, renderTrackingPage } from './complaints.pages.ts';
import { contentDisposition } from './complaints.attachments.ts';
import { phoneCollectionNotice } from '../../rules/contact/index.ts';
import { t } from '../../i18n/index.ts';
import type { Locale } from '../context.ts';

/** The phone-collection notice owed now (C. consom. L.223-1 from 2026-08-11), in the visitor's language, or null. */
function phoneNoticeText(deps: Deps, locale: Locale): string | null {
  const notice = phoneCollectionNotice(deps.clock.now());
  return notice ? t(locale, `contact.${notice.textKey}`) : null;
}

const HTML = 'text/html; charset=utf-8';

/**
 * Sends a decrypted file as a download: the type found from its bytes, never rendered inline, and
 * a sandboxing CSP in case a browser opens it anyway (a text file is never run as a page).
 */
export function sendAttachment(reply: FastifyReply, file: { filename: string; mime: string; data: Buffer }) {
  return reply
    .status(200)
    .type(file.mime === 'text/plain' ? 'text/plain; charset=utf-8' : file.mime)
    .header('content-disposition', contentDisposition(file.filename))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.data);
}
const PortalQuery = z.object({ lang: z.enum(['fr', 'en']).optional() }).strict();
const TrackQuery = z.object({ lang: z.enum(['fr', 'en']).optional(), done: z.enum(['message', 'accepted', 'rejected', 'rated']).optional() }).strict();
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const TrackParams = SlugParams.extend({ token: z.string().max(100) });
const AttachmentParams = TrackParams.extend({ attachmentId: z.uuid() });
const PUBLIC = 'customers file complaints without an account (no needless obstacles)';
const LINK = 'the private tracking link is the customer’s key to their complaint and its documents (no account needed)';

const page = (reply: FastifyReply, status: number, body: string) => reply.status(status).type(HTML).header('cache-control', 'no-store').send(body);
const trackPath = (orgSlug: string, token: string) => `/portal/${orgSlug}/complaints/track/${token}`;

export function complaintPortalRoutes(deps: Deps): AnyRoute[] {
  /** The customer's posts on the tracking page: one step each, then post/redirect/get. */
  function trackPost<S extends customer.TrackedStep, B extends z.ZodType>(step: S, summary: string, body: B): AnyRoute {
    return defineRoute({
      method: 'POST',
      url: `/portal/:org/complaints/track/:token/${step}`,
      access: 'link',
      publicReason: LINK,
      hideFromOpenApi: true,
      rateLimitPerMinute: 20,
      summary,
      tags: ['portal'],
      schema: { params: TrackParams, body, response: { 200: z.string(), 303: z.null(), 400: z.string(), 404: z.string() } },
      async handler({ ctx, params, body: input, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = trackPath(org.slug, params.token);
        const result = await customer.actOnTrackedComplaint(deps, ctx, org, params.token, { step, body: input } as customer.TrackedStepInput, sameSite(request));
        switch (result.kind) {
          case 'not_found':
            return page(reply, 404, renderPortalNotFound(org, ctx.locale, path));
          case 'stale':
            return reply.redirect(path, 303);
          case 'invalid':
            return page(reply, 400, renderTrackingPage(org, ctx.locale, path, result.page.view, result.page.formTokens, { errors: result.errors, message: result.message }));
          case 'done':
            return reply.redirect(`${path}?done=${result.done}`, 303);
        }
      },
    });
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/complaints/new',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'Complaint form',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return page(reply, 200, renderComplaintForm(org, ctx.locale, `/portal/${org.slug}/complaints/new`, customer.newComplaintFormToken(deps, org), phoneNoticeText(deps, ctx.locale)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/complaints',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      // Per IP; per contact, over the limit the complaint is accepted and flagged for review.
      rateLimitPerMinute: 10,
      summary: 'File a complaint from the portal form',
      tags: ['portal'],
      schema: { params: SlugParams, body: PortalFormBodySchema, response: { 200: z.string(), 400: z.string() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = `/portal/${org.slug}/complaints/new`;
        const result = await customer.fileFromPortal(deps, ctx, org, body, sameSite(request));
        if (!result.ok) return page(reply, 400, renderComplaintForm(org, ctx.locale, path, result.formToken, phoneNoticeText(deps, ctx.locale), result.values, result.errors));
        return page(reply, 200, renderComplaintReceived(org, ctx.locale, path, result.receipt, result.trackingPath));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/complaints/track/:token',
      access: 'link',
      publicReason: LINK,
      hideFromOpenApi: true,
      rateLimitPerMinute: 60,
      summary: 'Complaint tracking page',
      tags: ['portal'],
      schema: { params: TrackParams, querystring: TrackQuery, response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params, query }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = trackPath(org.slug, params.token);
        const tracking = await customer.getTrackingView(deps, org, params.token);
        // Wrong token, another complaint's token in another organisation: the same not-found page.
        if (!tracking) return page(reply, 404, renderPortalNotFound(org, ctx.locale, path));
        return page(reply, 200, renderTrackingPage(org, ctx.locale, path, tracking.view, tracking.formTokens, { done: query.done }));
      },
    }),
    trackPost('message', 'The customer adds information and documents (reopens a closed complaint)', PortalMessageBodySchema),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/complaints/track/:token/attachments/:attachmentId',
      access: 'link',
      publicReason: LINK,
      hideFromOpenApi: true,
      rateLimitPerMinute: 60,
      summary: 'Download a document of the complaint (never an internal one)',
      tags: ['portal'],
      schema: { params: AttachmentParams, response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const file = await customer.downloadTrackedAttachment(deps, org, params.token, params.attachmentId);
        if (!file) return page(reply, 404, renderPortalNotFound(org, ctx.locale, trackPath(org.slug, params.token)));
        return sendAttachment(reply, file);
      },
    }),
    trackPost('respond', 'The customer accepts or rejects the answer', PortalRespondBodySchema),
    trackPost('rate', 'The customer rates the handling (1-5)', PortalRateBodySchema),
  ];
}
