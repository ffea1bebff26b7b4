import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as service from './organisations.service.ts';
import { OrganisationDtoSchema, UpdateOrganisationSchema } from './organisations.schemas.ts';
import { renderPortalHome, renderPortalLegal, renderPortalNotFound } from './organisations.pages.ts';
import type { OrganisationRow } from './organisations.repo.ts';

const portalCss = readFileSync(fileURLToPath(new URL('../../../web/portal/portal.css', import.meta.url)), 'utf8');
const favicon = readFileSync(fileURLToPath(new URL('../../../web/portal/favicon.svg', import.meta.url)), 'utf8');
const PortalQuery = z.object({ lang: z.enum(['fr', 'en']).optional() });
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const HTML = 'text/html; charset=utf-8';

function present(org: OrganisationRow) {
  return { id: org.id, slug: org.slug, name: org.name, legalName: org.legalName, profile: org.profile, defaultLocale: org.defaultLocale === 'en' ? ('en' as const) : ('fr' as const), timezone: org.timezone };
}

export function organisationRoutes(deps: Deps): AnyRoute[] {
  const portal = 'the public portal is open to customers without an account';
  return [
    defineRoute({
      method: 'GET',
      url: '/api/organisation',
      access: 'org:read',
      summary: 'The organisation’s public identity and settings',
      tags: ['organisation'],
      schema: { response: { 200: OrganisationDtoSchema } },
      handler: async ({ ctx }) => present(await service.getOwnOrganisation(deps, ctx)),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/organisation',
      access: 'org:manage',
      summary: 'Change the organisation’s identity, contact, mediator or legal notice',
      tags: ['organisation'],
      schema: { body: UpdateOrganisationSchema, response: { 200: OrganisationDtoSchema } },
      handler: async ({ ctx, body }) => present(await service.updateOwnOrganisation(deps, ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      url: '/portal',
      access: 'public',
      publicReason: portal,
      hideFromOpenApi: true,
      summary: 'Portal entry: the default organisation',
      tags: ['portal'],
      schema: { querystring: PortalQuery, response: { 302: z.null() } },
      async handler({ query }, reply) {
        const org = await service.getPortalOrganisation(deps, null);
        return reply.redirect(`/portal/${org.slug}${query.lang ? `?lang=${query.lang}` : ''}`);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org',
      access: 'public',
      publicReason: portal,
      hideFromOpenApi: true,
      summary: 'Portal home page',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await service.getPortalOrganisation(deps, params.org);
        return reply.type(HTML).send(renderPortalHome(org, ctx.locale, `/portal/${org.slug}`));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/legal',
      access: 'public',
      publicReason: portal,
      hideFromOpenApi: true,
      summary: 'Legal notice',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await service.getPortalOrganisation(deps, params.org);
        return reply.type(HTML).send(renderPortalLegal(org, ctx.locale, `/portal/${org.slug}/legal`));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/*',
      access: 'public',
      publicReason: 'an address under the portal that leads nowhere gets a page with the way back, not a bare error',
      hideFromOpenApi: true,
      summary: 'Portal page not found',
      tags: ['portal'],
      schema: { params: SlugParams.extend({ '*': z.string() }), querystring: PortalQuery, response: { 404: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await service.getPortalOrganisation(deps, params.org);
        return reply.status(404).type(HTML).send(renderPortalNotFound(org, ctx.locale, `/portal/${org.slug}`));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/assets/portal.css',
      access: 'public',
      publicReason: 'stylesheet of the public portal',
      hideFromOpenApi: true,
      summary: 'Portal stylesheet',
      tags: ['portal'],
      schema: { response: { 200: z.string() } },
      handler: async (_input, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(portalCss),
    }),
    defineRoute({
      method: 'GET',
      url: '/favicon.svg',
      access: 'public',
      publicReason: 'the site icon browsers ask for on every page',
      hideFromOpenApi: true,
      summary: 'Site icon',
      tags: ['portal'],
      schema: { response: { 200: z.string() } },
      handler: async (_input, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(favicon),
    }),
    defineRoute({
      method: 'GET',
      url: '/favicon.ico',
      access: 'public',
      publicReason: 'browsers ask for /favicon.ico whatever the page declares',
      hideFromOpenApi: true,
      summary: 'Site icon (legacy address)',
      tags: ['portal'],
      schema: { response: { 301: z.null() } },
      // Answered by the SVG icon rather than a 404 in every browser console and access log.
      handler: async (_input, reply) => reply.redirect('/favicon.svg', 301),
    }),
  ];
}
