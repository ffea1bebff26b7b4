import { z } from 'zod';
import { UploadedFilesSchema } from '../../api/plugins/multipart.ts';
import { ACTION_STATUSES, FINDING_SEVERITIES, FINDING_STATUSES } from './audits.tables.ts';
import { ANSWERS, AUDIT_STATUSES } from './ethics-audit.tables.ts';
import { TEMPLATE_KEYS } from './ethics-audit.templates.ts';

const day = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
/** `<section>.<item>` as the templates name items. */
const itemKey = z.string().regex(/^[a-z0-9_]{1,60}\.[a-z0-9_]{1,60}$/);

export const IdParams = z.object({ id: z.uuid() }).strict();
export const EvidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid() }).strict();

export const AuditListQuery = z.object({ status: z.enum(['open', 'closed', 'all']).default('all') }).strict();
export type AuditListInput = z.infer<typeof AuditListQuery>;

export const CreateAuditSchema = z
  .object({
    templateKey: z.enum(TEMPLATE_KEYS),
    scope: text(2000),
    /** The person conducting it; the creator when not given. */
    auditorId: z.uuid().optional(),
    /** First day; today (the organisation's day) when not given. */
    startsOn: day.optional(),
    endsOn: day.optional(),
  })
  .strict();
export type CreateAuditInput = z.infer<typeof CreateAuditSchema>;

export const UpdateAuditSchema = z
  .object({
    scope: text(2000),
    auditorId: z.uuid(),
    startsOn: day,
    endsOn: day.nullable(),
    conclusion: z.string().trim().max(8000).nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'empty' });
export type UpdateAuditInput = z.infer<typeof UpdateAuditSchema>;

export const AnswerSchema = z
  .object({
    itemKey,
    answer: z.enum(ANSWERS),
    comment: z.string().trim().max(4000).optional(),
  })
  .strict();
export type AnswerInput = z.infer<typeof AnswerSchema>;

export const MoveAuditSchema = z.object({ status: z.enum(['in_progress', 'reporting', 'closed']) }).strict();
export type MoveAuditInput = z.infer<typeof MoveAuditSchema>;

/**
 * A finding of the audit: from a checklist item judged non-compliant (its question is the title),
 * or written by the auditor (`title` then required), with its severity, the observation and the
 * recommendation.
 */
export const RaiseFindingSchema = z
  .object({
    itemKey: itemKey.optional(),
    title: text(300).optional(),
    severity: z.enum(FINDING_SEVERITIES),
    observation: text(4000),
    recommendation: text(4000),
  })
  .strict();
export type RaiseFindingInput = z.infer<typeof RaiseFindingSchema>;

/** The multipart body of an evidence upload: files under `evidence`, and the item they support (none: the whole audit). */
export const AuditEvidenceBodySchema = z.object({ evidence: UploadedFilesSchema, itemKey: itemKey.optional() }).passthrough();

export const TemplateDtoSchema = z.object({
  key: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  items: z.number().int(),
  sections: z.array(z.object({ key: z.string(), title: z.string(), items: z.array(z.object({ itemKey: z.string(), ref: z.string(), question: z.string() })) })),
});
export type TemplateDto = z.infer<typeof TemplateDtoSchema>;
export const TemplateListDtoSchema = z.object({ items: z.array(TemplateDtoSchema) });

const Progress = z.object({ answered: z.number().int(), total: z.number().int(), nonCompliant: z.number().int() });

export const AuditSummaryDtoSchema = z.object({
  id: z.string(),
  reference: z.string(),
  templateKey: z.string(),
  /** The template's title in the viewer's language, as copied into the audit. */
  title: z.string(),
  scope: z.string(),
  auditorId: z.string(),
  auditorName: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(AUDIT_STATUSES),
  progress: Progress,
  openFindings: z.number().int(),
});
export type AuditSummaryDto = z.infer<typeof AuditSummaryDtoSchema>;
export const AuditListDtoSchema = z.object({ items: z.array(AuditSummaryDtoSchema) });

export const AuditFileDtoSchema = z.object({
  id: z.string(),
  /** Null once the audit's key is destroyed. */
  filename: z.string().nullable(),
  kind: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.string(),
});

export const AuditItemDtoSchema = z.object({
  itemKey: z.string(),
  ref: z.string(),
  question: z.string(),
  guidance: z.string(),
  evidence: z.string(),
  answer: z
    .object({ answer: z.enum(ANSWERS), comment: z.string().nullable(), answeredAt: z.string(), answeredBy: z.string().nullable() })
    .nullable(),
  files: z.array(AuditFileDtoSchema),
  /** The finding raised from this item, if any. */
  findingId: z.string().nullable(),
});
export type AuditItemDto = z.infer<typeof AuditItemDtoSchema>;

export const AuditFindingDtoSchema = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  severity: z.enum(FINDING_SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  itemKey: z.string().nullable(),
  recommendation: z.string(),
  actions: z.array(
    z.object({ id: z.string(), title: z.string(), ownerName: z.string().nullable(), dueOn: z.string(), status: z.enum(ACTION_STATUSES), overdue: z.boolean() }),
  ),
});
export type AuditFindingDto = z.infer<typeof AuditFindingDtoSchema>;

export const AuditDtoSchema = AuditSummaryDtoSchema.extend({
  templateVersion: z.number().int(),
  description: z.string(),
  conclusion: z.string().nullable(),
  sections: z.array(z.object({ key: z.string(), title: z.string(), items: z.array(AuditItemDtoSchema) })),
  /** Files for the whole audit (not one item). */
  files: z.array(AuditFileDtoSchema),
  findings: z.array(AuditFindingDtoSchema),
  /** Who may conduct it (active users), for someone who may change it. */
  auditors: z.array(z.object({ id: z.string(), name: z.string() })),
  closedAt: z.string().nullable(),
  abilities: z.object({
    edit: z.boolean(),
    answer: z.boolean(),
    addEvidence: z.boolean(),
    raiseFinding: z.boolean(),
    moveTo: z.array(z.enum(AUDIT_STATUSES)),
  }),
});
export type AuditDto = z.infer<typeof AuditDtoSchema>;
