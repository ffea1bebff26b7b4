/** Read model of the customer's tracking page: the complaint as its customer may see it, decrypted. */
import type { Deps } from '../deps.ts';
import { findCustomerById } from '../customers/index.ts';
import { advisorFirstName } from '../advisors/index.ts';
import * as repo from './complaints.repo.ts';
import * as policy from './complaints.policy.ts';
import { facts, mediatorInfo } from './complaints.service.ts';
import { listAttachments } from './complaints.attachments.service.ts';
import type { TrackingView } from './complaints.pages.ts';

/** Everything the tracking page shows; internal notes and internal files are filtered out in SQL, so they never leave the database on this path. */
export async function getTrackingViewOf(deps: Deps, c: repo.ComplaintRow): Promise<TrackingView> {
  const dec = (field: string, value: string | null) => (value ? deps.cipher.decrypt(deps.db, c.orgId, c.customerId, field, value) : Promise.resolve(null));
  const [messages, customer, attachments] = await Promise.all([
    repo.findMessages(deps.db, c.orgId, c.id, { includeInternal: false }),
    findCustomerById(deps.db, c.orgId, c.customerId),
    listAttachments(deps, deps.db, c, { includeInternal: false }),
  ]);
  const f = { ...facts(c), satisfaction: c.satisfaction };
  return {
    reference: c.reference,
    status: c.status,
    category: c.category,
    timezone: c.timezone,
    receivedAt: c.receivedAt,
    ackDueOn: c.ackDueOn,
    answerDueOn: c.answerDueOn,
    acknowledgedAt: c.acknowledgedAt,
    answeredAt: c.answeredAt,
    closedAt: c.closedAt,
    escalationLevel: c.escalationLevel,
    escalatedAt: c.escalatedAt,
    customerResponse: c.customerResponse,
    description: await dec('complaint.description', c.descriptionEnc),
    remedySought: await dec('complaint.remedy_sought', c.remedySoughtEnc),
    decision: c.decision,
    decisionReasons: await dec('complaint.decision_reasons', c.decisionReasonsEnc),
    messages: await Promise.all(messages.map(async (m) => ({ id: m.id, authorType: m.authorType, body: await dec('complaint_message.body', m.bodyEnc), createdAt: m.createdAt }))),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, kind: a.kind, sizeBytes: a.sizeBytes, messageId: a.messageId })),
    pause: c.pausedAt && c.pauseReason ? { since: c.pausedAt, reason: c.pauseReason } : null,
    advisorFirstName: await advisorFirstName(deps, deps.db, c.orgId, customer?.advisorId ?? null),
    mediator: await mediatorInfo(deps, deps.db, c),
    can: { message: true, accept: policy.customerCan('accept', f), reject: policy.customerCan('reject', f), rate: policy.customerCan('rate', f) },
    satisfaction: c.satisfaction,
  };
}
