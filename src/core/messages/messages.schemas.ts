import { z } from 'zod';
import { MESSAGE_CATEGORIES, MESSAGE_TYPES, SEVERITIES } from '../../rules/messages/index.ts';

/** Longest text checked: a long e-mail or a notice; longer texts are refused, not cut. */
export const MAX_MESSAGE_LENGTH = 20_000;

/** What to check: the same fields as a line of `confiance lint --jsonl` (issue 12). */
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
