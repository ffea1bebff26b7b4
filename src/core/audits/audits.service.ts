/**
 * Verbs of findings and remediation: close a finding a person reviews, add, change and close
 * remediation actions. Each owns its transaction and audit event; the controls' own opening and
 * closing is in audits.run.ts.
 */
import { findUsersByIds } from '../auth/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import type { Db } from '../../db/client.ts';
import { CONTROLS } from './audits.controls.ts';
import { actionAbilities, findingAbilities, statusWithAction } from './audits.policy.ts';
import * as repo from './audits.repo.ts';
import type { AddActionInput, CloseActionInput, CloseFindingInput, UpdateActionInput } from './audits.schemas.ts';

/** Whether the control that opened a finding closes it by itself (a person does not). */
export function closesItself(f: Pick<repo.FindingRow, 'source' | 'controlKey'>): boolean {
  return f.source === 'control' && CONTROLS.find((c) => c.key === f.controlKey)?.closes !== 'review';
}

async function lockedFinding(tx: Db, orgId: string, id: string): Promise<repo.FindingRow> {
  const row = await repo.findFinding(tx, orgId, id, true);
  if (!row) throw notFound('finding');
  return row;
}

async function todayOf(db: Db, orgId: string, now: Date): Promise<string> {
  const org = await findOrganisationById(db, orgId);
  return toLocalDate(now, org?.timezone ?? 'Europe/Paris');
}

/** The owner must be an active user of the organisation (a 400 naming the field otherwise). */
async function checkOwner(db: Db, orgId: string, ownerId: string): Promise<void> {
  const [user] = await findUsersByIds(db, orgId, [ownerId]);
  if (!user || user.status !== 'active') throw new AppError('validation', {}, [{ path: 'ownerId', code: 'owner_not_active' }]);
}

function checkDue(dueOn: string, today: string): void {
  if (dueOn < today) throw new AppError('validation', {}, [{ path: 'dueOn', code: 'due_in_past' }]);
}

/**
 * Closes a finding after review, with the reviewer's note: a manual or audit finding, or a
 * control's finding about a fact that stays (a contact made against the rules). A finding whose
 * control closes it when the cause is gone is refused (409): its cause is dealt with instead.
 */
export async function closeFinding(deps: Deps, ctx: RequestContext, id: string, input: CloseFindingInput): Promise<repo.FindingRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const f = await lockedFinding(tx, orgId, id);
    if (f.status === 'closed') throw new AppError('finding.closed');
    if (!findingAbilities(true, { ...f, closesItself: closesItself(f) }).close) throw new AppError('finding.closes_itself');
    const row = await repo.updateFinding(tx, orgId, id, {
      status: 'closed',
      closedAt: now,
      closedBy: actorId(ctx.actor),
      closure: { by: 'user', on: await todayOf(tx, orgId, now), reasonKey: 'audits.closure.user', params: { note: input.note } },
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'finding.closed',
      target: { type: 'finding', id },
      payload: { findingId: id, by: 'user', controlKey: f.controlKey },
    });
    return row;
  });
}

/** Adds a remediation action (owner, due day): the finding is then being remedied. */
export async function addAction(deps: Deps, ctx: RequestContext, findingId: string, input: AddActionInput): Promise<repo.ActionRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const f = await lockedFinding(tx, orgId, findingId);
    if (f.status === 'closed') throw new AppError('finding.closed');
    await checkOwner(tx, orgId, input.ownerId);
    checkDue(input.dueOn, await todayOf(tx, orgId, now));
    const action = await repo.insertAction(tx, {
      orgId,
      findingId,
      title: input.title,
      ownerId: input.ownerId,
      dueOn: input.dueOn,
      status: 'open',
      createdBy: actorId(ctx.actor) ?? 'unknown',
      createdAt: now,
      updatedAt: now,
    });
    const status = statusWithAction(f.status);
    if (status !== f.status) await repo.updateFinding(tx, orgId, findingId, { status, updatedAt: now });
    await deps.audit.record(tx, ctx, {
      type: 'remediation_action.added',
      target: { type: 'finding', id: findingId },
      payload: { findingId, actionId: action.id, ownerId: action.ownerId, dueOn: action.dueOn },
    });
    return action;
  });
}

async function lockedOpenAction(tx: Db, orgId: string, id: string): Promise<repo.ActionRow> {
  const action = await repo.findAction(tx, orgId, id, true);
  if (!action) throw notFound('remediation_action');
  if (!actionAbilities(true, action.status).edit) throw new AppError('action.closed');
  return action;
}

/** Changes an open action: its wording, owner (reassignment) or due day. */
export async function updateAction(deps: Deps, ctx: RequestContext, id: string, input: UpdateActionInput): Promise<repo.ActionRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const action = await lockedOpenAction(tx, orgId, id);
    const changes: Partial<repo.ActionRow> = {};
    if (input.title !== undefined && input.title !== action.title) changes.title = input.title;
    if (input.ownerId !== undefined && input.ownerId !== action.ownerId) {
      await checkOwner(tx, orgId, input.ownerId);
      changes.ownerId = input.ownerId;
    }
    if (input.dueOn !== undefined && input.dueOn !== action.dueOn) {
      checkDue(input.dueOn, await todayOf(tx, orgId, now));
      changes.dueOn = input.dueOn;
    }
    const fields = Object.keys(changes);
    if (fields.length === 0) return action;
    const row = await repo.updateAction(tx, orgId, id, { ...changes, updatedAt: now });
    await deps.audit.record(tx, ctx, {
      type: 'remediation_action.updated',
      target: { type: 'finding', id: action.findingId },
      payload: { findingId: action.findingId, actionId: id, fields },
    });
    return row;
  });
}

/** Marks an open action done or cancelled. */
export async function closeAction(deps: Deps, ctx: RequestContext, id: string, input: CloseActionInput): Promise<repo.ActionRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const action = await lockedOpenAction(tx, orgId, id);
    const row = await repo.updateAction(tx, orgId, id, { status: input.status, doneAt: now, doneBy: actorId(ctx.actor), updatedAt: now });
    await deps.audit.record(tx, ctx, {
      type: 'remediation_action.closed',
      target: { type: 'finding', id: action.findingId },
      payload: { findingId: action.findingId, actionId: id, status: input.status },
    });
    return row;
  });
}
