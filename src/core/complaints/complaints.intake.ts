/**
 * Complaint intake (portal, agents, other channels) with group commit: the intakes that arrive
 * while a transaction is writing wait for it, then go together in the next one. A lone intake is
 * written at once (no added wait); under load, one transaction and about ten statements carry
 * dozens of complaints instead of one each, which is what lets intake keep up with a busy channel
 * (docs/BENCHMARKS.md). Each caller is answered only once the transaction holding its complaint
 * has committed, so a reference returned is a complaint stored. If a batch fails, its complaints
 * are filed again one by one, so one bad intake fails alone.
 */
import { randomUUID } from 'node:crypto';
import { pooledRandomBytes } from '../random.ts';
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import type { AuditEntry } from '../audit-log/index.ts';
import { phoneNoticeRow, phoneNoticesStatement, planCustomers, storeCustomers, type CustomerIdentity, type FoundCustomer } from '../customers/index.ts';
import { mailJob, type MailJob } from '../mail/index.ts';
import { assignHandlers, type Assignment } from '../advisors/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import * as policy from './complaints.policy.ts';
import * as repo from './complaints.repo.ts';
import { complaintDeadlines } from './complaints.sla.ts';
import { slaTermsFrom } from './complaints.sla-settings.ts';
import type { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS } from './complaints.tables.ts';
import type { AttachmentCandidate } from './complaints.attachments.ts';
import { attach, sha256, trackingPath } from './complaints.service.ts';
import { suggestForIntake } from './complaints.triage.ts';
import { isPhoneNoticeAt } from '../../rules/contact/index.ts';

export interface IntakeInput {
  /** An e-mail, a phone number or a postal address at least (the portal always asks for an e-mail). */
  customer: CustomerIdentity;
  channel: (typeof COMPLAINT_CHANNELS)[number];
  category: (typeof COMPLAINT_CATEGORIES)[number];
  description: string;
  remedySought?: string | undefined;
  language: Locale;
  /**
   * The phone-collection notice the customer was given with their number (`id@version`, C.
   * consom. L.223-1): the portal's form shows it; an agent or a channel says so. Kept only with a
   * phone number, in `complaint.received`.
   */
  phoneNotice?: string | undefined;
  /** Idempotency key (API header, or the portal form's nonce) and the hash of what was sent. */
  idempotency?: { key: string; requestHash: string } | undefined;
  honeypotFilled?: boolean;
  /** Files sent with the complaint (checked by their bytes, encrypted, stored with it). */
  attachments?: readonly AttachmentCandidate[] | undefined;
}

export type IntakeSource = 'portal' | 'agent' | 'api';

export interface IntakeResult {
  complaint: repo.ComplaintRow;
  /** The private tracking page, only when this call created the complaint and the customer can be sent it (has an e-mail). */
  trackingPath: string | null;
  created: boolean;
}

/** An intake ready to be written: everything that needs no database is done before it queues. */
interface PreparedIntake {
  ctx: RequestContext;
  input: IntakeInput;
  source: IntakeSource;
  id: string;
  token: string;
  triage: ReturnType<typeof suggestForIntake>;
  /** The year of receipt in the time zone given (or the default one), for the reference. */
  year: number;
}

/** What a batch gives each intake: its result, or the error that is its alone. */
type Outcome = { ok: true; result: IntakeResult } | { ok: false; error: unknown };

/** At most this many intakes per transaction: enough to amortise it, small enough to keep latency low. */
const MAX_BATCH = 64;
/** Intakes waiting that justify a second transaction beside a running one. */
const MIN_PARALLEL_BATCH = 16;

/**
 * Files a complaint: the customer (found or created), the dedicated advisor, the reference, the
 * SLA clocks, the timeline, the receipt e-mail and the audit events, committed before this
 * resolves. Over the per-contact limit, or when the spam honeypot is filled, the complaint is
 * still accepted and flagged for the review queue.
 */
export function fileComplaint(deps: Deps, ctx: RequestContext, input: IntakeInput, source: IntakeSource): Promise<IntakeResult> {
  const orgId = requireOrg(ctx);
  const { email, phone, address } = input.customer;
  // Refused before queueing, so a batch never fails for it.
  if (!email?.trim() && !phone?.trim() && !address?.trim()) return Promise.reject(new AppError('validation', {}, [{ path: 'customer.email', code: 'required' }]));
  // The proof may only name the notice in force when the number is given, and only with a number
  // (C. consom. L.223-1 from 2026-08-11). Without one the complaint is still filed: a complaint is
  // never refused for it, the trail just holds no such proof.
  if (input.phoneNotice !== undefined && (!phone?.trim() || !isPhoneNoticeAt(input.phoneNotice, deps.clock.now(), input.customer.timezone ?? 'Europe/Paris')))
    return Promise.reject(new AppError('validation', {}, [{ path: 'phoneNotice', code: 'phone_notice_invalid' }]));
  const prepared: PreparedIntake = {
    ctx,
    input,
    source,
    id: randomUUID(),
    token: pooledRandomBytes(32).toString('base64url'),
    // From the plain text, before it is encrypted; never throws.
    triage: suggestForIntake(deps.log, input.description, input.language),
    year: Number(toLocalDate(deps.clock.now(), input.customer.timezone ?? 'Europe/Paris').slice(0, 4)),
  };
  return deps.state.intake.submit(deps, orgId, prepared);
}

/**
 * The intake state of a runtime (deps.state.intake): per organisation, the queue of intakes
 * waiting for a transaction, the reference numbers reserved ahead and the complaints of batches
 * not yet committed. Created by createRuntime; Runtime.close closes it before the database, so
 * every intake accepted is written (or fails) first. A copy of Deps made by spreading shares it;
 * give the copy `new IntakeState()` for queues of its own.
 */
export class IntakeState {
  private readonly queues = new Map<string, IntakeQueue>();
  /** Reference numbers reserved ahead, per organisation and year (`orgId:year`). */
  private readonly references = new Map<string, number[]>();
  /** Complaints per customer in batches not yet committed, per organisation (see complaintsInFlight). */
  private readonly inFlight = new Map<string, Map<string, number>>();
  private closed = false;

  /** Queues the intake on its organisation's queue, which writes with the deps of the intake that opened it. */
  submit(deps: Deps, orgId: string, intake: PreparedIntake): Promise<IntakeResult> {
    if (this.closed) return Promise.reject(new AppError('unavailable'));
    let queue = this.queues.get(orgId);
    if (!queue) this.queues.set(orgId, (queue = new IntakeQueue(deps, orgId, deps.database.driver === 'pg' ? 2 : 1)));
    return queue.submit(intake);
  }

  /** The numbers reserved ahead for the organisation's references of `year`, ascending. */
  referencePool(orgId: string, year: number): number[] {
    const key = `${orgId}:${year}`;
    let pool = this.references.get(key);
    if (!pool) this.references.set(key, (pool = []));
    return pool;
  }

  /**
   * Complaints per customer in batches of this runtime not yet committed. A batch running beside
   * another cannot see its rows, so the per-contact count adds these. They are read before the
   * database is counted: a batch that commits in between is then counted twice (flagged for
   * review sooner), never missed. Across processes the count is as before: each sees committed
   * rows only.
   */
  complaintsInFlight(orgId: string): Map<string, number> {
    let counts = this.inFlight.get(orgId);
    if (!counts) this.inFlight.set(orgId, (counts = new Map()));
    return counts;
  }

  /**
   * Takes no more intakes and resolves once every batch accepted has been written. Reserved
   * numbers not used are dropped: a gap in the references, as a crash leaves.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
    this.queues.clear();
    this.references.clear();
  }
}

/**
 * The intakes of one organisation waiting for a transaction. While `busy` batches are being
 * written, new intakes wait; each finished batch takes everything waiting (up to MAX_BATCH).
 * Two batches may write at once on PostgreSQL (one commits while the next is built); PGlite
 * runs one transaction at a time anyway.
 */
class IntakeQueue {
  private readonly waiting: { intake: PreparedIntake; resolve: (r: IntakeResult) => void; reject: (e: unknown) => void }[] = [];
  private busy = 0;
  /** The drains running, for close to wait on. */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly orgId: string,
    private readonly concurrency: number,
  ) {}

  submit(intake: PreparedIntake): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ intake, resolve, reject });
      // A lone intake is written at once. While a batch is writing, a second one starts only
      // with enough intakes to be worth a transaction of its own; otherwise they wait for the
      // running one to finish and go together (fewer statements per complaint).
      if (this.busy === 0 || (this.busy < this.concurrency && this.waiting.length >= MIN_PARALLEL_BATCH)) {
        const drain = this.drain();
        this.running.add(drain);
        void drain.finally(() => this.running.delete(drain));
      }
    });
  }

  /** Resolves once nothing waits and no batch is being written. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async drain(): Promise<void> {
    this.busy += 1;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        const started = performance.now();
        const outcomes = await fileOrIsolate(
          this.deps,
          this.orgId,
          batch.map((b) => b.intake),
        );
        this.deps.log.debug({ orgId: this.orgId, intakes: batch.length, ms: Math.round(performance.now() - started) }, 'intake batch written');
        outcomes.forEach((outcome, i) => {
          const waiter = batch[i];
          if (!waiter) return;
          if (outcome.ok) waiter.resolve(outcome.result);
          else waiter.reject(outcome.error);
        });
      }
    } finally {
      this.busy -= 1;
    }
  }
}

/** Files a batch; if its transaction fails, files each intake alone so the failure stays with its own. */
async function fileOrIsolate(deps: Deps, orgId: string, intakes: PreparedIntake[]): Promise<Outcome[]> {
  try {
    return await fileBatch(deps, orgId, intakes);
  } catch (error) {
    if (intakes.length === 1) return [{ ok: false, error }];
    const outcomes: Outcome[] = [];
    for (const intake of intakes) {
      try {
        outcomes.push(...(await fileBatch(deps, orgId, [intake])));
      } catch (alone) {
        outcomes.push({ ok: false, error: alone });
      }
    }
    return outcomes;
  }
}

/**
 * `count` reference numbers of the organisation for `year`, from blocks reserved in their own
 * short transaction so intakes do not queue on the organisation's counter row until they commit.
 * Numbers stay unique and ascending in this runtime; unused ones go back to the pool; a crash
 * leaves a gap, as a sequence does (ISO 10002 asks for a unique reference, not a gapless one).
 * Taken outside the batch's transaction: PGlite runs one query at a time.
 */
async function takeReferenceNumbers(deps: Deps, orgId: string, year: number, count: number): Promise<number[]> {
  const pool = deps.state.intake.referencePool(orgId, year);
  if (pool.length < count) {
    const block = Math.max(MAX_BATCH, count - pool.length);
    const last = await repo.reserveReferenceNumbers(deps.db, orgId, year, block);
    pool.push(...Array.from({ length: block }, (_, i) => last - block + 1 + i));
    pool.sort((a, b) => a - b);
  }
  return pool.splice(0, count);
}

function giveBack(deps: Deps, orgId: string, year: number, numbers: readonly number[]): void {
  if (numbers.length === 0) return;
  const pool = deps.state.intake.referencePool(orgId, year);
  pool.push(...numbers);
  pool.sort((a, b) => a - b);
}

/**
 * Writes a batch of intakes of one organisation in one transaction, with one statement per kind
 * of row whatever the number of complaints. Intakes that replay an idempotency key get the
 * complaint it filed (or their own error if the body differs) and write nothing.
 */
async function fileBatch(deps: Deps, orgId: string, intakes: readonly PreparedIntake[]): Promise<Outcome[]> {
  const years = [...new Set(intakes.map((i) => i.year))];
  const ledger: BatchLedger = { reserved: new Map(), used: new Set(), filed: new Map() };
  for (const year of years) ledger.reserved.set(year, await takeReferenceNumbers(deps, orgId, year, intakes.filter((i) => i.year === year).length));
  try {
    return await deps.db.transaction((tx) => writeBatch(deps, tx, orgId, intakes, ledger));
  } catch (error) {
    ledger.used.clear();
    throw error;
  } finally {
    // Numbers of replays, of receipts in another year, or of a batch that rolled back go back to the pool.
    for (const [year, numbers] of ledger.reserved) giveBack(deps, orgId, year, numbers.filter((n) => !ledger.used.has(policy.formatReference(year, n))));
    // Once committed (or rolled back) the batch's complaints are counted by the database, or not at all.
    const inFlight = deps.state.intake.complaintsInFlight(orgId);
    for (const [customerId, n] of ledger.filed) {
      const left = (inFlight.get(customerId) ?? 0) - n;
      if (left > 0) inFlight.set(customerId, left);
      else inFlight.delete(customerId);
    }
  }
}

/** What a batch took and did beyond its transaction: reference numbers, and complaints per customer. */
interface BatchLedger {
  reserved: Map<number, number[]>;
  /** References written (the other reserved numbers go back to the pool). */
  used: Set<string>;
  /** Complaints per customer this batch is writing, until it ends (see IntakeState.complaintsInFlight). */
  filed: Map<string, number>;
}

/**
 * The batch's transaction, in phases: claim the idempotency keys (replays answered, nothing
 * written for them), place the fresh intakes (customers found or created, advisors assigned),
 * count each contact's recent complaints, build the complaint rows, then write them with their
 * timeline, receipts and audit trail in one statement and attach their files.
 */
async function writeBatch(deps: Deps, tx: Db, orgId: string, intakes: readonly PreparedIntake[], ledger: BatchLedger): Promise<Outcome[]> {
  const now = deps.clock.now();
  const claimed = await claimKeys(tx, orgId, intakes);
  const placement = await placeIntakes(deps, tx, orgId, claimed.fresh);
  const recent = await countRecent(deps, tx, orgId, placement.placed, ledger, now);
  await deps.cipher.prepareKeys(
    tx,
    orgId,
    placement.placed.map((p) => p.customer.id),
  );
  const rows = await buildComplaintRows(deps, tx, orgId, placement, recent, ledger, now);
  const complaints = await writeComplaints(deps, tx, orgId, placement, rows, now);
  for (const [i, { intake }] of placement.placed.entries()) {
    const c = complaints[i];
    if (!c) throw new Error('a complaint was not inserted');
    // The tracking link reaches the customer by e-mail only: without one, portal tracking is not offered.
    claimed.outcomes.set(intake, { ok: true, result: { complaint: c, trackingPath: c.manualAck ? null : trackingPath(placement.settings.slug, intake.token), created: true } });
  }
  return answerAll(intakes, claimed);
}

/** The intakes of a batch once their idempotency keys are claimed. */
interface Claimed {
  /** Answers known already: a key filed before (its complaint, or a mismatch). Fresh intakes get theirs once written. */
  outcomes: Map<PreparedIntake, Outcome>;
  /** An intake whose key an earlier intake of this batch carries, and that intake. */
  replays: Map<PreparedIntake, PreparedIntake>;
  /** The intakes to write. */
  fresh: PreparedIntake[];
}

/** Idempotency: a key seen before (or earlier in this batch) answers with the complaint it filed. */
async function claimKeys(tx: Db, orgId: string, intakes: readonly PreparedIntake[]): Promise<Claimed> {
  const outcomes = new Map<PreparedIntake, Outcome>();
  const firstWithKey = new Map<string, PreparedIntake>();
  const replays = new Map<PreparedIntake, PreparedIntake>();
  for (const intake of intakes) {
    const key = intake.input.idempotency?.key;
    if (!key) continue;
    const first = firstWithKey.get(key);
    if (first) replays.set(intake, first);
    else firstWithKey.set(key, intake);
  }
  const claims = [...firstWithKey.values()].map((i) => ({ key: i.input.idempotency?.key ?? '', requestHash: i.input.idempotency?.requestHash ?? '', complaintId: i.id }));
  const previous = new Map((await repo.claimIdempotencyKeys(tx, orgId, claims)).map((row) => [row.key, row]));
  const earlier = new Map((await repo.findComplaintsByIds(tx, orgId, [...previous.values()].map((r) => r.complaintId))).map((c) => [c.id, c]));
  for (const [key, intake] of firstWithKey) {
    const row = previous.get(key);
    if (!row) continue;
    const complaint = earlier.get(row.complaintId);
    if (row.requestHash !== intake.input.idempotency?.requestHash) outcomes.set(intake, { ok: false, error: new AppError('complaint.idempotency_mismatch') });
    else if (!complaint) outcomes.set(intake, { ok: false, error: notFound('complaint') });
    else outcomes.set(intake, { ok: true, result: { complaint, trackingPath: null, created: false } });
  }
  return { outcomes, replays, fresh: intakes.filter((i) => !replays.has(i) && !outcomes.has(i)) };
}

/** A fresh intake with its stored customer, the context it acts in and who handles it. */
interface PlacedIntake {
  intake: PreparedIntake;
  /** The portal acts as the data subject from here on; agents and API clients as themselves. */
  actx: RequestContext;
  customer: FoundCustomer['customer'];
  created: boolean;
  assignment: Assignment | undefined;
}

/** The fresh intakes placed, in order, with the organisation's intake settings and the audit events so far. */
interface Placement {
  settings: repo.IntakeSettings;
  placed: PlacedIntake[];
  /** Every audit event of the batch, written with the complaints at the end. */
  audits: AuditEntry[];
}

/**
 * Customers found or created for the fresh intakes, each with their dedicated advisor and the
 * handler of the complaint. New customers get their advisor before their row is written (no
 * update after).
 */
async function placeIntakes(deps: Deps, tx: Db, orgId: string, fresh: readonly PreparedIntake[]): Promise<Placement> {
  const audits: AuditEntry[] = [];
  const requests = fresh.map((i) => ({ ctx: i.ctx, identity: { ...i.input.customer, locale: i.input.customer.locale ?? i.input.language }, source: i.source }));
  const plan = await planCustomers(deps, tx, orgId, requests);
  const settings = await repo.findIntakeSettings(tx, orgId);
  if (!settings) throw notFound('organisation');
  const specialistCategories = new Set(settings.specialistCategories);
  const planned = fresh.map((intake, i) => {
    const entry = plan.entries[i];
    if (!entry) throw new Error('a customer is missing for an intake');
    const { customer, unstored } = 'found' in entry ? { customer: entry.found, unstored: false } : { customer: entry.create, unstored: true };
    const actx: RequestContext = intake.source === 'portal' ? { ...intake.ctx, actor: { kind: 'subject', id: customer.id, orgId } } : intake.ctx;
    return { intake, actx, customer, unstored };
  });
  const assignments = await assignHandlers(
    deps,
    tx,
    orgId,
    audits,
    planned.map(({ intake, actx, customer, unstored }) => ({
      ctx: actx,
      customer: { id: customer.id, advisorId: customer.advisorId ?? null },
      unstored,
      language: intake.input.language,
      specialistSkill: specialistCategories.has(intake.input.category) ? intake.input.category : null,
    })),
  );
  plan.entries.forEach((entry, i) => {
    if ('create' in entry && !entry.create.advisorId) entry.create.advisorId = assignments[i]?.advisorId ?? null;
  });
  const found = await storeCustomers(tx, orgId, audits, requests, plan);
  const placed = planned.map(({ intake, actx, customer }, i): PlacedIntake => {
    const entry = found[i];
    // Another transaction created this customer first, with its own advisor: the batch starts
    // again one intake at a time (fileOrIsolate), which then finds them like any existing customer.
    if (!entry || entry.customer.id !== customer.id) throw new Error('a customer of the batch was created concurrently');
    return { intake, actx, customer: entry.customer, created: entry.created, assignment: assignments[i] };
  });
  return { settings, placed, audits };
}

/**
 * Per-contact limit: complaints of the last hour per customer, those of this runtime's batches
 * not yet committed included. A customer created in this batch has filed nothing before it.
 */
async function countRecent(deps: Deps, tx: Db, orgId: string, placed: readonly PlacedIntake[], ledger: BatchLedger, now: Date): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - 3_600_000);
  const known = [...new Set(placed.filter((p) => !p.created).map((p) => p.customer.id))];
  // Read what other batches are writing and announce this one's in one step (no await between),
  // so of two batches running together the second always counts the first.
  const inFlight = deps.state.intake.complaintsInFlight(orgId);
  const beside = new Map(known.map((id) => [id, inFlight.get(id) ?? 0]));
  for (const { customer } of placed) {
    ledger.filed.set(customer.id, (ledger.filed.get(customer.id) ?? 0) + 1);
    inFlight.set(customer.id, (inFlight.get(customer.id) ?? 0) + 1);
  }
  const recent = await repo.countRecentByCustomers(tx, orgId, known, since);
  for (const [id, n] of beside) if (n > 0) recent.set(id, (recent.get(id) ?? 0) + n);
  return recent;
}

/** One complaint row per placed intake, in order: reference, review flag, SLA clocks, encrypted text. */
async function buildComplaintRows(
  deps: Deps,
  tx: Db,
  orgId: string,
  { settings, placed }: Placement,
  recent: Map<string, number>,
  ledger: BatchLedger,
  now: Date,
): Promise<repo.NewComplaint[]> {
  const pools = new Map([...ledger.reserved].map(([year, numbers]) => [year, [...numbers]]));
  const rows: repo.NewComplaint[] = [];
  const deadlinesByTerms = new Map<string, ReturnType<typeof complaintDeadlines>>();
  for (const { intake, customer, assignment } of placed) {
    const { input } = intake;
    const tz = customer.timezone;
    const year = Number(toLocalDate(now, tz).slice(0, 4));
    // The customer's own time zone can put the receipt in another year (around New Year only).
    const number = year === intake.year ? pools.get(year)?.shift() : undefined;
    const reference = policy.formatReference(year, number ?? (await repo.nextReferenceNumber(tx, orgId, year)));
    ledger.used.add(reference);
    const recentFromContact = recent.get(customer.id) ?? 0;
    recent.set(customer.id, recentFromContact + 1);
    const reviewReason = policy.reviewReasonFor({ recentFromContact, honeypotFilled: input.honeypotFilled === true });
    const terms = slaTermsFrom(settings.sla, input.category, now, tz);
    // The intakes of a batch share their time of receipt: the calendar is worked out once per zone and terms.
    const termsKey = `${tz}|${terms.ackBusinessDays}|${terms.answerAmount}|${terms.answerUnit}`;
    const deadlines = deadlinesByTerms.get(termsKey) ?? complaintDeadlines(now, tz, terms);
    deadlinesByTerms.set(termsKey, deadlines);
    const encrypt = (field: string, value: string) => deps.cipher.encrypt(tx, orgId, customer.id, field, value);
    rows.push({
      id: intake.id,
      orgId,
      reference,
      trackingHash: sha256(intake.token),
      customerId: customer.id,
      channel: input.channel,
      category: input.category,
      triage: intake.triage,
      language: input.language,
      timezone: tz,
      // Personal text is encrypted under the customer's own key: erasing the customer shreds it.
      descriptionEnc: await encrypt('complaint.description', input.description),
      remedySoughtEnc: input.remedySought ? await encrypt('complaint.remedy_sought', input.remedySought) : null,
      assigneeId: assignment?.handlerId ?? null,
      reviewReason,
      // Without an e-mail nothing can be mailed: an agent acknowledges by post or phone instead.
      manualAck: customer.emailLookup === null,
      receivedAt: now,
      ...deadlines,
      slaAckBusinessDays: terms.ackBusinessDays,
      slaAnswerAmount: terms.answerAmount,
      slaAnswerUnit: terms.answerUnit,
      createdAt: now,
      updatedAt: now,
    });
  }
  return rows;
}

/**
 * Writes the rows with their timeline, receipt mails and audit trail, then their files; returns
 * the complaints stored, in the order of the placed intakes.
 */
async function writeComplaints(
  deps: Deps,
  tx: Db,
  orgId: string,
  { settings, placed, audits }: Placement,
  rows: readonly repo.NewComplaint[],
  now: Date,
): Promise<repo.ComplaintRow[]> {
  // The timeline, the receipt mails and the audit trail come from the rows about to be written,
  // and go in the same statement as the complaints: one round trip for all of them.
  const events: repo.NewEvent[] = [];
  const mails: MailJob[] = [];
  const notices: ReturnType<typeof phoneNoticeRow>[] = [];
  for (const [i, { intake, actx, assignment }] of placed.entries()) {
    const c = rows[i];
    if (!c) throw new Error('an intake has no complaint row');
    const who = { actorType: actx.actor.kind, actorId: actorId(actx.actor) };
    const id = c.id;
    const reviewReason = c.reviewReason ?? null;
    const phoneNotice = intake.input.customer.phone?.trim() ? intake.input.phoneNotice : undefined;
    events.push({ orgId, complaintId: id, type: 'received', fromStatus: null, toStatus: 'received', ...who, detail: { channel: c.channel, reviewReason }, createdAt: now });
    if (assignment?.handlerId) {
      const reason = assignment.specialist ? ('specialist' as const) : ('advisor' as const);
      events.push({ orgId, complaintId: id, type: 'assigned', fromStatus: null, toStatus: null, ...who, detail: { assigneeId: assignment.handlerId, reason }, createdAt: now });
      audits.push({ ctx: actx, event: { type: 'complaint.assigned', target: { type: 'complaint', id }, payload: { complaintId: id, from: null, to: assignment.handlerId, reason } } });
    }
    audits.push({
      ctx: actx,
      event: {
        type: 'complaint.received',
        target: { type: 'complaint', id },
        payload: {
          complaintId: id,
          channel: c.channel,
          category: c.category,
          reviewReason,
          idempotent: Boolean(intake.input.idempotency),
          // A phone number collected from 2026-08-11: the consumer was told it is no consent to be
          // canvassed (C. consom. L.223-1); the version of that notice, with this event's actor
          // and time, is the proof of it.
          ...(phoneNotice ? { phoneNotice } : {}),
        },
      },
    });
    // The same proof in the customer's phone notices: in their export and erased with them (GDPR Art. 15, 17).
    if (phoneNotice)
      notices.push(phoneNoticeRow(actx, { customerId: c.customerId, notice: phoneNotice, shownAt: now, origin: intake.source, record: 'complaint', recordId: id }));
    if (!c.manualAck) {
      mails.push({
        orgId,
        to: { customerId: c.customerId },
        template: 'complaints.mail.received',
        locale: intake.input.language,
        params: {
          reference: c.reference,
          org: settings.name,
          trackingUrl: `${deps.config.publicUrl}${trackingPath(settings.slug, intake.token)}`,
          ackDueOn: c.ackDueOn,
          answerDueOn: c.answerDueOn,
        },
      });
    }
  }
  const trail = await deps.audit.prepareMany(tx, audits);
  const alongside = [
    repo.insertEventsStatement(events),
    deps.jobs.enqueueStatement(mails.map((m) => mailJob(deps, m))),
    phoneNoticesStatement(notices),
    ...trail.statements,
  ];
  const inserted = new Map((await repo.insertComplaints(tx, rows, alongside.filter((w) => w !== null))).map((c) => [c.id, c]));
  const complaints = placed.map(({ intake }) => {
    const c = inserted.get(intake.id);
    if (!c) throw new Error('a complaint was not inserted');
    return c;
  });
  // Files are rare and checked one by one (a refused file fails its own intake: see fileOrIsolate).
  for (const [i, { intake, actx }] of placed.entries()) {
    if (!intake.input.attachments?.length) continue;
    const uploader = intake.source === 'agent' ? actorId(intake.ctx.actor) : null;
    const origin = { uploaderType: intake.source === 'portal' ? 'customer' : 'staff', uploaderId: uploader, internal: false, messageId: null } as const;
    const complaint = complaints[i];
    if (!complaint) throw new Error('a complaint was not inserted');
    await attach(deps, tx, actx, complaint, intake.input.attachments, origin, intake.input.language);
  }
  return complaints;
}

/** Every intake's outcome, in the batch's order; a replay within the batch answers as its first. */
function answerAll(intakes: readonly PreparedIntake[], { outcomes, replays }: Claimed): Outcome[] {
  return intakes.map((intake) => {
    const first = replays.get(intake);
    const own = outcomes.get(first ?? intake);
    if (!own) throw new Error('an intake of the batch has no outcome');
    if (!first) return own;
    // The same key twice in one batch: the second is a replay of the first.
    if (intake.input.idempotency?.requestHash !== first.input.idempotency?.requestHash) return { ok: false, error: new AppError('complaint.idempotency_mismatch') };
    return own.ok ? { ok: true, result: { ...own.result, trackingPath: null, created: false } } : own;
  });
}
