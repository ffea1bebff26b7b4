import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import type { RequestContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { findOrganisationById } from '../organisations/organisations.repo.ts';
import * as service from './complaints.service.ts';
import * as schemas from './complaints.schemas.ts';
import { presentDetail, presentSummary, userLabels } from './complaints.presenter.ts';
import { complaintPortalRoutes } from './complaints.portal.ts';
import type { ComplaintRow } from './complaints.repo.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function complaintRoutes(deps: Deps): AnyRoute[] {
  const detail = (ctx: RequestContext, row: ComplaintRow) => presentDetail(deps, row, ctx.actor);
  const action = (
    url: string,
    access: 'complaint:handle' | 'complaint:assign' | 'complaint:escalate',
    summary: string,
    body: z.ZodType,
    run: (ctx: RequestContext, id: string, body: never) => Promise<ComplaintRow>,
  ) =>
    defineRoute({
      method: 'POST',
      url: `/api/complaints/:id/${url}`,
      access,
      summary,
      tags: ['complaints'],
      schema: { params: schemas.IdParamsSchema, body, response: { 200: schemas.ComplaintDetailDtoSchema } },
      handler: async ({ ctx, params, body: input }) => detail(ctx, await run(ctx, params.id, input as never)),
    });

  return [
    defineRoute({
      method: 'POST',
      url: '/api/complaints',
      access: 'complaint:create',
      summary: 'File a complaint for a customer (phone, letter, shop, or another channel); honours Idempotency-Key',
      tags: ['complaints'],
      schema: { body: schemas.CreateComplaintSchema, response: { 200: schemas.CreatedComplaintDtoSchema, 201: schemas.CreatedComplaintDtoSchema } },
      async handler({ ctx, body, request }, reply) {
        const header = request.headers['idempotency-key'];
        if (header !== undefined && (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header))) throw new AppError('bad_request');
        const result = await service.fileComplaint(
          deps,
          ctx,
          {
            customer: body.customer,
            channel: body.channel,
            category: body.category,
            description: body.description,
            remedySought: body.remedySought || undefined,
            language: body.language ?? body.customer.locale ?? 'fr',
            idempotency: header ? { key: header, requestHash: service.sha256(JSON.stringify(body)) } : undefined,
          },
          ctx.actor.kind === 'api_token' ? 'api' : 'agent',
        );
        const org = await findOrganisationById(deps.db, result.complaint.orgId);
        return reply.status(result.created ? 201 : 200).send({
          complaint: await detail(ctx, result.complaint),
          trackingUrl: result.token ? `${deps.config.publicUrl}${service.trackingPath(org?.slug ?? '', result.token)}` : null,
          created: result.created,
        });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints',
      access: 'complaint:read',
      summary: 'Complaint queues (mine, unassigned, breaching soon, review) with filters and search',
      tags: ['complaints'],
      schema: { querystring: schemas.ComplaintQuerySchema, response: { 200: z.object({ items: z.array(schemas.ComplaintSummaryDtoSchema), total: z.number().int() }) } },
      async handler({ ctx, query }) {
        const { rows, total } = await service.findComplaints(deps, ctx, query);
        const labels = await userLabels(deps.db, ctx.orgId ?? '', rows.map((r) => r.assigneeId));
        const now = deps.clock.now();
        return { items: rows.map((r) => presentSummary(r, labels, now)), total };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints/:id',
      access: 'complaint:read',
      summary: 'A complaint with its timeline, thread (internal notes included), SLA clocks, customer and advisor',
      tags: ['complaints'],
      schema: { params: schemas.IdParamsSchema, response: { 200: schemas.ComplaintDetailDtoSchema } },
      handler: async ({ ctx, params }) => detail(ctx, await service.getComplaint(deps, ctx, params.id)),
    }),
    action('acknowledge', 'complaint:handle', 'Acknowledge the complaint (the customer is told who handles it)', schemas.AcknowledgeSchema, (ctx, id, body: { message?: string }) =>
      service.acknowledgeComplaint(deps, ctx, id, body),
    ),
    action('assess', 'complaint:handle', 'Confirm the assessment: category, severity, urgency, vulnerability, language', schemas.AssessSchema, (ctx, id, body: schemas.AssessInput) =>
      service.assessComplaint(deps, ctx, id, body),
    ),
    action('reply', 'complaint:handle', 'Write to the customer (shown on the tracking page)', schemas.MessageSchema, (ctx, id, body: { body: string }) =>
      service.replyToComplaint(deps, ctx, id, body.body, false),
    ),
    action('note', 'complaint:handle', 'Add an internal note (never shown to the customer)', schemas.MessageSchema, (ctx, id, body: { body: string }) =>
      service.replyToComplaint(deps, ctx, id, body.body, true),
    ),
    action('answer', 'complaint:handle', 'Communicate the decision with its reasons, root cause and remedy', schemas.AnswerSchema, (ctx, id, body: schemas.AnswerInput) =>
      service.answerComplaint(deps, ctx, id, body),
    ),
    action('close', 'complaint:handle', 'Close an answered complaint (not after a rejected answer)', schemas.CloseSchema, (ctx, id) => service.closeComplaint(deps, ctx, id)),
    action('escalate', 'complaint:escalate', 'Escalate: advisor -> supervisor -> consumer mediator referral', schemas.EscalateSchema, (ctx, id, body: { note?: string }) =>
      service.escalateComplaint(deps, ctx, id, body),
    ),
    action('assign', 'complaint:assign', 'Reassign to another handler, with a reason (kept as an internal note)', schemas.AssignSchema, (ctx, id, body: { assigneeId: string; reason: string }) =>
      service.assignComplaint(deps, ctx, id, body),
    ),
    ...complaintPortalRoutes(deps),
  ];
}
