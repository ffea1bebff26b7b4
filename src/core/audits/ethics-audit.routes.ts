import { z } from 'zod';
import { sendPrintablePage } from '../../api/printable.ts';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { sendAttachment } from '../complaints/index.ts';
import { presentFindingSummary } from './audits.presenter.ts';
import { FindingSummaryDtoSchema } from './audits.schemas.ts';
import { presentAudit, presentAuditList, presentTemplate } from './ethics-audit.presenter.ts';
import { getAuditView, listAudits } from './ethics-audit.queries.ts';
import { renderAuditReport } from './ethics-audit.report.ts';
import * as service from './ethics-audit.service.ts';
import {
  AnswerSchema,
  AuditDtoSchema,
  AuditEvidenceBodySchema,
  AuditListDtoSchema,
  AuditListQuery,
  CreateAuditSchema,
  EvidenceParams,
  IdParams,
  MoveAuditSchema,
  RaiseFindingSchema,
  TemplateListDtoSchema,
  UpdateAuditSchema,
} from './ethics-audit.schemas.ts';
import { AUDIT_TEMPLATES } from './ethics-audit.templates.ts';

/** Ethics audits from templates; reading needs `ethics_audit:read`, every change `ethics_audit:manage`. */
export function ethicsAuditRoutes(deps: Deps): AnyRoute[] {
  const tags = ['ethics-audits'];
  const detail = async (ctx: RequestContext, id: string) => presentAudit(await getAuditView(deps, ctx, id), ctx.locale);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/ethics-audit-templates',
      access: 'ethics_audit:read',
      summary: 'The audit templates (GDPR, complaint handling, responsible marketing, prices and contracts, code of conduct) with their checklists',
      tags,
      schema: { response: { 200: TemplateListDtoSchema } },
      handler: ({ ctx }) => Promise.resolve({ items: AUDIT_TEMPLATES.map((t) => presentTemplate(t, ctx.locale)) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/ethics-audits',
      access: 'ethics_audit:read',
      summary: 'Ethics audits with their progress and open findings, those not closed first',
      tags,
      schema: { querystring: AuditListQuery, response: { 200: AuditListDtoSchema } },
      async handler({ ctx, query }) {
        return { items: presentAuditList(await listAudits(deps, ctx, query), ctx.locale) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/ethics-audits',
      access: 'ethics_audit:manage',
      summary: 'Create an audit from a template: scope, auditor (the caller by default), dates; the checklist is copied from the template',
      tags,
      schema: { body: CreateAuditSchema, response: { 201: AuditDtoSchema } },
      async handler({ ctx, body }, reply) {
        const row = await service.createAudit(deps, ctx, body);
        return reply.status(201).send(await detail(ctx, row.id));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/ethics-audits/:id',
      access: 'ethics_audit:read',
      summary: 'One audit: checklist with answers and evidence files, findings and their remediation actions',
      tags,
      schema: { params: IdParams, response: { 200: AuditDtoSchema } },
      handler: ({ ctx, params }) => detail(ctx, params.id),
    }),
    defineRoute({
      method: 'PATCH',
      url: '/api/ethics-audits/:id',
      access: 'ethics_audit:manage',
      summary: 'Change the scope, auditor, dates or conclusion of an audit not yet closed',
      tags,
      schema: { params: IdParams, body: UpdateAuditSchema, response: { 200: AuditDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.updateAudit(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/ethics-audits/:id/answers',
      access: 'ethics_audit:manage',
      summary: 'Answer one checklist item: compliant, non-compliant or not applicable, with a comment',
      tags,
      schema: { params: IdParams, body: AnswerSchema, response: { 200: AuditDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.answerItem(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/ethics-audits/:id/status',
      access: 'ethics_audit:manage',
      summary: 'Move the audit to its next step (in progress, reporting, closed; back to in progress from reporting); closing needs every item answered',
      tags,
      schema: { params: IdParams, body: MoveAuditSchema, response: { 200: AuditDtoSchema } },
      async handler({ ctx, params, body }) {
        await service.moveAudit(deps, ctx, params.id, body);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/ethics-audits/:id/findings',
      access: 'ethics_audit:manage',
      summary: 'Raise a finding from a non-compliant item, or one written by the auditor: severity, observation, recommendation',
      tags,
      schema: { params: IdParams, body: RaiseFindingSchema, response: { 201: FindingSummaryDtoSchema } },
      async handler({ ctx, params, body }, reply) {
        const row = await service.raiseAuditFinding(deps, ctx, params.id, body);
        return reply.status(201).send(presentFindingSummary(row, ctx.locale));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/ethics-audits/:id/evidence',
      access: 'ethics_audit:manage',
      summary: 'Attach evidence files (multipart/form-data, `evidence`, and `itemKey` for one item): PDF, PNG, JPEG, WebP or plain text, checked by content, stored encrypted',
      tags,
      schema: { params: IdParams, response: { 200: AuditDtoSchema } },
      async handler({ ctx, params, request }) {
        // No body schema: a body schema would make this /api/ route JSON-only; the multipart body is checked here.
        const parsed = AuditEvidenceBodySchema.safeParse(request.body ?? {});
        if (!parsed.success) throw new AppError('validation', {}, parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })));
        await service.addAuditEvidence(deps, ctx, params.id, parsed.data.itemKey, parsed.data.evidence);
        return detail(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/ethics-audits/:id/evidence/:evidenceId',
      access: 'ethics_audit:read',
      summary: 'Download an evidence file (decrypted; sent as an attachment, never inline; the download is audited)',
      tags,
      schema: { params: EvidenceParams, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        return sendAttachment(reply, await service.readAuditEvidence(deps, ctx, params.id, params.evidenceId));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/ethics-audits/:id/report',
      access: 'ethics_audit:read',
      summary: 'Printable report of one audit (HTML): scope, checklist answers, findings with recommendations and remediation, conclusion',
      tags,
      schema: { params: IdParams, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const view = await getAuditView(deps, ctx, params.id);
        const page = renderAuditReport({ audit: presentAudit(view, ctx.locale), org: view.org, locale: ctx.locale, now: view.now });
        return sendPrintablePage(reply, page, deps.config.secureCookies);
      },
    }),
  ];
}
