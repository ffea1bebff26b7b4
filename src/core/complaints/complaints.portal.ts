/** Public portal routes of complaints: the form, its post, the tracking page and the customer's actions. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../api/route.ts';
import type { Locale, RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import { getPortalOrganisation } from '../organisations/organisations.service.ts';
import { renderPortalNotFound } from '../organisations/organisations.pages.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { findCustomerById } from '../customers/customers.repo.ts';
import { advisorFirstName } from '../advisors/advisors.service.ts';
import * as service from './complaints.service.ts';
import { fileComplaint } from './complaints.intake.ts';
import * as repo from './complaints.repo.ts';
import * as policy from './complaints.policy.ts';
import { signFormToken, verifyFormToken } from './complaints.form-token.ts';
import { PortalComplaintSchema, PortalFormBodySchema, PortalMessageBodySchema, PortalRateBodySchema, PortalRespondBodySchema, LIMITS } from './complaints.schemas.ts';
import { renderComplaintForm, renderComplaintReceived, renderTrackingPage, type FormErrors, type FormValues } from './complaints.pages.ts';
import { checkAttachments, contentDisposition } from './complaints.attachments.ts';
import { attachmentError, isAttachmentError, listAttachments, readAttachment } from './complaints.attachments.service.ts';

const HTML = 'text/html; charset=utf-8';

/**
 * Sends a decrypted file as a download: the type found from its bytes, never rendered inline, and
 * a sandboxing CSP in case a browser opens it anyway (a text file is never run as a page).
 */
export function sendAttachment(reply: FastifyReply, file: { filename: string; mime: string; data: Buffer }) {
  return reply
    .status(200)
    .type(file.mime === 'text/plain' ? 'text/plain; charset=utf-8' : file.mime)
    .header('content-disposition', contentDisposition(file.filename))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.data);
}
const PortalQuery = z.object({ lang: z.enum(['fr', 'en']).optional() }).strict();
const TrackQuery = z.object({ lang: z.enum(['fr', 'en']).optional(), done: z.enum(['message', 'accepted', 'rejected', 'rated']).optional() }).strict();
const SlugParams = z.object({ org: z.string().regex(/^[a-z0-9-]{1,40}$/) });
const TrackParams = SlugParams.extend({ token: z.string().max(100) });
const AttachmentParams = TrackParams.extend({ attachmentId: z.uuid() });
const PUBLIC = 'customers file and follow complaints without an account (no needless obstacles)';

type Req = FastifyRequest;
const formScope = (orgId: string) => `complaint-form:${orgId}`;
const trackScope = (complaintId: string, form: string) => `complaint-track:${complaintId}:${form}`;

/** A cross-site post announces another origin; same-origin browsers send ours or none. */
function crossOrigin(request: Req): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function formErrors(locale: Locale, issues: readonly { path: readonly PropertyKey[] }[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const fieldName = String(issue.path[0] ?? 'form') as keyof FormErrors;
    errors[fieldName] ??= t(locale, `complaints.portal.errors.${fieldName}`, { max: fieldName === 'remedy' ? LIMITS.remedy : LIMITS.description });
  }
  return errors;
}

export function complaintPortalRoutes(deps: Deps): AnyRoute[] {
  const key = deps.config.masterKey;
  const now = () => deps.clock.now();
  const page = (reply: FastifyReply, status: number, body: string) => reply.status(status).type(HTML).header('cache-control', 'no-store').send(body);

  async function tracked(orgSlug: string, token: string) {
    const org = await getPortalOrganisation(deps, orgSlug);
    try {
      return { org, complaint: await service.getTrackedComplaint(deps, org.id, token) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') return { org, complaint: null };
      throw error;
    }
  }

  async function trackingView(org: OrganisationRow, c: repo.ComplaintRow) {
    const dec = (field: string, value: string | null) => (value ? deps.cipher.decrypt(deps.db, c.orgId, c.customerId, field, value) : Promise.resolve(null));
    // Internal notes are filtered out in SQL: they never leave the database on this path.
    const messages = await repo.findMessages(deps.db, c.orgId, c.id, { includeInternal: false });
    const customer = await findCustomerById(deps.db, c.orgId, c.customerId);
    // Internal files (on internal notes) are filtered out in SQL too.
    const attachments = await listAttachments(deps, deps.db, c, { includeInternal: false });
    const f = { ...service.facts(c), satisfaction: c.satisfaction };
    return {
      reference: c.reference,
      status: c.status,
      category: c.category,
      timezone: c.timezone,
      receivedAt: c.receivedAt,
      ackDueOn: c.ackDueOn,
      answerDueOn: c.answerDueOn,
      acknowledgedAt: c.acknowledgedAt,
      answeredAt: c.answeredAt,
      closedAt: c.closedAt,
      escalationLevel: c.escalationLevel,
      escalatedAt: c.escalatedAt,
      customerResponse: c.customerResponse,
      description: await dec('complaint.description', c.descriptionEnc),
      remedySought: await dec('complaint.remedy_sought', c.remedySoughtEnc),
      decision: c.decision,
      decisionReasons: await dec('complaint.decision_reasons', c.decisionReasonsEnc),
      messages: await Promise.all(messages.map(async (m) => ({ id: m.id, authorType: m.authorType, body: await dec('complaint_message.body', m.bodyEnc), createdAt: m.createdAt }))),
      attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, kind: a.kind, sizeBytes: a.sizeBytes, messageId: a.messageId })),
      pause: c.pausedAt && c.pauseReason ? { since: c.pausedAt, reason: c.pauseReason } : null,
      advisorFirstName: await advisorFirstName(deps, deps.db, c.orgId, customer?.advisorId ?? null),
      mediator: await service.mediatorInfo(deps, deps.db, c),
      can: { message: true, accept: policy.customerCan('accept', f), reject: policy.customerCan('reject', f), rate: policy.customerCan('rate', f) },
      satisfaction: c.satisfaction,
    };
  }

  async function renderTracking(reply: FastifyReply, ctx: RequestContext, org: OrganisationRow, c: repo.ComplaintRow, path: string, status: number, flash: Parameters<typeof renderTrackingPage>[5] = {}) {
    const tokens = { message: signFormToken(key, trackScope(c.id, 'message'), now()), respond: signFormToken(key, trackScope(c.id, 'respond'), now()), rate: signFormToken(key, trackScope(c.id, 'rate'), now()) };
    return page(reply, status, renderTrackingPage(org, ctx.locale, path, await trackingView(org, c), tokens, flash));
  }

  /** Shared shape of the customer's posts on the tracking page: token check, then the step, then PRG. */
  function trackPost<B extends z.ZodType>(
    suffix: 'message' | 'respond' | 'rate',
    summary: string,
    body: B,
    run: (ctx: RequestContext, c: repo.ComplaintRow, input: z.infer<B>) => Promise<{ errors: Record<string, string>; message?: string } | { done: string }>,
  ): AnyRoute {
    return defineRoute({
      method: 'POST',
      url: `/portal/:org/complaints/track/:token/${suffix}`,
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      rateLimitPerMinute: 20,
      summary,
      tags: ['portal'],
      schema: { params: TrackParams, body, response: { 200: z.string(), 303: z.null(), 400: z.string(), 404: z.string() } },
      async handler({ ctx, params, body: input, request }, reply) {
        const { org, complaint } = await tracked(params.org, params.token);
        const path = `/portal/${org.slug}/complaints/track/${params.token}`;
        if (!complaint) return page(reply, 404, renderPortalNotFound(org, ctx.locale, path));
        const token = verifyFormToken(key, trackScope(complaint.id, suffix), (input as { formToken?: string }).formToken, now());
        if (!token.ok || crossOrigin(request)) {
          return renderTracking(reply, ctx, org, complaint, path, 400, { errors: { [suffix === 'rate' ? 'score' : suffix === 'respond' ? 'response' : 'message']: t(ctx.locale, 'complaints.portal.errors.form') } });
        }
        let result: Awaited<ReturnType<typeof run>>;
        try {
          result = await run(ctx, complaint, input as z.infer<B>);
        } catch (error) {
          // Posted twice, or the file moved on meanwhile: show the page as it now is.
          if (error instanceof AppError && error.code === 'complaint.invalid_step') return reply.redirect(path, 303);
          throw error;
        }
        if ('errors' in result) return renderTracking(reply, ctx, org, complaint, path, 400, { errors: result.errors, message: result.message });
        return reply.redirect(`${path}?done=${result.done}`, 303);
      },
    });
  }

  return [
    defineRoute({
      method: 'GET',
      url: '/portal/:org/complaints/new',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      summary: 'Complaint form',
      tags: ['portal'],
      schema: { params: SlugParams, querystring: PortalQuery, response: { 200: z.string() } },
      async handler({ ctx, params }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        return page(reply, 200, renderComplaintForm(org, ctx.locale, `/portal/${org.slug}/complaints/new`, signFormToken(key, formScope(org.id), now())));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/portal/:org/complaints',
      access: 'public',
      publicReason: PUBLIC,
      hideFromOpenApi: true,
      // Per IP; per contact, over the limit the complaint is accepted and flagged for review.
      rateLimitPerMinute: 10,
      summary: 'File a complaint from the portal form',
      tags: ['portal'],
      schema: { params: SlugParams, body: PortalFormBodySchema, response: { 200: z.string(), 400: z.string() } },
      async handler({ ctx, params, body, request }, reply) {
        const org = await getPortalOrganisation(deps, params.org);
        const path = `/portal/${org.slug}/complaints/new`;
        const values: FormValues = { name: body.name, email: body.email, phone: body.phone, category: body.category, description: body.description, remedy: body.remedy };
        const files = body.attachments;
        const again = (errors: FormErrors) => page(reply, 400, renderComplaintForm(org, ctx.locale, path, signFormToken(key, formScope(org.id), now()), values, errors));
        const token = verifyFormToken(key, formScope(org.id), body.formToken, now());
        if (!token.ok || crossOrigin(request)) return again({ form: t(ctx.locale, 'complaints.portal.errors.form') });
        const parsed = PortalComplaintSchema.safeParse({ ...values, phone: values.phone?.trim() || undefined, remedy: values.remedy?.trim() || undefined });
        // Every problem at once: the fields and the files (checked by their bytes before anything is stored).
        const checked = checkAttachments(files, { count: 0, bytes: 0 });
        const refused = checked.ok ? undefined : attachmentError(checked.problem, checked.filename, ctx.locale);
        const fileError = refused ? { attachments: t(ctx.locale, `errors.${refused.code}`, refused.params) } : undefined;
        if (!parsed.success) return again({ ...formErrors(ctx.locale, parsed.error.issues), ...fileError });
        if (fileError) return again(fileError);
        const input: z.infer<typeof PortalComplaintSchema> = parsed.data;
        try {
          const result = await fileComplaint(
            deps,
            { ...ctx, orgId: org.id },
            {
              customer: { email: input.email, name: input.name, phone: input.phone, locale: ctx.locale },
              channel: 'portal',
              category: input.category,
              description: input.description,
              remedySought: input.remedy,
              language: ctx.locale,
              // The form's nonce: the same form posted twice (double click, reload) files one complaint.
              idempotency: { key: `portal:${token.nonce}`, requestHash: service.sha256(JSON.stringify({ ...input, files: files.map((f) => service.sha256(f.data.toString('base64'))) })) },
              honeypotFilled: Boolean(body.website?.trim()),
              attachments: files,
            },
            'portal',
          );
          return page(reply, 200, renderComplaintReceived(org, ctx.locale, path, result.complaint, result.trackingPath));
        } catch (error) {
          if (error instanceof AppError && error.code === 'complaint.idempotency_mismatch') return again({ form: t(ctx.locale, 'complaints.portal.errors.form') });
          if (isAttachmentError(error)) return again({ attachments: t(ctx.locale, `errors.${error.code}`, error.params) });
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/complaints/track/:token',
      access: 'public',
      publicReason: 'the private tracking link is the customer’s key to their complaint (no account needed)',
      hideFromOpenApi: true,
      rateLimitPerMinute: 60,
      summary: 'Complaint tracking page',
      tags: ['portal'],
      schema: { params: TrackParams, querystring: TrackQuery, response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params, query }, reply) {
        const { org, complaint } = await tracked(params.org, params.token);
        const path = `/portal/${org.slug}/complaints/track/${params.token}`;
        // Wrong token, another complaint's token in another organisation: the same not-found page.
        if (!complaint) return page(reply, 404, renderPortalNotFound(org, ctx.locale, path));
        return renderTracking(reply, ctx, org, complaint, path, 200, { done: query.done });
      },
    }),
    trackPost('message', 'The customer adds information and documents (reopens a closed complaint)', PortalMessageBodySchema, async (ctx, c, input): Promise<{ errors: Record<string, string>; message?: string } | { done: string }> => {
      const message = input.message?.trim() ?? '';
      const files = input.attachments;
      // A message, documents, or both: documents alone are information too.
      if ((!message && files.length === 0) || message.length > LIMITS.message) {
        return { errors: { message: t(ctx.locale, 'complaints.portal.errors.message', { max: LIMITS.message }) }, message: input.message };
      }
      try {
        await service.addCustomerMessage(deps, ctx, c, message, files);
      } catch (error) {
        if (isAttachmentError(error)) return { errors: { attachments: t(ctx.locale, `errors.${error.code}`, error.params) }, message: input.message };
        throw error;
      }
      return { done: 'message' };
    }),
    defineRoute({
      method: 'GET',
      url: '/portal/:org/complaints/track/:token/attachments/:attachmentId',
      access: 'public',
      publicReason: 'the private tracking link is the customer’s key to their complaint and its documents',
      hideFromOpenApi: true,
      rateLimitPerMinute: 60,
      summary: 'Download a document of the complaint (never an internal one)',
      tags: ['portal'],
      schema: { params: AttachmentParams, response: { 200: z.string(), 404: z.string() } },
      async handler({ ctx, params }, reply) {
        const { org, complaint } = await tracked(params.org, params.token);
        const path = `/portal/${org.slug}/complaints/track/${params.token}`;
        if (!complaint) return page(reply, 404, renderPortalNotFound(org, ctx.locale, path));
        let file;
        try {
          file = await readAttachment(deps, complaint, params.attachmentId, { includeInternal: false });
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found') return page(reply, 404, renderPortalNotFound(org, ctx.locale, path));
          throw error;
        }
        return sendAttachment(reply, file);
      },
    }),
    trackPost('respond', 'The customer accepts or rejects the answer', PortalRespondBodySchema, async (ctx, c, input) => {
      if (!input.response) return { errors: { response: t(ctx.locale, 'complaints.portal.errors.response') } };
      const comment = input.comment?.trim().slice(0, LIMITS.message) || undefined;
      await service.respondToAnswer(deps, ctx, c, input.response, comment);
      return { done: input.response === 'accept' ? 'accepted' : 'rejected' };
    }),
    trackPost('rate', 'The customer rates the handling (1-5)', PortalRateBodySchema, async (ctx, c, input) => {
      const score = Number(input.score);
      if (!Number.isInteger(score) || score < 1 || score > 5) return { errors: { score: t(ctx.locale, 'complaints.portal.errors.score') } };
      await service.rateHandling(deps, ctx, c, score, input.comment?.trim().slice(0, LIMITS.message) || undefined);
      return { done: 'rated' };
    }),
  ];
}
