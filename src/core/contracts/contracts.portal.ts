/**
 * Portal routes of the "résilier votre contrat" and "withdraw from contract" functions, without
 * an account: each parses, calls one verb of contracts.portal.service.ts and renders a page.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { sameSite } from '../../api/same-site.ts';
import type { Deps } from '../deps.ts';
import { getPortalOrganisation } from '../organisations/index.ts';
import * as portal from './contracts.portal.service.ts';
import { PortalConfirmBodySchema, PortalIdentifyBodySchema } from './contracts.schemas.ts';
import { renderAcknowledged, renderAlreadyEnded, renderConfirm, renderIdentify } from './contracts.pages.ts';

const HTML = 'text/html; charset=utf-8';
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const PortalQuery = z.object({ lang: z.enum(['fr', 'en']).optional() }).strict();
const PUBLIC = {
  terminate: 'termination online without an account, from every portal page (C. consom. L.215-1-1, D.215-1 to D.215-4)',
  withdraw: 'withdrawal online as easy as concluding the contract (Dir. 2011/83/EU art. 11a, from 2026-06-19)',
} as const;

const send = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).type(HTML).header('cache-control', 'no-store').send(body);

export function contractPortalRoutes(deps: Deps): AnyRoute[] {
  const routesOf = (action: portal.EndAction, segment: string): AnyRoute[] => [
    defineRoute({
      method: 'GET',
      url: `/portal/:org/contracts/${segment}`,
      access: 'public',
      publicReason: PUBLIC[action],
      hideFromOpenApi: true,
      summary:
        action === 'terminate' ? 'Terminate your contract: identify (step 1 of 3)' : 'Withdraw from contract: identify (step 1 of 3)',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return send(reply, 200, renderIdentify(org, ctx.locale, action, portal.identifyFormToken(deps, org, action)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: `/portal/:org/contracts/${segment}`,
      access: 'public',
      publicReason: PUBLIC[action],
      hideFromOpenApi: true,
      // Per address: with the reference's 100 random bits, guessing is hopeless at this pace.
      rateLimitPerMinute: 5,
      summary: 'Identify the contract (name, contract reference, contract e-mail); answers the confirmation page (step 2 of 3)',
      tags: ['portal'],
      schema: { params: SlugParams, body: PortalIdentifyBodySchema, response: { 200: z.string(), 400: z.string() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const result = await portal.identifyForEnd(deps, ctx, org, action, body, sameSite(request));
        switch (result.kind) {
          case 'invalid':
            return send(reply, 400, renderIdentify(org, ctx.locale, action, result.formToken, result.values, result.errors));
          case 'ended':
            return send(reply, 200, renderAlreadyEnded(org, ctx.locale, action, result.status, result.endOn));
          case 'confirm':
            return send(
              reply,
              200,
              renderConfirm(org, ctx.locale, result.preview, result.formToken, result.notice, result.withdrawalLastDay),
            );
        }
      },
    }),
    defineRoute({
      method: 'POST',
      url: `/portal/:org/contracts/${segment}/confirm`,
      access: 'public',
      publicReason: PUBLIC[action],
      hideFromOpenApi: true,
      rateLimitPerMinute: 10,
      summary: 'Confirm: the contract ends, acknowledged on screen and by e-mail to the contract’s address (step 3 of 3)',
      tags: ['portal'],
      schema: { params: SlugParams, body: PortalConfirmBodySchema, response: { 200: z.string(), 400: z.string() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const result = await portal.confirmEnd(deps, ctx, org, action, body, sameSite(request));
        if (result.kind === 'restart')
          return send(reply, 400, renderIdentify(org, ctx.locale, action, result.formToken, {}, result.errors));
        return send(reply, 200, renderAcknowledged(org, ctx.locale, result.preview, result.at));
      },
    }),
  ];
  return [...routesOf('terminate', 'terminate'), ...routesOf('withdraw', 'withdraw')];
}
