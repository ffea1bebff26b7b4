/**
 * Portal routes of a change notice, by the link the notice carried (access `link`): its page, and
 * "terminate" from it, which answers the termination function's confirmation step.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { sameSite } from '../../api/same-site.ts';
import type { Deps } from '../deps.ts';
import { getPortalOrganisation } from '../organisations/index.ts';
import { renderContractEnded, renderTerminationConfirm } from '../contracts/index.ts';
import * as portal from './change-campaigns.portal.service.ts';
import { noticePath, renderNotice, renderNoticeInvalid } from './change-campaigns.pages.ts';

const HTML = 'text/html; charset=utf-8';
const Params = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/), token: z.string().min(1).max(200) });
const PortalQuery = z.object({ lang: z.enum(['fr', 'en']).optional() }).strict();
const LINK_REASON =
  'the notice of a contract change (C. consom. L.224-33, L.224-10) links to its page; the link went to the contract’s address only, as an acknowledgement does, and is signed (HMAC) per notice';

const send = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).type(HTML).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(body);

export function changeCampaignPortalRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/notices/:token',
      access: 'link',
      publicReason: LINK_REASON,
      hideFromOpenApi: true,
      summary: 'A change notice’s page: old and new terms side by side, the dates, and the termination as one action (step 1 of 3)',
      tags: ['portal'],
      schema: { params: Params, querystring: PortalQuery, response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const found = await portal.openNotice(deps, ctx, org, params.token);
        if (found.kind === 'invalid') return send(reply, 404, renderNoticeInvalid(org, ctx.locale, noticePath(org, params.token)));
        return send(reply, 200, renderNotice(org, ctx.locale, params.token, found.view));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/notices/:token/terminate',
      access: 'link',
      publicReason: LINK_REASON,
      hideFromOpenApi: true,
      rateLimitPerMinute: 10,
      summary: 'Terminate from a change notice: the termination function’s confirmation page for this contract (step 2 of 3)',
      tags: ['portal'],
      schema: { params: Params, response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const result = await portal.terminateFromNotice(deps, ctx, org, params.token, sameSite(request));
        switch (result.kind) {
          case 'invalid':
            return send(reply, 404, renderNoticeInvalid(org, ctx.locale, noticePath(org, params.token)));
          case 'ended':
            return send(reply, 200, renderContractEnded(org, ctx.locale, 'terminate', result.status, result.endOn));
          case 'confirm':
            return send(reply, 200, renderTerminationConfirm(org, ctx.locale, result.preview, result.formToken, null, null));
        }
      },
    }),
  ];
}
