/**
 * Consent and preferences: purposes with versioned notices, the append-only ledger and its
 * projection, restrictions/objections/GPC, and the in-memory decision index built from them.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { findCustomerById, phoneNoticeOrigin, recordPhoneNotices } from '../customers/index.ts';
import { isPhoneNoticeAt } from '../../rules/contact/index.ts';
import * as repo from './consent.repo.ts';
import { defaultGpcApplies, recordingIssue } from './consent.policy.ts';
import type { Channel, ConsentIndex, ConsentKind, Decision, RestrictionKind } from './consent.decision.ts';
import { toPurposeInfo, type ConsentIndexHub, type IndexChange } from './consent.sync.ts';
import type { CONSENT_METHODS, LEGAL_BASES } from './consent.tables.ts';

type Method = (typeof CONSENT_METHODS)[number];

// ---------------------------------------------------------------------------------------------
// The decision index: one per organisation and process, loaded on first use, kept current across
// processes by consent.sync.ts.
// ---------------------------------------------------------------------------------------------

/** The consent index hub of this runtime. */
export function hubOf(deps: Deps): ConsentIndexHub {
  return deps.state.consent;
}

/**
 * The organisation's decision index as this process holds it: changes committed by this process
 * are in it; those of other processes arrive within the notice latency (milliseconds). For an
 * answer that must reflect every acknowledged change everywhere, use {@link freshConsentIndex}.
 */
export function getConsentIndex(deps: Deps, orgId: string): Promise<ConsentIndex> {
  return hubOf(deps).index(orgId);
}

/**
 * The organisation's decision index once every change committed before this call, by any
 * process, is applied (GDPR Art. 7(3), 21(3): a withdrawal or objection acknowledged anywhere
 * stops the next decision everywhere). Costs one shared round trip on PostgreSQL, nothing on PGlite.
 */
export function freshConsentIndex(deps: Deps, orgId: string): Promise<ConsentIndex> {
  return hubOf(deps).freshIndex(orgId);
}

/**
 * {@link freshConsentIndex}, with a value derived from the organisation's purposes or settings
 * (`load` reads them) cached in this process under `name`. The cache is dropped by the notices that
 * keep the index current (see ConsentIndexHub.cached) and read after the barrier, so the value
 * reflects every change acknowledged anywhere, as the index does. Settings of other modules that
 * such a value reads are written in {@link inPrivacyTransaction} with {@link settingsChanged}.
 */
export async function freshConsentIndexWith<T>(
  deps: Deps,
  orgId: string,
  name: string,
  load: () => Promise<T>,
): Promise<{ index: ConsentIndex; cached: T }> {
  const index = await freshConsentIndex(deps, orgId);
  return { index, cached: await hubOf(deps).cached(orgId, name, load) };
}

/**
 * A value about one subject cached in this process (see ConsentIndexHub.cachedForSubject): call it
 * after {@link freshConsentIndex} (or {@link freshConsentIndexWith}), whose barrier delivers the
 * notices the database sends when the subject's rows change. The tables it may read must send those
 * notices (a trigger: src/db/migrations, "subject notices"); nothing is cached on PGlite.
 */
export function cachedForSubject<T>(deps: Deps, orgId: string, subject: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
  return hubOf(deps).cachedForSubject(orgId, subject, load);
}

/** The change to push in {@link inPrivacyTransaction} when a setting cached with {@link cachedForOrganisation} changes. */
export const settingsChanged = (): IndexChange => ({ settings: true, apply: () => undefined });

export type { IndexChange };

/**
 * Runs `work` in a transaction and applies its index changes after commit: a rolled-back write
 * never changes an answer, a committed one changes it here before this function returns, and
 * the other processes are told by a notice that PostgreSQL delivers only on commit.
 */
export async function inPrivacyTransaction<T>(deps: Deps, orgId: string, work: (tx: Db, changes: IndexChange[]) => Promise<T>): Promise<T> {
  const changes: IndexChange[] = [];
  const hub = hubOf(deps);
  const result = await deps.db.transaction(async (tx) => {
    const out = await work(tx, changes);
    await hub.announce(tx, orgId, changes);
    return out;
  });
  await hub.applyCommitted(orgId, changes);
  return result;
}

/** `can(subject, purpose, channel, at)` for one organisation, reflecting every acknowledged change. */
export async function can(
  deps: Deps,
  orgId: string,
  customerId: string,
  purpose: string,
  channel: Channel,
  at: Date = deps.clock.now(),
): Promise<Decision> {
  return (await freshConsentIndex(deps, orgId)).can(customerId, purpose, channel, at.getTime());
}

// ---------------------------------------------------------------------------------------------
// Purposes and notices
// ---------------------------------------------------------------------------------------------

export interface NoticeInput {
  titleFr: string;
  titleEn: string;
  textFr: string;
  textEn: string;
}

export interface CreatePurposeInput {
  key: string;
  legalBasis: (typeof LEGAL_BASES)[number];
  dataUse: string;
  channels: Channel[];
  gpcApplies?: boolean | undefined;
  notice: NoticeInput;
}

export async function createPurpose(deps: Deps, ctx: RequestContext, input: CreatePurposeInput): Promise<repo.PurposeRow> {
  const orgId = requireOrg(ctx);
  if (await repo.findPurposeByKey(deps.db, orgId, input.key)) throw new AppError('conflict');
  return inPrivacyTransaction(deps, orgId, async (tx, changes) => {
    const purpose = await repo.insertPurpose(tx, {
      orgId,
      key: input.key,
      legalBasis: input.legalBasis,
      dataUse: input.dataUse,
      channels: [...new Set(input.channels)],
      gpcApplies: input.gpcApplies ?? defaultGpcApplies(input.dataUse),
      currentVersion: 1,
    });
    await repo.insertNotice(tx, { orgId, purposeId: purpose.id, version: 1, ...input.notice, createdBy: actorId(ctx.actor) });
    await deps.audit.record(tx, ctx, {
      type: 'purpose.created',
      target: { type: 'purpose', id: purpose.id },
      payload: { purposeId: purpose.id, legalBasis: purpose.legalBasis },
    });
    changes.push({ purpose: purpose.id, apply: (index) => index.setPurpose(toPurposeInfo(purpose)) });
    return purpose;
  });
}

/** A changed notice is a new version; consents keep pointing at the version they were given under. */
export async function publishNotice(deps: Deps, ctx: RequestContext, purposeId: string, notice: NoticeInput): Promise<repo.NoticeRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const purpose = await repo.findPurpose(tx, orgId, purposeId, true);
    if (!purpose) throw notFound('purpose');
    const version = purpose.currentVersion + 1;
    const row = await repo.insertNotice(tx, { orgId, purposeId, version, ...notice, createdBy: actorId(ctx.actor) });
    await repo.setPurposeVersion(tx, orgId, purposeId, version);
    await deps.audit.record(tx, ctx, {
      type: 'purpose.notice_published',
      target: { type: 'purpose', id: purposeId },
      payload: { purposeId, version },
    });
    return row;
  });
}

export async function findPurposesWithNotices(deps: Deps, orgId: string) {
  const [purposes, notices] = await Promise.all([repo.findPurposes(deps.db, orgId), repo.findNotices(deps.db, orgId)]);
  return purposes.map((p) => ({ purpose: p, notices: notices.filter((n) => n.purposeId === p.id) }));
}

// ---------------------------------------------------------------------------------------------
// Ledger
// ---------------------------------------------------------------------------------------------

export interface RecordConsentInput {
  customerId: string;
  /** Purpose id or key. */
  purpose: string;
  channel: Channel;
  kind: ConsentKind;
  method: Method;
  source: string;
  /** The notice version shown; the current one when absent. */
  noticeVersion?: number | undefined;
  /** The phone-collection notice shown with the number (`id@version`, C. consom. L.223-1); phone channel only. */
  phoneNotice?: string | undefined;
  occurredAt?: Date | undefined;
  expiresAt?: Date | null | undefined;
  userAgent?: string | null | undefined;
  /** Where the proof itself is kept (call recording id, scanned form...). */
  proofRef?: string | null | undefined;
}

/**
 * The projection keeps the most recent event by time (consent.repo.ts upsertState), so a future
 * time would let an event outrank every later withdrawal (GDPR Art. 7(3)): refused.
 */
export function isFuture(deps: Deps, at: Date): boolean {
  return at.getTime() > deps.clock.now().getTime();
}

export function hashUserAgent(deps: Deps, userAgent: string | null | undefined): string | null {
  return userAgent ? createHash('sha256').update(deps.config.ipHashSalt).update(userAgent).digest('hex').slice(0, 32) : null;
}

/**
 * Appends one ledger event and moves the projection, in the caller's transaction (GDPR Art.
 * 7(1): who, when, which notice version, how, where). The index change is queued for after commit.
 */
export async function appendConsentEvent(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  changes: IndexChange[],
  input: RecordConsentInput,
): Promise<repo.ConsentEventRow> {
  const orgId = requireOrg(ctx);
  const purpose =
    (await repo.findPurposeByKey(tx, orgId, input.purpose)) ??
    (isUuid(input.purpose) ? await repo.findPurpose(tx, orgId, input.purpose) : undefined);
  if (!purpose) throw notFound('purpose');
  const noticeVersion = input.noticeVersion ?? purpose.currentVersion;
  const issue = recordingIssue(purpose, { channel: input.channel, noticeVersion, occurredAt: input.occurredAt }, deps.clock.now());
  if (issue) throw new AppError('validation', {}, [{ path: issue, code: 'invalid_value' }]);
  const occurredAt = input.occurredAt ?? deps.clock.now();
  // The proof names only the notice owed on the phone channel at the time (C. consom. L.223-1).
  if (input.phoneNotice !== undefined && (input.channel !== 'phone' || !isPhoneNoticeAt(input.phoneNotice, occurredAt)))
    throw new AppError('validation', {}, [{ path: 'phoneNotice', code: 'phone_notice_invalid' }]);
  const customer = await findCustomerById(tx, orgId, input.customerId);
  if (!customer || customer.erasedAt) throw notFound('customer');
  const event = await repo.insertEvent(tx, {
    orgId,
    customerId: customer.id,
    purposeId: purpose.id,
    channel: input.channel,
    kind: input.kind,
    noticeVersion,
    method: input.method,
    source: input.source,
    occurredAt,
    expiresAt: input.kind === 'given' ? (input.expiresAt ?? null) : null,
    ipHash: ctx.ipHash,
    userAgentHash: hashUserAgent(deps, input.userAgent),
    actorType: ctx.actor.kind,
    actorId: actorId(ctx.actor),
    proofRef: input.proofRef ?? null,
    phoneNotice: input.phoneNotice ?? null,
  });
  const moved = await repo.upsertState(tx, event);
  await deps.audit.record(tx, ctx, {
    type: 'consent.recorded',
    target: { type: 'customer', id: customer.id },
    payload: {
      eventId: event.id,
      customerId: customer.id,
      purposeId: purpose.id,
      channel: event.channel,
      kind: event.kind,
      method: event.method,
      ...(event.phoneNotice ? { phoneNotice: event.phoneNotice } : {}),
    },
  });
  // C. consom. L.223-1: the notice read with a phone consent is part of its proof, in the subject's
  // phone notices too (when, where, with this event), so their export shows it (GDPR Art. 15).
  if (event.phoneNotice)
    await recordPhoneNotices(tx, ctx, [
      {
        customerId: customer.id,
        notice: event.phoneNotice,
        shownAt: event.occurredAt,
        origin: event.method === 'imported' ? 'import' : phoneNoticeOrigin(ctx),
        record: 'consent',
        recordId: event.id,
      },
    ]);
  if (moved) changes.push({ subject: customer.id, apply: (index) => index.setState({ ...event, eventId: event.id, eventSeq: event.seq }) });
  return event;
}

/** Records one consent event in its own transaction; committed (durable) when this resolves. */
export async function recordConsent(deps: Deps, ctx: RequestContext, input: RecordConsentInput): Promise<repo.ConsentEventRow> {
  const orgId = requireOrg(ctx);
  return inPrivacyTransaction(deps, orgId, (tx, changes) => appendConsentEvent(deps, tx, ctx, changes, input));
}

/**
 * Recomputes the projection from the ledger alone (per subject x purpose x channel, the event that
 * happened last, ledger order breaking ties: the rule of upsertState) and reloads the index in
 * every process. The ledger is the truth; the projection is a cache of it.
 */
export async function rebuildProjection(deps: Deps, ctx: RequestContext): Promise<number> {
  const orgId = requireOrg(ctx);
  return inPrivacyTransaction(deps, orgId, async (tx, changes) => {
    const last = new Map<string, repo.ConsentEventRow>();
    let afterSeq = 0;
    for (;;) {
      const batch = await repo.findEvents(tx, orgId, { afterSeq, limit: 5000 });
      for (const e of batch) {
        const key = `${e.customerId}|${e.purposeId}|${e.channel}`;
        const held = last.get(key);
        // Events come by seq, so an equal time means a later seq: it wins.
        if (!held || held.occurredAt.getTime() <= e.occurredAt.getTime()) last.set(key, e);
      }
      if (batch.length < 5000) break;
      afterSeq = batch[batch.length - 1]!.seq;
    }
    await repo.deleteStates(tx, orgId);
    await repo.insertStates(
      tx,
      [...last.values()].map((e) => ({
        orgId,
        customerId: e.customerId,
        purposeId: e.purposeId,
        channel: e.channel,
        kind: e.kind,
        eventId: e.id,
        eventSeq: e.seq,
        noticeVersion: e.noticeVersion,
        occurredAt: e.occurredAt,
        expiresAt: e.expiresAt,
      })),
    );
    await deps.audit.record(tx, ctx, { type: 'consent.projection_rebuilt', payload: { rows: last.size } });
    changes.push({ all: true, apply: () => undefined });
    return last.size;
  });
}

// ---------------------------------------------------------------------------------------------
// Restrictions, objections, Global Privacy Control
// ---------------------------------------------------------------------------------------------

export interface RestrictionInput {
  customerId: string;
  kind: RestrictionKind;
  purposeId?: string | null | undefined;
  requestId?: string | null | undefined;
  source: string;
}

/** Records a restriction/objection/GPC signal in the caller's transaction; idempotent per kind and purpose. */
export async function addRestriction(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  changes: IndexChange[],
  input: RestrictionInput,
): Promise<repo.RestrictionRow> {
  const orgId = requireOrg(ctx);
  const purposeId = input.purposeId ?? null;
  const active = await repo.findActiveRestrictions(tx, orgId, input.customerId);
  const same = active.find((r) => r.kind === input.kind && r.purposeId === purposeId);
  if (same) return same;
  const row = await repo.insertRestriction(tx, {
    orgId,
    customerId: input.customerId,
    kind: input.kind,
    purposeId,
    requestId: input.requestId ?? null,
    source: input.source,
    createdAt: deps.clock.now(),
  });
  await deps.audit.record(tx, ctx, {
    type: 'consent_restriction.added',
    target: { type: 'customer', id: input.customerId },
    payload: { restrictionId: row.id, customerId: input.customerId, kind: row.kind, purposeId, requestId: row.requestId },
  });
  changes.push({ subject: input.customerId, apply: (index) => index.addRestriction(row) });
  return row;
}

/**
 * Lifts one active restriction in the caller's transaction: the row, its audit event and the
 * decision-index change. Null when there is no such active restriction.
 */
export async function liftRestrictionIn(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  changes: IndexChange[],
  id: string,
): Promise<repo.RestrictionRow | null> {
  const row = await repo.liftRestriction(tx, requireOrg(ctx), id, deps.clock.now());
  if (!row) return null;
  await deps.audit.record(tx, ctx, {
    type: 'consent_restriction.lifted',
    target: { type: 'customer', id: row.customerId },
    payload: { restrictionId: row.id, customerId: row.customerId },
  });
  changes.push({ subject: row.customerId, apply: (index) => index.liftRestriction(row.customerId, row.id) });
  return row;
}

export async function liftRestriction(deps: Deps, ctx: RequestContext, id: string): Promise<void> {
  await inPrivacyTransaction(deps, requireOrg(ctx), async (tx, changes) => {
    if (!(await liftRestrictionIn(deps, tx, ctx, changes, id))) throw notFound('restriction');
  });
}

/** GDPR Art. 21(5): `Sec-GPC: 1` from an identified subject is an objection by automated means. */
export async function recordGpcSignal(deps: Deps, ctx: RequestContext, customerId: string): Promise<void> {
  const orgId = requireOrg(ctx);
  const active = await repo.findActiveRestrictions(deps.db, orgId, customerId);
  if (active.some((r) => r.kind === 'gpc')) return;
  await inPrivacyTransaction(deps, orgId, (tx, changes) =>
    addRestriction(deps, tx, ctx, changes, { customerId, kind: 'gpc', source: 'portal:sec-gpc' }),
  );
}

// ---------------------------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------------------------

/** Current states per purpose: how many subjects gave, withdrew, refused or saw consent expire. */
export async function consentRates(deps: Deps, ctx: RequestContext) {
  const orgId = requireOrg(ctx);
  const [purposes, counts] = await Promise.all([repo.findPurposes(deps.db, orgId), repo.countStates(deps.db, orgId)]);
  return purposes.map((p) => {
    const of = (kind: ConsentKind) => counts.find((c) => c.purposeId === p.id && c.kind === kind)?.n ?? 0;
    const given = of('given');
    const total = given + of('withdrawn') + of('refused') + of('expired');
    return {
      purposeId: p.id,
      key: p.key,
      given,
      withdrawn: of('withdrawn'),
      refused: of('refused'),
      expired: of('expired'),
      total,
      rate: total === 0 ? null : given / total,
    };
  });
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
