import { z } from 'zod';
import { UploadedFilesSchema } from '../../api/plugins/multipart.ts';
import { AUTHORITIES, CURRENCIES, LINKED_RECORD_TYPES, REGULATORY_KINDS, REGULATORY_STATUSES, SUBJECT_AREAS } from './regulatory.tables.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.iso.date();

/** A record the event concerns, by type and id. */
export const LinkedRecordSchema = z.object({ type: z.enum(LINKED_RECORD_TYPES), id: z.uuid() }).strict();

const eventFields = {
  occurredOn: day,
  authority: z.enum(AUTHORITIES),
  /** Required when the authority is `other`. */
  authorityName: text(200).nullable(),
  kind: z.enum(REGULATORY_KINDS),
  subjectArea: z.enum(SUBJECT_AREAS),
  status: z.enum(REGULATORY_STATUSES),
  substantiated: z.boolean().nullable(),
  description: text(10_000),
  outcome: text(10_000).nullable(),
  /** Fines: the amount in cents (a million euros is 100,000,000) with its currency. */
  amountCents: z.number().int().min(0).max(2_000_000_000).nullable(),
  currency: z.enum(CURRENCIES).nullable(),
  linkedRecords: z.array(LinkedRecordSchema).max(50),
};

/** A new event: when, who, what, about what, and the description; the rest as known. */
export const CreateRegulatoryEventSchema = z
  .object({
    occurredOn: eventFields.occurredOn,
    authority: eventFields.authority,
    kind: eventFields.kind,
    subjectArea: eventFields.subjectArea,
    description: eventFields.description,
  })
  .extend(
    z
      .object(eventFields)
      .omit({ occurredOn: true, authority: true, kind: true, subjectArea: true, description: true })
      .partial().shape,
  )
  .strict();
export type CreateRegulatoryEventInput = z.infer<typeof CreateRegulatoryEventSchema>;

/** Any of the fields; at least one. */
export const UpdateRegulatoryEventSchema = z
  .object(eventFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'empty' });
export type UpdateRegulatoryEventInput = z.infer<typeof UpdateRegulatoryEventSchema>;

/** The multipart body of an evidence upload: one or more files under `evidence`. */
export const EvidenceBodySchema = z.object({ evidence: UploadedFilesSchema }).passthrough();

export const RegulatoryListQuery = z
  .object({ from: day.optional(), to: day.optional(), subjectArea: z.enum(SUBJECT_AREAS).optional() })
  .strict();
export type RegulatoryListQueryInput = z.infer<typeof RegulatoryListQuery>;
export const IdParams = z.object({ id: z.uuid() }).strict();
export const EvidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid() }).strict();

export const EvidenceDtoSchema = z.object({
  id: z.string(),
  /** Null once the event's key is destroyed. */
  filename: z.string().nullable(),
  kind: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});

export const RegulatoryEventSummaryDtoSchema = z.object({
  id: z.string(),
  reference: z.string(),
  occurredOn: z.string(),
  authority: z.enum(AUTHORITIES),
  authorityName: z.string().nullable(),
  kind: z.enum(REGULATORY_KINDS),
  subjectArea: z.enum(SUBJECT_AREAS),
  status: z.enum(REGULATORY_STATUSES),
  substantiated: z.boolean().nullable(),
  amount: z.object({ cents: z.number().int(), currency: z.enum(CURRENCIES) }).nullable(),
});
export type RegulatoryEventSummaryDto = z.infer<typeof RegulatoryEventSummaryDtoSchema>;

export const RegulatoryEventDtoSchema = RegulatoryEventSummaryDtoSchema.extend({
  description: z.string(),
  outcome: z.string().nullable(),
  linkedRecords: z.array(z.object({ type: z.enum(LINKED_RECORD_TYPES), id: z.string(), path: z.string().nullable() })),
  evidence: z.array(EvidenceDtoSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ edit: z.boolean(), addEvidence: z.boolean(), downloadEvidence: z.boolean() }),
});
export type RegulatoryEventDto = z.infer<typeof RegulatoryEventDtoSchema>;
