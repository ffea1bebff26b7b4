import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as service from './offers.service.ts';
import * as queries from './offers.queries.ts';
import { abilitiesOf } from './offers.policy.ts';
import { presentOffer, presentOfferDetail, presentVersion } from './offers.presenter.ts';
import {
  CreateOfferSchema,
  NewVersionSchema,
  OfferDetailDtoSchema,
  OfferListDtoSchema,
  OfferParamsSchema,
  OfferVersionDtoSchema,
  ReductionCheckDtoSchema,
  ReductionCheckSchema,
} from './offers.schemas.ts';

export function offersRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/offers',
      access: 'transparency:read',
      summary: 'The organisation’s offers, each with the version in force now and the next announced one',
      tags: ['offers'],
      schema: { response: { 200: OfferListDtoSchema } },
      handler: async ({ ctx }) => {
        const now = deps.clock.now();
        return { items: (await queries.listOffers(deps, ctx)).map((view) => presentOffer(view, now, abilitiesOf(ctx.actor))) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/offers',
      access: 'transparency:manage',
      summary:
        'Publish an offer with its first version (price, published cost breakdown, conditions, duration, renewal terms, environmental information), in force from now',
      tags: ['offers'],
      schema: { body: CreateOfferSchema, response: { 201: OfferDetailDtoSchema } },
      async handler({ ctx, body }, reply) {
        const { offer } = await service.createOffer(deps, ctx, body);
        return reply
          .status(201)
          .send(presentOfferDetail(await queries.getOffer(deps, ctx, offer.id), deps.clock.now(), abilitiesOf(ctx.actor)));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/offers/:id',
      access: 'transparency:read',
      summary: 'One offer and every version of it, newest first (old versions stay readable)',
      tags: ['offers'],
      schema: { params: OfferParamsSchema, response: { 200: OfferDetailDtoSchema } },
      handler: async ({ ctx, params }) =>
        presentOfferDetail(await queries.getOffer(deps, ctx, params.id), deps.clock.now(), abilitiesOf(ctx.actor)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/offers/:id/versions',
      access: 'transparency:manage',
      summary:
        'Change an offer: a new version with its reason, applying from now or a later instant; an announced reduction is checked against the lowest price of the 30 days before it (Dir. 98/6/EC art. 6a) and refused when wrong',
      tags: ['offers'],
      schema: { params: OfferParamsSchema, body: NewVersionSchema, response: { 201: OfferVersionDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        const version = await service.addVersion(deps, ctx, params.id, body);
        const now = deps.clock.now();
        return reply.status(201).send(presentVersion(version, version.validFrom <= now ? version : null, now));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/offers/:id/reduction-check',
      access: 'transparency:manage',
      summary:
        'Preview: would this reduced price and percentage be accepted? The reference price (lowest of the previous 30 days) and the real percentage; nothing is stored',
      tags: ['offers'],
      schema: { params: OfferParamsSchema, body: ReductionCheckSchema, response: { 200: ReductionCheckDtoSchema } },
      handler: async ({ ctx, params, body }) => service.previewReduction(deps, ctx, params.id, body),
    }),
  ];
}
