/**
 * Complaint handling (ISO 10002 steps) after intake (complaints.intake.ts): the staff steps, and
 * the customer's side behind the private tracking link. Every step writes the
 * change, the timeline, the audit event and any e-mail in one transaction. Never sees HTTP.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { actorId, hasPermission, requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { AdvisorHandoverHandler } from '../module.ts';
import type { Deps } from '../deps.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { emailLookup, normalisePhone, phoneLookup } from '../customers/index.ts';
import { findCustomerById, findCustomerByLookup, findCustomersByIds, findCustomersByPhoneLookup, revealCustomer } from '../customers/index.ts';
import { z } from 'zod';
import { queueMail, renderMail, type MailJob } from '../mail/index.ts';
import { t } from '../../i18n/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { findUserById } from '../auth/index.ts';
import { permissionsForRoles } from '../auth/index.ts';
import { computeDeadline, toLocalDate } from '../../rules/index.ts';
import * as policy from './complaints.policy.ts';
import * as repo from './complaints.repo.ts';
import { complaintDeadlines, pauseLength, termsOf } from './complaints.sla.ts';
import { MAX_ESCALATION_LEVEL, type PAUSE_REASONS } from './complaints.tables.ts';
import { QUEUE_PAGE_SIZES, type AcknowledgeInput, type AnswerDraft, type AnswerInput, type AssessInput, type ComplaintQuery, type EscalateInput, type QueueName, type QueueSort } from './complaints.schemas.ts';
import type { AttachmentCandidate } from './complaints.attachments.ts';
import { storeAttachments, type AttachmentOrigin } from './complaints.attachments.service.ts';
import { suggestionOutcome } from './complaints.triage.ts';
import type { TriageRecord } from '../triage/index.ts';
import { findActiveRestrictionsOfSubjects } from '../consent/index.ts';
import { checkMessage } from '../messages/index.ts';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Where the customer follows the complaint; the token is shown once and stored only as a hash. */
export function trackingPath(orgSlug: string, token: string): string {
  return `/portal/${encodeURIComponent(orgSlug)}/complaints/track/${token}`;
}

/** The actor of a step, for the timeline. */
function who(ctx: RequestContext): { actorType: string; actorId: string | null } {
  return { actorType: ctx.actor.kind, actorId: actorId(ctx.actor) };
}

async function timeline(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  c: { id: string; orgId: string },
  type: string,
  change: { from?: string | null; to?: string | null; detail?: Record<string, string | number | boolean | null> } = {},
): Promise<void> {
  await repo.insertEvents(tx, [{
    orgId: c.orgId,
    complaintId: c.id,
    type,
    fromStatus: change.from ?? null,
    toStatus: change.to ?? null,
    ...who(ctx),
    detail: change.detail ?? {},
    createdAt: deps.clock.now(),
  }]);
}

function encrypt(deps: Deps, tx: Db, c: { orgId: string; customerId: string }, field: string, value: string): Promise<string> {
  // Personal text is encrypted under the customer's own key: erasing the customer shreds it.
  return deps.cipher.encrypt(tx, c.orgId, c.customerId, field, value);
}

export async function getComplaint(deps: Deps, ctx: RequestContext, id: string): Promise<repo.ComplaintRow> {
  const row = await repo.findComplaintById(deps.db, requireOrg(ctx), id);
  if (!row) throw notFound('complaint');
  return row;
}

/** Above this many complaints a queue is not sorted by customer name (each name is decrypted): filter it first. */
export const CUSTOMER_SORT_MAX = 2_000;

/** A page of a queue, with the view and order it answers and whether a team view has no team. */
export interface QueuePage {
  rows: repo.ComplaintRow[];
  total: number;
  page: number;
  pageSize: number;
  queue: QueueName;
  sort: QueueSort;
  notice: 'no_team' | null;
}

/**
 * Queues with filters, search, orders and pages. Without a named queue the viewer gets their own
 * work (policy.defaultQueue). The complaint text and the customer's identity are encrypted
 * per customer, so they cannot be searched in SQL without decrypting every row (and a plaintext
 * search index would defeat crypto-shredding). Search covers the reference and the non-personal
 * codes (category, channel); a full e-mail address or phone number is matched exactly through
 * the customers' keyed blind indexes (HMAC of the normalised value), which erasure removes with
 * the customer. A phone number finds every customer sharing it (a household landline). For the
 * same reason the customer order decrypts the names of the whole queue, up to CUSTOMER_SORT_MAX.
 */
export async function findComplaints(deps: Deps, ctx: RequestContext, query: ComplaintQuery): Promise<QueuePage> {
  const orgId = requireOrg(ctx);
  const viewer = ctx.actor.kind === 'user' ? ctx.actor.id : null;
  let customerIds: string[] | undefined;
  const email = query.q ? z.email().safeParse(query.q) : undefined;
  const phone = query.q ? normalisePhone(query.q) : null;
  if (email?.success) {
    const found = await findCustomerByLookup(deps.db, orgId, emailLookup(deps, orgId, email.data));
    customerIds = found ? [found.id] : [];
  } else if (phone) {
    customerIds = (await findCustomersByPhoneLookup(deps.db, orgId, phoneLookup(deps, orgId, phone))).map((c) => c.id);
  }
  const queue = query.queue ?? policy.defaultQueue(ctx.actor, Boolean(query.q));
  const sort = query.sort ?? 'urgency';
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? QUEUE_PAGE_SIZES.default;
  const filter: repo.QueueFilter = { ...query, queue };
  const now = deps.clock.now();
  const notice = queue === 'team' && viewer && !(await repo.hasTeam(deps.db, orgId, viewer)) ? 'no_team' : null;
  const offset = (page - 1) * pageSize;
  if (sort !== 'customer') {
    const found = await repo.findQueue(deps.db, orgId, filter, { sort, offset, limit: pageSize }, viewer, now, customerIds);
    return { ...found, page, pageSize, queue, sort, notice };
  }
  const all = await repo.findQueueCustomers(deps.db, orgId, filter, viewer, now, CUSTOMER_SORT_MAX, customerIds);
  if (all.length > CUSTOMER_SORT_MAX) throw new AppError('complaint.sort_too_large', { max: CUSTOMER_SORT_MAX });
  const names = await customerNames(deps, orgId, all.map((r) => r.customerId));
  const collator = new Intl.Collator(ctx.locale, { sensitivity: 'base' });
  // Erased customers (no name) go last; the order is stable on the receipt order read above.
  const sorted = [...all].sort((a, b) => {
    const x = names.get(a.customerId) ?? null;
    const y = names.get(b.customerId) ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return collator.compare(x, y);
  });
  const ids = sorted.slice(offset, offset + pageSize).map((r) => r.id);
  const byId = new Map((await repo.findComplaintsByIds(deps.db, orgId, ids)).map((r) => [r.id, r]));
  return { rows: ids.map((id) => byId.get(id)).filter((r) => r !== undefined), total: all.length, page, pageSize, queue, sort, notice };
}

/** The decrypted names of customers (absent once erased). */
export async function customerNames(deps: Deps, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  // In one transaction the subjects' keys are read in one query, not one per customer.
  return deps.db.transaction(async (tx) => {
    await deps.cipher.prepareKeys(tx, orgId, unique);
    const names = new Map<string, string>();
    for (const row of await findCustomersByIds(tx, orgId, unique)) {
      const name = row.nameEnc ? await deps.cipher.decrypt(tx, orgId, row.id, 'name', row.nameEnc) : null;
      if (name !== null) names.set(row.id, name);
    }
    return names;
  });
}

/** The policy's facts of a complaint (the steps here and the portal's tracking page read them). */
export const facts = policy.complaintFacts;

/** Runs a staff step on a locked complaint after the policy allowed it. */
async function step<T>(deps: Deps, ctx: RequestContext, id: string, action: policy.ComplaintAction, run: (tx: Db, c: repo.ComplaintRow, now: Date) => Promise<T>): Promise<T> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const c = await repo.lockComplaint(tx, orgId, id);
    if (!c) throw notFound('complaint');
    if (!hasPermission(ctx.actor, policy.ACTION_PERMISSIONS[action])) throw forbidden(policy.ACTION_PERMISSIONS[action]);
    if (!policy.can(ctx.actor, action, facts(c))) throw new AppError('complaint.invalid_step', { status: c.status });
    return run(tx, c, deps.clock.now());
  });
}

/** The e-mail `name` of the complaint's customer, in the complaint's language (what queueMail sends and the preview shows). */
async function customerMail(db: Db, c: repo.ComplaintRow, name: string, params: Record<string, string | number> = {}): Promise<MailJob> {
  const org = await findOrganisationById(db, c.orgId);
  return {
    orgId: c.orgId,
    to: { customerId: c.customerId },
    template: `complaints.mail.${name}`,
    locale: mailLocale(c),
    params: { reference: c.reference, org: org?.name ?? '', ...params },
  };
}

const mailLocale = (c: { language: string }): Locale => (c.language === 'en' ? 'en' : 'fr');

/** Queues an e-mail to the complaint's customer; none for a customer without e-mail (the agent writes or phones). */
async function mailCustomer(deps: Deps, tx: Db, c: repo.ComplaintRow, name: string, params: Record<string, string | number> = {}): Promise<void> {
  if ((await findCustomerById(tx, c.orgId, c.customerId))?.emailLookup == null) return;
  await queueMail(deps, tx, await customerMail(tx, c, name, params));
}

async function addMessage(deps: Deps, tx: Db, ctx: RequestContext, c: repo.ComplaintRow, body: string, options: { internal: boolean; author: 'customer' | 'staff'; formNonce?: string }) {
  const author = ctx.actor.kind === 'user' || ctx.actor.kind === 'subject' ? ctx.actor.id : null;
  return repo.insertMessage(tx, {
    orgId: c.orgId,
    complaintId: c.id,
    authorType: options.author,
    authorId: author,
    internal: options.internal,
    bodyEnc: await encrypt(deps, tx, c, 'complaint_message.body', body),
    formNonce: options.formNonce ?? null,
    createdAt: deps.clock.now(),
  });
}

const target = (c: { id: string }) => ({ type: 'complaint', id: c.id });

/** Stores files of a complaint with their timeline entry and audit event (ids and types only). */
export async function attach(deps: Deps, tx: Db, ctx: RequestContext, c: repo.ComplaintRow, files: readonly AttachmentCandidate[], origin: AttachmentOrigin, locale: Locale): Promise<void> {
  const stored = await storeAttachments(deps, tx, c, files, origin, locale);
  if (stored.length === 0) return;
  await timeline(deps, tx, ctx, c, 'attached', { detail: { count: stored.length, internal: origin.internal, messageId: origin.messageId } });
  await deps.audit.record(tx, ctx, {
    type: 'complaint.attachments_added',
    target: target(c),
    payload: { complaintId: c.id, attachmentIds: stored.map((a) => a.id), kinds: stored.map((a) => a.kind), by: origin.uploaderType, internal: origin.internal },
  });
}

/**
 * Acknowledges the complaint. For a customer without e-mail this marks the agent's task done: the
 * acknowledgement went by post or phone (`sentBy`, required then), dated now; that stops the
 * acknowledgement clock like the e-mail does for others.
 */
export function acknowledgeComplaint(deps: Deps, ctx: RequestContext, id: string, input: AcknowledgeInput) {
  return step(deps, ctx, id, 'acknowledge', async (tx, c, now) => {
    if (c.manualAck && !input.sentBy) throw new AppError('validation', {}, [{ path: 'sentBy', code: 'required' }]);
    const sentBy = input.sentBy ?? null;
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, { status: 'acknowledged', acknowledgedAt: now, manualAckChannel: sentBy, updatedAt: now });
    if (input.message) await addMessage(deps, tx, ctx, c, input.message, { internal: false, author: 'staff' });
    await timeline(deps, tx, ctx, c, 'acknowledged', { from: c.status, to: 'acknowledged', detail: sentBy ? { sentBy } : {} });
    const advisor = c.assigneeId ? await findUserById(tx, c.orgId, c.assigneeId) : undefined;
    await mailCustomer(deps, tx, c, 'acknowledged', { advisor: advisor ? advisor.name.split(' ')[0] ?? '' : '', answerDueOn: c.answerDueOn });
    await deps.audit.record(tx, ctx, { type: 'complaint.acknowledged', target: target(c), payload: { complaintId: c.id, sentBy } });
    return updated;
  });
}

export function assessComplaint(deps: Deps, ctx: RequestContext, id: string, input: AssessInput) {
  return step(deps, ctx, id, 'assess', async (tx, c, now) => {
    const fields = (['category', 'severity', 'urgency', 'sentiment', 'vulnerabilities', 'language'] as const).filter((f) => input[f] !== undefined);
    let status = policy.canTransition(c.status, 'assessing') ? ('assessing' as const) : c.status;
    if (input.investigate && policy.canTransition(status, 'investigating')) status = 'investigating';
    const values = Object.fromEntries(fields.map((f) => [f, input[f]]));
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, {
      ...values,
      status,
      assessedAt: c.assessedAt ?? now,
      ...(status === 'investigating' && c.status !== 'investigating' ? { investigatingAt: now } : {}),
      updatedAt: now,
    });
    await timeline(deps, tx, ctx, c, 'assessed', { from: c.status, to: status, detail: { fields: fields.join(','), severity: input.severity ?? null, urgency: input.urgency ?? null } });
    // The agent's final category, urgency and sentiment are the labels; say which suggestions they kept.
    const suggestionKept = suggestionOutcome(c.triage, updated);
    await deps.audit.record(tx, ctx, { type: 'complaint.assessed', target: target(c), payload: { complaintId: c.id, fields, suggestionKept } });
    if (status === 'investigating' && c.status !== 'investigating') {
      await deps.audit.record(tx, ctx, { type: 'complaint.investigation_started', target: target(c), payload: { complaintId: c.id } });
    }
    return updated;
  });
}

export function replyToComplaint(deps: Deps, ctx: RequestContext, id: string, body: string, internal: boolean, files: readonly AttachmentCandidate[] = []) {
  return step(deps, ctx, id, internal ? 'note' : 'reply', async (tx, c, now) => {
    const message = await addMessage(deps, tx, ctx, c, body, { internal, author: 'staff' });
    await timeline(deps, tx, ctx, c, internal ? 'noted' : 'replied', { detail: { messageId: message.id } });
    await attach(deps, tx, ctx, c, files, { uploaderType: 'staff', uploaderId: actorId(ctx.actor), internal, messageId: message.id }, ctx.locale);
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, { updatedAt: now });
    // The e-mail says a message is waiting; its text stays behind the tracking link.
    if (!internal) await mailCustomer(deps, tx, c, 'replied');
    await deps.audit.record(tx, ctx, { type: internal ? 'complaint.noted' : 'complaint.replied', target: target(c), payload: { complaintId: c.id, messageId: message.id } });
    return updated;
  });
}

/** The answer when every choice is made, else a validation error naming each missing field ("Choose a decision"). */
function requireAnswer(draft: AnswerDraft): AnswerInput {
  const input = policy.completeAnswer(draft);
  if (!input) throw new AppError('validation', {}, policy.answerIssues(draft));
  return input;
}

/**
 * What the answer e-mail says: the decision, its reasons and the remedy in words, and the
 * recourse: contest it from the tracking link (the file stays open) or refer it free of charge to
 * the consumer mediator until the last day (C. consom. L.616-1: the mediator is named whenever a
 * complaint may not be resolved; L.612-2: within one year of the written complaint).
 */
async function answerMail(deps: Deps, db: Db, c: repo.ComplaintRow, input: AnswerInput): Promise<MailJob> {
  const locale = mailLocale(c);
  const mediator = await mediatorInfo(deps, db, c);
  return customerMail(db, c, 'answered', {
    decision: t(locale, `complaints.decisions.${input.decision}`),
    reasons: input.reasons,
    remedy: t(locale, `complaints.remedies.${input.remedyGiven}`),
    mediator: mediator.name,
    mediatorWebsite: mediator.website,
    // A local date: the mail module writes it out in the customer's language.
    limitOn: mediator.limitOn,
  });
}

/** What the customer will receive for this answer, rendered by the mail module as the worker will send it. */
export interface AnswerPreview {
  delivery: 'email' | 'manual';
  to: string | null;
  language: Locale;
  subject: string;
  body: string;
}

/**
 * The answer as the customer will receive it, before it is sent: the same checks as sending
 * (permission, state, every choice made) and the same e-mail, rendered. Reads only.
 */
export async function previewAnswer(deps: Deps, ctx: RequestContext, id: string, draft: AnswerDraft): Promise<AnswerPreview> {
  const c = await getComplaint(deps, ctx, id);
  if (!hasPermission(ctx.actor, policy.ACTION_PERMISSIONS.answer)) throw forbidden(policy.ACTION_PERMISSIONS.answer);
  if (!policy.can(ctx.actor, 'answer', facts(c))) throw new AppError('complaint.invalid_step', { status: c.status });
  const mail = await answerMail(deps, deps.db, c, requireAnswer(draft));
  const row = await findCustomerById(deps.db, c.orgId, c.customerId);
  const email = row ? (await revealCustomer(deps, deps.db, row)).email : null;
  // The zones the worker renders with (the organisation's, the customer's beside): the same text.
  const org = await findOrganisationById(deps.db, c.orgId);
  const rendered = renderMail(mail.template, mailLocale(c), mail.params, { organisation: org?.timezone ?? 'Europe/Paris', customer: row?.timezone ?? null });
  return { delivery: email ? 'email' : 'manual', to: email, language: mailLocale(c), subject: rendered.subject, body: rendered.text };
}

export function answerComplaint(deps: Deps, ctx: RequestContext, id: string, draft: AnswerDraft) {
  return step(deps, ctx, id, 'answer', async (tx, c, now) => {
    const input = requireAnswer(draft);
    // Answering ends any wait on the customer: the pause is closed and dated first.
    if (c.pausedAt) c = await resume(deps, tx, ctx, c, 'staff', now);
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, {
      status: 'answered',
      answeredAt: c.answeredAt ?? now,
      decision: input.decision,
      decisionReasonsEnc: await encrypt(deps, tx, c, 'complaint.decision_reasons', input.reasons),
      rootCause: input.rootCause,
      remedyGiven: input.remedyGiven,
      // A new answer after a rejection asks the customer again.
      customerResponse: null,
      customerRespondedAt: null,
      updatedAt: now,
    });
    await timeline(deps, tx, ctx, c, 'answered', { from: c.status, to: 'answered', detail: { decision: input.decision, rootCause: input.rootCause, remedyGiven: input.remedyGiven } });
    if ((await findCustomerById(tx, c.orgId, c.customerId))?.emailLookup != null) await queueMail(deps, tx, await answerMail(deps, tx, c, input));
    // The answer's deadline is set by law: the checker's findings never hold it back, they are recorded (issue 12).
    const checkerFindings = checkMessage({ text: input.reasons, type: 'other' }).findings.map(({ category, severity }) => ({ category, severity }));
    await deps.audit.record(tx, ctx, { type: 'complaint.answered', target: target(c), payload: { complaintId: c.id, decision: input.decision, checkerFindings } });
    return updated;
  });
}

export function closeComplaint(deps: Deps, ctx: RequestContext, id: string) {
  return step(deps, ctx, id, 'close', async (tx, c, now) => {
    if (c.pausedAt) c = await resume(deps, tx, ctx, c, 'staff', now);
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, { status: 'closed', closedAt: now, updatedAt: now });
    await timeline(deps, tx, ctx, c, 'closed', { from: c.status, to: 'closed' });
    await mailCustomer(deps, tx, c, 'closed');
    await deps.audit.record(tx, ctx, { type: 'complaint.closed', target: target(c), payload: { complaintId: c.id } });
    return updated;
  });
}

/**
 * Ends a wait on the customer: the clocks still running get back the time paused (working days
 * for business-day clocks, calendar days for month clocks, src/rules calendar) and their due
 * dates and warning instants are recomputed from the receipt with the terms fixed then.
 */
async function resume(deps: Deps, tx: Db, ctx: RequestContext, c: repo.ComplaintRow, by: 'customer' | 'staff', now: Date): Promise<repo.ComplaintRow> {
  if (!c.pausedAt) return c;
  const tz = c.timezone;
  const length = pauseLength(toLocalDate(c.pausedAt, tz), toLocalDate(now, tz));
  // A clock already stopped when the wait began is not extended.
  const ackRunning = c.acknowledgedAt === null || c.acknowledgedAt > c.pausedAt;
  const answerRunning = c.answeredAt === null || c.answeredAt > c.pausedAt;
  const paused = {
    ackBusinessDays: c.pausedAckBusinessDays + (ackRunning ? length.businessDays : 0),
    answerBusinessDays: c.pausedAnswerBusinessDays + (answerRunning ? length.businessDays : 0),
    answerCalendarDays: c.pausedAnswerCalendarDays + (answerRunning ? length.calendarDays : 0),
  };
  const deadlines = complaintDeadlines(c.receivedAt, tz, termsOf(c), paused);
  const updated = await repo.updateComplaint(tx, c.orgId, c.id, {
    pausedAt: null,
    pauseReason: null,
    pausedAckBusinessDays: paused.ackBusinessDays,
    pausedAnswerBusinessDays: paused.answerBusinessDays,
    pausedAnswerCalendarDays: paused.answerCalendarDays,
    ...deadlines,
    updatedAt: now,
  });
  await timeline(deps, tx, ctx, c, 'resumed', {
    detail: { by, pausedAt: c.pausedAt.toISOString(), businessDays: length.businessDays, calendarDays: length.calendarDays, ackDueOn: updated.ackDueOn, answerDueOn: updated.answerDueOn },
  });
  await deps.audit.record(tx, ctx, { type: 'complaint.resumed', target: target(c), payload: { complaintId: c.id, by, businessDays: length.businessDays, calendarDays: length.calendarDays } });
  return updated;
}

/**
 * The agent asks the customer for information: the message (with the reason) goes to the portal
 * thread and by e-mail, and the SLA clocks pause until the customer answers or the agent resumes
 * them. Only such a documented wait on the customer pauses the clocks.
 */
export function requestInformation(deps: Deps, ctx: RequestContext, id: string, input: { reason: (typeof PAUSE_REASONS)[number]; message: string }) {
  return step(deps, ctx, id, 'request_info', async (tx, c, now) => {
    const message = await addMessage(deps, tx, ctx, c, input.message, { internal: false, author: 'staff' });
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, { pausedAt: now, pauseReason: input.reason, updatedAt: now });
    await timeline(deps, tx, ctx, c, 'paused', { detail: { reason: input.reason, messageId: message.id } });
    await mailCustomer(deps, tx, c, 'info_requested');
    await deps.audit.record(tx, ctx, { type: 'complaint.paused', target: target(c), payload: { complaintId: c.id, reason: input.reason, messageId: message.id } });
    return updated;
  });
}

/** The agent resumes the clocks without an answer (e.g. the information came by phone). */
export function resumeClocks(deps: Deps, ctx: RequestContext, id: string) {
  return step(deps, ctx, id, 'resume', (tx, c, now) => resume(deps, tx, ctx, c, 'staff', now));
}

/** The consumer mediator of the organisation and the last day to refer the complaint (L.612-2, L.616-1). */
export async function mediatorInfo(deps: Deps, db: Db, c: repo.ComplaintRow): Promise<{ name: string; website: string; limitOn: string }> {
  const org = await findOrganisationById(db, c.orgId);
  const limitOn = computeDeadline({ kind: 'mediation-limit', from: c.receivedAt, tz: c.timezone }).due;
  return { name: org?.profile.mediator.name ?? '', website: org?.profile.mediator.website ?? '', limitOn };
}

/**
 * Who owns the file at level 2: the user chosen (they must be active and allowed to escalate,
 * i.e. a supervisor), else the staff member escalating, else (the customer's rejection escalated
 * it) the team lead of the advisor handling it. Null when none is set: the file then shows in the
 * supervisors' queues without an owner.
 */
async function level2Owner(tx: Db, ctx: RequestContext, c: repo.ComplaintRow, chosen: string | undefined, by: 'staff' | 'customer_rejection') {
  if (chosen) {
    const user = await findUserById(tx, c.orgId, chosen);
    if (!user || user.status !== 'active' || !permissionsForRoles(user.roles).has('complaint:escalate')) throw new AppError('complaint.invalid_owner');
    return { ownerId: user.id, reason: 'chosen' as const };
  }
  if (by === 'staff' && ctx.actor.kind === 'user') return { ownerId: ctx.actor.id, reason: 'escalated_by' as const };
  const lead = c.assigneeId ? await repo.findTeamLead(tx, c.orgId, c.assigneeId) : null;
  const user = lead ? await findUserById(tx, c.orgId, lead) : undefined;
  return user?.status === 'active' ? { ownerId: user.id, reason: 'team_lead' as const } : null;
}

async function escalate(deps: Deps, tx: Db, ctx: RequestContext, c: repo.ComplaintRow, to: number, by: 'staff' | 'customer_rejection', now: Date, chosenOwner?: string) {
  const level = Math.min(MAX_ESCALATION_LEVEL, to);
  // An owner is named on the way to level 2 (internal escalation); the mediator is not owned.
  if (chosenOwner && level !== 2) throw new AppError('validation', {}, [{ path: 'ownerId', code: 'owner_level2_only' }]);
  const owner = level === 2 && c.escalationLevel < 2 ? await level2Owner(tx, ctx, c, chosenOwner, by) : null;
  const updated = await repo.updateComplaint(tx, c.orgId, c.id, {
    escalationLevel: level,
    escalatedAt: now,
    ...(owner ? { level2OwnerId: owner.ownerId } : {}),
    ...(level === MAX_ESCALATION_LEVEL ? { mediationReferredAt: now } : {}),
    updatedAt: now,
  });
  await timeline(deps, tx, ctx, c, 'escalated', { detail: { from: c.escalationLevel, to: level, by } });
  if (owner) {
    await timeline(deps, tx, ctx, c, 'owner_assigned', { detail: { ownerId: owner.ownerId, level: 2, reason: owner.reason } });
    await deps.audit.record(tx, ctx, { type: 'complaint.owner_assigned', target: target(c), payload: { complaintId: c.id, ownerId: owner.ownerId, level: 2, reason: owner.reason } });
  }
  const mediator = await mediatorInfo(deps, tx, c);
  await mailCustomer(deps, tx, c, level === MAX_ESCALATION_LEVEL ? 'mediation' : 'escalated', { mediator: mediator.name, mediatorWebsite: mediator.website, limitOn: mediator.limitOn });
  await deps.audit.record(tx, ctx, { type: 'complaint.escalated', target: target(c), payload: { complaintId: c.id, from: c.escalationLevel, to: level, by } });
  return updated;
}

/** Escalation by staff: advisor -> supervisor (level 2, with its owner) -> consumer mediator referral (level 3). */
export function escalateComplaint(deps: Deps, ctx: RequestContext, id: string, input: EscalateInput) {
  return step(deps, ctx, id, 'escalate', async (tx, c, now) => {
    if (input.note) await addMessage(deps, tx, ctx, c, input.note, { internal: true, author: 'staff' });
    return escalate(deps, tx, ctx, c, c.escalationLevel + 1, 'staff', now, input.ownerId);
  });
}

/** Reassignment by a supervisor, with the reason kept as an internal note (it may name people). */
export function assignComplaint(deps: Deps, ctx: RequestContext, id: string, input: { assigneeId: string; reason: string }) {
  return step(deps, ctx, id, 'assign', async (tx, c, now) => {
    const user = await findUserById(tx, c.orgId, input.assigneeId);
    if (!user || user.status !== 'active' || !permissionsForRoles(user.roles).has('complaint:handle')) throw new AppError('complaint.invalid_assignee');
    const note = await addMessage(deps, tx, ctx, c, input.reason, { internal: true, author: 'staff' });
    const updated = await repo.updateComplaint(tx, c.orgId, c.id, { assigneeId: user.id, updatedAt: now });
    await timeline(deps, tx, ctx, c, 'assigned', { detail: { assigneeId: user.id, previousId: c.assigneeId, reason: 'reassigned', noteId: note.id } });
    await deps.audit.record(tx, ctx, { type: 'complaint.assigned', target: target(c), payload: { complaintId: c.id, from: c.assigneeId, to: user.id, reason: 'reassigned' } });
    return updated;
  });
}

/**
 * The labels agents confirmed, as training records for the organisation's own triage model
 * ({text, language, category, urgency, sentiment}). Decrypting the complaint text is a processing
 * of personal data for one purpose, retraining (GDPR Art. 5(1)(b), 6(1)(f)): only on the
 * organisation's own complaints, behind complaint:configure, audited (count only). Customers who
 * were erased (text shredded) or restricted or objected to processing (Art. 18, 21) are left out.
 */
export async function exportTriageLabels(deps: Deps, ctx: RequestContext): Promise<TriageRecord[]> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const rows = await repo.findConfirmedLabels(tx, orgId);
    const restricted = new Set(
      (await findActiveRestrictionsOfSubjects(tx, orgId, [...new Set(rows.map((r) => r.customerId))])).filter((r) => r.kind === 'restriction' || r.kind === 'objection').map((r) => r.customerId),
    );
    const records: TriageRecord[] = [];
    for (const r of rows) {
      if (restricted.has(r.customerId) || r.sentiment === null || (r.language !== 'fr' && r.language !== 'en')) continue;
      const text = await deps.cipher.decrypt(tx, orgId, r.customerId, 'complaint.description', r.descriptionEnc);
      if (text === null) continue;
      records.push({ text, language: r.language, category: r.category, urgency: r.urgency, sentiment: r.sentiment });
    }
    await deps.audit.record(tx, ctx, { type: 'complaint.triage_labels_exported', target: { type: 'organisation', id: orgId }, payload: { records: records.length } });
    return records;
  });
}

// ------------------------------------------------------------------------------------------
// The customer's side, behind the tracking link
// ------------------------------------------------------------------------------------------

/** The complaint a tracking token opens in this organisation, or not found (same answer for every failure). */
export async function getTrackedComplaint(deps: Deps, orgId: string, token: string): Promise<repo.ComplaintRow> {
  if (!/^[\w-]{43}$/.test(token)) throw notFound('complaint');
  const row = await repo.findComplaintByTrackingHash(deps.db, orgId, sha256(token));
  if (!row) throw notFound('complaint');
  return row;
}

function subjectCtx(ctx: RequestContext, c: repo.ComplaintRow): RequestContext {
  return { ...ctx, orgId: c.orgId, actor: { kind: 'subject', id: c.customerId, orgId: c.orgId } };
}

async function customerStep<T>(deps: Deps, ctx: RequestContext, tracked: repo.ComplaintRow, run: (tx: Db, c: repo.ComplaintRow, sctx: RequestContext, now: Date) => Promise<T>): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const c = await repo.lockComplaint(tx, tracked.orgId, tracked.id);
    if (!c) throw notFound('complaint');
    return run(tx, c, subjectCtx(ctx, c), deps.clock.now());
  });
}

/**
 * The customer adds information; on a closed file it reopens it. `formNonce` is the nonce of the
 * tracking-page form that sent it: the same form posted again (a double click, a resent page)
 * adds nothing and answers 'duplicate'. The complaint row is locked first, so two posts at once
 * run one after the other and the second sees the first.
 */
export function addCustomerMessage(deps: Deps, ctx: RequestContext, tracked: repo.ComplaintRow, body: string, files: readonly AttachmentCandidate[] = [], formNonce?: string): Promise<'added' | 'duplicate'> {
  return customerStep(deps, ctx, tracked, async (tx, c, sctx, now) => {
    if (formNonce && (await repo.hasMessageFromForm(tx, c.orgId, c.id, formNonce))) return 'duplicate' as const;
    const message = await addMessage(deps, tx, sctx, c, body, { internal: false, author: 'customer', ...(formNonce ? { formNonce } : {}) });
    await attach(deps, tx, sctx, c, files, { uploaderType: 'customer', uploaderId: null, internal: false, messageId: message.id }, ctx.locale);
    // The customer's answer ends the wait on them: the clocks run again.
    if (c.pausedAt) c = await resume(deps, tx, sctx, c, 'customer', now);
    const status = policy.statusAfterCustomerMessage(c.status);
    await repo.updateComplaint(tx, c.orgId, c.id, { status, ...(status !== c.status ? { reopenedAt: now } : {}), updatedAt: now });
    await timeline(deps, tx, sctx, c, 'customer_message', { detail: { messageId: message.id } });
    await deps.audit.record(tx, sctx, { type: 'complaint.customer_messaged', target: target(c), payload: { complaintId: c.id, messageId: message.id } });
    if (status !== c.status) {
      await timeline(deps, tx, sctx, c, 'reopened', { from: c.status, to: status });
      await deps.audit.record(tx, sctx, { type: 'complaint.reopened', target: target(c), payload: { complaintId: c.id } });
    }
    return 'added' as const;
  });
}

/**
 * The customer accepts the answer (the file closes) or rejects it: a rejected decision keeps the
 * file open, escalates it internally (level 2) and tells the customer the internal recourse and
 * the consumer mediator (RULES.md; C. consom. L.616-1).
 */
export function respondToAnswer(deps: Deps, ctx: RequestContext, tracked: repo.ComplaintRow, response: 'accept' | 'reject', comment: string | undefined) {
  return customerStep(deps, ctx, tracked, async (tx, c, sctx, now) => {
    if (!policy.customerCan(response, { ...facts(c), satisfaction: c.satisfaction })) throw new AppError('complaint.invalid_step', { status: c.status });
    if (comment) await addMessage(deps, tx, sctx, c, comment, { internal: false, author: 'customer' });
    if (response === 'accept') {
      await repo.updateComplaint(tx, c.orgId, c.id, { customerResponse: 'accepted', customerRespondedAt: now, status: 'closed', closedAt: now, updatedAt: now });
      await timeline(deps, tx, sctx, c, 'answer_accepted', { from: c.status, to: 'closed' });
      await deps.audit.record(tx, sctx, { type: 'complaint.answer_accepted', target: target(c), payload: { complaintId: c.id } });
      return;
    }
    const reopened = await repo.updateComplaint(tx, c.orgId, c.id, { customerResponse: 'rejected', customerRespondedAt: now, status: 'reopened', reopenedAt: now, updatedAt: now });
    await timeline(deps, tx, sctx, c, 'answer_rejected', { from: c.status, to: 'reopened' });
    await deps.audit.record(tx, sctx, { type: 'complaint.answer_rejected', target: target(c), payload: { complaintId: c.id } });
    if (reopened.escalationLevel < 2) await escalate(deps, tx, sctx, reopened, 2, 'customer_rejection', now);
  });
}

/** Satisfaction with the handling (1-5 and a comment), asked at closure and tied to the file. */
export function rateHandling(deps: Deps, ctx: RequestContext, tracked: repo.ComplaintRow, score: number, comment: string | undefined) {
  return customerStep(deps, ctx, tracked, async (tx, c, sctx, now) => {
    if (!policy.customerCan('rate', { ...facts(c), satisfaction: c.satisfaction })) throw new AppError('complaint.invalid_step', { status: c.status });
    await repo.updateComplaint(tx, c.orgId, c.id, {
      satisfaction: score,
      satisfactionCommentEnc: comment ? await encrypt(deps, tx, c, 'complaint.satisfaction_comment', comment) : null,
      updatedAt: now,
    });
    await timeline(deps, tx, sctx, c, 'rated', { detail: { score } });
    await deps.audit.record(tx, sctx, { type: 'complaint.rated', target: target(c), payload: { complaintId: c.id, score } });
  });
}

/** An advisor's open complaints go to their successor with their customers (advisors' handOver), each with a dated step on its timeline. */
export const handOverOpenComplaints: AdvisorHandoverHandler = async (_deps, tx, ctx, handover) =>
  (await repo.moveOpenComplaints(tx, handover.orgId, handover.fromId, handover.toId, { actorType: ctx.actor.kind, actorId: actorId(ctx.actor) }, handover.now)).length;
