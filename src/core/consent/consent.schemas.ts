import { z } from 'zod';
import { importReportSchema } from '../../api/csv-import.ts';
import { CHANNELS, CONSENT_EVENT_KINDS, CONSENT_METHODS, LEGAL_BASES } from './consent.tables.ts';

export const IdParamsSchema = z.object({ id: z.uuid() }).strict();

const text = (max: number) => z.string().trim().min(1).max(max);
export const NoticeSchema = z.object({ titleFr: text(200), titleEn: text(200), textFr: text(5000), textEn: text(5000) }).strict();

export const CreatePurposeSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
    legalBasis: z.enum(LEGAL_BASES),
    /** fideslang data-use category, e.g. `marketing.communications.email`. */
    dataUse: z.string().regex(/^[a-z_]+(\.[a-z_]+){0,5}$/),
    channels: z.array(z.enum(CHANNELS)).min(1).max(4),
    gpcApplies: z.boolean().optional(),
    notice: NoticeSchema,
  })
  .strict();
export type CreatePurposeInput = z.infer<typeof CreatePurposeSchema>;

export const RecordConsentSchema = z
  .object({
    customerId: z.uuid(),
    purpose: z.string().min(1).max(64),
    channel: z.enum(CHANNELS),
    kind: z.enum(CONSENT_EVENT_KINDS),
    method: z.enum(CONSENT_METHODS),
    source: z.string().trim().min(1).max(200),
    noticeVersion: z.number().int().min(1).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    /** Where the proof is kept: call recording id, scanned form (GDPR Art. 7(1)). */
    proofRef: z.string().trim().min(1).max(200).optional(),
    /**
     * The phone-collection notice the screen showed when the number was collected with this
     * consent (`id@version`, e.g. `phone_canvassing_consent@2026-08-11`; C. consom. L.223-1):
     * phone channel only, and only the notice in force at `occurredAt`.
     */
    phoneNotice: z.string().trim().min(1).max(80).optional(),
  })
  .strict();

export const DecisionsSchema = z
  .object({
    at: z.iso.datetime({ offset: true }).optional(),
    items: z
      .array(z.object({ customerId: z.uuid(), purpose: z.string().min(1).max(64), channel: z.enum(CHANNELS) }).strict())
      .min(1)
      .max(1000),
  })
  .strict();

export const DecisionDtoSchema = z.object({ allowed: z.boolean(), reason: z.string(), evidence: z.string().nullable() });

export const NoticeDtoSchema = z.object({
  version: z.number(),
  titleFr: z.string(),
  titleEn: z.string(),
  textFr: z.string(),
  textEn: z.string(),
  createdAt: z.string(),
});
export const PurposeDtoSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  legalBasis: z.enum(LEGAL_BASES),
  dataUse: z.string(),
  channels: z.array(z.string()),
  gpcApplies: z.boolean(),
  currentVersion: z.number(),
  status: z.string(),
  notices: z.array(NoticeDtoSchema),
});

export const ConsentEventDtoSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  purposeId: z.uuid(),
  channel: z.enum(CHANNELS),
  kind: z.enum(CONSENT_EVENT_KINDS),
  noticeVersion: z.number(),
  method: z.enum(CONSENT_METHODS),
  source: z.string(),
  occurredAt: z.string(),
  /** The phone-collection notice shown with the number (`id@version`), part of the proof; null when none. */
  phoneNotice: z.string().nullable(),
});

export const RateDtoSchema = z.object({
  purposeId: z.uuid(),
  key: z.string(),
  given: z.number(),
  withdrawn: z.number(),
  refused: z.number(),
  expired: z.number(),
  total: z.number(),
  rate: z.number().nullable(),
});

export const ImportReportSchema = importReportSchema(
  { newSubjects: z.number(), imported: z.number() },
  { purpose: z.string(), channel: z.string(), state: z.string() },
);

export const ExportQuerySchema = z.object({ scope: z.enum(['states', 'ledger']).default('states') }).strict();
