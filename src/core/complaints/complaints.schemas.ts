import { z } from 'zod';
import { UploadedFilesSchema } from '../../api/plugins/multipart.ts';
import { normalisePhone } from '../customers/index.ts';
import { isValidTimeZone } from '../../rules/index.ts';
import {
  ALL_CATEGORIES,
  ATTACHMENT_KIND_VALUES,
  PAUSE_REASONS,
  SLA_ANSWER_UNITS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_DECISIONS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  COMPLAINT_URGENCIES,
  COMPLAINT_SENTIMENTS,
  MANUAL_ACK_CHANNELS,
  REMEDIES,
  REVIEW_REASONS,
  ROOT_CAUSES,
  VULNERABILITY_FLAGS,
} from './complaints.tables.ts';

/** Size limits of intake (abuse resistance without obstacles). */
export const LIMITS = { description: 10_000, remedy: 2_000, message: 10_000, name: 120, phone: 40, address: 500, reasons: 5_000 } as const;

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Who the complaint is for, as an agent or another channel gives it: an e-mail, a phone number or a
 * postal address, at least one (customers who only phone or write are filed by agents). A phone
 * number must be one (E.164, or a French number as people write it).
 */
export const CustomerIdentitySchema = z
  .object({
    email: z.email().max(254).optional(),
    name: text(LIMITS.name),
    phone: z
      .string()
      .trim()
      .max(LIMITS.phone)
      .refine((v) => v === '' || normalisePhone(v) !== null, { message: 'invalid_format' })
      .optional(),
    address: z.string().trim().max(LIMITS.address).optional(),
    locale: z.enum(['fr', 'en']).optional(),
    // Deadlines are counted in the customer's zone: an unknown one is refused here, not met by the calendar rules.
    timezone: z.string().min(1).max(64).refine(isValidTimeZone, { message: 'unknown_time_zone' }).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.email || c.phone || c.address) return;
    // Reported as the e-mail being required (the error plugin's "required" code), with the other two as alternatives in the field hint.
    ctx.addIssue({ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, path: ['email'], input: c.email, message: 'contact_required' });
  });

/** Filing by an agent (phone, letter, shop) or by another channel through an API token. */
export const CreateComplaintSchema = z
  .object({
    customer: CustomerIdentitySchema,
    channel: z.enum(COMPLAINT_CHANNELS).exclude(['portal']),
    category: z.enum(COMPLAINT_CATEGORIES),
    description: text(LIMITS.description),
    remedySought: z.string().trim().max(LIMITS.remedy).optional(),
    language: z.enum(['fr', 'en']).optional(),
    /**
     * With `customer.phone`: the notice the customer was given when they gave the number
     * (`id@version`, e.g. `phone_canvassing_consent@2026-08-11`; C. consom. L.223-1 from
     * 2026-08-11), read out by the agent or shown by the channel. Recorded, with who and when,
     * in the complaint's audit event as the proof of it; only the notice in force is accepted.
     */
    phoneNotice: z.string().trim().min(1).max(80).optional(),
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
    /** Files, when the form is posted as multipart/form-data. */
    attachments: UploadedFilesSchema,
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

export const PortalMessageBodySchema = z
  .object({ formToken: z.string().max(300).optional(), message: z.string().max(LIMITS.message * 2).optional(), attachments: UploadedFilesSchema })
  .strict();
export const PortalRespondBodySchema = z
  .object({ formToken: z.string().max(300).optional(), response: z.enum(['accept', 'reject']).optional(), comment: z.string().max(LIMITS.message * 2).optional() })
  .strict();
export const PortalRateBodySchema = z.object({ formToken: z.string().max(300).optional(), score: z.string().max(2).optional(), comment: z.string().max(LIMITS.message * 2).optional() }).strict();

export const QUEUES = ['all', 'mine', 'team', 'unassigned', 'breaching', 'review', 'paused'] as const;
export type QueueName = (typeof QUEUES)[number];
/** Orders of a queue: most urgent SLA first (default), newest received, highest level, customer name. */
export const QUEUE_SORTS = ['urgency', 'received', 'level', 'customer'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_PAGE_SIZES = { default: 25, max: 100 } as const;
export const ComplaintQuerySchema = z
  .object({
    /** Without it: the viewer's own work (agents: `mine`, supervisors: `team`; a search looks in `all`). */
    queue: z.enum(QUEUES).optional(),
    status: z.enum(COMPLAINT_STATUSES).optional(),
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    channel: z.enum(COMPLAINT_CHANNELS).optional(),
    /** Reference, category or channel; a full e-mail address or phone number finds the customer's complaints (blind indexes). */
    q: z.string().trim().max(254).optional(),
    sort: z.enum(QUEUE_SORTS).optional(),
    /** 1-based page number. */
    page: z.coerce.number().int().min(1).max(10_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(QUEUE_PAGE_SIZES.max).optional(),
  })
  .strict();
export type ComplaintQuery = z.infer<typeof ComplaintQuerySchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });
export const AttachmentParamsSchema = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** Documents added by staff (multipart/form-data), with an optional message, on the thread or an internal note. */
export const StaffAttachmentsBodySchema = z
  .object({ attachments: UploadedFilesSchema, message: z.string().max(LIMITS.message).optional(), internal: z.enum(['true', 'false']).optional() })
  .strict();

export const AcknowledgeSchema = z
  .object({
    message: z.string().trim().max(LIMITS.message).optional(),
    /** For a customer without e-mail: the agent sent the acknowledgement by post or phone (marks the task done). */
    sentBy: z.enum(MANUAL_ACK_CHANNELS).optional(),
  })
  .strict();
export type AcknowledgeInput = z.infer<typeof AcknowledgeSchema>;
export const AssessSchema = z
  .object({
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    severity: z.enum(COMPLAINT_SEVERITIES).optional(),
    urgency: z.enum(COMPLAINT_URGENCIES).optional(),
    sentiment: z.enum(COMPLAINT_SENTIMENTS).optional(),
    vulnerabilities: z.array(z.enum(VULNERABILITY_FLAGS)).max(VULNERABILITY_FLAGS.length).optional(),
    language: z.enum(['fr', 'en']).optional(),
    /** Move to investigation at the same time. */
    investigate: z.boolean().optional(),
  })
  .strict();
export type AssessInput = z.infer<typeof AssessSchema>;
export const MessageSchema = z.object({ body: text(LIMITS.message) }).strict();
/**
 * The reasoned answer as the form sends it: nothing is preselected, so each choice may still be
 * missing; the service names the missing field ("Choose a decision") rather than a generic
 * "required". The same body gives the preview and the answer sent.
 */
export const AnswerSchema = z
  .object({
    decision: z.enum(COMPLAINT_DECISIONS).optional(),
    reasons: z.string().trim().max(LIMITS.reasons).optional(),
    rootCause: z.enum(ROOT_CAUSES).optional(),
    remedyGiven: z.enum(REMEDIES).optional(),
  })
  .strict();
export type AnswerDraft = z.infer<typeof AnswerSchema>;
/** A complete answer (every choice made, reasons written). */
export type AnswerInput = { [K in keyof AnswerDraft]-?: NonNullable<AnswerDraft[K]> };
/** What the customer will receive: the e-mail, or the letter the agent sends for a customer without e-mail. */
export const AnswerPreviewDtoSchema = z.object({
  /** `email`: sent on confirmation; `manual`: no e-mail address, the agent sends this text by post. */
  delivery: z.enum(['email', 'manual']),
  to: z.string().nullable(),
  language: z.enum(['fr', 'en']),
  subject: z.string(),
  body: z.string(),
});
export const CloseSchema = z.object({}).strict();
export const EscalateSchema = z
  .object({
    note: z.string().trim().max(LIMITS.message).optional(),
    /** Escalating to level 2 only: who owns the file there (a user who may escalate); by default whoever escalates. */
    ownerId: z.uuid().optional(),
  })
  .strict();
export type EscalateInput = z.infer<typeof EscalateSchema>;
export const RequestInfoSchema = z.object({ reason: z.enum(PAUSE_REASONS), message: text(LIMITS.message) }).strict();
export type RequestInfoInput = z.infer<typeof RequestInfoSchema>;
export const ResumeSchema = z.object({}).strict();

/** SLA terms of the organisation (`*`) or of one category; bounds are checked with a clear message. */
export const SlaSettingSchema = z
  .object({
    category: z.union([z.literal(ALL_CATEGORIES), z.enum(COMPLAINT_CATEGORIES)]),
    ackBusinessDays: z.number().int(),
    answerAmount: z.number().int(),
    answerUnit: z.enum(SLA_ANSWER_UNITS),
  })
  .strict();
export const SpecialistCategoriesSchema = z.object({ categories: z.array(z.enum(COMPLAINT_CATEGORIES)).max(COMPLAINT_CATEGORIES.length) }).strict();
export const SpecialistCategoriesDtoSchema = z.object({ categories: z.array(z.string()) });
export const SlaCategoryParamsSchema = z.object({ category: z.union([z.literal(ALL_CATEGORIES), z.enum(COMPLAINT_CATEGORIES)]) });
const slaTerms = z.object({ ackBusinessDays: z.number().int(), answerAmount: z.number().int(), answerUnit: z.enum(SLA_ANSWER_UNITS) });
export const SlaSettingsDtoSchema = z.object({
  defaults: slaTerms,
  bounds: z.object({
    ackBusinessDays: z.object({ min: z.number(), max: z.number() }),
    answer: z.object({ months: z.object({ min: z.number(), max: z.number() }), 'business-days': z.object({ min: z.number(), max: z.number() }) }),
  }),
  settings: z.array(slaTerms.extend({ category: z.string(), updatedAt: z.string() })),
});

export const AssignSchema = z.object({ assigneeId: z.uuid(), reason: text(1000) }).strict();

const clock = z.object({
  kind: z.enum(['complaint-ack', 'complaint-answer']),
  dueOn: z.string(),
  unit: z.enum(SLA_ANSWER_UNITS),
  amount: z.number().int(),
  progress: z.number(),
  businessDaysLeft: z.number().int().nullable(),
  doneAt: z.string().nullable(),
  state: z.enum(['running', 'warning', 'breached', 'met', 'missed', 'paused']),
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
  /** Who owns the file at level 2 (null below level 2, or when nobody could be named). */
  level2Owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reviewReason: z.enum(REVIEW_REASONS).nullable(),
  receivedAt: z.string(),
  clocks: z.object({ ack: clock, answer: clock }),
  /** The current wait on the customer, when the clocks are paused. */
  pause: z.object({ since: z.string(), reason: z.enum(PAUSE_REASONS) }).nullable(),
});

/** Where a complaint stands against its deadlines, for a queue line: the clock running now (or the last one). */
export const SlaSummaryDtoSchema = z.object({
  state: z.enum(['ok', 'soon', 'breached', 'paused']),
  clock: z.enum(['ack', 'answer']),
  dueOn: z.string(),
  /** Working days left to the due date (negative when late); null once the clock stopped. */
  businessDaysLeft: z.number().int().nullable(),
  /** Share of the allowed time used, 0 to 1 (capped), for a bar. */
  elapsed: z.number(),
  doneAt: z.string().nullable(),
});

/** A line of a queue: the summary, the customer's name (null once erased) and the SLA at a glance. */
export const ComplaintQueueItemDtoSchema = ComplaintSummaryDtoSchema.extend({ customerName: z.string().nullable(), sla: SlaSummaryDtoSchema });

/** A page of a queue, the view and order it answers, and how many complaints the whole queue holds. */
export const ComplaintPageDtoSchema = z.object({
  items: z.array(ComplaintQueueItemDtoSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  queue: z.enum(QUEUES),
  sort: z.enum(QUEUE_SORTS),
  /** `no_team`: the team view of a supervisor nobody reports to yet (team leads are set on the advisors page). */
  notice: z.enum(['no_team']).nullable(),
});

const triageTask = z.object({
  label: z.string(),
  confidence: z.number(),
  probabilities: z.record(z.string(), z.number()),
  reasons: z.array(z.object({ kind: z.enum(['word', 'signal']), text: z.string(), weight: z.number() })),
});

/** Training records of the organisation's confirmed labels (the triage model's input). */
export const TriageLabelsDtoSchema = z.object({
  records: z.array(
    z.object({ text: z.string(), language: z.enum(['fr', 'en']), category: z.enum(COMPLAINT_CATEGORIES), urgency: z.enum(COMPLAINT_URGENCIES), sentiment: z.enum(COMPLAINT_SENTIMENTS) }),
  ),
});

export const ComplaintDetailDtoSchema = ComplaintSummaryDtoSchema.extend({
  sentiment: z.enum(COMPLAINT_SENTIMENTS).nullable(),
  /** The triage suggestion made at intake (null when none could be made). */
  triage: z.object({ model: z.string(), language: z.string(), evidence: z.number().int(), category: triageTask, urgency: triageTask, sentiment: triageTask }).nullable(),
  /** Starting values of the assessment form (the suggestion, urgency never lowered; or the agent's earlier choice). */
  prefill: z.object({ category: z.enum(COMPLAINT_CATEGORIES), urgency: z.enum(COMPLAINT_URGENCIES), sentiment: z.enum(COMPLAINT_SENTIMENTS).nullable() }),
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
  customer: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable(), locale: z.string(), timezone: z.string() }),
  /** The acknowledgement an agent must send by post or phone (customer without e-mail); null when it went by e-mail. */
  manualAck: z.object({ doneAt: z.string().nullable(), sentBy: z.enum(MANUAL_ACK_CHANNELS).nullable() }).nullable(),
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
  attachments: z.array(
    z.object({
      id: z.uuid(),
      filename: z.string().nullable(),
      kind: z.enum(ATTACHMENT_KIND_VALUES),
      sizeBytes: z.number().int(),
      uploaderType: z.enum(['customer', 'staff']),
      uploaderLabel: z.string().nullable(),
      internal: z.boolean(),
      messageId: z.uuid().nullable(),
      createdAt: z.string(),
    }),
  ),
  abilities: z.record(z.string(), z.boolean()),
});

/**
 * What filing answers: the receipt (reference, status, clocks, who handles it), not the whole
 * file. An integration needs the reference and the deadlines; the back office opens the file.
 */
export const ComplaintReceiptDtoSchema = ComplaintSummaryDtoSchema.omit({ assignee: true, level2Owner: true }).extend({ assigneeId: z.uuid().nullable() });

export const CreatedComplaintDtoSchema = z.object({
  complaint: ComplaintReceiptDtoSchema,
  /** The private tracking link: only in the answer that created the complaint (stored as a hash). */
  trackingUrl: z.string().nullable(),
  created: z.boolean(),
});
