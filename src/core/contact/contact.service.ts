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
import { AppError, notFound, type Issue } from '../errors.ts';
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
import type { CheckContactInput, CheckContactsInput, RecordAttemptInput } from './contact.schemas.ts';
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

/** What one question needs read of its subject: the phone window (calls only) and the candidate extracts. */
interface SubjectNeed {
  readonly window: { since: Date; until: Date } | null;
  readonly listIds: readonly string[];
}

const NOTHING_MORE: SubjectNeed = { window: null, listIds: [] };

// The need of a phone question, for the latest (extracts, instant) asked: the questions of a call
// list are asked at one instant. Shared, never changed.
let phoneNeedAsked: { lists: readonly policy.OppositionExtract[]; atMs: number; need: SubjectNeed } | null = null;

function needOf(view: ConsentView, input: ContactQuestion): SubjectNeed {
  // Only phone decisions count attempts and refusals (D.223-9 is about calls), and only calls meet the opposition list.
  if (input.channel !== 'phone') return NOTHING_MORE;
  const atMs = input.at.getTime();
  if (phoneNeedAsked !== null && phoneNeedAsked.lists === view.lists && phoneNeedAsked.atMs === atMs) return phoneNeedAsked.need;
  // The extracts that may be in force on the consumer's date, whatever their time zone (a day's
  // margin each side of the UTC date); the one in force is chosen once the time zone is known.
  const listIds = policy
    .extractsBetween(view.lists, toLocalDate(new Date(atMs - DAY_MS), 'UTC'), toLocalDate(new Date(atMs + DAY_MS), 'UTC'))
    .map((e) => e.id);
  const need: SubjectNeed = { window: { since: historySince(input.at), until: new Date(atMs) }, listIds };
  phoneNeedAsked = { lists: view.lists, atMs, need };
  return need;
}

/** Facts read for a wider window and more extracts, cut to what `need` asked: what its own statement would have read (bounds included). */
function narrowed(facts: repo.OneSubjectFacts, need: SubjectNeed): repo.OneSubjectFacts {
  const history = need.window ? within(facts.history, need.window.since.getTime(), need.window.until.getTime()) : NO_HISTORY;
  let listed = true;
  for (const id of facts.listedOn) if (!need.listIds.includes(id)) listed = false;
  // Already what was asked (the usual case of a cached subject): the same object, no copy.
  if (history === facts.history && listed) return facts;
  return { customer: facts.customer, history, listedOn: listed ? facts.listedOn : facts.listedOn.filter((id) => need.listIds.includes(id)) };
}

/** A subject's facts as this process caches them: all its phone rows from `since` on, and the extracts checked. */
interface CachedSubject {
  readonly facts: repo.OneSubjectFacts;
  readonly since: number;
  readonly checked: ReadonlySet<string>;
}

/** The cache entry does not cover this question: its window is older than the entry's rows, or an extract was not checked. */
const uncovered = (entry: CachedSubject, need: SubjectNeed): boolean =>
  (need.window !== null && need.window.since.getTime() < entry.since) || need.listIds.some((id) => !entry.checked.has(id));

/**
 * Reads what each ad-hoc question needs of its subject (undefined: no such customer in the
 * organisation). Each subject's facts are read once and kept in this process (the customer's
 * columns, every phone row from a day before the window of "now", and the ready extracts holding
 * the number) until the database announces a change to that customer or their contact history (a
 * trigger's notice, delivered before the barrier `view` was read after: see consent.sync.ts), so a
 * refusal recorded by any process changes the next check at once. The subjects a batch finds
 * missing from the cache are read together in ONE statement; the questions the cached facts do not
 * cover (a window older than theirs, an extract they did not check) in one more, whatever their number.
 */
async function readForChecks(
  deps: Deps,
  orgId: string,
  view: ConsentView,
  questions: readonly ContactQuestion[],
  needs: readonly SubjectNeed[],
): Promise<(repo.OneSubjectFacts | undefined)[]> {
  // A day's margin, so an entry stays usable while the clock moves on.
  const since = historySince(deps.clock.now()).getTime() - DAY_MS;
  const ready = view.lists.map((l) => l.id);
  const checked = new Set(ready);
  // The subjects missing from the cache are collected while every question asks, then read at once.
  const missing = new Set<string>();
  let asked!: () => void;
  const loaded = new Promise<void>((resolve) => (asked = resolve)).then(() =>
    repo.findSubjectsFacts(deps.db, orgId, [...missing], { since: new Date(since), until: null }, ready),
  );
  const load = (customerId: string): Promise<CachedSubject | undefined> => {
    missing.add(customerId);
    return loaded.then((found) => {
      const facts = found.get(customerId);
      return facts && { facts, since, checked };
    });
  };
  const entries = questions.map((q, i) =>
    needs[i]!.window !== null && needs[i]!.window!.since.getTime() < since
      ? Promise.resolve(null) // older than anything cached: read below
      : cachedForSubject<CachedSubject>(deps, orgId, q.customerId, () => load(q.customerId)),
  );
  asked();
  const cached = await Promise.all(entries);
  const found = cached.map((entry, i) => (entry && !uncovered(entry, needs[i]!) ? narrowed(entry.facts, needs[i]!) : undefined));
  const rest = cached.flatMap((entry, i) => (entry === undefined ? [] : entry === null || uncovered(entry, needs[i]!) ? [i] : []));
  if (rest.length > 0) {
    // One statement for them all: the widest window and every extract asked, each cut to its question.
    const windows = rest.flatMap((i) => (needs[i]!.window ? [needs[i]!.window!] : []));
    const window =
      windows.length > 0
        ? { since: new Date(Math.min(...windows.map((w) => w.since.getTime()))), until: new Date(Math.max(...windows.map((w) => w.until.getTime()))) }
        : null;
    const read = await repo.findSubjectsFacts(
      deps.db,
      orgId,
      rest.map((i) => questions[i]!.customerId),
      window,
      [...new Set(rest.flatMap((i) => needs[i]!.listIds))],
    );
    for (const i of rest) {
      const facts = read.get(questions[i]!.customerId);
      found[i] = facts && narrowed(facts, needs[i]!);
    }
  }
  return found;
}

/**
 * Judges one question on the facts read of its subject (no I/O): the consents and restrictions come
 * from the fresh consent index, the purposes and extracts from the view. Throws an AppError for an
 * unknown (or erased) customer, an unknown time zone or consent purpose, and a date before the rules.
 */
function judgeOn(view: ConsentView, found: repo.OneSubjectFacts | undefined, input: ContactQuestion): ContactVerdict {
  if (!found || found.customer.erasedAt) throw notFound('customer');
  const { customer } = found;
  const tz = input.tz ?? customer.timezone;
  if (!isValidTimeZone(tz)) throw new AppError('validation', {}, [{ path: 'tz', code: 'invalid_value' }]);
  // The extract in force on the consumer's date, and whether the customer's number is on it.
  const extract = input.channel === 'phone' ? extractFor(view.lists, input.at, tz) : undefined;
  const listedOn = extract && customer.phoneLookup && found.listedOn.includes(extract.id) ? new Set([extract.id]) : NOT_LISTED;
  const restrictions = view.index.restrictionsOf(customer.id);
  try {
    return decide(view, { customer, restrictions, history: found.history, listedOn }, input);
  } catch (err) {
    if (err instanceof ContactRulesError) throw new AppError('contact.no_rules', { date: input.at.toISOString().slice(0, 10) });
    throw err;
  }
}

/** On no extract: one shared empty set, typed read-only and never added to. */
export const NOT_LISTED: ReadonlySet<string> = new Set();

/** Reads one question's facts with `db` (in the transaction that records the attempt) and judges it: one statement. */
async function judge(db: Db, orgId: string, view: ConsentView, input: ContactQuestion): Promise<ContactVerdict> {
  const need = needOf(view, input);
  return judgeOn(view, await repo.findSubjectFacts(db, orgId, input.customerId, need.window, need.listIds), input);
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
  const consent =
    prospecting.length === 1
      ? policy.readConsent(view.index.can(customer.id, prospecting[0]!.key, input.channel, atMs))
      : policy.combineConsents(prospecting.map((p) => policy.readConsent(view.index.can(customer.id, p.key, input.channel, atMs))));
  const outOfHours = ooh ? policy.readConsent(view.index.can(customer.id, ooh.key, 'phone', atMs)) : policy.NO_CONSENT;
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
    history: input.channel === 'phone' ? within(subject.history, -Infinity, atMs) : NO_HISTORY,
  };
  const { facts, attemptIds, refusalIds } = policy.factsOf(gathered);
  const decision = evaluateContact(facts);
  return { decision, ...policy.evidenceOf(decision, gathered, { attemptIds, refusalIds }), gathered, facts };
}

const NO_HISTORY: readonly policy.HistoryRow[] = Object.freeze([]);

/** The rows from `fromMs` through `toMs`: the list itself when all are (no copy). Plain loops: run for every question of a batch. */
function within(history: readonly policy.HistoryRow[], fromMs: number, toMs: number): readonly policy.HistoryRow[] {
  let all = true;
  for (const h of history) {
    const t = h.occurredAt.getTime();
    if (t < fromMs || t > toMs) all = false;
  }
  if (all) return history;
  const kept: policy.HistoryRow[] = [];
  for (const h of history) {
    const t = h.occurredAt.getTime();
    if (t >= fromMs && t <= toMs) kept.push(h);
  }
  return kept;
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
function nextAllowedOf(verdict: ContactVerdict): Date | null {
  // Only a refusal that time lifts is searched forward; any other answers at once (the decision is not taken again).
  return verdict.decision.allowed ? verdict.facts.at : nextAllowedAt(verdict.facts, verdict.decision);
}

/** An answer to "may I contact this person?": the decision, the ids it rests on, and when the rules would allow it. */
export interface ContactCheck {
  readonly decision: ContactDecision;
  readonly reasons: EvidencedReason[];
  readonly evidence: ContactEvidence;
  /** The instant judged, on the consumer's wall clock in `tz`. */
  readonly at: Date;
  readonly tz: string;
  /** The first instant at or after `at` the rules allow; null when time alone does not lift the refusal. */
  readonly nextAllowedAt: Date | null;
}

/**
 * A verdict as an answer. Only what the answer shows is kept: a batch holds a thousand answers at
 * once, not the facts and readings each was judged on.
 */
export function checkOf(verdict: ContactVerdict): ContactCheck {
  return {
    decision: verdict.decision,
    reasons: verdict.reasons,
    evidence: verdict.evidence,
    at: verdict.facts.at,
    tz: verdict.facts.tz,
    nextAllowedAt: nextAllowedOf(verdict),
  };
}

/**
 * Ad-hoc questions after ONE barrier (the consent index made fresh): each answered, or refused
 * with its AppError (see judgeOn).
 */
async function answerChecks(deps: Deps, orgId: string, questions: readonly ContactQuestion[]): Promise<(ContactCheck | AppError)[]> {
  const view = await consentView(deps, orgId);
  const needs = questions.map((q) => needOf(view, q));
  const found = await readForChecks(deps, orgId, view, questions, needs);
  return questions.map((q, i) => {
    try {
      return checkOf(judgeOn(view, found[i], q));
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  });
}

/**
 * "May I contact this person now?": an ad-hoc decision, not stored (nothing happened yet).
 * The facts come from the consent ledger and restrictions (consent module) and the contact history.
 */
export async function checkContact(deps: Deps, ctx: RequestContext, input: CheckContactInput): Promise<ContactCheck> {
  const orgId = requireOrg(ctx);
  const [answer] = await answerChecks(deps, orgId, [{ ...input, at: input.at ? new Date(input.at) : deps.clock.now() }]);
  if (answer instanceof AppError) throw answer;
  return answer!;
}

/**
 * Many ad-hoc decisions at once (a call list, a dialer's next calls), answered in the order asked,
 * none stored; a question without its own `at` is judged at the batch's (now when absent). A
 * question that cannot be answered refuses the whole request, each named by its place
 * (`questions.3.customerId`). A customer of another organisation is refused exactly like an id
 * that exists nowhere (or an erased customer): the answer says nothing of other organisations.
 */
export async function checkContacts(deps: Deps, ctx: RequestContext, input: CheckContactsInput): Promise<ContactCheck[]> {
  const orgId = requireOrg(ctx);
  const at = input.at ? new Date(input.at) : deps.clock.now();
  const answers = await answerChecks(
    deps,
    orgId,
    input.questions.map((q) => ({ ...q, at: q.at ? new Date(q.at) : at })),
  );
  const issues = answers.flatMap((a, i) => (a instanceof AppError ? issuesOfQuestion(a, `questions.${i}`) : []));
  if (issues.length > 0) throw new AppError('validation', {}, issues);
  return answers as ContactCheck[];
}

/** Why one question of a batch cannot be answered, as issues under its path. */
function issuesOfQuestion(err: AppError, path: string): Issue[] {
  if (err.code === 'not_found') return [{ path: `${path}.customerId`, code: 'unknown_customer' }];
  if (err.code === 'contact.no_rules') return [{ path: `${path}.at`, code: 'no_contact_rules', params: err.params }];
  if (err.code === 'validation' && err.issues.length > 0) return err.issues.map((issue) => ({ ...issue, path: `${path}.${issue.path}` }));
  throw err;
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
    const verdict = await judge(tx, orgId, view, { ...input, at: occurredAt });
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
