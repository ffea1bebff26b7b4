/**
 * Portal routes of the privacy centre: rights, identification by e-mail code, consents, withdrawal
 * links. Each route parses, calls one verb of privacy-centre.service.ts and renders a page; the
 * cookies of the portal session and of form tokens are the HTTP layer's (api/plugins/portal.ts).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { closePortalSession, openPortalSession, portalFormToken, portalFormValid, portalSessionOf } from '../../api/plugins/portal.ts';
import type { Deps } from '../deps.ts';
import type { RequestContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { getPortalOrganisation } from '../organisations/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { CHANNELS } from './consent.tables.ts';
import * as centre from './privacy-centre.service.ts';
import * as pages from './consent.pages.ts';

const HTML = 'text/html; charset=utf-8';
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const TokenParams = SlugParams.extend({ token: z.string().min(1).max(2000) });
const PortalQuery = z.object({
  lang: z.enum(['fr', 'en']).optional(),
  done: z.enum(['given', 'withdrawn', 'signedout', 'request', 'expired', 'phone']).optional(),
});
const PUBLIC = 'the privacy centre is open to data subjects without an account (GDPR Art. 12(2): facilitate the exercise of rights)';
const LINK = 'withdrawal links in e-mails work without login (GDPR Art. 7(3): as easy as giving); also RFC 8058 one-click unsubscribe';

const noStore = (reply: FastifyReply) => reply.type(HTML).header('cache-control', 'no-store');

/** The centre as the request's subject (if any) sees it, with an optional notice or error. */
async function renderCentre(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: RequestContext,
  org: OrganisationRow,
  flash: pages.CentreFlash = {},
) {
  const view = await centre.openPrivacyCentre(deps, ctx, org, { gpcSignal: request.headers['sec-gpc'] === '1' });
  return noStore(reply).send(pages.centrePage(ctx.locale, org, view, portalFormToken(deps, request, reply, org.id), flash));
}

const refuseForm = (reply: FastifyReply, ctx: RequestContext, org: OrganisationRow) =>
  reply
    .status(403)
    .type(HTML)
    .send(
      pages.messagePage(
        ctx.locale,
        org,
        pages.base(org),
        t(ctx.locale, 'privacy.portal.formExpiredTitle'),
        t(ctx.locale, 'privacy.portal.formExpired'),
        'error',
      ),
    );

const linkRefused = (reply: FastifyReply, ctx: RequestContext, org: OrganisationRow, path: string, reason: centre.LinkRefusal) =>
  reply
    .status(reason === 'expired' || reason === 'replayed' ? 410 : 400)
    .type(HTML)
    .send(
      pages.messagePage(
        ctx.locale,
        org,
        path,
        t(ctx.locale, 'privacy.portal.linkRefusedTitle'),
        t(ctx.locale, `privacy.portal.link_${reason}`),
        'error',
      ),
    );

export function consentPortalRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'Privacy centre: rights, purposes, and the identified subject’s consents',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return renderCentre(deps, request, reply, ctx, org, query.done ? { done: query.done } : {});
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/identify',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      rateLimitPerMinute: 10,
      summary: 'Send a one-time code to the e-mail address on file',
      tags: ['portal'],
      schema: {
        params: SlugParams,
        body: z.object({ formToken: z.string().max(1000), email: z.string().max(320) }).strict(),
        response: { 303: z.null(), 400: z.string() },
      },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!portalFormValid(deps, request, org.id, body.formToken)) return refuseForm(reply, ctx, org);
        const email = body.email.trim();
        if (!z.email().safeParse(email).success)
          return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, 'privacy.portal.emailInvalid') });
        const sent = await centre.requestCode(deps, ctx, org, email);
        if (!sent.ok)
          return renderCentre(deps, request, reply.status(429), ctx, org, { error: t(ctx.locale, 'privacy.portal.codeThrottled') });
        // Post/redirect/get: the code page can be reloaded without sending a second code.
        return reply.redirect(`${pages.base(org)}/verify?c=${sent.challengeId}`, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/verify',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'The form to enter the one-time code',
      tags: ['portal'],
      schema: {
        params: SlugParams,
        querystring: z.object({ c: z.uuid(), lang: z.enum(['fr', 'en']).optional() }),
        response: { 200: z.string() },
      },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return noStore(reply).send(pages.codePage(ctx.locale, org, portalFormToken(deps, request, reply, org.id), query.c));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/verify',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      rateLimitPerMinute: 20,
      summary: 'Check the one-time code and open a short portal session',
      tags: ['portal'],
      schema: {
        params: SlugParams,
        body: z.object({ formToken: z.string().max(1000), challenge: z.string().max(64), code: z.string().max(20) }).strict(),
        response: { 200: z.string(), 303: z.null() },
      },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!portalFormValid(deps, request, org.id, body.formToken)) return refuseForm(reply, ctx, org);
        const result = await centre.verifyIdentity(deps, ctx, org, body.challenge, body.code);
        if (result.ok) {
          openPortalSession(deps, reply, result.session);
          return reply.redirect(pages.base(org), 303);
        }
        if (result.reason === 'wrong') {
          const error = t(ctx.locale, 'privacy.portal.codeWrong', { tries: result.triesLeft });
          return reply
            .status(400)
            .type(HTML)
            .send(pages.codePage(ctx.locale, org, portalFormToken(deps, request, reply, org.id), body.challenge, error));
        }
        return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, `privacy.portal.code_${result.reason}`) });
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/consents',
      access: 'subject',
      hideFromOpenApi: true,
      summary: 'Give or withdraw one consent (one purpose, one channel) as the identified subject',
      tags: ['portal'],
      schema: {
        params: SlugParams,
        body: z
          .object({
            formToken: z.string().max(1000),
            purpose: z.uuid(),
            channel: z.enum(CHANNELS),
            action: z.enum(['give', 'withdraw']),
            // The phone-collection notice the page showed beside a phone consent (C. consom. L.223-1).
            phoneNotice: z.string().max(80).optional(),
          })
          .strict(),
        response: { 303: z.null(), 400: z.string() },
      },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!portalFormValid(deps, request, org.id, body.formToken)) return refuseForm(reply, ctx, org);
        const input = {
          purposeId: body.purpose,
          channel: body.channel,
          userAgent: request.headers['user-agent'] ?? null,
          phoneNotice: body.phoneNotice,
        };
        try {
          // Committed before the redirect: what the next page says is already durable (Art. 7(3)).
          await (body.action === 'give' ? centre.giveConsent : centre.withdrawConsent)(deps, ctx, org, input);
        } catch (error) {
          if (error instanceof AppError && error.code === 'privacy.invalid_choice')
            return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, 'privacy.portal.invalidChoice') });
          // A page older than the notice in force (or none shown): the centre shows the notice again to read.
          if (error instanceof AppError && error.issues.some((i) => i.path === 'phoneNotice'))
            return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, 'privacy.portal.phoneNoticeAgain') });
          throw error;
        }
        return reply.redirect(`${pages.base(org)}?done=${body.action === 'give' ? 'given' : 'withdrawn'}`, 303);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/phone',
      access: 'subject',
      hideFromOpenApi: true,
      summary:
        'Give or change the identified subject’s phone number, told first that phone canvassing needs their consent (C. consom. L.223-1)',
      tags: ['portal'],
      schema: {
        params: SlugParams,
        body: z
          .object({ formToken: z.string().max(1000), phone: z.string().max(1000), phoneNotice: z.string().max(80).optional() })
          .strict(),
        response: { 303: z.null(), 400: z.string() },
      },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!portalFormValid(deps, request, org.id, body.formToken)) return refuseForm(reply, ctx, org);
        let result: centre.PhoneChange;
        try {
          result = await centre.changePhone(deps, ctx, org, { phone: body.phone, phoneNotice: body.phoneNotice });
        } catch (error) {
          if (error instanceof AppError && error.code === 'privacy.invalid_choice')
            return renderCentre(deps, request, reply.status(400), ctx, org, { error: t(ctx.locale, 'privacy.portal.invalidChoice') });
          throw error;
        }
        if (!result.ok)
          return renderCentre(deps, request, reply.status(400), ctx, org, {
            phone: {
              value: body.phone.slice(0, 40),
              error: t(ctx.locale, result.problem === 'invalid' ? 'privacy.portal.phoneInvalid' : 'privacy.portal.phoneNumberNoticeAgain'),
            },
          });
        return reply.redirect(`${pages.base(org)}?done=phone`, 303);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/signout',
      access: 'public',
      publicReason: 'anyone may end the portal session of their own browser',
      hideFromOpenApi: true,
      summary: 'End the portal session',
      tags: ['portal'],
      schema: { params: SlugParams, body: z.object({ formToken: z.string().max(1000) }).strict(), response: { 303: z.null() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        if (!portalFormValid(deps, request, org.id, body.formToken)) return refuseForm(reply, ctx, org);
        await centre.signOut(deps, ctx, org, portalSessionOf(deps, request));
        closePortalSession(deps, reply);
        return reply.redirect(`${pages.base(org)}?done=signedout`, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/privacy/withdraw/:token',
      access: 'link',
      publicReason: LINK,
      hideFromOpenApi: true,
      summary: 'Confirm a withdrawal from an e-mail link (a GET never changes anything: mail scanners follow links)',
      tags: ['portal'],
      schema: { params: TokenParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = `${pages.base(org)}/withdraw/${params.token}`;
        const link = await centre.checkWithdrawLink(deps, ctx, org, params.token);
        if (!link.ok) return linkRefused(reply, ctx, org, path, link.reason);
        return noStore(reply).send(
          pages.withdrawConfirmPage(
            ctx.locale,
            org,
            path,
            pages.noticeTitle(ctx.locale, link.purpose.notice, link.purpose.purpose),
            t(ctx.locale, `privacy.channel.${link.channel}`),
          ),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/privacy/withdraw/:token',
      access: 'link',
      publicReason: LINK,
      hideFromOpenApi: true,
      summary: 'Withdraw consent with a signed, single-use link',
      tags: ['portal'],
      schema: {
        params: TokenParams,
        body: z.object({ confirm: z.literal('1').optional(), 'List-Unsubscribe': z.literal('One-Click').optional() }).strict(),
        response: { 200: z.string() },
      },
      async handler({ ctx, params, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = `${pages.base(org)}/withdraw/${params.token}`;
        const link = await centre.withdrawByLink(deps, ctx, org, params.token, request.headers['user-agent'] ?? null);
        if (!link.ok) return linkRefused(reply, ctx, org, path, link.reason);
        const purpose = pages.noticeTitle(ctx.locale, link.purpose.notice, link.purpose.purpose);
        return reply
          .type(HTML)
          .send(
            pages.messagePage(
              ctx.locale,
              org,
              path,
              t(ctx.locale, 'privacy.portal.withdrawnTitle'),
              t(ctx.locale, 'privacy.portal.withdrawnText', { purpose, channel: t(ctx.locale, `privacy.channel.${link.channel}`) }),
              'ok',
            ),
          );
      },
    }),
  ];
}
