import { z } from 'zod';
import { MESSAGE_CATEGORIES, MESSAGE_TYPES, SEVERITIES } from '../../rules/messages/index.ts';
import { MAX_MESSAGE_LENGTH } from './messages.check.ts';
import { APPROVAL_STATUSES } from './messages.tables.ts';

/** What to check: the same fields as a line of `confiance lint --jsonl` (issue 12; messages.cli.ts reads them alike without zod). */
export const CheckMessageSchema = z
  .object({
    id: z.string().max(200).optional(),
    text: z.string().min(1).max(MAX_MESSAGE_LENGTH),
    /** Detected when absent. */
    lang: z.enum(['fr', 'en']).optional(),
    type: z.enum(MESSAGE_TYPES).optional(),
    /** Lowest price of the previous 30 days, when the offer history is known (reductions). */
    referencePrice: z.number().positive().optional(),
  })
  .strict();
export type CheckMessageInput = z.infer<typeof CheckMessageSchema>;

export const FindingDtoSchema = z.object({
  category: z.enum(MESSAGE_CATEGORIES),
  /** UTF-16 code unit offsets (JavaScript string indices). */
  start: z.number().int(),
  end: z.number().int(),
  severity: z.enum(SEVERITIES),
  rule: z.string(),
  message: z.string(),
  suggestion: z.string(),
  /** A fairer wording that can replace the span as it stands ("Apply suggestion"); null when the fix needs the writer's facts. */
  replacement: z.string().nullable(),
});

export const CheckResultDtoSchema = z.object({
  id: z.string().optional(),
  lang: z.enum(['fr', 'en']),
  flagged: z.boolean(),
  /** Estimated probability that the text manipulates (0..1). */
  score: z.number(),
  /** The score at or above which a text is flagged (a high finding flags it too). */
  threshold: z.number(),
  findings: z.array(FindingDtoSchema),
});
export type CheckResultDto = z.infer<typeof CheckResultDtoSchema>;

// ---------------------------------------------------------------------------------------------
// Approvals (issue 12): marketing messages and campaigns with a high-severity finding
// ---------------------------------------------------------------------------------------------

/** A message submitted to the ethics officer before it is sent. */
export const SubmitApprovalSchema = z
  .object({
    text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
    type: z.enum(MESSAGE_TYPES),
    /** Detected when absent. */
    lang: z.enum(['fr', 'en']).optional(),
    /** Sent to many customers at once: approval is needed whatever the type. */
    campaign: z.boolean().default(false),
  })
  .strict();
export type SubmitApprovalInput = z.infer<typeof SubmitApprovalSchema>;

export const ApprovalListQuerySchema = z.object({ status: z.enum(APPROVAL_STATUSES).default('pending') }).strict();

export const ApprovalParamsSchema = z.object({ id: z.uuid() }).strict();

/** The ethics officer's decision, always with the reason (it is what the log keeps of the judgement). */
export const DecideApprovalSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();
export type DecideApprovalInput = z.infer<typeof DecideApprovalSchema>;

export const ApprovalDtoSchema = z.object({
  id: z.uuid(),
  text: z.string(),
  type: z.enum(MESSAGE_TYPES),
  lang: z.enum(['fr', 'en']),
  campaign: z.boolean(),
  /** The findings recorded when the message was submitted, explained in the reader's language. */
  findings: z.array(FindingDtoSchema),
  /** Whether the message needs this approval to be sent (a high finding on a marketing message or a campaign). */
  required: z.boolean(),
  status: z.enum(APPROVAL_STATUSES),
  requestedBy: z.string(),
  requesterName: z.string().nullable(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  deciderName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  abilities: z.object({ decide: z.boolean() }),
});
export type ApprovalDto = z.infer<typeof ApprovalDtoSchema>;

export const ApprovalListDtoSchema = z.object({ items: z.array(ApprovalDtoSchema) });
