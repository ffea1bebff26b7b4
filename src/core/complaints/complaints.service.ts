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
import { findCustomerById, findCustomerByLookup, findCustomersByPhoneLookup } from '../customers/index.ts';
import { z } from 'zod';
import { queueMail } from '../mail/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { findUserById } from '../auth/index.ts';
import { permissionsForRoles } from '../auth/index.ts';
import { computeDeadline, toLocalDate } from '../../rules/index.ts';
import * as policy from './complaints.policy.ts';
import * as repo from './complaints.repo.ts';
import { complaintDeadlines, pauseLength, termsOf } from './complaints.sla.ts';
import { MAX_ESCALATION_LEVEL, type PAUSE_REASONS } from './complaints.tables.ts';
import type { AcknowledgeInput, AnswerInput, AssessInput, ComplaintQuery } from './complaints.schemas.ts';
import type { AttachmentCandidate } from './complaints.attachments.ts';
import { storeAttachments, type AttachmentOrigin } from './complaints.attachments.service.ts';
import { suggestionOutcome } from './complaints.triage.ts';
import type { TriageRecord } from '../triage/index.ts';
import { findActiveRestrictionsOfSubjects } from '../consent/index.ts';

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

/**
 * Queues with filters and search. The complaint text and the customer's identity are encrypted
 * per customer, so they cannot be searched in SQL without decrypting every row (and a plaintext
 * search index would defeat crypto-shredding). Search covers the reference and the non-personal
 * codes (category, channel); a full e-mail address or phone number is matched exactly through
 * the customers' keyed blind indexes (HMAC of the normalised value), which erasure removes with
 * the customer. A phone number finds every customer sharing it (a household landline).
 */
export async function findComplaints(deps: Deps, ctx: RequestContext, query: ComplaintQuery) {
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
  return repo.findQueue(deps.db, orgId, query, viewer, deps.clock.now(), customerIds);
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

/** Queues an e-mail to the complaint's customer; none for a customer without e-mail (the agent writes or phones). */
async function mailCustomer(deps: Deps, tx: Db, c: repo.ComplaintRow, name: string, params: Record<string, string | number> = {}): Promise<void> {
  if ((await findCustomerById(tx, c.orgId, c.customerId))?.emailLookup == null) return;
  const org = await findOrganisationById(tx, c.orgId);
  await queueMail(deps, tx, {
    orgId: c.orgId,
    to: { customerId: c.customerId },
    template: `complaints.mail.${name}`,
    locale: c.language === 'en' ? 'en' : 'fr',
    params: { reference: c.reference, org: org?.name ?? '', ...params },
  });
}

async function addMessage(deps: Deps, tx: Db, ctx: RequestContext, c: repo.ComplaintRow, body: string, options: { internal: boolean; author: 'customer' | 'staff' }) {
  const author = ctx.actor.kind === 'user' || ctx.actor.kind === 'subject' ? ctx.actor.id : null;
  return repo.insertMessage(tx, {
    orgId: c.orgId,
    complaintId: c.id,
    authorType: options.author,
    authorId: author,
    internal: options.internal,
    bodyEnc: await encrypt(deps, tx, c, 'complaint_message.body', body),
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

export function answerComplaint(deps: Deps, ctx: RequestContext, id: string, input: AnswerInput) {
  return step(deps, ctx, id, 'answer', async (tx, c, now) => {
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
    await mailCustomer(deps, tx, c, 'answered');
    await deps.audit.record(tx, ctx, { type: 'complaint.answered', target: target(c), payload: { complaintId: c.id, decision: input.decision } });
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

async function escalate(deps: Deps, tx: Db, ctx: RequestContext, c: repo.ComplaintRow, to: number, by: 'staff' | 'customer_rejection', now: Date) {
  const level = Math.min(MAX_ESCALATION_LEVEL, to);
  const updated = await repo.updateComplaint(tx, c.orgId, c.id, {
    escalationLevel: level,
    escalatedAt: now,
    ...(level === MAX_ESCALATION_LEVEL ? { mediationReferredAt: now } : {}),
    updatedAt: now,
  });
  await timeline(deps, tx, ctx, c, 'escalated', { detail: { from: c.escalationLevel, to: level, by } });
  const mediator = await mediatorInfo(deps, tx, c);
  await mailCustomer(deps, tx, c, level === MAX_ESCALATION_LEVEL ? 'mediation' : 'escalated', { mediator: mediator.name, mediatorWebsite: mediator.website, limitOn: mediator.limitOn });
  await deps.audit.record(tx, ctx, { type: 'complaint.escalated', target: target(c), payload: { complaintId: c.id, from: c.escalationLevel, to: level, by } });
  return updated;
}

/** Escalation by staff: advisor -> supervisor (level 2) -> consumer mediator referral (level 3). */
export function escalateComplaint(deps: Deps, ctx: RequestContext, id: string, input: { note?: string | undefined }) {
  return step(deps, ctx, id, 'escalate', async (tx, c, now) => {
    if (input.note) await addMessage(deps, tx, ctx, c, input.note, { internal: true, author: 'staff' });
    return escalate(deps, tx, ctx, c, c.escalationLevel + 1, 'staff', now);
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

/** The customer adds information; on a closed file it reopens it. */
export function addCustomerMessage(deps: Deps, ctx: RequestContext, tracked: repo.ComplaintRow, body: string, files: readonly AttachmentCandidate[] = []) {
  return customerStep(deps, ctx, tracked, async (tx, c, sctx, now) => {
    const message = await addMessage(deps, tx, sctx, c, body, { internal: false, author: 'customer' });
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
