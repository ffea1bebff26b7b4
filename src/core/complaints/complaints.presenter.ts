/** Complaints as the back office sees them: pure functions of the read models of complaints.queries.ts. */
import type { Actor } from '../context.ts';
import * as policy from './complaints.policy.ts';
import type * as repo from './complaints.repo.ts';
import type { ComplaintDetailView, ComplaintQueueView } from './complaints.queries.ts';
import { complaintClocks, slaSummary } from './complaints.sla.ts';
import { assessmentPrefill } from './complaints.triage.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A line of a queue: no personal data, the assignee's name. */
export function presentSummary(c: repo.ComplaintRow, labels: ReadonlyMap<string, string>, now: Date) {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    channel: c.channel,
    category: c.category,
    severity: c.severity,
    urgency: c.urgency,
    vulnerabilities: c.vulnerabilities,
    language: c.language,
    escalationLevel: c.escalationLevel,
    assignee: c.assigneeId ? { id: c.assigneeId, name: labels.get(c.assigneeId) ?? '' } : null,
    level2Owner: c.escalationLevel >= 2 && c.level2OwnerId ? { id: c.level2OwnerId, name: labels.get(c.level2OwnerId) ?? '' } : null,
    reviewReason: c.reviewReason,
    receivedAt: c.receivedAt.toISOString(),
    clocks: complaintClocks(c, now),
    pause: c.pausedAt && c.pauseReason ? { since: c.pausedAt.toISOString(), reason: c.pauseReason } : null,
  };
}

/** The receipt of a complaint just filed: no personal data, no names (nothing to read back). */
export function presentReceipt(c: repo.ComplaintRow, now: Date) {
  const { assignee: _assignee, level2Owner: _owner, ...summary } = presentSummary(c, new Map(), now);
  return { ...summary, assigneeId: c.assigneeId };
}

/** A page of a queue: each line with the customer's name and where it stands against its deadlines. */
export function presentQueue(view: ComplaintQueueView) {
  const { rows, labels, now, customerNames, ...page } = view;
  return {
    ...page,
    items: rows.map((r) => {
      const summary = presentSummary(r, labels, now);
      return { ...summary, customerName: customerNames.get(r.customerId) ?? null, sla: slaSummary(summary.clocks) };
    }),
  };
}

/**
 * Everything staff see on the complaint page, with what `viewer` may do. Internal notes and
 * documents, and the customer's contact details, go only to those who work the files.
 */
export function presentDetail(view: ComplaintDetailView, viewer: Actor) {
  const { complaint: c, customer, labels } = view;
  const works = policy.worksOnFiles(viewer);
  return {
    ...presentSummary(c, labels, view.now),
    sentiment: c.sentiment,
    // A suggestion only, shown as such: the agent's choices above are the labels.
    triage: c.triage,
    prefill: assessmentPrefill(c),
    description: view.description,
    remedySought: view.remedySought,
    decision: c.decision,
    decisionReasons: view.decisionReasons,
    rootCause: c.rootCause,
    remedyGiven: c.remedyGiven,
    customerResponse: c.customerResponse,
    satisfaction: c.satisfaction,
    satisfactionComment: view.satisfactionComment,
    dates: {
      receivedAt: iso(c.receivedAt),
      acknowledgedAt: iso(c.acknowledgedAt),
      assessedAt: iso(c.assessedAt),
      investigatingAt: iso(c.investigatingAt),
      answeredAt: iso(c.answeredAt),
      closedAt: iso(c.closedAt),
      reopenedAt: iso(c.reopenedAt),
      escalatedAt: iso(c.escalatedAt),
      mediationReferredAt: iso(c.mediationReferredAt),
      customerRespondedAt: iso(c.customerRespondedAt),
    },
    customer: {
      id: c.customerId,
      name: customer?.name ?? null,
      email: works ? (customer?.email ?? null) : null,
      phone: works ? (customer?.phone ?? null) : null,
      address: works ? (customer?.address ?? null) : null,
      locale: customer?.locale ?? c.language,
      timezone: customer?.timezone ?? c.timezone,
    },
    manualAck: c.manualAck ? { doneAt: iso(c.acknowledgedAt), sentBy: c.manualAckChannel } : null,
    advisor: customer?.advisorId ? { id: customer.advisorId, name: labels.get(customer.advisorId) ?? '' } : null,
    timeline: view.events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorType: e.actorType,
      actorLabel: e.actorId ? (labels.get(e.actorId) ?? null) : null,
      detail: e.detail,
      createdAt: e.createdAt.toISOString(),
    })),
    messages: view.messages
      .filter((m) => works || !m.internal)
      .map((m) => ({
        id: m.id,
        authorType: m.authorType,
        authorLabel: m.authorId ? (labels.get(m.authorId) ?? null) : null,
        internal: m.internal,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
      })),
    mediator: view.mediator,
    attachments: view.attachments
      .filter((a) => works || !a.internal)
      .map((a) => ({
        id: a.id,
        filename: a.filename,
        kind: a.kind,
        sizeBytes: a.sizeBytes,
        uploaderType: a.uploaderType,
        uploaderLabel: a.uploaderId ? (labels.get(a.uploaderId) ?? null) : null,
        internal: a.internal,
        messageId: a.messageId,
        createdAt: a.createdAt.toISOString(),
      })),
    abilities: policy.abilities(viewer, policy.complaintFacts(c)),
  };
}
