/**
 * The customer's side of complaints on the portal, without an account: filing from the form, and
 * everything the private tracking link allows (reading the file, adding information, answering,
 * rating, downloading documents). Each verb checks the form token or the link itself and owns its
 * transaction; portal routes only parse and render.
 */
import type { z } from 'zod';
import type { Locale, RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import * as service from './complaints.service.ts';
import { fileComplaint } from './complaints.intake.ts';
import { signFormToken, verifyFormToken } from '../form-token.ts';
import { LIMITS, PortalComplaintSchema, type PortalFormBodySchema, type PortalMessageBodySchema, type PortalRateBodySchema, type PortalRespondBodySchema } from './complaints.schemas.ts';
import { checkAttachments } from './complaints.attachments.ts';
import { phoneCollectionNotice } from '../../rules/contact/index.ts';
import { attachmentError, isAttachmentError, readAttachment, type AttachmentDownload } from './complaints.attachments.service.ts';
import type { FormErrors, FormValues, TrackingView } from './complaints.pages.ts';
import { getTrackingViewOf } from './complaints.tracking.queries.ts';
import type { ComplaintRow } from './complaints.repo.ts';

const formScope = (orgId: string) => `complaint-form:${orgId}`;
const trackScope = (complaintId: string, form: TrackedStep) => `complaint-track:${complaintId}:${form}`;

/** A token for a fresh complaint form of the organisation (it also makes a double post file once). */
export function newComplaintFormToken(deps: Deps, org: OrganisationRow): string {
  return signFormToken(deps.config.masterKey, formScope(org.id), deps.clock.now());
}

function formErrors(locale: Locale, issues: readonly { path: readonly PropertyKey[] }[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const fieldName = String(issue.path[0] ?? 'form') as keyof FormErrors;
    errors[fieldName] ??= t(locale, `complaints.portal.errors.${fieldName}`, { max: fieldName === 'remedy' ? LIMITS.remedy : LIMITS.description });
  }
  return errors;
}

export type PortalFilingResult =
  | { ok: true; receipt: Awaited<ReturnType<typeof fileComplaint>>['complaint']; trackingPath: string | null }
  | { ok: false; values: FormValues; errors: FormErrors; formToken: string };

/**
 * Files a complaint posted from the portal form: the form token (bound to this organisation, and
 * whose nonce makes a double post file one complaint), every field and every file checked at once
 * (files by their bytes, before anything is stored). A form that fails comes back with what the
 * customer typed and an error per field.
 */
export async function fileFromPortal(deps: Deps, ctx: RequestContext, org: OrganisationRow, body: z.infer<typeof PortalFormBodySchema>, origin: { sameSite: boolean }): Promise<PortalFilingResult> {
  const locale = ctx.locale;
  const values: FormValues = { name: body.name, email: body.email, phone: body.phone, category: body.category, description: body.description, remedy: body.remedy };
  const files = body.attachments;
  const again = (errors: FormErrors): PortalFilingResult => ({ ok: false, values, errors, formToken: newComplaintFormToken(deps, org) });
  const token = verifyFormToken(deps.config.masterKey, formScope(org.id), body.formToken, deps.clock.now());
  if (!token.ok || !origin.sameSite) return again({ form: t(locale, 'complaints.portal.errors.form') });
  const parsed = PortalComplaintSchema.safeParse({ ...values, phone: values.phone?.trim() || undefined, remedy: values.remedy?.trim() || undefined });
  const checked = checkAttachments(files, { count: 0, bytes: 0 });
  const refused = checked.ok ? undefined : attachmentError(checked.problem, checked.filename, locale);
  const fileError = refused ? { attachments: t(locale, `errors.${refused.code}`, refused.params) } : undefined;
  if (!parsed.success) return again({ ...formErrors(locale, parsed.error.issues), ...fileError });
  if (fileError) return again(fileError);
  const input = parsed.data;
  try {
    const result = await fileComplaint(
      deps,
      // The form is anonymous whoever is signed in to the privacy centre in this browser: the
      // complaint belongs to the contact it gives, and the trail says so.
      { ...ctx, orgId: org.id, actor: { kind: 'anonymous' } },
      {
        customer: { email: input.email, name: input.name, phone: input.phone, locale },
        channel: 'portal',
        category: input.category,
        description: input.description,
        remedySought: input.remedy,
        language: locale,
        // The form showed the notice owed by its phone field (C. consom. L.223-1): recorded with a number.
        phoneNotice: input.phone ? phoneCollectionNotice(deps.clock.now())?.key : undefined,
        // The form's nonce: the same form posted twice (double click, reload) files one complaint.
        idempotency: { key: `portal:${token.nonce}`, requestHash: service.sha256(JSON.stringify({ ...input, files: files.map((f) => service.sha256(f.data.toString('base64'))) })) },
        honeypotFilled: Boolean(body.website?.trim()),
        attachments: files,
      },
      'portal',
    );
    return { ok: true, receipt: result.complaint, trackingPath: result.trackingPath };
  } catch (error) {
    if (error instanceof AppError && error.code === 'complaint.idempotency_mismatch') return again({ form: t(locale, 'complaints.portal.errors.form') });
    if (isAttachmentError(error)) return again({ attachments: t(locale, `errors.${error.code}`, error.params) });
    throw error;
  }
}

/** The complaint a private tracking link opens in the organisation, or null (a wrong link, or another organisation's). */
async function tracked(deps: Deps, org: OrganisationRow, token: string): Promise<ComplaintRow | null> {
  try {
    return await service.getTrackedComplaint(deps, org.id, token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

export type TrackedStep = 'message' | 'respond' | 'rate';

/** The tracking page's content, and a form token for each of the customer's forms on it. */
export interface TrackingPage {
  view: TrackingView;
  formTokens: Record<TrackedStep, string>;
}

async function trackingPageOf(deps: Deps, c: ComplaintRow): Promise<TrackingPage> {
  const now = deps.clock.now();
  const key = deps.config.masterKey;
  return {
    view: await getTrackingViewOf(deps, c),
    formTokens: { message: signFormToken(key, trackScope(c.id, 'message'), now), respond: signFormToken(key, trackScope(c.id, 'respond'), now), rate: signFormToken(key, trackScope(c.id, 'rate'), now) },
  };
}

/** What the customer sees through their tracking link (internal notes and files never), or null. */
export async function getTrackingView(deps: Deps, org: OrganisationRow, token: string): Promise<TrackingPage | null> {
  const c = await tracked(deps, org, token);
  return c ? trackingPageOf(deps, c) : null;
}

export type TrackedStepInput =
  | { step: 'message'; body: z.infer<typeof PortalMessageBodySchema> }
  | { step: 'respond'; body: z.infer<typeof PortalRespondBodySchema> }
  | { step: 'rate'; body: z.infer<typeof PortalRateBodySchema> };

export type TrackedStepResult =
  | { kind: 'not_found' }
  /** Done: the page to show next says so. */
  | { kind: 'done'; done: 'message' | 'accepted' | 'rejected' | 'rated' }
  /** Posted twice, or the file moved on meanwhile: show the page as it now is. */
  | { kind: 'stale' }
  | { kind: 'invalid'; page: TrackingPage; errors: Record<string, string>; message?: string | undefined };

/** The field of each step's form that carries a refusal of the form itself. */
const FORM_FIELD: Record<TrackedStep, string> = { message: 'message', respond: 'response', rate: 'score' };

/**
 * One of the customer's steps through the tracking link: adding information (which reopens a
 * closed file), accepting or rejecting the answer, rating the handling.
 */
export async function actOnTrackedComplaint(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string, input: TrackedStepInput, origin: { sameSite: boolean }): Promise<TrackedStepResult> {
  const c = await tracked(deps, org, token);
  if (!c) return { kind: 'not_found' };
  const locale = ctx.locale;
  const invalid = async (errors: Record<string, string>, message?: string): Promise<TrackedStepResult> => ({ kind: 'invalid', page: await trackingPageOf(deps, c), errors, message });
  const form = verifyFormToken(deps.config.masterKey, trackScope(c.id, input.step), input.body.formToken, deps.clock.now());
  if (!form.ok || !origin.sameSite) return invalid({ [FORM_FIELD[input.step]]: t(locale, 'complaints.portal.errors.form') });
  try {
    switch (input.step) {
      case 'message': {
        const message = input.body.message?.trim() ?? '';
        const files = input.body.attachments;
        // A message, documents, or both: documents alone are information too.
        if ((!message && files.length === 0) || message.length > LIMITS.message) return invalid({ message: t(locale, 'complaints.portal.errors.message', { max: LIMITS.message }) }, input.body.message);
        try {
          // Posted twice, the form's nonce finds the first message: the customer sees the same "sent", once.
          await service.addCustomerMessage(deps, ctx, c, message, files, form.nonce);
        } catch (error) {
          if (isAttachmentError(error)) return invalid({ attachments: t(locale, `errors.${error.code}`, error.params) }, input.body.message);
          throw error;
        }
        return { kind: 'done', done: 'message' };
      }
      case 'respond': {
        const response = input.body.response;
        if (!response) return invalid({ response: t(locale, 'complaints.portal.errors.response') });
        await service.respondToAnswer(deps, ctx, c, response, input.body.comment?.trim().slice(0, LIMITS.message) || undefined);
        return { kind: 'done', done: response === 'accept' ? 'accepted' : 'rejected' };
      }
      case 'rate': {
        const score = Number(input.body.score);
        if (!Number.isInteger(score) || score < 1 || score > 5) return invalid({ score: t(locale, 'complaints.portal.errors.score') });
        await service.rateHandling(deps, ctx, c, score, input.body.comment?.trim().slice(0, LIMITS.message) || undefined);
        return { kind: 'done', done: 'rated' };
      }
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'complaint.invalid_step') return { kind: 'stale' };
    throw error;
  }
}

/** A document of the complaint through the tracking link (never an internal one), or null. */
export async function downloadTrackedAttachment(deps: Deps, org: OrganisationRow, token: string, attachmentId: string): Promise<AttachmentDownload | null> {
  const c = await tracked(deps, org, token);
  if (!c) return null;
  try {
    return await readAttachment(deps, c, attachmentId, { includeInternal: false });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}
