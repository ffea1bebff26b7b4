/** Complaints as the back office sees them: decrypted for staff, with clocks and abilities. */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../context.ts';
import type { Deps } from '../deps.ts';
import { findActorLabels } from '../audit-log/index.ts';
import { findCustomerById } from '../customers/index.ts';
import { revealCustomer } from '../customers/index.ts';
import * as policy from './complaints.policy.ts';
import * as repo from './complaints.repo.ts';
import { complaintClocks } from './complaints.sla.ts';
import { listAttachments } from './complaints.attachments.service.ts';
import { facts, mediatorInfo } from './complaints.service.ts';
import { assessmentPrefill } from './complaints.triage.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Display names of users by id (assignees, authors). */
export async function userLabels(db: Db, orgId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)))];
  return findActorLabels(db, orgId, unique, []);
}

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
    reviewReason: c.reviewReason,
    receivedAt: c.receivedAt.toISOString(),
    clocks: complaintClocks(c, now),
    pause: c.pausedAt && c.pauseReason ? { since: c.pausedAt.toISOString(), reason: c.pauseReason } : null,
  };
}

/** The receipt of a complaint just filed: no personal data, no names (nothing to read back). */
export function presentReceipt(c: repo.ComplaintRow, now: Date) {
  const { assignee: _assignee, ...summary } = presentSummary(c, new Map(), now);
  return { ...summary, assigneeId: c.assigneeId };
}

/** Everything staff see on the complaint page, internal notes included. */
export async function presentDetail(deps: Deps, c: repo.ComplaintRow, viewer: Actor) {
  const db = deps.db;
  const dec = (field: string, value: string | null) => (value ? deps.cipher.decrypt(db, c.orgId, c.customerId, field, value) : Promise.resolve(null));
  const [messages, events, customerRow] = [
    await repo.findMessages(db, c.orgId, c.id, { includeInternal: true }),
    await repo.findEvents(db, c.orgId, c.id),
    await findCustomerById(db, c.orgId, c.customerId),
  ];
  const customer = customerRow ? await revealCustomer(deps, db, customerRow) : null;
  const attachments = await listAttachments(deps, db, c, { includeInternal: true });
  const labels = await userLabels(db, c.orgId, [
    c.assigneeId,
    customer?.advisorId ?? null,
    ...messages.map((m) => m.authorId),
    ...events.map((e) => e.actorId),
    ...attachments.map((a) => a.uploaderId),
  ]);
  return {
    ...presentSummary(c, labels, deps.clock.now()),
    sentiment: c.sentiment,
    // A suggestion only, shown as such: the agent's choices above are the labels.
    triage: c.triage,
    prefill: assessmentPrefill(c),
    description: await dec('complaint.description', c.descriptionEnc),
    remedySought: await dec('complaint.remedy_sought', c.remedySoughtEnc),
    decision: c.decision,
    decisionReasons: await dec('complaint.decision_reasons', c.decisionReasonsEnc),
    rootCause: c.rootCause,
    remedyGiven: c.remedyGiven,
    customerResponse: c.customerResponse,
    satisfaction: c.satisfaction,
    satisfactionComment: await dec('complaint.satisfaction_comment', c.satisfactionCommentEnc),
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
      email: customer?.email ?? null,
      phone: customer?.phone ?? null,
      address: customer?.address ?? null,
      locale: customer?.locale ?? c.language,
      timezone: customer?.timezone ?? c.timezone,
    },
    manualAck: c.manualAck ? { doneAt: iso(c.acknowledgedAt), sentBy: c.manualAckChannel } : null,
    advisor: customer?.advisorId ? { id: customer.advisorId, name: labels.get(customer.advisorId) ?? '' } : null,
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorType: e.actorType,
      actorLabel: e.actorId ? (labels.get(e.actorId) ?? null) : null,
      detail: e.detail,
      createdAt: e.createdAt.toISOString(),
    })),
    messages: await Promise.all(
      messages.map(async (m) => ({
        id: m.id,
        authorType: m.authorType,
        authorLabel: m.authorId ? (labels.get(m.authorId) ?? null) : null,
        internal: m.internal,
        body: await dec('complaint_message.body', m.bodyEnc),
        createdAt: m.createdAt.toISOString(),
      })),
    ),
    mediator: await mediatorInfo(deps, db, c),
    attachments: attachments.map((a) => ({
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
    abilities: policy.abilities(viewer, facts(c)),
  };
}
