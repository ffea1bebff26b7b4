/**
 * Dedicated advisors: every customer has one named advisor (customers.advisor_id), chosen by
 * language and load among available agents; a deputy covers absences; a handover moves all of an
 * advisor's customers and open complaints in one action, with a log and a mail to each customer.
 */
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import type { CustomerRow } from '../customers/customers.repo.ts';
import { queueMail } from '../mail/mail.service.ts';
import { findOrganisationById } from '../organisations/organisations.repo.ts';
import * as policy from './advisors.policy.ts';
import * as repo from './advisors.repo.ts';
import type { HandoverInput, UpdateAdvisorInput } from './advisors.schemas.ts';
import { permissionsForRoles } from '../auth/permissions.ts';

export interface Assignment {
  /** The customer's dedicated advisor (null when the organisation has no available agent). */
  advisorId: string | null;
  /** Who takes the work now: the advisor, or their deputy during an absence. */
  handlerId: string | null;
}

/**
 * The customer's advisor, assigned now if the customer has none (first complaint of a new
 * customer), and who handles new work for them. Runs in the caller's transaction.
 */
export async function assignForCustomer(deps: Deps, tx: Db, ctx: RequestContext, customer: CustomerRow, language: string): Promise<Assignment> {
  const orgId = requireOrg(ctx);
  const candidates = await repo.findAdvisorCandidates(tx, orgId);
  const byId = new Map(candidates.map((c) => [c.userId, c]));
  let advisorId = customer.advisorId;
  const current = advisorId ? byId.get(advisorId) : undefined;
  // A customer whose advisor left or lost their account gets a new one (an absence is covered by the deputy).
  if (!current || policy.isGone(current)) {
    const chosen = policy.chooseAdvisor(candidates, language);
    if (!chosen) return { advisorId: current?.userId ?? null, handlerId: current?.userId ?? null };
    advisorId = chosen.userId;
    await repo.setCustomerAdvisor(tx, orgId, customer.id, advisorId);
    const reason = current ? 'replacement' : 'new_customer';
    await deps.audit.record(tx, ctx, { type: 'advisor.assigned', target: { type: 'customer', id: customer.id }, payload: { customerId: customer.id, advisorId, reason } });
  }
  if (!advisorId) return { advisorId: null, handlerId: null };
  return { advisorId, handlerId: policy.handlerFor(advisorId, byId) };
}

/**
 * The specialist who takes a complaint of a category that needs one: an available advisor with the
 * category among their skills (language, then load). Null when nobody has the skill: the complaint
 * then stays with the customer's advisor, and a supervisor can reassign it.
 */
export async function specialistFor(tx: Db, orgId: string, category: string, language: string): Promise<string | null> {
  const candidates = await repo.findAdvisorCandidates(tx, orgId);
  return policy.chooseAdvisor(candidates.filter((c) => c.skills.includes(category)), language)?.userId ?? null;
}

/** Advisors of the organisation with their settings and number of customers. */
export async function findAdvisors(deps: Deps, ctx: RequestContext) {
  const rows = await repo.findAdvisorCandidates(deps.db, requireOrg(ctx));
  return rows.sort((a, b) => a.name.localeCompare(b.name));
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
    if (input.supervisorId && (input.supervisorId === userId || !supervisor || !permissionsForRoles(supervisor.roles).has('complaint:assign'))) {
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
    const complaints = await repo.moveOpenComplaints(tx, orgId, fromId, to.id, { actorType: ctx.actor.kind, actorId: actorId(ctx.actor) }, deps.clock.now());
    await repo.upsertAdvisor(tx, orgId, fromId, { status: 'left', updatedAt: deps.clock.now() });
    for (const customerId of customers) {
      await queueMail(deps, tx, { orgId, to: { customerId }, template: 'advisors.mail.handover', params: { advisor: policy.firstName(to.name), org: org?.name ?? '' } });
    }
    await deps.audit.record(tx, ctx, {
      type: 'advisor.handed_over',
      target: { type: 'user', id: fromId },
      payload: { fromAdvisorId: fromId, toAdvisorId: to.id, customers: customers.length, complaints: complaints.length },
    });
    return { customers: customers.length, complaints: complaints.length };
  });
}
