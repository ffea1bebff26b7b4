/** Pure: an audit event as the viewer shows it, with the labels its read model found (null: show the neutral label and the id). */
import type { StoredAuditEvent } from './audit-log.repo.ts';
import type { AuditPageView } from './audit-log.queries.ts';

export function presentAuditEvent(event: StoredAuditEvent, labels: Pick<AuditPageView, 'actorLabels' | 'targetLabels'>) {
  return {
    id: event.id,
    shard: event.shard,
    seq: event.seq,
    type: event.type,
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorId ? (labels.actorLabels.get(event.actorId) ?? null) : null,
    targetType: event.targetType,
    targetId: event.targetId,
    targetLabel: event.targetType && event.targetId ? (labels.targetLabels.get(event.targetType)?.get(event.targetId) ?? null) : null,
    outcome: event.outcome,
    payload: (event.payload ?? {}) as Record<string, unknown>,
    requestId: event.requestId,
    createdAt: event.createdAt.toISOString(),
    hash: event.hash,
  };
}

/** A page of the viewer. */
export function presentAuditPage(view: AuditPageView) {
  return { items: view.events.map((event) => presentAuditEvent(event, view)), nextBefore: view.nextBefore };
}
