import type { Decision } from './consent.decision.ts';
import type { ConsentEventRow } from './consent.repo.ts';
import type { PurposeView } from './consent.queries.ts';

/** A purpose with every version of its notice. */
export function presentPurpose({ purpose: p, notices }: PurposeView) {
  return {
    id: p.id,
    key: p.key,
    legalBasis: p.legalBasis,
    dataUse: p.dataUse,
    channels: p.channels,
    gpcApplies: p.gpcApplies,
    currentVersion: p.currentVersion,
    status: p.status,
    notices: notices.map((n) => ({
      version: n.version,
      titleFr: n.titleFr,
      titleEn: n.titleEn,
      textFr: n.textFr,
      textEn: n.textEn,
      createdAt: n.createdAt.toISOString(),
    })),
  };
}

/** A ledger event as recorded (codes and ids; the hashed IP and user agent stay in the ledger). */
export function presentEvent(e: ConsentEventRow) {
  return {
    id: e.id,
    customerId: e.customerId,
    purposeId: e.purposeId,
    channel: e.channel,
    kind: e.kind,
    noticeVersion: e.noticeVersion,
    method: e.method,
    source: e.source,
    occurredAt: e.occurredAt.toISOString(),
    phoneNotice: e.phoneNotice,
  };
}

/** JSON of each answer, made once: the index hands out the same frozen Decision until the state changes. */
const decisionJson = new WeakMap<Decision, string>();

/**
 * `{"items":[...decisions]}` as the decision API answers it (DecisionDtoSchema). A batch of 1,000 is
 * the hot path: joining cached fragments avoids re-validating and re-serialising 1,000 objects.
 */
export function presentDecisionsJson(decisions: readonly Decision[]): string {
  const parts = new Array<string>(decisions.length);
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    let json = decisionJson.get(d);
    if (json === undefined) {
      json = JSON.stringify({ allowed: d.allowed, reason: d.reason, evidence: d.evidence });
      decisionJson.set(d, json);
    }
    parts[i] = json;
  }
  return `{"items":[${parts.join(',')}]}`;
}
