import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { sendAttachment } from '../complaints/index.ts';
import * as service from './regulatory.service.ts';
import { presentRegulatoryEvent, presentRegulatorySummary } from './regulatory.presenter.ts';
import {
  CreateRegulatoryEventSchema,
  EvidenceBodySchema,
  EvidenceParams,
  IdParams,
  RegulatoryEventDtoSchema,
  RegulatoryEventSummaryDtoSchema,
  RegulatoryListQuery,
  UpdateRegulatoryEventSchema,
} from './regulatory.schemas.ts';

/** HTTP routes of the register of regulatory events; every change needs `regulatory:manage`. */
export function regulatoryRoutes(deps: Deps): AnyRoute[] {
  const detail = async (ctx: RequestContext, id: string) => presentRegulatoryEvent(await service.getRegulatoryEvent(deps, ctx, id), ctx.actor);
  const tags = ['regulatory'];
  return [
    defineRoute({
      method: 'GET',
      url: '/api/regulatory-events',
      access: 'regulatory:read',
      summary: 'The register of regulatory events (fines, warnings, authority requests, complaints from regulators), newest first',
      tags,
      schema: { querystring: RegulatoryListQuery, response: { 200: z.object({ items: z.array(RegulatoryEventSummaryDtoSchema) }) } },
      async handler({ ctx, query }) {
        return { items: (await service.findRegulatoryEvents(deps, ctx, query)).map(presentRegulatorySummary) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/regulatory-events',
      access: 'regulatory:manage',
      summary: 'Record a regulatory event: date, authority, kind, subject area, description; outcome, amount and linked records as known',
      tags,
      schema: { body: CreateRegulatoryEventSchema, response: { 201: RegulatoryEventDtoSchema } },
      async handler({ ctx, body }, reply) {
        const row = await service.recordRegulatoryEvent(deps, ctx, body);
        return reply.status(201).send(await detail(ctx, row.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/regulatory-events/:id',
      access: 'regulatory:read',
      summary: 'One regulatory event with its linked records and evidence files',
      tags,
      schema: { params: IdParams, response: { 200: RegulatoryEventDtoSchema } },
      handler: ({ ctx, params }) => detail(ctx, params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/regulatory-events/:id',
      access: 'regulatory:manage',
      summary: 'Correct or complete a regulatory event (audited with the fields changed)',
      tags,
      schema: { params: IdParams, body: UpdateRegulatoryEventSchema, response: { 200: RegulatoryEventDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.updateRegulatoryEvent(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/regulatory-events/:id/evidence',
      access: 'regulatory:manage',
      summary: 'Attach evidence files (multipart/form-data, `evidence`): PDF, PNG, JPEG, WebP or plain text, checked by content, stored encrypted',
      tags,
      schema: { params: IdParams, response: { 200: RegulatoryEventDtoSchema } },
      async handler({ ctx, params, request }) {
        // No body schema: a body schema would make this /api/ route JSON-only; the multipart body is checked here.
        const parsed = EvidenceBodySchema.safeParse(request.body ?? {});
        if (!parsed.success) throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })));
        await service.addRegulatoryEvidence(deps, ctx, params.id, parsed.data.evidence);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/regulatory-events/:id/evidence/:evidenceId',
      access: 'regulatory:read',
      summary: 'Download an evidence file (decrypted; sent as an attachment, never inline; the download is audited)',
      tags,
      schema: { params: EvidenceParams, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        return sendAttachment(reply, await service.readRegulatoryEvidence(deps, ctx, params.id, params.evidenceId));
      },
    }),
  ];
}
