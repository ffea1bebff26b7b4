/**
 * Read models of the complaint pages: everything a page shows, read and decrypted here, so the
 * presenter is a pure function of it. Reads only: no audit event, no write.
 */
import type { Db } from '../../db/client.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { findActorLabels } from '../audit-log/index.ts';
import { findCustomerById } from '../customers/index.ts';
import { revealCustomer, type Customer } from '../customers/index.ts';
import * as repo from './complaints.repo.ts';
import { complaintClocks } from './complaints.sla.ts';
import { listAttachments, type AttachmentView } from './complaints.attachments.service.ts';
import { customerNames, findComplaints, getComplaint, mediatorInfo, type QueuePage } from './complaints.service.ts';
import type { ComplaintQuery } from './complaints.schemas.ts';

/** A message of the thread, its body decrypted. */
export interface MessageView {
  id: string;
  authorType: repo.MessageRow['authorType'];
  authorId: string | null;
  internal: boolean;
  body: string | null;
  createdAt: Date;
}

/** The complaint page (internal notes included), as staff see it. */
export interface ComplaintDetailView {
  complaint: repo.ComplaintRow;
  /** The instant the clocks are shown at. */
  now: Date;
  description: string | null;
  remedySought: string | null;
  decisionReasons: string | null;
  satisfactionComment: string | null;
  /** Null once the customer is erased. */
  customer: Customer | null;
  messages: MessageView[];
  events: repo.EventRow[];
  attachments: AttachmentView[];
  /** Display names of the users the page names (assignee, advisor, authors, actors). */
  labels: ReadonlyMap<string, string>;
  mediator: Awaited<ReturnType<typeof mediatorInfo>>;
}

/** A page of a complaint queue, with the names of the assignees, level-2 owners and customers. */
export interface ComplaintQueueView extends QueuePage {
  labels: ReadonlyMap<string, string>;
  /** Decrypted customer names by customer id (erased customers are absent). */
  customerNames: ReadonlyMap<string, string>;
  now: Date;
}

/** Display names of users by id; ids that are not user ids (system actors) are skipped. */
function userLabels(db: Db, orgId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)))];
  return findActorLabels(db, orgId, unique, []);
}

/** A queue (filters and search as {@link findComplaints}), with the assignees' names. */
export async function getComplaintQueueView(deps: Deps, ctx: RequestContext, query: ComplaintQuery): Promise<ComplaintQueueView> {
  const page = await findComplaints(deps, ctx, query);
  const orgId = ctx.orgId ?? '';
  const labels = await userLabels(deps.db, orgId, page.rows.flatMap((r) => [r.assigneeId, r.level2OwnerId]));
  return { ...page, labels, customerNames: await customerNames(deps, orgId, page.rows.map((r) => r.customerId)), now: deps.clock.now() };
}

/** The complaint page of complaint `id` of the context's organisation. */
export async function getComplaintDetailView(deps: Deps, ctx: RequestContext, id: string): Promise<ComplaintDetailView> {
  return complaintDetailView(deps, await getComplaint(deps, ctx, id));
}

/** The complaint page of a row already read (the row a step has just committed). */
export async function complaintDetailView(deps: Deps, c: repo.ComplaintRow): Promise<ComplaintDetailView> {
  const db = deps.db;
  const dec = (field: string, value: string | null) => (value ? deps.cipher.decrypt(db, c.orgId, c.customerId, field, value) : Promise.resolve(null));
  const messages = await repo.findMessages(db, c.orgId, c.id, { includeInternal: true });
  const events = await repo.findEvents(db, c.orgId, c.id);
  const customerRow = await findCustomerById(db, c.orgId, c.customerId);
  const customer = customerRow ? await revealCustomer(deps, db, customerRow) : null;
  const attachments = await listAttachments(deps, db, c, { includeInternal: true });
  const labels = await userLabels(db, c.orgId, [
    c.assigneeId,
    c.level2OwnerId,
    customer?.advisorId ?? null,
    ...messages.map((m) => m.authorId),
    ...events.map((e) => e.actorId),
    ...attachments.map((a) => a.uploaderId),
  ]);
  return {
    complaint: c,
    now: deps.clock.now(),
    description: await dec('complaint.description', c.descriptionEnc),
    remedySought: await dec('complaint.remedy_sought', c.remedySoughtEnc),
    decisionReasons: await dec('complaint.decision_reasons', c.decisionReasonsEnc),
    satisfactionComment: await dec('complaint.satisfaction_comment', c.satisfactionCommentEnc),
    customer,
    messages: await Promise.all(
      messages.map(async (m) => ({
        id: m.id,
        authorType: m.authorType,
        authorId: m.authorId,
        internal: m.internal,
        body: await dec('complaint_message.body', m.bodyEnc),
        createdAt: m.createdAt,
      })),
    ),
    events,
    attachments,
    labels,
    mediator: await mediatorInfo(deps, db, c),
  };
}

/**
 * Open complaints whose acknowledgement or answer clock has run out (the due day is past in the
 * customer's time zone; a paused clock waits on the customer) while they are still at level 1:
 * late and not escalated to a supervisor (ISO 10002 principles; RULES.md "Complaints").
 */
export async function findLateUnescalated(db: Db, orgId: string, now: Date): Promise<{ id: string; reference: string; clock: 'ack' | 'answer'; dueOn: string }[]> {
  // A due day is past somewhere on Earth at most a day before it is past in UTC.
  const before = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const out: { id: string; reference: string; clock: 'ack' | 'answer'; dueOn: string }[] = [];
  for (const c of await repo.findLateUnescalatedCandidates(db, orgId, before)) {
    const clocks = complaintClocks(c, now);
    const late = clocks.ack.state === 'breached' ? clocks.ack : clocks.answer.state === 'breached' ? clocks.answer : null;
    if (late) out.push({ id: c.id, reference: c.reference, clock: late === clocks.ack ? 'ack' : 'answer', dueOn: late.dueOn });
  }
  return out;
}
