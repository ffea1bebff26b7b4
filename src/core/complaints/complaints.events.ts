import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { MESSAGE_CATEGORIES, SEVERITIES } from '../../rules/messages/index.ts';
import { ATTACHMENT_KIND_VALUES, COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_DECISIONS, MANUAL_ACK_CHANNELS, PAUSE_REASONS, REVIEW_REASONS, SLA_ANSWER_UNITS } from './complaints.tables.ts';

const id = z.object({ complaintId: z.uuid() });
const slaTerms = z.object({ ackBusinessDays: z.number().int(), answerAmount: z.number().int(), answerUnit: z.enum(SLA_ANSWER_UNITS) }).strict();

/** Audit events of complaints: ids, codes and field names only, never the customer's words. */
export const complaintEvents = {
  'complaint.received': z
    .object({
      complaintId: z.uuid(), channel: z.enum(COMPLAINT_CHANNELS), category: z.enum(COMPLAINT_CATEGORIES), reviewReason: z.enum(REVIEW_REASONS).nullable(),
      idempotent: z.boolean(),
      /** The phone-collection notice owed when a phone number was given (`id@version`, C. consom. L.223-1), part of the proof. */
      phoneNotice: z.string().max(80).optional(),
    })
    .strict(),
  /** `sentBy`: the agent sent it by post or phone (customer without e-mail); null when by e-mail. */
  'complaint.acknowledged': z.object({ complaintId: z.uuid(), sentBy: z.enum(MANUAL_ACK_CHANNELS).nullable() }).strict(),
  'complaint.assessed': z
    .object({
      complaintId: z.uuid(),
      fields: z.array(z.string()),
      /** Per suggested field, whether the agent kept the triage suggestion (true) or changed it; null without a suggestion. */
      suggestionKept: z.object({ category: z.boolean(), urgency: z.boolean(), sentiment: z.boolean() }).strict().nullable(),
    })
    .strict(),
  'complaint.triage_labels_exported': z.object({ records: z.number().int().min(0) }).strict(),
  'complaint.investigation_started': id.strict(),
  'complaint.replied': z.object({ complaintId: z.uuid(), messageId: z.uuid() }).strict(),
  'complaint.noted': z.object({ complaintId: z.uuid(), messageId: z.uuid() }).strict(),
  'complaint.answered': z
    .object({
      complaintId: z.uuid(),
      decision: z.enum(COMPLAINT_DECISIONS),
      /** What the message checker found in the reasons as sent (issue 12: an answer is never held back, its findings are recorded). */
      checkerFindings: z.array(z.object({ category: z.enum(MESSAGE_CATEGORIES), severity: z.enum(SEVERITIES) }).strict()),
    })
    .strict(),
  'complaint.closed': id.strict(),
  'complaint.escalated': z.object({ complaintId: z.uuid(), from: z.number().int(), to: z.number().int(), by: z.enum(['staff', 'customer_rejection']) }).strict(),
  /** Who owns the file at level 2: `escalated_by` the supervisor escalating, `chosen` by them, or the advisor's `team_lead` (customer's rejection). */
  'complaint.owner_assigned': z.object({ complaintId: z.uuid(), ownerId: z.uuid(), level: z.literal(2), reason: z.enum(['escalated_by', 'chosen', 'team_lead']) }).strict(),
  'complaint.assigned': z.object({ complaintId: z.uuid(), from: z.uuid().nullable(), to: z.uuid(), reason: z.enum(['advisor', 'specialist', 'reassigned', 'handover']) }).strict(),
  'complaint.customer_messaged': z.object({ complaintId: z.uuid(), messageId: z.uuid() }).strict(),
  'complaint.answer_accepted': id.strict(),
  'complaint.answer_rejected': id.strict(),
  'complaint.reopened': id.strict(),
  'complaint.attachments_added': z
    .object({ complaintId: z.uuid(), attachmentIds: z.array(z.uuid()).min(1), kinds: z.array(z.enum(ATTACHMENT_KIND_VALUES)), by: z.enum(['customer', 'staff']), internal: z.boolean() })
    .strict(),
  'complaint.sla_configured': z
    .object({ category: z.string(), previous: slaTerms.nullable(), terms: slaTerms })
    .strict(),
  'complaint.sla_reset': z.object({ category: z.string() }).strict(),
  'complaint.specialists_configured': z.object({ categories: z.array(z.enum(COMPLAINT_CATEGORIES)) }).strict(),
  'complaint.paused': z.object({ complaintId: z.uuid(), reason: z.enum(PAUSE_REASONS), messageId: z.uuid() }).strict(),
  'complaint.resumed': z
    .object({ complaintId: z.uuid(), by: z.enum(['customer', 'staff']), businessDays: z.number().int(), calendarDays: z.number().int() })
    .strict(),
  'complaint.rated': z.object({ complaintId: z.uuid(), score: z.number().int().min(1).max(5) }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof complaintEvents> {}
}
