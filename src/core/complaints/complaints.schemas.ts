import { z } from 'zod';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_DECISIONS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  COMPLAINT_URGENCIES,
  REMEDIES,
  REVIEW_REASONS,
  ROOT_CAUSES,
  VULNERABILITY_FLAGS,
} from './complaints.tables.ts';

/** Size limits of intake (abuse resistance without obstacles). */
export const LIMITS = { description: 10_000, remedy: 2_000, message: 10_000, name: 120, phone: 40, reasons: 5_000 } as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const CustomerIdentitySchema = z
  .object({
    email: z.email().max(254),
    name: text(LIMITS.name),
    phone: z.string().trim().max(LIMITS.phone).optional(),
    locale: z.enum(['fr', 'en']).optional(),
    timezone: z.string().min(1).max(64).optional(),
  })
  .strict();

/** Filing by an agent (phone, letter, shop) or by another channel through an API token. */
export const CreateComplaintSchema = z
  .object({
    customer: CustomerIdentitySchema,
    channel: z.enum(COMPLAINT_CHANNELS).exclude(['portal']),
    category: z.enum(COMPLAINT_CATEGORIES),
    description: text(LIMITS.description),
    remedySought: z.string().trim().max(LIMITS.remedy).optional(),
    language: z.enum(['fr', 'en']).optional(),
  })
  .strict();
export type CreateComplaintInput = z.infer<typeof CreateComplaintSchema>;

/** The portal form as posted (every field optional here: the handler validates and re-renders). */
export const PortalFormBodySchema = z
  .object({
    formToken: z.string().max(300).optional(),
    name: z.string().max(1000).optional(),
    email: z.string().max(1000).optional(),
    phone: z.string().max(1000).optional(),
    category: z.string().max(100).optional(),
    description: z.string().max(LIMITS.description * 2).optional(),
    remedy: z.string().max(LIMITS.remedy * 2).optional(),
    /** Honeypot, hidden from people: a bot that fills it is sent to review, not dropped. */
    website: z.string().max(1000).optional(),
  })
  .strict();

/** What a valid portal form contains. */
export const PortalComplaintSchema = z.object({
  name: text(LIMITS.name),
  email: z.email().max(254),
  phone: z.string().trim().max(LIMITS.phone).optional(),
  category: z.enum(COMPLAINT_CATEGORIES),
  description: text(LIMITS.description),
  remedy: z.string().trim().max(LIMITS.remedy).optional(),
});

export const PortalMessageBodySchema = z.object({ formToken: z.string().max(300).optional(), message: z.string().max(LIMITS.message * 2).optional() }).strict();
export const PortalRespondBodySchema = z
  .object({ formToken: z.string().max(300).optional(), response: z.enum(['accept', 'reject']).optional(), comment: z.string().max(LIMITS.message * 2).optional() })
  .strict();
export const PortalRateBodySchema = z.object({ formToken: z.string().max(300).optional(), score: z.string().max(2).optional(), comment: z.string().max(LIMITS.message * 2).optional() }).strict();

export const QUEUES = ['all', 'mine', 'unassigned', 'breaching', 'review'] as const;
export const ComplaintQuerySchema = z
  .object({
    queue: z.enum(QUEUES).optional(),
    status: z.enum(COMPLAINT_STATUSES).optional(),
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    offset: z.coerce.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type ComplaintQuery = z.infer<typeof ComplaintQuerySchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });

export const AcknowledgeSchema = z.object({ message: z.string().trim().max(LIMITS.message).optional() }).strict();
export const AssessSchema = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    severity: z.enum(COMPLAINT_SEVERITIES).optional(),
    urgency: z.enum(COMPLAINT_URGENCIES).optional(),
    vulnerabilities: z.array(z.enum(VULNERABILITY_FLAGS)).max(VULNERABILITY_FLAGS.length).optional(),
    language: z.enum(['fr', 'en']).optional(),
    /** Move to investigation at the same time. */
    investigate: z.boolean().optional(),
  })
  .strict();
export type AssessInput = z.infer<typeof AssessSchema>;
export const MessageSchema = z.object({ body: text(LIMITS.message) }).strict();
export const AnswerSchema = z
  .object({
    decision: z.enum(COMPLAINT_DECISIONS),
    reasons: text(LIMITS.reasons),
    rootCause: z.enum(ROOT_CAUSES),
    remedyGiven: z.enum(REMEDIES),
  })
  .strict();
export type AnswerInput = z.infer<typeof AnswerSchema>;
export const CloseSchema = z.object({}).strict();
export const EscalateSchema = z.object({ note: z.string().trim().max(LIMITS.message).optional() }).strict();
export const AssignSchema = z.object({ assigneeId: z.uuid(), reason: text(1000) }).strict();

const clock = z.object({
  kind: z.enum(['complaint-ack', 'complaint-answer']),
  dueOn: z.string(),
  progress: z.number(),
  businessDaysLeft: z.number().int().nullable(),
  doneAt: z.string().nullable(),
  state: z.enum(['running', 'warning', 'breached', 'met', 'missed']),
});

export const ComplaintSummaryDtoSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES).nullable(),
  urgency: z.enum(COMPLAINT_URGENCIES),
  vulnerabilities: z.array(z.string()),
  language: z.string(),
  escalationLevel: z.number().int(),
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reviewReason: z.enum(REVIEW_REASONS).nullable(),
  receivedAt: z.string(),
  clocks: z.object({ ack: clock, answer: clock }),
});

export const ComplaintDetailDtoSchema = ComplaintSummaryDtoSchema.extend({
  description: z.string().nullable(),
  remedySought: z.string().nullable(),
  decision: z.enum(COMPLAINT_DECISIONS).nullable(),
  decisionReasons: z.string().nullable(),
  rootCause: z.enum(ROOT_CAUSES).nullable(),
  remedyGiven: z.enum(REMEDIES).nullable(),
  customerResponse: z.enum(['accepted', 'rejected']).nullable(),
  satisfaction: z.number().int().nullable(),
  satisfactionComment: z.string().nullable(),
  dates: z.record(z.string(), z.string().nullable()),
  customer: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), locale: z.string(), timezone: z.string() }),
  advisor: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  timeline: z.array(
    z.object({
      id: z.uuid(),
      type: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      actorType: z.string(),
      actorLabel: z.string().nullable(),
      detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      createdAt: z.string(),
    }),
  ),
  messages: z.array(
    z.object({ id: z.uuid(), authorType: z.enum(['customer', 'staff', 'system']), authorLabel: z.string().nullable(), internal: z.boolean(), body: z.string().nullable(), createdAt: z.string() }),
  ),
  mediator: z.object({ name: z.string(), website: z.string(), limitOn: z.string() }),
  abilities: z.record(z.string(), z.boolean()),
});

export const CreatedComplaintDtoSchema = z.object({
  complaint: ComplaintDetailDtoSchema,
  /** The private tracking link: only in the answer that created the complaint (stored as a hash). */
  trackingUrl: z.string().nullable(),
  created: z.boolean(),
});
