import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as service from './dsr.service.ts';
import { getRequestView } from './dsr.queries.ts';
import { DsrDetailDtoSchema, DsrDtoSchema, presentRequest, presentRequestDetail } from './dsr.presenter.ts';
import { AgentRequestSchema, FulfilSchema, ReasonSchema } from './dsr.schemas.ts';

const IdParams = z.object({ id: z.uuid() }).strict();

export function dsrRoutes(deps: Deps): AnyRoute[] {
  const detail = async (ctx: RequestContext, id: string) => presentRequestDetail(await getRequestView(deps, ctx, id), ctx.actor);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/dsr',
      access: 'dsr:read',
      summary: 'Data-subject requests: open ones overdue first then by deadline, closed ones (fulfilled, refused) most recent first',
      tags: ['dsr'],
      schema: { querystring: z.object({ status: z.enum(['open', 'closed', 'all']).optional() }).strict(), response: { 200: z.object({ items: z.array(DsrDtoSchema) }) } },
      async handler({ ctx, query }) {
        const rows = await service.findQueue(deps, ctx, { status: query.status ?? 'open' });
        return { items: rows.map((x) => presentRequest(x.row, x.overdue, ctx.actor)) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/dsr',
      access: 'dsr:create',
      summary: 'Record a request received by phone, post, e-mail or in person, with the identity check made and the day it was received (the deadline runs from it)',
      tags: ['dsr'],
      schema: { body: AgentRequestSchema, response: { 201: DsrDetailDtoSchema } },
      async handler({ ctx, body }, reply) {
        const row = await service.createAgentRequest(deps, ctx, body);
        return reply.status(201).send(await detail(ctx, row.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/dsr/:id',
      access: 'dsr:read',
      summary: 'One request with the subject’s identity and words',
      tags: ['dsr'],
      schema: { params: IdParams, response: { 200: DsrDetailDtoSchema } },
      handler: ({ ctx, params }) => detail(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/dsr/:id/extend',
      access: 'dsr:fulfil',
      summary: 'Extend by two months (within the first month), telling the subject why',
      tags: ['dsr'],
      schema: { params: IdParams, body: ReasonSchema, response: { 200: DsrDetailDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.extendRequest(deps, ctx, params.id, body.reason);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/dsr/:id/refuse',
      access: 'dsr:fulfil',
      summary: 'Refuse with reasons; the subject is told of the right to complain to the CNIL',
      tags: ['dsr'],
      schema: { params: IdParams, body: ReasonSchema, response: { 200: DsrDetailDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.refuseRequest(deps, ctx, params.id, body.reason);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/dsr/:id/lift-restriction',
      access: 'dsr:fulfil',
      summary: 'Lift the restriction a request obtained (GDPR Art. 18(3)): the subject is told, with the reason; decisions change at once',
      tags: ['dsr'],
      schema: { params: IdParams, body: ReasonSchema, response: { 200: DsrDetailDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.liftRequestRestriction(deps, ctx, params.id, body.reason);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/dsr/:id/fulfil',
      access: 'dsr:fulfil',
      summary: 'Fulfil: build the export, erase, or confirm restriction, objection or rectification',
      tags: ['dsr'],
      schema: { params: IdParams, body: FulfilSchema, response: { 200: DsrDetailDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.fulfilRequest(deps, ctx, params.id, body.note);
        return detail(ctx, params.id);
      },
    }),
  ];
}
