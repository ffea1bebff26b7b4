/**
 * The contact guard: one decision for every outbound contact, from the consent ledger, the
 * restrictions, the contact history and the dated legal rules (src/rules/contact), with the
 * evidence it rests on; and the contact history, where a recorded attempt keeps its decision.
 */
import type { Db } from '../../db/client.ts';
import { isValidTimeZone, toLocalDate } from '../../rules/index.ts';
import { ContactRulesError, evaluateContact, nextAllowedAt } from '../../rules/contact/index.ts';
import type { ContactDecision } from '../../rules/contact/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { findCustomerById, findCustomersByIds, type CustomerRow } from '../customers/index.ts';
import type { freshConsentIndex } from '../consent/index.ts';
import {
  appendConsentEvent,
  cachedForSubject,
  findActiveRestrictionsOfSubjects,
  findPurposesWithNotices,
  freshConsentIndexWith,
  inPrivacyTransaction,
} from '../consent/index.ts';
import * as policy from './contact.policy.ts';
import type { ActiveRestriction, ContactChannel, ContactPurpose, EvidencedReason, GatheredContact, PurposeLite } from './contact.policy.ts';
import * as repo from './contact.repo.ts';
import type { CheckContactInput, RecordAttemptInput } from './contact.schemas.ts';
import type { ContactEvidence } from './contact.tables.ts';

const DAY_MS = 86_400_000;
// The history a phone decision reads: 30 days of attempts and 60 full days after a refusal, in
// the consumer's days, fetched with a margin of two days for time zones (the rules filter exactly).
const HISTORY_DAYS = 63;
// Subjects per query when gathering in bulk (bound parameters stay well under PostgreSQL's 65,535).
const SUBJECT_CHUNK = 5_000;

/** A decision with what it rests on. */
export interface ContactVerdict {
  readonly decision: ContactDecision;
  readonly reasons: EvidencedReason[];
  readonly evidence: ContactEvidence;
  readonly gathered: GatheredContact;
  readonly facts: ReturnType<typeof policy.factsOf>['facts'];
}

type DeclaredInput = Pick<
  CheckContactInput,
  'tz' | 'sector' | 'ongoingContract' | 'relatedToContract' | 'existingCustomerSimilarProduct' | 'oppositionListed' | 'consentPurpose'
>;

/**
 * What can be read before a transaction opens: the purposes, the consent index (both outside
 * `tx`) and the opposition list extracts that are loaded.
 */
export interface ConsentView {
  /** Shared by the decisions of the organisation until a purpose changes: never changed in place. */
  purposes: readonly PurposeLite[];
  index: Awaited<ReturnType<typeof freshConsentIndex>>;
  /** The ready extracts, shared like the purposes. */
  lists: readonly policy.OppositionExtract[];
}

export async function consentView(deps: Deps, orgId: string): Promise<ConsentView> {
  // The fresh index reflects every withdrawal acknowledged by any process (GDPR Art. 7(3)); the
  // purposes and the ready extracts are cached per organisation and dropped by the same notices
  // (a purpose created, an extract made ready: see contact.opposition.ts), so they are as fresh.
  const { index, cached } = await freshConsentIndexWith(deps, orgId, 'contact.settings', async () => {
    const [withNotices, lists] = await Promise.all([findPurposesWithNotices(deps, orgId), repo.findOppositionLists(deps.db, orgId)]);
    return { purposes: withNotices.map((p) => p.purpose), lists: lists.filter((l) => l.status === 'ready') };
  });
  return { ...cached, index };
}

/** What the decisions on one subject read from the database (fetched one by one, or in bulk). */
export interface SubjectFacts {
  /** What the rules read of the customer row (a whole row, or these columns read in bulk). */
  readonly customer: Pick<CustomerRow, 'id' | 'timezone' | 'erasedAt'>;
  readonly restrictions: readonly ActiveRestriction[];
  /** Earlier phone rows of the subject (the caps of D.223-9 count calls), oldest first. */
  readonly history: readonly policy.HistoryRow[];
  /** The opposition list extracts (ids) among those read that hold the subject's number. */
  readonly listedOn: ReadonlySet<string>;
}

/** A contact to judge: who, how, why, when, and what the caller declares. */
export type ContactQuestion = { customerId: string; channel: ContactChannel; purpose: ContactPurpose; at: Date } & DeclaredInput;

/** The window of history a phone decision at `at` reads. */
export const historySince = (at: Date): Date => new Date(at.getTime() - HISTORY_DAYS * DAY_MS);

/** Reads what one decision needs of its subject (see repo.findSubjectFacts). */
type SubjectReader = (
  customerId: string,
  phoneWindow: { since: Date; until: Date } | null,
  listIds: readonly string[],
) => Promise<repo.OneSubjectFacts | undefined>;

const readerIn =
  (db: Db, orgId: string): SubjectReader =>
  (customerId, phoneWindow, listIds) =>
    repo.findSubjectFacts(db, orgId, customerId, phoneWindow, listIds);

/** A subject's facts as this process caches them: all its phone rows from `since` on, and the extracts checked. */
interface CachedSubject {
  readonly facts: repo.OneSubjectFacts;
  readonly since: number;
  readonly checked: ReadonlySet<string>;
}

/**
 * The reader of ad-hoc checks: each subject's facts are read once and kept in this process (the
 * customer's columns, every phone row from a day before the window of "now", and the ready extracts
 * holding the number) until the database announces a change to that customer or their contact
 * history (a trigger's notice, delivered before the barrier `view` was read after: see
 * consent.sync.ts), so a refusal recorded by any process changes the next check at once. A question
 * the cached facts do not cover (a window older than theirs, an extract they did not check) reads
 * the database.
 */
function cachedReader(deps: Deps, orgId: string, view: ConsentView): SubjectReader {
  const direct = readerIn(deps.db, orgId);
  return async (customerId, phoneWindow, listIds) => {
    // A day's margin, so an entry stays usable while the clock moves on.
    const since = historySince(deps.clock.now()).getTime() - DAY_MS;
    if (phoneWindow && phoneWindow.since.getTime() < since) return direct(customerId, phoneWindow, listIds);
    const ready = view.lists.map((l) => l.id);
    const entry = await cachedForSubject<CachedSubject>(deps, orgId, customerId, async () => {
      const facts = await repo.findSubjectFacts(deps.db, orgId, customerId, { since: new Date(since), until: null }, ready);
      return facts && { facts, since, checked: new Set(ready) };
    });
    if (!entry) return undefined;
    if ((phoneWindow && phoneWindow.since.getTime() < entry.since) || listIds.some((id) => !entry.checked.has(id)))
      return direct(customerId, phoneWindow, listIds);
    const from = phoneWindow?.since.getTime() ?? 0;
    const to = phoneWindow?.until.getTime() ?? 0;
    return {
      customer: entry.facts.customer,
      // The rows the statement would have read: the window, bounds included.
      history: phoneWindow ? entry.facts.history.filter((h) => h.occurredAt.getTime() >= from && h.occurredAt.getTime() <= to) : [],
      listedOn: entry.facts.listedOn.filter((id) => listIds.includes(id)),
    };
  };
}

/**
 * Gathers the facts of one contact with `read` (in a transaction when recording) and judges it: one
 * statement at most (customer, phone history, opposition list entry); the consents and restrictions
 * come from the fresh consent index, the purposes and extracts from the view.
 */
async function judge(read: SubjectReader, view: ConsentView, input: ContactQuestion): Promise<ContactVerdict> {
  const phone = input.channel === 'phone';
  // The extracts that may be in force on the consumer's date, whatever their time zone (a day's
  // margin each side of the UTC date); the one in force is chosen once the time zone is known.
  const candidates = phone
    ? policy
        .extractsBetween(view.lists, toLocalDate(new Date(input.at.getTime() - DAY_MS), 'UTC'), toLocalDate(new Date(input.at.getTime() + DAY_MS), 'UTC'))
        .map((e) => e.id)
    : [];
  // Only phone decisions count attempts and refusals (D.223-9 is about calls).
  const found = await read(input.customerId, phone ? { since: historySince(input.at), until: input.at } : null, candidates);
  if (!found || found.customer.erasedAt) throw notFound('customer');
  const { customer } = found;
  const tz = input.tz ?? customer.timezone;
  if (!isValidTimeZone(tz)) throw new AppError('validation', {}, [{ path: 'tz', code: 'invalid_value' }]);
  // The extract in force on the consumer's date, and whether the customer's number is on it.
  const extract = phone ? policy.extractInForce(view.lists, toLocalDate(input.at, tz)) : undefined;
  const listedOn = new Set(extract && customer.phoneLookup && found.listedOn.includes(extract.id) ? [extract.id] : []);
  const restrictions = view.index.restrictionsOf(customer.id);
  try {
    return decide(view, { customer, restrictions, history: found.history, listedOn }, input);
  } catch (err) {
    if (err instanceof ContactRulesError) throw new AppError('contact.no_rules', { date: input.at.toISOString().slice(0, 10) });
    throw err;
  }
}

// The extract in force for a zone at an instant, for the latest (extracts, instant) asked: a
// campaign scrub asks it of every recipient, at one instant, in a handful of zones.
let extractsAsked: { lists: readonly policy.OppositionExtract[]; atMs: number; byZone: Map<string, policy.OppositionExtract | undefined> } | null =
  null;

function extractFor(lists: readonly policy.OppositionExtract[], at: Date, tz: string): policy.OppositionExtract | undefined {
  const atMs = at.getTime();
  if (extractsAsked === null || extractsAsked.lists !== lists || extractsAsked.atMs !== atMs) extractsAsked = { lists, atMs, byZone: new Map() };
  const { byZone } = extractsAsked;
  if (byZone.has(tz)) return byZone.get(tz);
  const extract = policy.extractInForce(lists, toLocalDate(at, tz));
  if (byZone.size < 1_000) byZone.set(tz, extract);
  return extract;
}

interface PurposesOfQuestion {
  prospecting: readonly PurposeLite[];
  prospectingIds: ReadonlySet<string>;
  ooh: PurposeLite | undefined;
}

// The purposes a question reads, per purposes list (shared and never changed in place: a new list
// replaces it) and channel: a campaign scrub asks the same question of every recipient.
const purposesCache = new WeakMap<readonly PurposeLite[], Map<string, PurposesOfQuestion>>();

function purposesFor(purposes: readonly PurposeLite[], channel: ContactChannel, only: string | undefined): PurposesOfQuestion {
  let byQuestion = purposesCache.get(purposes);
  if (byQuestion === undefined) purposesCache.set(purposes, (byQuestion = new Map()));
  const key = only === undefined ? channel : `${channel}\u0000${only}`;
  let found = byQuestion.get(key);
  if (found === undefined) {
    const prospecting = policy.prospectingPurposes(purposes, channel, only);
    found = { prospecting, prospectingIds: new Set(prospecting.map((p) => p.id)), ooh: policy.outOfHoursPurpose(purposes) };
    if (byQuestion.size < 100) byQuestion.set(key, found);
  }
  return found;
}

/**
 * Judges one contact on facts already read (no I/O): the consent index at `at`, the subject's
 * restrictions and phone history. Throws {@link ContactRulesError} when no rules were in force.
 */
export function decide(view: ConsentView, subject: SubjectFacts, input: ContactQuestion): ContactVerdict {
  const { customer } = subject;
  const tz = input.tz ?? customer.timezone;
  if (!isValidTimeZone(tz)) throw new AppError('validation', {}, [{ path: 'tz', code: 'invalid_value' }]);
  const { prospecting, prospectingIds, ooh } = purposesFor(view.purposes, input.channel, input.consentPurpose);
  if (input.consentPurpose !== undefined && prospecting.length === 0)
    throw new AppError('validation', {}, [{ path: 'consentPurpose', code: 'invalid_value' }]);
  const atMs = input.at.getTime();
  const consent = policy.combineConsents(
    prospecting.map((p) => policy.readConsent(view.index.can(customer.id, p.key, input.channel, atMs))),
  );
  const outOfHours = ooh
    ? policy.readConsent(view.index.can(customer.id, ooh.key, 'phone', atMs))
    : policy.readConsent({ reason: 'no_consent', evidence: null });
  const { objection, gpc } = policy.objectionsTo(subject.restrictions, prospectingIds);
  // The opposition list extract in force on the consumer's date (a phone rule: L.223-1, old wording).
  const extract = input.channel === 'phone' ? extractFor(view.lists, input.at, tz) : undefined;
  const gathered: GatheredContact = {
    channel: input.channel,
    purpose: input.purpose,
    at: input.at,
    declared: {
      tz,
      sector: input.sector,
      ongoingContract: input.ongoingContract,
      relatedToContract: input.relatedToContract,
      existingCustomerSimilarProduct: input.existingCustomerSimilarProduct,
      oppositionListed: input.oppositionListed,
    },
    consent,
    outOfHours,
    objection,
    gpc,
    oppositionList: extract ? { id: extract.id, listed: subject.listedOn.has(extract.id) } : null,
    // Attempts after the instant judged are not known at its time.
    history: input.channel === 'phone' ? subject.history.filter((h) => h.occurredAt.getTime() <= atMs) : [],
  };
  const { facts, attemptIds, refusalIds } = policy.factsOf(gathered);
  const decision = evaluateContact(facts);
  return { decision, ...policy.evidenceOf(decision, gathered, { attemptIds, refusalIds }), gathered, facts };
}

/**
 * The facts of many subjects read in a few queries (customers, restrictions, phone history from
 * `since` through `until`), for bulk decisions: an import or a campaign's scrub.
 */
export async function gatherSubjects(
  db: Db,
  orgId: string,
  view: ConsentView,
  customerIds: readonly string[],
  since: Date,
  until: Date,
): Promise<Map<string, SubjectFacts>> {
  const ids = [...new Set(customerIds)];
  // Every extract in force on some day of the period (a day's margin each side for time zones).
  const extracts = policy.extractsBetween(
    view.lists,
    toLocalDate(new Date(since.getTime() - DAY_MS), 'UTC'),
    toLocalDate(new Date(until.getTime() + DAY_MS), 'UTC'),
  );
  const out = new Map<string, SubjectFacts>();
  for (let i = 0; i < ids.length; i += SUBJECT_CHUNK) {
    const chunk = ids.slice(i, i + SUBJECT_CHUNK);
    const [customers, restrictions, history] = await Promise.all([
      findCustomersByIds(db, orgId, chunk),
      findActiveRestrictionsOfSubjects(db, orgId, chunk),
      repo.findPhoneHistoryOfSubjects(db, orgId, chunk, since, until),
    ]);
    const bySubject = <T extends { customerId: string | null }>(rows: readonly T[]) => {
      const m = new Map<string, T[]>();
      for (const r of rows) if (r.customerId) m.set(r.customerId, [...(m.get(r.customerId) ?? []), r]);
      return m;
    };
    const r = bySubject(restrictions);
    const h = bySubject(history);
    const lookups = customers.flatMap((c) => (c.phoneLookup ? [c.phoneLookup] : []));
    const listed = await Promise.all(extracts.map(async (e) => [e.id, await repo.listedAmong(db, e.id, lookups)] as const));
    for (const customer of customers) {
      const listedOn = new Set(
        listed.filter(([, hashes]) => customer.phoneLookup !== null && hashes.has(customer.phoneLookup)).map(([id]) => id),
      );
      out.set(customer.id, { customer, restrictions: r.get(customer.id) ?? [], history: h.get(customer.id) ?? [], listedOn });
    }
  }
  return out;
}

/** The first instant the rules would allow, when only time stands in the way. */
export function nextAllowedOf(verdict: ContactVerdict): Date | null {
  return verdict.decision.allowed ? verdict.facts.at : nextAllowedAt(verdict.facts);
}

/**
 * "May I contact this person now?": an ad-hoc decision, not stored (nothing happened yet).
 * The facts come from the consent ledger and restrictions (consent module) and the contact history.
 */
export async function checkContact(deps: Deps, ctx: RequestContext, input: CheckContactInput): Promise<ContactVerdict> {
  const orgId = requireOrg(ctx);
  const view = await consentView(deps, orgId);
  return judge(cachedReader(deps, orgId, view), view, { ...input, at: input.at ? new Date(input.at) : deps.clock.now() });
}

/** A recorded attempt, its decision, and the consent events its outcome recorded. */
export interface RecordedAttempt {
  attempt: repo.ContactAttemptRow;
  withdrawals: string[];
}

/**
 * Records an attempt that happened, with the decision the rules gave for it at its time (taken
 * before it is stored, ids of the evidence only). A contact the rules refused is recorded all the
 * same, flagged: the history must hold every attempt for the caps to be right.
 * A refusal during a call withdraws the phone consent (see policy.consentWithdrawalFor) in the
 * same transaction, so the next decision changes at once, here and in every process.
 */
export async function recordAttempt(deps: Deps, ctx: RequestContext, input: RecordAttemptInput): Promise<RecordedAttempt> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime()) throw new AppError('validation', {}, [{ path: 'occurredAt', code: 'date_in_future' }]);
  const view = await consentView(deps, orgId);
  return inPrivacyTransaction(deps, orgId, async (tx, changes) => {
    // Read in the transaction that stores the attempt, not from the cache.
    const verdict = await judge(readerIn(tx, orgId), view, { ...input, at: occurredAt });
    const attempt = await repo.insertAttempt(tx, {
      orgId,
      customerId: input.customerId,
      channel: input.channel,
      purpose: input.purpose,
      outcome: input.outcome,
      occurredAt,
      source: ctx.actor.kind === 'user' ? 'agent' : 'api',
      actorType: ctx.actor.kind,
      actorId: actorId(ctx.actor),
      allowed: verdict.decision.allowed,
      reasons: verdict.decision.reasons.map((r) => r.code),
      rules: [...verdict.decision.rules],
      evidence: verdict.evidence,
      declared: verdict.gathered.declared,
    });
    const withdrawals: string[] = [];
    const scope = policy.consentWithdrawalFor(attempt, verdict.gathered.declared.tz);
    if (scope !== 'none') {
      const phone = policy.prospectingPurposes(view.purposes, 'phone');
      const ooh = policy.outOfHoursPurpose(view.purposes);
      const targets =
        scope === 'all'
          ? [...phone, ...(ooh ? [ooh] : [])]
          : phone.filter(
              (p) => policy.readConsent(view.index.can(attempt.customerId, p.key, 'phone', occurredAt.getTime())).state === 'given',
            );
      for (const p of targets) {
        const event = await appendConsentEvent(deps, tx, ctx, changes, {
          customerId: attempt.customerId,
          purpose: p.key,
          channel: 'phone',
          kind: 'withdrawn',
          method: ctx.actor.kind === 'user' ? 'phone_recorded' : 'api',
          source: `contact-attempt:${attempt.id}`,
          occurredAt,
          proofRef: attempt.id,
        });
        withdrawals.push(event.id);
      }
    }
    await deps.audit.record(tx, ctx, {
      type: 'contact.attempt_recorded',
      target: { type: 'customer', id: attempt.customerId },
      payload: {
        attemptId: attempt.id,
        customerId: attempt.customerId,
        channel: attempt.channel,
        purpose: attempt.purpose,
        outcome: attempt.outcome,
        allowed: attempt.allowed,
        reasons: verdict.decision.reasons.map((r) => r.code),
        withdrawals: withdrawals.length,
      },
    });
    return { attempt, withdrawals };
  });
}

/** The subject's contact history, newest first. */
export async function findHistory(deps: Deps, ctx: RequestContext, customerId: string): Promise<repo.ContactAttemptRow[]> {
  const orgId = requireOrg(ctx);
  const customer = await findCustomerById(deps.db, orgId, customerId);
  if (!customer || customer.erasedAt) throw notFound('customer');
  return repo.findAttempts(deps.db, orgId, customerId);
}
