import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import type { RequestContext } from '../context.ts';
import { AppError } from '../errors.ts';
import * as service from './complaints.service.ts';
import * as schemas from './complaints.schemas.ts';
import { presentDetail, presentQueue, presentReceipt } from './complaints.presenter.ts';
import { complaintDetailView, getComplaintDetailView, getComplaintQueueView } from './complaints.queries.ts';
import { fileComplaint } from './complaints.intake.ts';
import { complaintPortalRoutes, sendAttachment } from './complaints.portal.ts';
import { readAttachment } from './complaints.attachments.service.ts';
import * as slaSettings from './complaints.sla-settings.ts';
import type { ComplaintRow } from './complaints.repo.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function complaintRoutes(deps: Deps): AnyRoute[] {
  const detail = async (ctx: RequestContext, row: ComplaintRow) => presentDetail(await complaintDetailView(deps, row), ctx.actor);
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
      summary: 'File a complaint for a customer (phone, letter, shop, or another channel); honours Idempotency-Key; answers the receipt (the file is GET /api/complaints/{id})',
      tags: ['complaints'],
      schema: { body: schemas.CreateComplaintSchema, response: { 200: schemas.CreatedComplaintDtoSchema, 201: schemas.CreatedComplaintDtoSchema } },
      async handler({ ctx, body, request }, reply) {
        const header = request.headers['idempotency-key'];
        if (header !== undefined && (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header))) throw new AppError('bad_request');
        const result = await fileComplaint(
          deps,
          ctx,
          {
            customer: body.customer,
            channel: body.channel,
            category: body.category,
            description: body.description,
            remedySought: body.remedySought || undefined,
            language: body.language ?? body.customer.locale ?? 'fr',
            phoneNotice: body.phoneNotice,
            idempotency: header ? { key: header, requestHash: service.sha256(JSON.stringify(body)) } : undefined,
          },
          ctx.actor.kind === 'api_token' ? 'api' : 'agent',
        );
        return reply.status(result.created ? 201 : 200).send({
          complaint: presentReceipt(result.complaint, deps.clock.now()),
          trackingUrl: result.trackingPath ? `${deps.config.publicUrl}${result.trackingPath}` : null,
          created: result.created,
        });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints',
      access: 'complaint:read',
      summary:
        "Complaint queues (mine, team, all, unassigned, breaching soon, paused, review) with filters, search, orders (urgency, received, level, customer) and pages; without `queue` the viewer's own work (agents: mine, supervisors: team; `notice: no_team` when nobody reports to them yet)",
      tags: ['complaints'],
      schema: { querystring: schemas.ComplaintQuerySchema, response: { 200: schemas.ComplaintPageDtoSchema } },
      handler: async ({ ctx, query }) => presentQueue(await getComplaintQueueView(deps, ctx, query)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints/:id',
      access: 'complaint:read',
      summary: 'A complaint with its timeline, thread, SLA clocks, customer and advisor (internal notes, documents and contact details only for those who handle complaints)',
      tags: ['complaints'],
      schema: { params: schemas.IdParamsSchema, response: { 200: schemas.ComplaintDetailDtoSchema } },
      handler: async ({ ctx, params }) => presentDetail(await getComplaintDetailView(deps, ctx, params.id), ctx.actor),
    }),
    action('acknowledge', 'complaint:handle', 'Acknowledge the complaint (the customer is told who handles it)', schemas.AcknowledgeSchema, (ctx, id, body: schemas.AcknowledgeInput) =>
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
    action('answer', 'complaint:handle', 'Communicate the decision with its reasons, root cause and remedy (every choice required; each missing one is named)', schemas.AnswerSchema, (ctx, id, body: schemas.AnswerDraft) =>
      service.answerComplaint(deps, ctx, id, body),
    ),
    defineRoute({
      method: 'POST',
      url: '/api/complaints/:id/answer/preview',
      access: 'complaint:handle',
      summary: 'What the customer will receive for this answer (subject and text, as the e-mail will be sent; for a customer without e-mail, the text to send by post). Changes nothing',
      tags: ['complaints'],
      schema: { params: schemas.IdParamsSchema, body: schemas.AnswerSchema, response: { 200: schemas.AnswerPreviewDtoSchema } },
      handler: ({ ctx, params, body }) => service.previewAnswer(deps, ctx, params.id, body),
    }),
    action('close', 'complaint:handle', 'Close an answered complaint (not after a rejected answer)', schemas.CloseSchema, (ctx, id) => service.closeComplaint(deps, ctx, id)),
    action('escalate', 'complaint:escalate', 'Escalate: advisor -> supervisor (level 2, owned by whoever escalates or `ownerId`) -> consumer mediator referral', schemas.EscalateSchema, (ctx, id, body: schemas.EscalateInput) =>
      service.escalateComplaint(deps, ctx, id, body),
    ),
    action('request-info', 'complaint:handle', 'Ask the customer for information (shown in the portal thread with the reason); the SLA clocks pause until they answer', schemas.RequestInfoSchema, (ctx, id, body: schemas.RequestInfoInput) =>
      service.requestInformation(deps, ctx, id, body),
    ),
    action('resume', 'complaint:handle', 'Resume paused SLA clocks (the due dates move by the time paused)', schemas.ResumeSchema, (ctx, id) => service.resumeClocks(deps, ctx, id)),
    action('assign', 'complaint:assign', 'Reassign to another handler, with a reason (kept as an internal note)', schemas.AssignSchema, (ctx, id, body: { assigneeId: string; reason: string }) =>
      service.assignComplaint(deps, ctx, id, body),
    ),
    defineRoute({
      method: 'GET',
      url: '/api/complaints/triage-labels',
      access: 'complaint:configure',
      summary: "Export the agents' confirmed labels with the complaint text, to retrain the organisation's own triage model (audited)",
      tags: ['complaints'],
      schema: { response: { 200: schemas.TriageLabelsDtoSchema } },
      handler: async ({ ctx }) => ({ records: await service.exportTriageLabels(deps, ctx) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints/sla-settings',
      access: 'complaint:read',
      summary: 'SLA terms of the organisation and per category, with the defaults of the rules and the bounds',
      tags: ['complaints'],
      schema: { response: { 200: schemas.SlaSettingsDtoSchema } },
      handler: ({ ctx }) => slaSettings.getSlaSettings(deps, ctx),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/complaints/sla-settings',
      access: 'complaint:configure',
      summary: 'Set the SLA terms of the organisation (`*`) or of a category (new complaints only; audited)',
      tags: ['complaints'],
      schema: { body: schemas.SlaSettingSchema, response: { 200: schemas.SlaSettingsDtoSchema } },
      handler: ({ ctx, body }) => slaSettings.setSlaSetting(deps, ctx, body.category, { ackBusinessDays: body.ackBusinessDays, answerAmount: body.answerAmount, answerUnit: body.answerUnit }),
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/complaints/sla-settings/:category',
      access: 'complaint:configure',
      summary: 'Remove the SLA terms of a category (or of the organisation: back to the defaults); audited',
      tags: ['complaints'],
      schema: { params: schemas.SlaCategoryParamsSchema, response: { 200: schemas.SlaSettingsDtoSchema } },
      handler: ({ ctx, params }) => slaSettings.resetSlaSetting(deps, ctx, params.category),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints/specialist-categories',
      access: 'complaint:read',
      summary: 'Categories whose complaints go to a specialist advisor (with the category among their skills)',
      tags: ['complaints'],
      schema: { response: { 200: schemas.SpecialistCategoriesDtoSchema } },
      handler: ({ ctx }) => slaSettings.getSpecialistCategories(deps, ctx),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/complaints/specialist-categories',
      access: 'complaint:configure',
      summary: 'Set the categories that need a specialist (new complaints only; audited)',
      tags: ['complaints'],
      schema: { body: schemas.SpecialistCategoriesSchema, response: { 200: schemas.SpecialistCategoriesDtoSchema } },
      handler: ({ ctx, body }) => slaSettings.setSpecialistCategories(deps, ctx, body.categories),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/complaints/:id/attachments',
      access: 'complaint:handle',
      summary:
        'Add documents (multipart/form-data: `attachments` files, optional `message`, `internal=true` for an internal note). PDF, PNG, JPEG, WebP or plain text, checked by content; limits per file and per complaint',
      tags: ['complaints'],
      schema: { params: schemas.IdParamsSchema, response: { 200: schemas.ComplaintDetailDtoSchema } },
      async handler({ ctx, params, request }) {
        // No body schema: a body schema would make this /api/ route JSON-only; the multipart body is checked here.
        const parsed = schemas.StaffAttachmentsBodySchema.safeParse(request.body ?? {});
        if (!parsed.success) throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })));
        if (parsed.data.attachments.length === 0) throw new AppError('validation', {}, [{ path: 'attachments', code: 'required' }]);
        const internal = parsed.data.internal === 'true';
        return detail(ctx, await service.replyToComplaint(deps, ctx, params.id, parsed.data.message?.trim() ?? '', internal, parsed.data.attachments));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/complaints/:id/attachments/:attachmentId',
      // Decrypted documents (identity papers, bills) are for those who handle the file, not every reader.
      access: 'complaint:handle',
      summary: 'Download a document of the complaint (decrypted; sent as an attachment, never inline). For those who handle complaints',
      tags: ['complaints'],
      schema: { params: schemas.AttachmentParamsSchema, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const complaint = await service.getComplaint(deps, ctx, params.id);
        return sendAttachment(reply, await readAttachment(deps, complaint, params.attachmentId, { includeInternal: true }));
      },
    }),
    ...complaintPortalRoutes(deps),
  ];
}
