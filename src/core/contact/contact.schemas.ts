import { z } from 'zod';
import { CONTACT_REASON_CODES, CONTACT_SECTORS } from '../../rules/contact/index.ts';
import { importReportSchema } from '../../api/csv-import.ts';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, CONTACT_PURPOSES, CONTACT_SOURCES } from './contact.tables.ts';

/**
 * What the caller knows that Confiance does not hold: the sector of the offer, the contract it
 * relates to, the soft opt-in, the opposition list. Stored with an attempt's decision as declared.
 */
const DeclaredFactsSchema = {
  /** The consumer's IANA time zone; the customer's own when absent. */
  tz: z.string().min(1).max(64).optional(),
  sector: z.enum(CONTACT_SECTORS).default('other'),
  ongoingContract: z.boolean().default(false),
  relatedToContract: z.boolean().default(false),
  existingCustomerSimilarProduct: z.boolean().default(false),
  oppositionListed: z.boolean().default(false),
  /** The consent purpose (key) to read; every marketing purpose of the channel when absent. */
  consentPurpose: z.string().min(1).max(100).optional(),
};

/** May we contact this person, on this channel, for this purpose, at this instant (now when absent)? */
export const CheckContactSchema = z
  .object({
    customerId: z.uuid(),
    channel: z.enum(CONTACT_CHANNELS),
    purpose: z.enum(CONTACT_PURPOSES),
    at: z.iso.datetime({ offset: true }).optional(),
    ...DeclaredFactsSchema,
  })
  .strict();
export type CheckContactInput = z.infer<typeof CheckContactSchema>;

/** Questions one request may ask (as many as a consent decisions request). */
export const CHECK_BATCH_MAX = 1000;

/**
 * Many checks at once, answered in the same order: each question as the single check's body; one
 * without its own `at` is judged at the batch's `at` (now when absent).
 */
export const CheckContactsSchema = z
  .object({
    at: z.iso.datetime({ offset: true }).optional(),
    questions: z.array(CheckContactSchema).min(1).max(CHECK_BATCH_MAX),
  })
  .strict();
export type CheckContactsInput = z.infer<typeof CheckContactsSchema>;

/** An attempt that happened (now when `occurredAt` is absent), with its outcome. */
export const RecordAttemptSchema = z
  .object({
    customerId: z.uuid(),
    channel: z.enum(CONTACT_CHANNELS),
    purpose: z.enum(CONTACT_PURPOSES),
    outcome: z.enum(CONTACT_OUTCOMES),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    ...DeclaredFactsSchema,
  })
  .strict();
export type RecordAttemptInput = z.infer<typeof RecordAttemptSchema>;

export const HistoryQuerySchema = z.object({ customerId: z.uuid() }).strict();

const ReasonDtoSchema = z.object({
  code: z.enum(CONTACT_REASON_CODES),
  /** `law` (with its article in `ref`) or the organisation's own `policy`. */
  source: z.enum(['law', 'policy']),
  ref: z.string(),
  /** Ids of the records the reason rests on (consent events, restrictions, earlier attempts). */
  evidence: z.array(z.string()),
});

const EvidenceDtoSchema = z.object({
  consentEvents: z.array(z.string()),
  restrictions: z.array(z.string()),
  attempts: z.array(z.string()),
  /** The opposition list extract the number was checked against (phone), found or not. */
  oppositionLists: z.array(z.string()).optional(),
});

export const ContactDecisionDtoSchema = z.object({
  allowed: z.boolean(),
  at: z.string(),
  tz: z.string(),
  /** The consumer's local date on which the rules in force were chosen. */
  judgedOn: z.string(),
  reasons: z.array(ReasonDtoSchema),
  rules: z.array(z.string()),
  evidence: EvidenceDtoSchema,
  /** The first instant the rules would allow, if only time stands in the way; null otherwise. */
  nextAllowedAt: z.string().nullable(),
  /** The legal calling windows on the consumer's wall clock, e.g. "10:00-13:00" (C. consom. D.223-9). */
  callingWindows: z.array(z.string()),
});
export type ContactDecisionDto = z.infer<typeof ContactDecisionDtoSchema>;

/** The answers of a batch of checks, in the order of the questions. */
export const ContactDecisionsDtoSchema = z.object({ items: z.array(ContactDecisionDtoSchema) });
export type ContactDecisionsDto = z.infer<typeof ContactDecisionsDtoSchema>;

export const ContactAttemptDtoSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  channel: z.enum(CONTACT_CHANNELS),
  purpose: z.enum(CONTACT_PURPOSES),
  outcome: z.enum(CONTACT_OUTCOMES),
  occurredAt: z.string(),
  source: z.enum(CONTACT_SOURCES),
  /** The dialer or sender an imported attempt came from, or the campaign that made it. */
  sourceRef: z.string().nullable(),
  allowed: z.boolean(),
  reasons: z.array(z.string()),
  rules: z.array(z.string()),
  evidence: EvidenceDtoSchema,
  /** Consent events this attempt's outcome recorded (a refusal withdrawing the phone consent). */
  withdrawals: z.array(z.string()).optional(),
});
export type ContactAttemptDto = z.infer<typeof ContactAttemptDtoSchema>;

export const ContactHistoryDtoSchema = z.object({ items: z.array(ContactAttemptDtoSchema) });

/** The report of a contact-history file checked (`dry_run`) or imported (`commit`, with the dry run's hash). */
export const HistoryImportReportSchema = importReportSchema(
  {
    /** Accepted attempts the rules did not allow at their time (imported all the same, flagged). */
    againstRules: z.number(),
    /** Phone consents withdrawn by the file's refusals (commit only). */
    withdrawals: z.number(),
    imported: z.number(),
  },
  { channel: z.string(), outcome: z.string(), allowed: z.boolean().nullable(), reasons: z.array(z.string()) },
);
export type HistoryImportReportDto = z.infer<typeof HistoryImportReportSchema>;

/**
 * An opposition list extract to load: its date and list in the query, the file itself as the
 * request's body (`application/octet-stream`, one number a line), streamed rather than a form.
 */
export const OppositionImportQuerySchema = z
  .object({
    /** The extract's date: in force from that day until the next extract. */
    extractedOn: z.iso.date(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
      .default('bloctel'),
    lang: z.enum(['fr', 'en']).optional(),
  })
  .strict();

export const OppositionListDtoSchema = z.object({
  id: z.uuid(),
  country: z.string(),
  name: z.string(),
  extractedOn: z.string(),
  status: z.enum(['loading', 'ready']),
  entries: z.number(),
  rejected: z.number(),
  fileHash: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});
export type OppositionListDto = z.infer<typeof OppositionListDtoSchema>;

export const OppositionImportDtoSchema = z.object({
  list: OppositionListDtoSchema,
  /** The same file was already loaded: nothing was written. */
  already: z.boolean(),
  /** Lines that are not phone numbers (the first 100; `list.rejected` counts them all). */
  rejected: z.array(z.object({ line: z.number(), message: z.string() })),
});

/** Whose phone prospecting consents the agent's screen shows. */
export const PhoneConsentQuerySchema = z.object({ customerId: z.uuid() }).strict();

/**
 * An agent records that the customer on the phone gave or withdrew their phone prospecting
 * consent for one purpose (id or key). `phoneNotice`: the notice the screen showed and the agent
 * read out (`id@version`), owed with a consent given from 2026-08-11 (C. consom. L.223-1).
 */
export const PhoneConsentSchema = z
  .object({
    customerId: z.uuid(),
    purpose: z.string().min(1).max(64),
    kind: z.enum(['given', 'withdrawn']),
    phoneNotice: z.string().trim().min(1).max(80).optional(),
    /** Where the call's own proof is kept (a call recording id), GDPR Art. 7(1). */
    proofRef: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type PhoneConsentInput = z.infer<typeof PhoneConsentSchema>;

export const PhoneConsentDtoSchema = z.object({
  customerId: z.uuid(),
  /** The notice to read out now, or null when none is owed (before 2026-08-11 in the customer's day). */
  notice: z.object({ key: z.string(), version: z.string(), ref: z.string(), textKey: z.string() }).nullable(),
  purposes: z.array(
    z.object({
      id: z.uuid(),
      key: z.string(),
      titleFr: z.string(),
      titleEn: z.string(),
      state: z.enum(['given', 'withdrawn', 'none']),
      eventId: z.uuid().nullable(),
    }),
  ),
});
export type PhoneConsentDto = z.infer<typeof PhoneConsentDtoSchema>;

export const PhoneConsentRecordedDtoSchema = z.object({
  event: z.object({
    id: z.uuid(),
    kind: z.enum(['given', 'withdrawn']),
    method: z.string(),
    occurredAt: z.string(),
    phoneNotice: z.string().nullable(),
  }),
  consent: PhoneConsentDtoSchema,
});
