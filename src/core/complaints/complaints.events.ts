import { z } from 'zod';
import type { EventsOf } from '../audit-log/audit-log.types.ts';
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_DECISIONS, REVIEW_REASONS } from './complaints.tables.ts';

const id = z.object({ complaintId: z.uuid() });

/** Audit events of complaints: ids, codes and field names only, never the customer's words. */
export const complaintEvents = {
  'complaint.received': z
    .object({ complaintId: z.uuid(), channel: z.enum(COMPLAINT_CHANNELS), category: z.enum(COMPLAINT_CATEGORIES), reviewReason: z.enum(REVIEW_REASONS).nullable(), idempotent: z.boolean() })
    .strict(),
  'complaint.acknowledged': id.strict(),
  'complaint.assessed': z.object({ complaintId: z.uuid(), fields: z.array(z.string()) }).strict(),
  'complaint.investigation_started': id.strict(),
  'complaint.replied': z.object({ complaintId: z.uuid(), messageId: z.uuid() }).strict(),
  'complaint.noted': z.object({ complaintId: z.uuid(), messageId: z.uuid() }).strict(),
  'complaint.answered': z.object({ complaintId: z.uuid(), decision: z.enum(COMPLAINT_DECISIONS) }).strict(),
  'complaint.closed': id.strict(),
  'complaint.escalated': z.object({ complaintId: z.uuid(), from: z.number().int(), to: z.number().int(), by: z.enum(['staff', 'customer_rejection']) }).strict(),
  'complaint.assigned': z.object({ complaintId: z.uuid(), from: z.uuid().nullable(), to: z.uuid(), reason: z.enum(['advisor', 'reassigned', 'handover']) }).strict(),
  'complaint.customer_messaged': z.object({ complaintId: z.uuid(), messageId: z.uuid() }).strict(),
  'complaint.answer_accepted': id.strict(),
  'complaint.answer_rejected': id.strict(),
  'complaint.reopened': id.strict(),
  'complaint.rated': z.object({ complaintId: z.uuid(), score: z.number().int().min(1).max(5) }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof complaintEvents> {}
}
