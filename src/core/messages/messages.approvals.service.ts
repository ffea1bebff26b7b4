/**
 * Approval of messages before they are sent (issue 12): a marketing message or a campaign whose
 * check finds something of high severity goes out only once an ethics officer has approved its
 * exact wording, with a reason; every request and decision is audit-logged. Sending modules ask
 * `approvalFor` before they send; messages whose timing the law sets are never held back
 * (messages.policy.ts).
 */
import type { MessageLanguage, MessageType, RuleFinding } from '../../rules/messages/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { checkMessage } from './messages.check.ts';
import { approvalRequired, decisionRefusal, messageTextHash } from './messages.policy.ts';
import * as repo from './messages.repo.ts';
import type { DecideApprovalInput, SubmitApprovalInput } from './messages.schemas.ts';
import type { ApprovalStatus } from './messages.tables.ts';

/** What a sender asks before sending a message. */
export interface ApprovalQuery {
  text: string;
  type: MessageType;
  /** Detected when absent. */
  lang?: MessageLanguage;
  /** Sent to many customers at once (a campaign): held back like marketing. */
  campaign?: boolean;
}

/** The answer: may the message go out now, and why not. */
export interface ApprovalAnswer {
  /** The message needs an ethics officer's approval (a high finding on marketing or a campaign). */
  required: boolean;
  /** An approved request exists for exactly this text (same normalised wording). */
  approved: boolean;
  /** The approved request, else the latest request for this text, if any. */
  requestId?: string;
  /** Where the latest request for this text stands ('none': never submitted). */
  status: ApprovalStatus | 'none';
  /** The checker's findings on the text, explained in the text's language: to record with what is sent. */
  findings: RuleFinding[];
}

/**
 * Whether a message may be sent now: send when `!required || approved`. Reads only; a sender that
 * must wait submits the text (submitForApproval) and asks again once it is decided.
 */
export async function approvalFor(deps: Deps, orgId: string, query: ApprovalQuery): Promise<ApprovalAnswer> {
  const check = checkMessage({ text: query.text, type: query.type, ...(query.lang ? { lang: query.lang } : {}) });
  const required = approvalRequired(query.type, query.campaign ?? false, check.findings);
  const requests = await repo.findApprovalsByHash(deps.db, orgId, messageTextHash(query.text));
  const approved = requests.find((r) => r.status === 'approved');
  const chosen = approved ?? requests[0];
  return {
    required,
    approved: approved !== undefined,
    ...(chosen ? { requestId: chosen.id } : {}),
    status: chosen?.status ?? 'none',
    findings: check.findings,
  };
}

/**
 * Submits a message to the ethics officer. The findings of the check are stored with it as they
 * are now. A text already pending or approved is not asked twice: that request is returned.
 */
export async function submitForApproval(
  deps: Deps,
  ctx: RequestContext,
  input: SubmitApprovalInput,
): Promise<{ request: repo.ApprovalRow; created: boolean }> {
  const orgId = requireOrg(ctx);
  const requestedBy = actorId(ctx.actor);
  if (!requestedBy) throw forbidden('message:check');
  const check = checkMessage({ text: input.text, type: input.type, ...(input.lang ? { lang: input.lang } : {}) });
  const textHash = messageTextHash(input.text);
  return deps.db.transaction(async (tx) => {
    const open = (await repo.findApprovalsByHash(tx, orgId, textHash)).find((r) => r.status !== 'rejected');
    if (open) return { request: open, created: false };
    const request = await repo.insertApproval(tx, {
      orgId,
      text: input.text,
      textHash,
      type: input.type,
      lang: check.lang,
      campaign: input.campaign,
      findings: check.findings.map(({ category, start, end, severity, rule }) => ({ category, start, end, severity, rule })),
      requestedBy,
      requestedAt: deps.clock.now(),
    });
    await deps.audit.record(tx, ctx, {
      type: 'message.approval_requested',
      target: { type: 'message_approval', id: request.id },
      payload: {
        requestId: request.id,
        textHash,
        type: input.type,
        lang: check.lang,
        campaign: input.campaign,
        highCategories: [...new Set(check.findings.filter((f) => f.severity === 'high').map((f) => f.category))],
        findings: check.findings.length,
      },
    });
    return { request, created: true };
  });
}

/** The organisation's requests in one status (pending by default), with the people's names. */
export async function findApprovalRequests(deps: Deps, ctx: RequestContext, status: ApprovalStatus): Promise<repo.ApprovalView[]> {
  return repo.findApprovals(deps.db, requireOrg(ctx), status, 200);
}

/** One request with the people's names (after a submission or a decision). */
export async function getApprovalRequest(deps: Deps, ctx: RequestContext, id: string): Promise<repo.ApprovalView> {
  const view = await repo.findApprovalView(deps.db, requireOrg(ctx), id);
  if (!view) throw notFound('message_approval');
  return view;
}

/** Approves or rejects a pending request, with the ethics officer's reason; decided once. */
export async function decideApprovalRequest(deps: Deps, ctx: RequestContext, id: string, input: DecideApprovalInput): Promise<repo.ApprovalRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const request = await repo.lockApproval(tx, orgId, id);
    if (!request) throw notFound('message_approval');
    const refusal = decisionRefusal(ctx.actor, request);
    if (refusal === 'forbidden') throw forbidden('message:approve');
    if (refusal === 'decided') throw new AppError('message.already_decided');
    if (refusal === 'own_request') throw new AppError('message.own_request');
    const decided = await repo.decideApproval(tx, orgId, id, {
      status: input.decision,
      decidedBy: actorId(ctx.actor)!,
      decidedAt: deps.clock.now(),
      decisionReason: input.reason,
    });
    await deps.audit.record(tx, ctx, {
      type: input.decision === 'approved' ? 'message.approved' : 'message.rejected',
      target: { type: 'message_approval', id },
      payload: { requestId: id, textHash: request.textHash },
    });
    return decided;
  });
}
