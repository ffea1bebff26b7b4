/**
 * Dedicated advisors: every customer has one named advisor (customers.advisor_id), chosen by
 * language and load among available agents; a deputy covers absences; a handover moves all of an
 * advisor's customers and open complaints in one action, with a log and a mail to each customer.
 */
import type { Db } from '../../db/client.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import type { CustomerRow } from '../customers/index.ts';
import { queueMails } from '../mail/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as policy from './advisors.policy.ts';
import * as repo from './advisors.repo.ts';
import type { HandoverInput, UpdateAdvisorInput } from './advisors.schemas.ts';
import type { AuditEntry } from '../audit-log/index.ts';

export interface Assignment {
  /** The customer's dedicated advisor (null when the organisation has no available agent). */
  advisorId: string | null;
  /** Who takes the work now: the advisor, their deputy during an absence, or a specialist. */
  handlerId: string | null;
  /** Whether the handler is a specialist of the work's category rather than the customer's advisor. */
  specialist: boolean;
}

/** New work for a customer: a complaint, whose category may need a specialist. */
export interface AssignmentRequest {
  ctx: RequestContext;
  customer: Pick<CustomerRow, 'id' | 'advisorId'>;
  /** A customer about to be created in this transaction: the caller stores the advisor with the row. */
  unstored?: boolean;
  language: string;
  /** A category that needs a specialist: the work goes to an advisor with it among their skills. */
  specialistSkill?: string | null | undefined;
}

/**
 * For each request, the customer's advisor (assigned now if the customer has none, e.g. a new
 * customer, or theirs is gone) and who handles the new work. Runs in the caller's transaction,
 * with one read of the advisors and their loads whatever the number of requests (a batch of
 * intakes): each assignment counts towards the load of the next choice, so a batch spreads its
 * new customers as one intake at a time would. The audit events are added to `audits`, which the
 * caller records in the same transaction.
 *
 * A specialist category goes to an available advisor with that skill (language, then load); with
 * nobody skilled it stays with the customer's advisor, and a supervisor can reassign it. The
 * customer keeps their advisor either way.
 */
export async function assignHandlers(deps: Deps, tx: Db, orgId: string, audits: AuditEntry[], requests: readonly AssignmentRequest[]): Promise<Assignment[]> {
  const loads = await deps.state.advisorLoads.of(tx, orgId);
  // Built from the shared counts after the last await: the loop below runs without yielding, so a
  // batch running beside this one sees its assignments, and this one sees theirs.
  const candidates = repo.withLoads(await repo.findAdvisorSettings(tx, orgId), loads);
  const byId = new Map(candidates.map((c) => [c.userId, c]));
  const advisorOf = new Map<string, string | null>();
  const changes: { customerId: string; advisorId: string }[] = [];
  const assignments = requests.map(({ ctx, customer, unstored, language, specialistSkill }): Assignment => {
    let advisorId = advisorOf.has(customer.id) ? (advisorOf.get(customer.id) ?? null) : customer.advisorId;
    const current = advisorId ? byId.get(advisorId) : undefined;
    // A customer whose advisor left or lost their account gets a new one (an absence is covered by the deputy).
    if (!current || policy.isGone(current)) {
      const chosen = policy.chooseAdvisor(candidates, language);
      advisorId = chosen?.userId ?? current?.userId ?? null;
      if (chosen) {
        chosen.customers += 1;
        loads.set(chosen.userId, (loads.get(chosen.userId) ?? 0) + 1);
        if (!unstored) changes.push({ customerId: customer.id, advisorId: chosen.userId });
        const reason = current ? 'replacement' : 'new_customer';
        audits.push({ ctx, event: { type: 'advisor.assigned', target: { type: 'customer', id: customer.id }, payload: { customerId: customer.id, advisorId: chosen.userId, reason } } });
      }
    }
    advisorOf.set(customer.id, advisorId);
    const specialist = specialistSkill ? policy.chooseAdvisor(candidates.filter((c) => c.skills.includes(specialistSkill)), language) : null;
    if (specialist) return { advisorId, handlerId: specialist.userId, specialist: true };
    return { advisorId, handlerId: advisorId ? policy.handlerFor(advisorId, byId) : null, specialist: false };
  });
  await repo.setCustomerAdvisors(tx, orgId, changes);
  return assignments;
}

/** How long a count of customers per advisor serves for assignments before it is made again. */
const LOAD_COUNT_TTL_MS = 10_000;

/**
 * Customers per advisor for choosing by load, per organisation (deps.state.advisorLoads).
 * Counting means reading every customer of the organisation, which at thousands of intakes a
 * second cost more than the intakes; so the count is made at most every ten seconds per runtime
 * and kept up to date with this runtime's own assignments. Two batches starting together share
 * one count (the promise is kept), so neither loses the other's assignments. Between counts,
 * assignments by other processes (and a batch that rolled back) are not seen: the balance is
 * approximate for a few seconds, never the assignment itself. A handover in this runtime counts
 * again. Created by createRuntime, cleared by Runtime.close.
 */
export class AdvisorLoads {
  private readonly byOrg = new Map<string, { countedAt: number; loads: Promise<Map<string, number>> }>();

  /** The organisation's counts, made again in `tx` when older than LOAD_COUNT_TTL_MS. */
  of(tx: Db, orgId: string): Promise<Map<string, number>> {
    const cached = this.byOrg.get(orgId);
    if (cached && performance.now() - cached.countedAt < LOAD_COUNT_TTL_MS) return cached.loads;
    const loads = repo.countCustomersByAdvisor(tx, orgId);
    this.byOrg.set(orgId, { countedAt: performance.now(), loads });
    // A failed count is not kept: the next batch counts again.
    loads.catch(() => this.byOrg.get(orgId)?.loads === loads && this.byOrg.delete(orgId));
    return loads;
  }

  /** The next assignment counts again (customers moved in bulk). */
  forget(orgId: string): void {
    this.byOrg.delete(orgId);
  }

  clear(): void {
    this.byOrg.clear();
  }
}

/** Advisors of the organisation with their settings and number of customers. */
export async function findAdvisors(deps: Deps, ctx: RequestContext) {
  const rows = await repo.findAdvisorCandidates(deps.db, requireOrg(ctx));
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** Who may lead a team of advisors (supervise them): active users who can reassign complaints. */
export async function findSupervisors(deps: Deps, ctx: RequestContext): Promise<{ id: string; name: string }[]> {
  const rows = await repo.findActiveUsers(deps.db, requireOrg(ctx));
  return rows
    .filter((u) => policy.canLeadTeam(u.roles))
    .map((u) => ({ id: u.id, name: u.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The public face of an advisor on the portal: first name only. */
export async function advisorFirstName(deps: Deps, db: Db, orgId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [user] = await repo.findUsersByIds(db, orgId, [userId]);
  return user ? policy.firstName(user.name) : null;
}

export async function updateAdvisor(deps: Deps, ctx: RequestContext, userId: string, input: UpdateAdvisorInput) {
  const orgId = requireOrg(ctx);
  const fields = (Object.keys(input) as (keyof UpdateAdvisorInput)[]).filter((k) => input[k] !== undefined);
  if (fields.length === 0) throw new AppError('validation');
  return deps.db.transaction(async (tx) => {
    const ids = [userId, ...(input.deputyId ? [input.deputyId] : []), ...(input.supervisorId ? [input.supervisorId] : [])];
    const found = await repo.findUsersByIds(tx, orgId, ids);
    if (!found.some((u) => u.id === userId)) throw notFound('advisor');
    if (input.deputyId && (input.deputyId === userId || !found.some((u) => u.id === input.deputyId))) throw new AppError('advisor.invalid_deputy');
    // The supervisor is another user of the organisation who can reassign complaints (a team lead).
    const supervisor = input.supervisorId ? found.find((u) => u.id === input.supervisorId) : undefined;
    if (input.supervisorId && (input.supervisorId === userId || !supervisor || !policy.canLeadTeam(supervisor.roles))) {
      throw new AppError('advisor.invalid_supervisor');
    }
    await repo.upsertAdvisor(tx, orgId, userId, { ...Object.fromEntries(fields.map((f) => [f, input[f]])), updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'advisor.updated', target: { type: 'user', id: userId }, payload: { advisorId: userId, fields } });
    const rows = await repo.findAdvisorCandidates(tx, orgId);
    const row = rows.find((r) => r.userId === userId);
    if (!row) throw notFound('advisor');
    return row;
  });
}

/**
 * Hands all of an advisor's customers and open complaints over to another advisor in one
 * transaction (e.g. the advisor leaves): one audit event, and each customer is told by e-mail
 * who their new advisor is.
 */
export async function handOver(deps: Deps, ctx: RequestContext, fromId: string, input: HandoverInput): Promise<{ customers: number; complaints: number }> {
  const orgId = requireOrg(ctx);
  if (fromId === input.toAdvisorId) throw new AppError('advisor.invalid_deputy');
  return deps.db.transaction(async (tx) => {
    const found = await repo.findUsersByIds(tx, orgId, [fromId, input.toAdvisorId]);
    const from = found.find((u) => u.id === fromId);
    const to = found.find((u) => u.id === input.toAdvisorId);
    if (!from || !to) throw notFound('advisor');
    if (to.status !== 'active') throw new AppError('advisor.unavailable');
    const org = await findOrganisationById(tx, orgId);
    const customers = await repo.moveCustomers(tx, orgId, fromId, to.id);
    deps.state.advisorLoads.forget(orgId);
    // Open work of other modules (complaints) follows the customers, through their handover handlers.
    const moved: Record<string, number> = {};
    for (const { module, handler } of deps.registries.advisorHandover) moved[module] = await handler(deps, tx, ctx, { orgId, fromId, toId: to.id, now: deps.clock.now() });
    const complaints = moved.complaints ?? 0;
    await repo.upsertAdvisor(tx, orgId, fromId, { status: 'left', updatedAt: deps.clock.now() });
    // Customers without e-mail (filed by phone or post) hear of their new advisor at their next contact.
    await queueMails(
      deps,
      tx,
      customers.filter((c) => c.reachableByMail).map((c) => ({ orgId, to: { customerId: c.id }, template: 'advisors.mail.handover', params: { advisor: policy.firstName(to.name), org: org?.name ?? '' } })),
    );
    await deps.audit.record(tx, ctx, {
      type: 'advisor.handed_over',
      target: { type: 'user', id: fromId },
      payload: { fromAdvisorId: fromId, toAdvisorId: to.id, customers: customers.length, complaints },
    });
    return { customers: customers.length, complaints };
  });
}
