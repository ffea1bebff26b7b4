import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Deps } from '../deps.ts';
import * as approvals from './messages.approvals.service.ts';
import { presentApproval, presentCheck } from './messages.presenter.ts';
import {
  ApprovalDtoSchema,
  ApprovalListDtoSchema,
  ApprovalListQuerySchema,
  ApprovalParamsSchema,
  CheckMessageSchema,
  CheckResultDtoSchema,
  DecideApprovalSchema,
  SubmitApprovalSchema,
} from './messages.schemas.ts';
import { checkMessageFor } from './messages.service.ts';

export function messagesRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/messages/check',
      access: 'message:check',
      summary: 'Check a message for manipulation, pressure and missing information (fr/en): score, flag and findings with span, severity, rule, advice and, where a neutral phrase fits, a replacement for the span; not stored',
      tags: ['messages'],
      schema: { body: CheckMessageSchema, response: { 200: CheckResultDtoSchema } },
      handler: async ({ ctx, body }) => presentCheck(checkMessageFor(ctx, body), body.text, body.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/messages/approvals',
      access: 'message:check',
      summary:
        'Submit a message to the ethics officer before sending it (a marketing message or a campaign with a high-severity finding waits for approval); the findings are stored with it. A text already pending or approved returns that request (200)',
      tags: ['messages'],
      schema: { body: SubmitApprovalSchema, response: { 200: ApprovalDtoSchema, 201: ApprovalDtoSchema } },
      async handler({ ctx, body }, reply) {
        const { request, created } = await approvals.submitForApproval(deps, ctx, body);
        const view = await approvals.getApprovalRequest(deps, ctx, request.id);
        return reply.status(created ? 201 : 200).send(presentApproval(view, ctx.locale, ctx.actor));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/messages/approvals',
      access: 'message:approve',
      summary: 'Messages submitted for approval, pending by default (oldest first), with their findings explained',
      tags: ['messages'],
      schema: { querystring: ApprovalListQuerySchema, response: { 200: ApprovalListDtoSchema } },
      handler: async ({ ctx, query }) => ({
        items: (await approvals.findApprovalRequests(deps, ctx, query.status)).map((v) => presentApproval(v, ctx.locale, ctx.actor)),
      }),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/messages/approvals/:id/decision',
      access: 'message:approve',
      summary: 'Approve or reject a pending message, with the reason; decided once, never by the person who submitted it',
      tags: ['messages'],
      schema: { params: ApprovalParamsSchema, body: DecideApprovalSchema, response: { 200: ApprovalDtoSchema } },
      async handler({ ctx, params, body }) {
        await approvals.decideApprovalRequest(deps, ctx, params.id, body);
        return presentApproval(await approvals.getApprovalRequest(deps, ctx, params.id), ctx.locale, ctx.actor);
      },
    }),
  ];
}
