/** Public offer pages: anyone reads an organisation's offers, prices, their history and what changed. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import { getPortalOrganisation, renderPortalNotFound, type OrganisationRow } from '../organisations/index.ts';
import type { RequestContext } from '../context.ts';
import * as queries from './offers.queries.ts';
import { renderOfferComparison, renderOfferList, renderOfferPage } from './offers.pages.ts';

const HTML = 'text/html; charset=utf-8';
const PUBLIC = 'prices and terms are published for anyone to read before buying (total transparency of costs; Dir. 98/6/EC)';
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const OfferParams = SlugParams.extend({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/) });
const Lang = { lang: z.enum(['fr', 'en']).optional() };
const version = z.coerce.number().int().min(1).max(1_000_000);

/** The page's address without `lang`: the language links add their own, and the choice is kept by cookie. */
function pathOf(url: string): string {
  const u = new URL(url, 'http://portal.invalid');
  u.searchParams.delete('lang');
  return u.pathname + u.search;
}

const send = (reply: FastifyReply, status: number, body: string) =>
  reply.status(status).type(HTML).header('cache-control', 'no-cache').send(body);
const notFoundPage = (reply: FastifyReply, org: OrganisationRow, ctx: RequestContext, path: string) =>
  send(reply, 404, renderPortalNotFound(org, ctx.locale, path));

export function offersPortalRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/offers',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'The organisation’s offers and their prices in force',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: z.object(Lang).strict(), response: { 200: z.string() } },
      async handler({ ctx, params, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const views = await queries.publicOffers(deps, org);
        return send(reply, 200, renderOfferList({ locale: ctx.locale, org, path: pathOf(request.url), now: deps.clock.now() }, views));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/offers/:slug',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'One offer: the price in force and its published breakdown, the terms, the price history',
      tags: ['portal'],
      schema: { params: OfferParams, querystring: z.object(Lang).strict(), response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const view = await queries.publicOffer(deps, org, params.slug);
        const page = view ? renderOfferPage({ locale: ctx.locale, org, path: pathOf(request.url), now: deps.clock.now() }, view) : null;
        return page ? send(reply, 200, page) : notFoundPage(reply, org, ctx, pathOf(request.url));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/offers/:slug/compare',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'Two versions of an offer side by side, with what changed',
      tags: ['portal'],
      schema: {
        params: OfferParams,
        querystring: z.object({ ...Lang, from: version, to: version }).strict(),
        response: { 200: z.string(), 404: z.string() },
      },
      async handler({ ctx, params, query, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const view = await queries.publicOffer(deps, org, params.slug);
        const page = view
          ? renderOfferComparison({ locale: ctx.locale, org, path: pathOf(request.url), now: deps.clock.now() }, view, query.from, query.to)
          : null;
        return page ? send(reply, 200, page) : notFoundPage(reply, org, ctx, pathOf(request.url));
      },
    }),
  ];
}
