/**
 * Data-subject requests (GDPR Art. 15-22): intake, deadlines from src/rules, extension and refusal
 * with the subject told, fulfilment (export package, erasure, restriction, objection), reminders.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { addMonths, computeDeadline, startOfLocalDay, toLocalDate } from '../../rules/index.ts';
import { findOrCreateCustomer, revealCustomer } from '../customers/index.ts';
import { findCustomerById } from '../customers/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { findUsers } from '../auth/index.ts';
import { permissionsForRoles, type Role } from '../auth/index.ts';
import { queueMail } from '../mail/index.ts';
import { defineJob } from '../../worker/jobs.ts';
import { addRestriction, getConsentIndex, inPrivacyTransaction, liftRestrictionIn, type IndexChange } from '../consent/index.ts';
import { findRestrictions } from '../consent/index.ts';
import type { LegalHold } from '../module.ts';
import { checkExportToken, EXPORT_LINK_DAYS, exportLink } from '../consent/index.ts';
import { honourGpcSignal } from '../consent/index.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { t } from '../../i18n/index.ts';
import * as repo from './dsr.repo.ts';
import type { AgentRequestSchema } from './dsr.schemas.ts';
import type { DSR_CHANNELS, DSR_TYPES, IDENTITY_CHECKS } from './dsr.tables.ts';
import { buildZip, eraseSubject, exportSubject, type NamedHandler } from './subject-data.ts';

export type DsrType = (typeof DSR_TYPES)[number];
export const REMIND_DAYS_BEFORE = 7;

export interface CreateRequestInput {
  customerId: string;
  type: DsrType;
  channel: (typeof DSR_CHANNELS)[number];
  identityCheck: (typeof IDENTITY_CHECKS)[number];
  details?: string | undefined;
  receivedAt?: Date | undefined;
}

/** Today in the subject's time zone (deadlines are local dates). */
export const localToday = (deps: Deps, tz: string) => toLocalDate(deps.clock.now(), tz);
export const isOverdue = (deps: Deps, r: repo.DsrRow) => (r.status === 'received' || r.status === 'extended') && localToday(deps, r.timezone) > r.dueDate;

/** The label of a request type in the subject's language, for e-mails. */
async function typeLabel(db: Db, orgId: string, customerId: string, type: DsrType): Promise<string> {
  const c = await findCustomerById(db, orgId, customerId);
  return t(c?.locale === 'en' ? 'en' : 'fr', `privacy.dsrType.${type}`);
}

async function orgOf(deps: Deps, db: Db, orgId: string) {
  const org = await findOrganisationById(db, orgId);
  if (!org) throw notFound('organisation');
  return org;
}

/**
 * Records a request in the caller's transaction. GDPR Art. 12(3): one calendar month from receipt
 * (`dsr` rule). Restriction and objection take effect at once in the decision API (Art. 18, 21(3)).
 */
export async function appendRequest(deps: Deps, tx: Db, ctx: RequestContext, changes: Parameters<typeof addRestriction>[3], input: CreateRequestInput): Promise<repo.DsrRow> {
  const orgId = requireOrg(ctx);
  const customer = await findCustomerById(tx, orgId, input.customerId);
  if (!customer || customer.erasedAt) throw notFound('customer');
  const receivedAt = input.receivedAt ?? deps.clock.now();
  const dueDate = computeDeadline({ kind: 'dsr', from: receivedAt, tz: customer.timezone }).due;
  const id = randomUUID();
  const request = await repo.insertRequest(tx, {
    id,
    orgId,
    customerId: customer.id,
    type: input.type,
    channel: input.channel,
    identityCheck: input.identityCheck,
    identityCheckedBy: ctx.actor.kind === 'subject' ? 'portal' : (actorId(ctx.actor) ?? 'unknown'),
    detailsEnc: input.details ? await deps.cipher.encrypt(tx, orgId, customer.id, 'dsr.details', input.details) : null,
    receivedAt,
    timezone: customer.timezone,
    dueDate,
  });
  if (input.type === 'restriction' || input.type === 'objection') {
    await addRestriction(deps, tx, ctx, changes, { customerId: customer.id, kind: input.type, requestId: id, source: `dsr:${input.channel}` });
  }
  await queueMail(deps, tx, { orgId, to: { customerId: customer.id }, template: 'privacy.mail.dsrReceived', params: { org: (await orgOf(deps, tx, orgId)).name, type: await typeLabel(tx, orgId, customer.id, input.type), due: dueDate } });
  await deps.audit.record(tx, ctx, {
    type: 'dsr.received',
    target: { type: 'dsr', id },
    payload: { requestId: id, customerId: customer.id, type: input.type, channel: input.channel, identityCheck: input.identityCheck, dueDate },
  });
  return request;
}

export async function createRequest(deps: Deps, ctx: RequestContext, input: CreateRequestInput): Promise<repo.DsrRow> {
  return inPrivacyTransaction(deps, requireOrg(ctx), (tx, changes) => appendRequest(deps, tx, ctx, changes, input));
}

/** A request the signed-in subject makes on the portal, identified by their e-mail code (access level `subject`). */
export async function createSubjectRequest(deps: Deps, ctx: RequestContext, org: OrganisationRow, input: { type: DsrType; details?: string | undefined }): Promise<repo.DsrRow> {
  if (ctx.actor.kind !== 'subject' || ctx.actor.orgId !== org.id) throw new AppError('portal.unidentified');
  return createRequest(deps, ctx, { customerId: ctx.actor.id, type: input.type, channel: 'portal', identityCheck: 'email_code', details: input.details });
}

export type AgentRequestInput = z.infer<typeof AgentRequestSchema>;

/** How far back a request received by letter or phone may be entered: further is surely a typing error. */
export const MANUAL_ENTRY_MAX_MONTHS = 12;

/**
 * When a request entered by hand was received. GDPR Art. 12(3): the month runs from receipt, not
 * from when someone typed it in, so the deadline is computed from this day. The day of receipt is
 * not counted (Reg. 1182/71 Art. 3(1)), so its start stands for a day given without an hour; today
 * is now. Refuses a day in the future or more than MANUAL_ENTRY_MAX_MONTHS ago.
 */
export function manualReceipt(now: Date, tz: string, receivedOn: string | undefined): Date {
  const today = toLocalDate(now, tz);
  if (receivedOn === undefined || receivedOn === today) return now;
  if (receivedOn > today) throw new AppError('validation', {}, [{ path: 'receivedOn', code: 'date_in_future' }]);
  const earliest = addMonths(today, -MANUAL_ENTRY_MAX_MONTHS);
  if (receivedOn < earliest) throw new AppError('validation', {}, [{ path: 'receivedOn', code: 'date_too_old', params: { months: MANUAL_ENTRY_MAX_MONTHS } }]);
  return startOfLocalDay(receivedOn, tz);
}

/**
 * A request received by letter, phone, e-mail or in person, entered by an agent or the DPO, who
 * records how the identity was checked; the audit event says by whom and through which channel.
 */
export async function createAgentRequest(deps: Deps, ctx: RequestContext, input: AgentRequestInput): Promise<repo.DsrRow> {
  const orgId = requireOrg(ctx);
  return inPrivacyTransaction(deps, orgId, async (tx, changes) => {
    const { customer } = await findOrCreateCustomer(deps, tx, ctx, { email: input.email, name: input.name }, 'agent');
    const receivedAt = manualReceipt(deps.clock.now(), customer.timezone, input.receivedOn);
    return appendRequest(deps, tx, ctx, changes, { customerId: customer.id, type: input.type, channel: input.channel, identityCheck: input.identityCheck, details: input.details, receivedAt });
  });
}

async function openRequest(tx: Db, orgId: string, id: string): Promise<repo.DsrRow> {
  const r = await repo.findRequest(tx, orgId, id, true);
  if (!r) throw notFound('dsr');
  if (r.status !== 'received' && r.status !== 'extended') throw new AppError('dsr.closed');
  return r;
}

/**
 * GDPR Art. 12(3): two more months (the `dsr-extended` rule, three months from receipt), only
 * while the first month runs, and the subject is told the reasons.
 */
export async function extendRequest(deps: Deps, ctx: RequestContext, id: string, reason: string): Promise<repo.DsrRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const r = await openRequest(tx, orgId, id);
    if (r.status === 'extended') throw new AppError('dsr.already_extended');
    if (localToday(deps, r.timezone) > r.dueDate) throw new AppError('dsr.extension_too_late', { due: r.dueDate });
    const dueDate = computeDeadline({ kind: 'dsr-extended', from: r.receivedAt, tz: r.timezone }).due;
    const row = await repo.updateRequest(tx, orgId, id, { status: 'extended', dueDate, extendedAt: deps.clock.now(), extensionReason: reason });
    await queueMail(deps, tx, { orgId, to: { customerId: r.customerId }, template: 'privacy.mail.dsrExtended', params: { org: (await orgOf(deps, tx, orgId)).name, type: await typeLabel(tx, orgId, r.customerId, r.type), due: dueDate, reason } });
    await deps.audit.record(tx, ctx, { type: 'dsr.extended', target: { type: 'dsr', id }, payload: { requestId: id, dueDate } });
    return row;
  });
}

/** GDPR Art. 12(4): refusal with reasons and the right to complain to the authority (CNIL). */
export async function refuseRequest(deps: Deps, ctx: RequestContext, id: string, reason: string): Promise<repo.DsrRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const r = await openRequest(tx, orgId, id);
    const late = isOverdue(deps, r);
    const row = await repo.updateRequest(tx, orgId, id, { status: 'refused', refusalReason: reason, closedAt: deps.clock.now(), closedBy: actorId(ctx.actor) });
    await queueMail(deps, tx, { orgId, to: { customerId: r.customerId }, template: 'privacy.mail.dsrRefused', params: { org: (await orgOf(deps, tx, orgId)).name, type: await typeLabel(tx, orgId, r.customerId, r.type), reason } });
    await deps.audit.record(tx, ctx, { type: 'dsr.refused', target: { type: 'dsr', id }, payload: { requestId: id, late } });
    return row;
  });
}

/**
 * Completes a request. Access/portability: the package is built and the subject gets a signed,
 * expiring download link. Erasure: every handler erases in this one transaction, the subject key
 * is destroyed, and the request stays as the erasure record with what legal holds kept and why.
 */
export async function fulfilRequest(deps: Deps, ctx: RequestContext, id: string, note?: string, handlers: readonly NamedHandler[] = deps.registries.subjectData): Promise<repo.DsrRow> {
  const orgId = requireOrg(ctx);
  const org = await orgOf(deps, deps.db, orgId);
  const pending = await repo.findRequest(deps.db, orgId, id);
  if (!pending) throw notFound('dsr');
  // The package is assembled from committed data before the closing transaction.
  const data = pending.type === 'access' || pending.type === 'portability' ? await exportSubject(deps, orgId, pending.customerId, handlers) : null;
  const row = await inPrivacyTransaction(deps, orgId, async (tx) => {
    const r = await openRequest(tx, orgId, id);
    const late = isOverdue(deps, r);
    const now = deps.clock.now();
    let erasureOutcome: string | null = null;
    if (data) {
      const customer = await findCustomerById(tx, orgId, r.customerId);
      const locale = customer?.locale === 'en' ? 'en' : 'fr';
      const zip = buildZip(data, locale, org.name, now, org.timezone);
      const expiresAt = new Date(now.getTime() + EXPORT_LINK_DAYS * 86_400_000);
      const exp = await repo.insertExport(tx, {
        orgId,
        customerId: r.customerId,
        requestId: r.id,
        // The package is personal data: encrypted under the subject's key, shredded with it.
        contentEnc: await deps.cipher.encrypt(tx, orgId, r.customerId, 'dsr.export', Buffer.from(zip).toString('base64')),
        sizeBytes: String(zip.byteLength),
        expiresAt,
      });
      await deps.audit.record(tx, ctx, { type: 'dsr_export.created', target: { type: 'dsr', id }, payload: { exportId: exp.id, requestId: id, datasets: Object.values(data).reduce((n, d) => n + Object.keys(d).length, 0) } });
      await queueMail(deps, tx, {
        orgId,
        to: { customerId: r.customerId },
        template: 'privacy.mail.dsrExportReady',
        params: { org: org.name, link: `${deps.config.publicUrl}${exportLink(deps, org.slug, orgId, exp.id, expiresAt)}`, days: EXPORT_LINK_DAYS },
      });
    } else if (r.type === 'erasure') {
      // GDPR Art. 12(3), 19: the subject is told the erasure is done. Their address goes with their
      // key, so it is read before the erasure; it then waits in the outbox sealed under the outbox
      // key (not the subject's) and is removed from there once the mail is sent.
      const subjectRow = await findCustomerById(tx, orgId, r.customerId);
      const subject = subjectRow ? await revealCustomer(deps, tx, subjectRow) : null;
      const { erased, held } = await eraseSubject(deps, tx, ctx, orgId, r.customerId, handlers);
      erasureOutcome = JSON.stringify({ erased, held });
      await deps.audit.record(tx, ctx, { type: 'dsr.erased', target: { type: 'dsr', id }, payload: { requestId: id, customerId: r.customerId, erased, held: held.map((h) => ({ table: h.table, id: h.id })) } });
      if (subject?.email) {
        await queueMail(deps, tx, {
          orgId,
          to: { address: subject.email },
          locale: subject.locale,
          template: 'dsr.mail.erased',
          params: { org: org.name, date: localToday(deps, r.timezone), erased, kept: keptText(subject.locale, held) },
        });
      }
    } else {
      await queueMail(deps, tx, { orgId, to: { customerId: r.customerId }, template: 'privacy.mail.dsrFulfilled', params: { org: org.name, type: await typeLabel(tx, orgId, r.customerId, r.type) } });
    }
    const updated = await repo.updateRequest(tx, orgId, id, { status: 'fulfilled', closedAt: now, closedBy: actorId(ctx.actor), resolutionNote: note ?? null, erasureOutcome });
    await deps.audit.record(tx, ctx, { type: 'dsr.fulfilled', target: { type: 'dsr', id }, payload: { requestId: id, type: r.type, late } });
    return updated;
  });
  if (row.type === 'erasure') (await getConsentIndex(deps, orgId)).dropSubject(row.customerId);
  return row;
}

/** What an erasure kept and why, in the subject's language (GDPR Art. 17(3)). */
export function keptText(locale: 'fr' | 'en', held: LegalHold[]): string {
  if (held.length === 0) return t(locale, 'dsr.mail.keptNothing');
  return t(locale, 'dsr.mail.keptSome', { list: held.map((h) => `- ${h.table} ${h.id} — ${h.reason}`).join('\n') });
}

/** The restrictions (GDPR Art. 18) a restriction request obtained, lifted or not, oldest first. */
export async function findRequestRestrictions(db: Db, orgId: string, r: repo.DsrRow) {
  if (r.type !== 'restriction') return [];
  return (await findRestrictions(db, orgId, r.customerId)).filter((x) => x.requestId === r.id && x.kind === 'restriction');
}

/**
 * Lifts the restriction a request obtained. GDPR Art. 18(3): the subject is informed before the
 * restriction is lifted; the mail telling them (with the reason) is committed in the same
 * transaction as the lift and ahead of it, so no lift exists without the subject being told.
 * The decision API answers differently as soon as this returns.
 */
export async function liftRequestRestriction(deps: Deps, ctx: RequestContext, id: string, reason: string): Promise<repo.DsrRow> {
  const orgId = requireOrg(ctx);
  const org = await orgOf(deps, deps.db, orgId);
  return inPrivacyTransaction(deps, orgId, async (tx: Db, changes: IndexChange[]) => {
    const r = await repo.findRequest(tx, orgId, id, true);
    if (!r) throw notFound('dsr');
    const active = (await findRequestRestrictions(tx, orgId, r)).filter((x) => !x.liftedAt);
    if (active.length === 0) throw new AppError('dsr.not_restricted');
    const now = deps.clock.now();
    await queueMail(deps, tx, { orgId, to: { customerId: r.customerId }, template: 'dsr.mail.restrictionLifted', params: { org: org.name, date: localToday(deps, r.timezone), reason } });
    for (const restriction of active) {
      if (!(await liftRestrictionIn(deps, tx, ctx, changes, restriction.id))) throw new AppError('dsr.not_restricted');
    }
    const row = await repo.updateRequest(tx, orgId, id, { restrictionLiftedAt: now, restrictionLiftReason: reason });
    await deps.audit.record(tx, ctx, { type: 'dsr.restriction_lifted', target: { type: 'dsr', id }, payload: { requestId: id, customerId: r.customerId, restrictionIds: active.map((x) => x.id) } });
    return row;
  });
}

/**
 * Requests of the organisation: open ones first (overdue first, then by due date), then the closed
 * ones, most recently closed first, so fulfilled and refused requests stay on file as history.
 */
export async function findQueue(deps: Deps, ctx: RequestContext, options: { status?: repo.RequestStatusFilter } = {}) {
  const orgId = requireOrg(ctx);
  const rows = await repo.findRequests(deps.db, orgId, { status: options.status ?? 'open' });
  const closedTime = (r: repo.DsrRow) => r.closedAt?.getTime() ?? 0;
  return rows
    .map((r) => ({ row: r, overdue: isOverdue(deps, r) }))
    .sort(
      (a, b) =>
        Number(Boolean(a.row.closedAt)) - Number(Boolean(b.row.closedAt)) ||
        closedTime(b.row) - closedTime(a.row) ||
        Number(b.overdue) - Number(a.overdue) ||
        (a.row.dueDate < b.row.dueDate ? -1 : a.row.dueDate > b.row.dueDate ? 1 : 0),
    );
}

/** Downloads a package by its signed link; null when gone, expired or unreadable (erased). */
/**
 * The package a subject downloads with the expiring link they were sent (GDPR Art. 15(3), 20):
 * the download is recorded. An expired package, or a token for another organisation, is refused.
 */
export async function downloadExportByLink(deps: Deps, ctx: RequestContext, org: OrganisationRow, token: string): Promise<{ ok: true; zip: Uint8Array } | { ok: false; reason: 'expired' | 'invalid' | 'gone' }> {
  const link = checkExportToken(deps, org.id, token);
  if (!link.ok) return link;
  const exp = await repo.findExport(deps.db, org.id, link.exportId);
  if (!exp || exp.expiresAt <= deps.clock.now()) return { ok: false, reason: 'gone' };
  const b64 = await deps.cipher.decrypt(deps.db, org.id, exp.customerId, 'dsr.export', exp.contentEnc);
  if (!b64) return { ok: false, reason: 'gone' };
  const subjectCtx: RequestContext = { ...ctx, orgId: org.id, actor: { kind: 'subject', id: exp.customerId, orgId: org.id } };
  await deps.db.transaction(async (tx) => {
    await repo.markDownloaded(tx, org.id, exp.id, deps.clock.now());
    await deps.audit.record(tx, subjectCtx, { type: 'dsr_export.downloaded', target: { type: 'dsr', id: exp.requestId }, payload: { exportId: exp.id } });
  });
  return { ok: true, zip: new Uint8Array(Buffer.from(b64, 'base64')) };
}

/** One of the signed-in subject's requests as the portal lists it, with its download link while the package lasts. */
export interface SubjectRequestView {
  request: repo.DsrRow;
  downloadPath: string | null;
}

/** The signed-in subject's own requests (access level `subject`), newest first, honouring a GPC signal on the way. */
export async function findSubjectRequests(deps: Deps, ctx: RequestContext, org: OrganisationRow, options: { gpcSignal: boolean }): Promise<SubjectRequestView[]> {
  if (ctx.actor.kind !== 'subject' || ctx.actor.orgId !== org.id) throw new AppError('portal.unidentified');
  const customerId = ctx.actor.id;
  await honourGpcSignal(deps, ctx, org, options.gpcSignal);
  const [requests, exports] = await Promise.all([repo.findRequests(deps.db, org.id, { customerId }), repo.findExportsOfSubject(deps.db, org.id, customerId)]);
  const now = deps.clock.now();
  return requests.map((request) => {
    const exp = exports.find((e) => e.requestId === request.id && e.expiresAt > now);
    return { request, downloadPath: exp ? exportLink(deps, org.slug, org.id, exp.id, exp.expiresAt) : null };
  });
}

/**
 * Daily: each open request due within REMIND_DAYS_BEFORE days (or overdue) gets one reminder to
 * the people who can fulfil it.
 */
export const remindJob = defineJob({
  type: 'dsr.remind',
  schema: z.object({}).passthrough(),
  async handler(deps: Deps) {
    for (const r of await repo.findOpenRequestsAllOrgs(deps.db)) {
      const today = localToday(deps, r.timezone);
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      const soon = new Date(Date.UTC(y, m - 1, d + REMIND_DAYS_BEFORE)).toISOString().slice(0, 10);
      if (r.dueDate > soon) continue;
      const ctx: RequestContext = { actor: { kind: 'system', name: 'dsr.remind' }, orgId: r.orgId, requestId: null, ipHash: null, locale: 'fr' };
      await deps.db.transaction(async (tx) => {
        const recipients = (await findUsers(tx, r.orgId)).filter((u) => u.status === 'active' && permissionsForRoles(u.roles as Role[]).has('dsr:fulfil'));
        for (const u of recipients) {
          await queueMail(deps, tx, { orgId: r.orgId, to: { userId: u.id }, template: 'privacy.mail.dsrReminder', params: { type: t(u.locale === 'en' ? 'en' : 'fr', `privacy.dsrType.${r.type}`), due: r.dueDate, id: r.id } }, { dedupeKey: `dsr-remind:${r.id}:${u.id}` });
        }
        await repo.updateRequest(tx, r.orgId, r.id, { reminded: true });
        await deps.audit.record(tx, ctx, { type: 'dsr.reminded', target: { type: 'dsr', id: r.id }, payload: { requestId: r.id, recipients: recipients.length } });
      });
    }
  },
});
