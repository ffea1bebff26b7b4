/**
 * Keeps the in-memory decision index of every process current.
 *
 * Each process holds its own index per organisation (consent.decision.ts). A write applies its
 * change to the local index right after commit; other processes learn of it through PostgreSQL
 * LISTEN/NOTIFY: the writing transaction calls `pg_notify` with the subjects (or purposes) it
 * touched, PostgreSQL delivers the notice only if and when that transaction commits, and each
 * listening process re-reads those subjects from the projection.
 *
 * GDPR Art. 7(3) and 21(3): a withdrawal or an objection must stop processing at once, in every
 * process. Three guarantees make it so:
 * - PostgreSQL delivers notices in commit order, so a process that sends its own notice (a
 *   barrier) and waits for it has seen every notice committed before; `freshConsentIndex` does
 *   this before answering, so a decision asked after a withdrawal was acknowledged (anywhere)
 *   sees that withdrawal.
 * - Changes to one organisation's index are applied one at a time, in order (a queue), so a slow
 *   re-read can never overwrite a newer change with an older picture.
 * - When the listening connection is lost, notices may have been missed: every index is dropped
 *   and decisions wait for the connection to come back (and a fresh load), or fail with
 *   `unavailable`: never an answer from a stale index.
 *
 * PGlite is one process by construction (it owns its data directory), so there the in-process
 * path is complete: no notices are sent and the barrier is free. Each runtime makes its own hub
 * (deps.state.consent) and closes it on shutdown; a PGlite database serves one runtime, as it
 * serves one process.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Client, Notification, Pool } from 'pg';
import type { Database, Db } from '../../db/client.ts';
import { AppError } from '../errors.ts';
import { ConsentIndex, type PurposeInfo } from './consent.decision.ts';
import * as repo from './consent.repo.ts';

/** The PostgreSQL channel of consent index notices. */
export const CONSENT_CHANNEL = 'confiance_consent';

/** Above this many subjects in one transaction, other processes reload the organisation instead. */
const MAX_SUBJECT_NOTICES = 10_000;
/** How long a decision waits for a lost listening connection to come back before failing. */
const RECONNECT_WAIT_MS = 5_000;
const SUBJECT_CHUNK = 1_000;
/** Above this many subjects' values cached for one organisation ({@link ConsentIndexHub.cachedForSubject}), they are all dropped. */
const MAX_CACHED_SUBJECTS = 50_000;

/** A change to the index, applied locally after commit and announced to the other processes. */
export interface DescribedChange {
  /** The subject whose states or restrictions changed. */
  subject?: string;
  /** The purpose that was created or changed. */
  purpose?: string;
  /** Every state of the organisation may have changed (projection rebuilt, large import). */
  all?: boolean;
  /**
   * A setting of the organisation that another module caches changed (e.g. an opposition list
   * extract became ready): the organisation's cached values ({@link ConsentIndexHub.cached}) are dropped.
   */
  settings?: boolean;
  apply(index: ConsentIndex): void;
}

/**
 * A change queued by a write. A bare function is applied here; since it does not say what it
 * touches, other processes reload the whole organisation (correct, only slower).
 */
export type IndexChange = DescribedChange | ((index: ConsentIndex) => void);

interface OrgSlot {
  index: Promise<ConsentIndex>;
  /** Tail of the queue of changes: each runs after the previous one has finished. */
  tail: Promise<void>;
  dirtySubjects: Set<string>;
  dirtyPurposes: Set<string>;
  drainScheduled: boolean;
}

export const toPurposeInfo = (p: repo.PurposeRow): PurposeInfo => ({
  id: p.id,
  key: p.key,
  legalBasis: p.legalBasis,
  dataUse: p.dataUse,
  channels: p.channels,
  gpcApplies: p.gpcApplies,
});

async function loadIndex(db: Db, orgId: string): Promise<ConsentIndex> {
  const index = new ConsentIndex();
  for (const p of await repo.findPurposes(db, orgId)) index.setPurpose(toPurposeInfo(p));
  for (const s of await repo.findStates(db, orgId)) index.setState(s);
  const byCustomer = new Map<string, repo.RestrictionRow[]>();
  for (const r of await repo.findActiveRestrictions(db, orgId)) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r]);
  for (const [customerId, list] of byCustomer) index.setRestrictions(customerId, list);
  return index;
}

/**
 * The decision indexes of a runtime, and (on PostgreSQL) the connection that listens for other
 * processes' changes. Created by createRuntime, closed by Runtime.close before the database.
 */
export class ConsentIndexHub {
  /** Tells this process's own notices apart (their changes are already applied). */
  readonly id = randomUUID().slice(0, 8);
  private readonly orgs = new Map<string, OrgSlot>();
  /**
   * Values derived from an organisation's purposes and settings (see `cached`), per organisation
   * and name: dropped by the same notices as the index, so a reader after the barrier sees them current.
   */
  private readonly memos = new Map<string, Map<string, Promise<unknown>>>();
  /**
   * Values about one subject that another module caches (see `cachedForSubject`), per organisation
   * and subject: dropped by the `k` notices the database itself sends (a trigger) when the rows they
   * come from change, whichever process or statement wrote them.
   */
  private readonly subjectMemos = new Map<string, Map<string, Promise<unknown>>>();
  private listener: Client | null = null;
  private connected: Promise<void> | null = null;
  private barrierWaiters = new Map<string, () => void>();
  private pendingBarrier: Promise<void> | null = null;
  private listenerQueries: Promise<void> = Promise.resolve();
  /** Watches the pool for its end (the pool has no close event). */
  private poolWatch: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly onError: (err: unknown, what: string) => void,
  ) {}

  private get pool(): Pool | null {
    return this.database.driver === 'pg' ? ((this.database.db as unknown as { $client: Pool }).$client ?? null) : null;
  }

  /** Resolves once this process listens for other processes' changes (at once on PGlite). */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new AppError('unavailable'));
    if (this.database.driver !== 'pg') return Promise.resolve();
    this.connected ??= this.listen();
    return this.connected;
  }

  private async listen(): Promise<void> {
    const pool = this.pool;
    if (!pool || pool.ending) throw new AppError('unavailable');
    const { default: pg } = await import('pg');
    const client = new pg.Client(pool.options);
    const lost = (err?: unknown) => this.lose(client, err);
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (n) => this.receive(n));
    try {
      await client.connect();
      await client.query(`listen ${CONSENT_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      // Closed while connecting: this connection is not kept.
      await client.end().catch(() => undefined);
      throw new AppError('unavailable');
    }
    this.listener = client;
    // The pool has no close event: when it ends, this connection ends with it.
    this.stopWatch();
    const watch = setInterval(() => {
      if (this.listener !== client) clearInterval(watch);
      else if (pool.ending) {
        clearInterval(watch);
        this.closed = true;
        lost();
      }
    }, 500);
    watch.unref();
    this.poolWatch = watch;
  }

  private stopWatch(): void {
    if (this.poolWatch) clearInterval(this.poolWatch);
    this.poolWatch = null;
  }

  /** The listening connection is gone: notices may have been missed, so no index is kept. */
  private lose(client: Client, err?: unknown): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.connected = null;
    this.orgs.clear();
    this.memos.clear();
    this.subjectMemos.clear();
    for (const wake of this.barrierWaiters.values()) wake();
    this.barrierWaiters.clear();
    client.end().catch(() => undefined);
    const pool = this.pool;
    if (!this.closed && pool && !pool.ending && err !== undefined) this.onError(err, 'consent index listener lost; indexes dropped');
  }

  /** The organisation's index, loaded once from the projection (after listening, so no change is missed). */
  async index(orgId: string): Promise<ConsentIndex> {
    await this.awaitListener();
    return this.slot(orgId).index;
  }

  private slot(orgId: string): OrgSlot {
    let slot = this.orgs.get(orgId);
    if (!slot) {
      const index = loadIndex(this.database.db, orgId);
      slot = {
        index,
        tail: index.then(
          () => undefined,
          () => undefined,
        ),
        dirtySubjects: new Set(),
        dirtyPurposes: new Set(),
        drainScheduled: false,
      };
      this.orgs.set(orgId, slot);
      const created = slot;
      index.catch(() => {
        if (this.orgs.get(orgId) === created) this.orgs.delete(orgId);
      });
    }
    return slot;
  }

  private async awaitListener(): Promise<void> {
    if (this.closed) throw new AppError('unavailable');
    if (this.database.driver !== 'pg') return;
    const deadline = Date.now() + RECONNECT_WAIT_MS;
    for (;;) {
      try {
        await this.ready();
        return;
      } catch (err) {
        this.connected = null;
        if (this.closed) throw new AppError('unavailable');
        if (Date.now() >= deadline) {
          this.onError(err, 'consent index listener unavailable');
          throw new AppError('unavailable');
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /**
   * The organisation's index once every change committed before this call, in any process, has
   * been applied: one round trip to PostgreSQL shared by the calls that arrive together.
   */
  async freshIndex(orgId: string, attempt = 0): Promise<ConsentIndex> {
    // Fail closed rather than answer from an index that may have missed a withdrawal.
    if (attempt > 3) throw new AppError('unavailable');
    const index = await this.index(orgId);
    if (this.database.driver !== 'pg') return index;
    try {
      await this.barrier();
    } catch (err) {
      this.onError(err, 'consent index barrier failed; reconnecting');
      return this.freshIndex(orgId, attempt + 1);
    }
    // The connection may have been lost meanwhile, which drops the indexes: then load anew.
    const slot = this.orgs.get(orgId);
    if (!slot) return this.freshIndex(orgId, attempt + 1);
    await slot.tail;
    return slot.index;
  }

  private barrier(): Promise<void> {
    // Callers that arrive before the barrier notice is sent can share it: it is sent after they asked.
    if (this.pendingBarrier) return this.pendingBarrier;
    const pending = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.pendingBarrier = null;
        const token = randomUUID();
        const client = this.listener;
        if (!client) return reject(new AppError('unavailable'));
        this.barrierWaiters.set(token, resolve);
        // One query at a time on the listening connection (pg queues them, but no longer wants to).
        const sent = this.listenerQueries.then(() =>
          client.query('select pg_notify($1, $2)', [CONSENT_CHANNEL, `${this.id}|barrier|${token}`]),
        );
        this.listenerQueries = sent.then(
          () => undefined,
          () => undefined,
        );
        sent.catch((err: unknown) => {
          this.barrierWaiters.delete(token);
          this.lose(client, err);
          reject(err instanceof Error ? err : new Error(String(err)));
        });
      });
    });
    this.pendingBarrier = pending;
    return pending;
  }

  private receive(n: Notification): void {
    const [from, kind, orgOrToken, id] = (n.payload ?? '').split('|');
    if (kind === 'barrier') {
      if (from !== this.id || !orgOrToken) return;
      const wake = this.barrierWaiters.get(orgOrToken);
      this.barrierWaiters.delete(orgOrToken);
      // Every notice before this one is queued on its organisation: wait for all those queues.
      if (wake) void Promise.all([...this.orgs.values()].map((s) => s.tail)).then(wake, wake);
      return;
    }
    if (from === this.id || !orgOrToken) return;
    // Cached settings and subjects' values are dropped at once (synchronously, before any later
    // barrier wakes a reader), whether or not the organisation's index is loaded here.
    if (kind === 'all' || kind === 'p' || kind === 'c') this.memos.delete(orgOrToken);
    if (kind === 'all' || kind === 'c') this.subjectMemos.delete(orgOrToken);
    if (kind === 'k') {
      // Sent by the database (src/db/migrations, "subject notices"): one subject, or (no id) many.
      if (id) this.subjectMemos.get(orgOrToken)?.delete(id);
      else this.subjectMemos.delete(orgOrToken);
      return;
    }
    const slot = this.orgs.get(orgOrToken);
    // An organisation not loaded here reads everything fresh when it is first asked.
    if (!slot) return;
    if (kind === 'all') {
      this.orgs.delete(orgOrToken);
      return;
    }
    if (kind === 's' && id) slot.dirtySubjects.add(id);
    else if (kind === 'p' && id) slot.dirtyPurposes.add(id);
    else return;
    if (!slot.drainScheduled) {
      slot.drainScheduled = true;
      this.enqueue(orgOrToken, slot, (index) => this.drain(orgOrToken, slot, index));
    }
  }

  /** Re-reads the subjects and purposes other processes changed; runs in the organisation's queue. */
  private async drain(orgId: string, slot: OrgSlot, index: ConsentIndex): Promise<void> {
    slot.drainScheduled = false;
    const subjects = [...slot.dirtySubjects];
    const purposes = [...slot.dirtyPurposes];
    slot.dirtySubjects.clear();
    slot.dirtyPurposes.clear();
    const db = this.database.db;
    if (purposes.length > 0)
      for (const p of await repo.findPurposes(db, orgId)) if (purposes.includes(p.id)) index.setPurpose(toPurposeInfo(p));
    for (let i = 0; i < subjects.length; i += SUBJECT_CHUNK) {
      const chunk = subjects.slice(i, i + SUBJECT_CHUNK);
      const [states, restrictions] = await Promise.all([
        repo.findStatesOfSubjects(db, orgId, chunk),
        repo.findActiveRestrictionsOfSubjects(db, orgId, chunk),
      ]);
      for (const customerId of chunk) {
        index.replaceSubject(
          customerId,
          states.filter((s) => s.customerId === customerId),
          restrictions.filter((r) => r.customerId === customerId),
        );
      }
    }
  }

  private enqueue(orgId: string, slot: OrgSlot, task: (index: ConsentIndex) => void | Promise<void>): Promise<void> {
    const run = slot.tail.then(async () => task(await slot.index));
    slot.tail = run.catch((err: unknown) => {
      // A change that could not be applied leaves the index unknown: drop it, the next use reloads.
      if (this.orgs.get(orgId) === slot) this.orgs.delete(orgId);
      this.onError(err, 'consent index change failed; index dropped');
    });
    return slot.tail;
  }

  /**
   * Announces `changes` to the other processes, in the writing transaction: PostgreSQL delivers
   * them only if it commits. Subjects are sent in one statement; too many, and the organisation is
   * reloaded instead.
   */
  async announce(tx: Db, orgId: string, changes: readonly IndexChange[]): Promise<void> {
    if (this.database.driver !== 'pg' || changes.length === 0) return;
    const subjects = new Set<string>();
    const payloads = new Set<string>();
    let all = false;
    for (const c of changes) {
      if (typeof c === 'function' || c.all) all = true;
      if (typeof c === 'function') continue;
      if (c.subject) subjects.add(c.subject);
      if (c.purpose) payloads.add(`${this.id}|p|${orgId}|${c.purpose}`);
      if (c.settings) payloads.add(`${this.id}|c|${orgId}`);
    }
    if (all || subjects.size > MAX_SUBJECT_NOTICES) payloads.add(`${this.id}|all|${orgId}`);
    else for (const s of subjects) payloads.add(`${this.id}|s|${orgId}|${s}`);
    await tx.execute(
      sql`select pg_notify(${CONSENT_CHANNEL}, p) from jsonb_array_elements_text(${JSON.stringify([...payloads])}::jsonb) as p`,
    );
  }

  /** Applies committed `changes` to the local index (if loaded), after any change queued before them. */
  async applyCommitted(orgId: string, changes: readonly IndexChange[]): Promise<void> {
    if (changes.some((c) => typeof c === 'function' || c.all || c.purpose !== undefined || c.settings)) this.memos.delete(orgId);
    if (changes.some((c) => typeof c === 'function' || c.all || c.settings)) this.subjectMemos.delete(orgId);
    const slot = this.orgs.get(orgId);
    if (!slot || changes.length === 0) return;
    if (changes.some((c) => typeof c !== 'function' && c.all) || changes.length > MAX_SUBJECT_NOTICES) {
      this.orgs.delete(orgId);
      return;
    }
    await this.enqueue(orgId, slot, (index) => {
      for (const c of changes) (typeof c === 'function' ? c : c.apply)(index);
    });
  }

  /** Forgets the organisation's index here; the next use reloads it from the projection. */
  forget(orgId: string): void {
    this.orgs.delete(orgId);
    this.memos.delete(orgId);
    this.subjectMemos.delete(orgId);
  }

  /**
   * A value derived from the organisation's purposes or settings (`load` reads them), kept in this
   * process until a change to them is applied here or announced by another process (a purpose
   * created or changed, a change marked `settings`, a reload of the organisation, a lost listener).
   * Read it after {@link freshIndex}: the barrier has then delivered every notice committed before,
   * so the value reflects every change acknowledged anywhere. The promise is stored before `load`
   * runs, so a change noticed while it loads drops it and the next reader loads again.
   */
  cached<T>(orgId: string, name: string, load: () => Promise<T>): Promise<T> {
    let memos = this.memos.get(orgId);
    if (!memos) this.memos.set(orgId, (memos = new Map()));
    let value = memos.get(name) as Promise<T> | undefined;
    if (!value) {
      const loading = load();
      value = loading;
      memos.set(name, loading);
      const held = memos;
      // A failed load is not kept: the next reader tries again.
      loading.catch(() => {
        if (held.get(name) === loading) held.delete(name);
      });
    }
    return value;
  }

  /**
   * A value about one subject (`load` reads it; `undefined` is not kept), kept in this process until
   * the database announces a change to the rows it comes from (a `k` notice, sent by a trigger on
   * commit of any statement that touches them), a change of the organisation's settings, a reload of
   * the organisation or a lost listener. Read it after {@link freshIndex}: the barrier has then
   * delivered every notice committed before, so the value reflects every write committed anywhere.
   * The promise is stored before `load` runs, so a notice that arrives while it loads drops it.
   * PGlite has no listener (and one process): nothing is kept there, every call loads.
   */
  cachedForSubject<T>(orgId: string, subject: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    if (this.database.driver !== 'pg' || !this.listener) return load();
    let memos = this.subjectMemos.get(orgId);
    if (!memos) this.subjectMemos.set(orgId, (memos = new Map()));
    let value = memos.get(subject) as Promise<T | undefined> | undefined;
    if (!value) {
      // Bounded memory: a full organisation starts again rather than tracking use.
      if (memos.size >= MAX_CACHED_SUBJECTS) memos.clear();
      const loading = load();
      value = loading;
      memos.set(subject, loading);
      const held = memos;
      const drop = () => {
        if (held.get(subject) === loading) held.delete(subject);
      };
      // A failed load or a missing subject is not kept: the next reader tries again.
      void loading.then((v) => {
        if (v === undefined) drop();
      }, drop);
    }
    return value;
  }

  /**
   * Stops listening and drops every index: decisions asked afterwards fail with `unavailable`.
   * Waits for a connection being opened, so none is left behind.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWatch();
    await this.connected?.catch(() => undefined);
    const client = this.listener;
    this.listener = null;
    this.connected = null;
    this.orgs.clear();
    this.memos.clear();
    this.subjectMemos.clear();
    for (const wake of this.barrierWaiters.values()) wake();
    this.barrierWaiters.clear();
    if (client) await client.end().catch(() => undefined);
  }

  /** The backend pid of the listening connection (tests cut it to prove a lost listener fails safe). */
  async listenerPid(): Promise<number | null> {
    await this.ready();
    const client = this.listener;
    if (!client) return null;
    const result = this.listenerQueries.then(() => client.query<{ pid: number }>('select pg_backend_pid() as pid'));
    this.listenerQueries = result.then(
      () => undefined,
      () => undefined,
    );
    return (await result).rows[0]?.pid ?? null;
  }
}
