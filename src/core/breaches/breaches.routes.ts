import { z } from 'zod';
import { sendPrintablePage } from '../../api/printable.ts';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as service from './breaches.service.ts';
import { getBreachReportView, getBreachView } from './breaches.queries.ts';
import { BreachDtoSchema, BreachSummaryDtoSchema, presentBreach, presentBreachSummary } from './breaches.presenter.ts';
import { renderBreachReport, renderRegisterCsv } from './breaches.report.ts';
import {
  BreachListQuery,
  CreateBreachSchema,
  ExemptSubjectsSchema,
  IdParams,
  NotifyAuthoritySchema,
  NotifySubjectsSchema,
  SubjectNotificationDtoSchema,
  SupplementSchema,
  UpdateBreachSchema,
  WaiveAuthoritySchema,
} from './breaches.schemas.ts';

/** HTTP routes of the breach register (back office and API); every change needs `breach:manage`. */
export function breachRoutes(deps: Deps): AnyRoute[] {
  const detail = async (ctx: RequestContext, id: string) => presentBreach(await getBreachView(deps, ctx, id), ctx.actor);
  const tags = ['breaches'];
  return [
    defineRoute({
      method: 'GET',
      url: '/api/breaches',
      access: 'breach:read',
      summary: 'The breach register (GDPR Art. 33(5)), newest first, with the 72-hour clock of each breach',
      tags,
      schema: { querystring: BreachListQuery, response: { 200: z.object({ items: z.array(BreachSummaryDtoSchema) }) } },
      async handler({ ctx, query }) {
        const now = deps.clock.now();
        return { items: (await service.findRegister(deps, ctx, { open: query.status === 'open' })).map((b) => presentBreachSummary(b, now)) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches',
      access: 'breach:manage',
      summary: 'Record a breach: awareness time, facts, Art. 33(3) content and risk assessment',
      tags,
      schema: { body: CreateBreachSchema, response: { 201: BreachDtoSchema } },
      async handler({ ctx, body }, reply) {
        const row = await service.recordBreach(deps, ctx, body);
        return reply.status(201).send(await detail(ctx, row.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/breaches/register.csv',
      access: 'breach:read',
      summary: 'The whole register as CSV (headers in the caller’s language)',
      tags,
      schema: { response: { 200: z.string() } },
      async handler({ ctx }, reply) {
        const csv = renderRegisterCsv(await service.findRegister(deps, ctx), ctx.locale);
        const name = ctx.locale === 'en' ? 'breach-register.csv' : 'registre-violations.csv';
        // The byte-order mark lets spreadsheets read the file as UTF-8 (accents in French text).
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/breaches/:id',
      access: 'breach:read',
      summary: 'One breach with its supplements, subject communication and timeline',
      tags,
      schema: { params: IdParams, response: { 200: BreachDtoSchema } },
      handler: ({ ctx, params }) => detail(ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/breaches/:id/report',
      access: 'breach:read',
      summary: 'Printable report of one breach for the authority file (HTML)',
      tags,
      schema: { params: IdParams, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const d = await getBreachReportView(deps, ctx, params.id);
        const page = renderBreachReport({ breach: d.row, supplements: d.supplements, timeline: d.timeline, org: d.org, locale: ctx.locale, now: d.now });
        return sendPrintablePage(reply, page, deps.config.secureCookies);
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/breaches/:id',
      access: 'breach:manage',
      summary: 'Change the facts, the Art. 33(3) content or the risk assessment',
      tags,
      schema: { params: IdParams, body: UpdateBreachSchema, response: { 200: BreachDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.updateBreach(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches/:id/authority-notification',
      access: 'breach:manage',
      summary: 'Record the notification to the authority (date, CNIL reference, channel; reasons when after 72 h)',
      tags,
      schema: { params: IdParams, body: NotifyAuthoritySchema, response: { 200: BreachDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.notifyAuthority(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches/:id/authority-waiver',
      access: 'breach:manage',
      summary: 'Record the decision not to notify the authority (no risk), with its reason',
      tags,
      schema: { params: IdParams, body: WaiveAuthoritySchema, response: { 200: BreachDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.waiveAuthorityNotification(deps, ctx, params.id, body.reason);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches/:id/supplements',
      access: 'breach:manage',
      summary: 'Record information given to the authority in a later phase (Art. 33(4)), dated',
      tags,
      schema: { params: IdParams, body: SupplementSchema, response: { 201: BreachDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        await service.addSupplement(deps, ctx, params.id, body);
        return reply.status(201).send(await detail(ctx, params.id));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches/:id/subject-notification',
      access: 'breach:manage',
      summary: 'Tell the affected customers (high risk, Art. 34): one e-mail each in their language, never twice',
      tags,
      schema: {
        params: IdParams,
        body: NotifySubjectsSchema,
        response: { 200: SubjectNotificationDtoSchema },
      },
      async handler({ ctx, params, body }) {
        const { queued, total } = await service.notifySubjects(deps, ctx, params.id, body);
        return { breach: await detail(ctx, params.id), queued, total };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches/:id/subject-exemption',
      access: 'breach:manage',
      summary: 'Record why the subjects are not told individually (Art. 34(3)); public communication for (c)',
      tags,
      schema: { params: IdParams, body: ExemptSubjectsSchema, response: { 200: BreachDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.exemptSubjects(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/breaches/:id/close',
      access: 'breach:manage',
      summary: 'Close the file once the notification decisions are recorded',
      tags,
      schema: { params: IdParams, response: { 200: BreachDtoSchema } },
      async handler({ ctx, params }) {
        await service.closeBreach(deps, ctx, params.id);
        return detail(ctx, params.id);
      },
    }),
  ];
}
