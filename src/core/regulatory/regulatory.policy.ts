/**
 * Pure rules of the register of regulatory events: who may do what, and which facts an event
 * must hold to be consistent (a fine has an amount; an amount belongs to a fine or a penalty).
 */
import { hasPermission, type Actor } from '../context.ts';
import type { Issue } from '../errors.ts';
import type { AUTHORITIES, REGULATORY_KINDS } from './regulatory.tables.ts';

/** Files one event holds (a letter, a decision, the reply): a few scans fit. */
export const EVIDENCE_FILES_PER_EVENT = 10;

/** What the viewer may do on an event: read-only for auditors, everything for its managers. */
export function regulatoryAbilities(actor: Actor): { edit: boolean; addEvidence: boolean; downloadEvidence: boolean } {
  const manage = hasPermission(actor, 'regulatory:manage');
  return { edit: manage, addEvidence: manage, downloadEvidence: hasPermission(actor, 'regulatory:read') };
}

/** The facts checked together, once create or update merged them. */
export interface RegulatoryFacts {
  occurredOn: string;
  authority: (typeof AUTHORITIES)[number];
  authorityName: string | null;
  kind: (typeof REGULATORY_KINDS)[number];
  amountCents: number | null;
  currency: string | null;
}

/**
 * Problems with an event, by field (empty when consistent): an event cannot be dated after
 * `today` (it is a record of what happened); `other` names its authority; an amount and its
 * currency go together and only on a fine (GRI 417-3 reports "fines or penalties" by amount).
 */
export function regulatoryIssues(facts: RegulatoryFacts, today: string): Issue[] {
  const issues: Issue[] = [];
  if (facts.occurredOn > today) issues.push({ path: 'occurredOn', code: 'event_in_future' });
  if (facts.authority === 'other' && !facts.authorityName) issues.push({ path: 'authorityName', code: 'required' });
  if ((facts.amountCents === null) !== (facts.currency === null)) issues.push({ path: facts.amountCents === null ? 'amountCents' : 'currency', code: 'required' });
  if (facts.amountCents !== null && facts.kind !== 'fine') issues.push({ path: 'amountCents', code: 'amount_only_for_fines' });
  return issues;
}
