/**
 * When a message needs an ethics officer's approval before it is sent, and who may give it: pure.
 *
 * Issue 12 (RULES.md, "Manipulation and aggressive selling"): marketing messages and campaigns
 * with a high-severity finding are sent only after an ethics officer approves them. A message
 * whose timing the law sets is never held back, whatever its findings: a price or contract change
 * notice (C. consom. L.224-33 for electronic communications, one month before) or a renewal notice
 * (C. consom. L.215-1) must go on time, and so must a complaint answer (its deadline runs from
 * receipt); their findings are shown and recorded only.
 */
import { createHash } from 'node:crypto';
import type { MessageType, RuleFinding } from '../../rules/messages/index.ts';
import { actorId, hasPermission, type Actor } from '../context.ts';
import type { ApprovalStatus } from './messages.tables.ts';

/** Message types whose sending date the law sets: never blocked, findings recorded only. */
export const LEGALLY_TIMED_TYPES: readonly MessageType[] = ['price_change', 'contract_change', 'renewal'];

/** Whether sending this message waits for an ethics officer's approval. */
export function approvalRequired(type: MessageType, campaign: boolean, findings: readonly Pick<RuleFinding, 'severity'>[]): boolean {
  if (LEGALLY_TIMED_TYPES.includes(type)) return false;
  if (type !== 'marketing' && !campaign) return false;
  return findings.some((f) => f.severity === 'high');
}

/**
 * The text as approved: Unicode NFC, runs of white space as one space, no leading or trailing
 * space. Letters, case and punctuation stay: they are the wording the ethics officer judged.
 */
export function normaliseMessageText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** SHA-256 (hex) of the normalised text: the approval holds for exactly this wording. */
export function messageTextHash(text: string): string {
  return createHash('sha256').update(normaliseMessageText(text), 'utf8').digest('hex');
}

/**
 * Who may decide a request: a holder of `message:approve`, on a request still pending, that they
 * did not submit themselves (four eyes: the author of a message does not clear it).
 */
export function decisionRefusal(actor: Actor, request: { status: ApprovalStatus; requestedBy: string }): 'forbidden' | 'decided' | 'own_request' | null {
  if (!hasPermission(actor, 'message:approve')) return 'forbidden';
  if (request.status !== 'pending') return 'decided';
  if (actorId(actor) === request.requestedBy) return 'own_request';
  return null;
}

export interface ApprovalAbilities {
  decide: boolean;
}

export function abilitiesOf(actor: Actor, request: { status: ApprovalStatus; requestedBy: string }): ApprovalAbilities {
  return { decide: decisionRefusal(actor, request) === null };
}
