import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import * as service from './consent.service.ts';
import * as schemas from './consent.schemas.ts';
import { presentEvent, presentPurpose } from './consent.presenter.ts';
import { findNotices, findPurpose } from './consent.repo.ts';

export function consentRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/consent/purposes',
      access: 'consent:read',
      summary: 'Purposes of processing with their legal basis, data use and every notice version',
      tags: ['consent'],
      schema: { response: { 200: z.object({ items: z.array(schemas.PurposeDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: (await service.findPurposesWithNotices(deps, requireOrg(ctx))).map((x) => presentPurpose(x.purpose, x.notices)) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/purposes',
      access: 'purpose:manage',
      summary: 'Create a purpose with its first notice version',
      tags: ['consent'],
      schema: { body: schemas.CreatePurposeSchema, response: { 201: schemas.PurposeDtoSchema } },
      async handler({ ctx, body }, reply) {
        const purpose = await service.createPurpose(deps, ctx, body);
        return reply.status(201).send(presentPurpose(purpose, await findNotices(deps.db, purpose.orgId, purpose.id)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/purposes/:id/notices',
      access: 'purpose:manage',
      summary: 'Publish a new notice version for a purpose (notices are never edited)',
      tags: ['consent'],
      schema: { params: schemas.IdParamsSchema, body: schemas.NoticeSchema, response: { 201: schemas.PurposeDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        await service.publishNotice(deps, ctx, params.id, body);
        const orgId = requireOrg(ctx);
        const purpose = await findPurpose(deps.db, orgId, params.id);
        if (!purpose) throw new AppError('not_found', { resource: 'purpose' });
        return reply.status(201).send(presentPurpose(purpose, await findNotices(deps.db, orgId, params.id)));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/events',
      access: 'consent:record',
      summary: 'Record a consent event (given, withdrawn, refused, expired) with its proof',
      tags: ['consent'],
      schema: { body: schemas.RecordConsentSchema, response: { 201: schemas.ConsentEventDtoSchema } },
      async handler({ ctx, body, request }, reply) {
        const event = await service.recordConsent(deps, ctx, {
          ...body,
          occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
          userAgent: request.headers['user-agent'] ?? null,
        });
        return reply.status(201).send(presentEvent(event));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/consent/decisions',
      access: 'consent:read',
      summary: 'Decide up to 1,000 (subject, purpose, channel) at once: allowed or denied, with reason and evidence',
      tags: ['consent'],
      schema: { body: schemas.DecisionsSchema, response: { 200: z.object({ items: z.array(schemas.DecisionDtoSchema) }) } },
      async handler({ ctx, body }) {
        const index = await service.getConsentIndex(deps, requireOrg(ctx));
        const at = body.at ? Date.parse(body.at) : deps.clock.now().getTime();
        return { items: index.canMany(body.items, at) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/consent/rates',
      access: 'consent:read',
      summary: 'Consent rates by purpose (current states)',
      tags: ['consent'],
      schema: { response: { 200: z.object({ items: z.array(schemas.RateDtoSchema) }) } },
      handler: async ({ ctx }) => ({ items: await service.consentRates(deps, ctx) }),
    }),
  ];
}
