import { z } from 'zod';
import { ACTION_STATUSES, FINDING_SEVERITIES, FINDING_SOURCES, FINDING_STATUSES } from './audits.tables.ts';

const day = z.iso.date();

export const IdParams = z.object({ id: z.uuid() }).strict();

export const FindingListQuery = z
  .object({
    status: z.enum(['open', 'closed', 'all']).default('open'),
    severity: z.enum(FINDING_SEVERITIES).optional(),
    source: z.enum(FINDING_SOURCES).optional(),
  })
  .strict();
export type FindingListInput = z.infer<typeof FindingListQuery>;

export const CloseFindingSchema = z.object({ note: z.string().trim().min(1).max(2000) }).strict();
export type CloseFindingInput = z.infer<typeof CloseFindingSchema>;

export const AddActionSchema = z
  .object({
    title: z.string().trim().min(1).max(500),
    ownerId: z.uuid(),
    dueOn: day,
  })
  .strict();
export type AddActionInput = z.infer<typeof AddActionSchema>;

export const UpdateActionSchema = z
  .object({
    title: z.string().trim().min(1).max(500).optional(),
    ownerId: z.uuid().optional(),
    dueOn: day.optional(),
  })
  .strict();
export type UpdateActionInput = z.infer<typeof UpdateActionSchema>;

export const CloseActionSchema = z.object({ status: z.enum(['done', 'cancelled']) }).strict();
export type CloseActionInput = z.infer<typeof CloseActionSchema>;

const Closure = z.object({ by: z.enum(['control', 'user']), on: z.string(), reason: z.string() });

export const FindingSummaryDtoSchema = z.object({
  id: z.string(),
  reference: z.string(),
  source: z.enum(FINDING_SOURCES),
  controlKey: z.string().nullable(),
  severity: z.enum(FINDING_SEVERITIES),
  status: z.enum(FINDING_STATUSES),
  /** In the viewer's language, from the finding's message key and parameters. */
  title: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type FindingSummaryDto = z.infer<typeof FindingSummaryDtoSchema>;

export const FindingListDtoSchema = z.object({
  items: z.array(FindingSummaryDtoSchema),
  /** At most this many findings are listed. */
  limit: z.number().int(),
  /** When the controls last ran (null: never). */
  controlsRanAt: z.string().nullable(),
});
export type FindingListDto = z.infer<typeof FindingListDtoSchema>;

export const EvidenceDtoSchema = z.object({
  type: z.string(),
  id: z.string(),
  /** The record's name when the viewer may read it (a reference, a KPI's name), else null. */
  label: z.string().nullable(),
  /** Where it opens in the back office, for a viewer who may read it; else null. */
  path: z.string().nullable(),
});

export const ActionDtoSchema = z.object({
  id: z.string(),
  title: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  doneAt: z.string().nullable(),
  abilities: z.object({ edit: z.boolean(), close: z.boolean() }),
});
export type ActionDto = z.infer<typeof ActionDtoSchema>;

export const FindingDtoSchema = FindingSummaryDtoSchema.extend({
  explanation: z.string(),
  evidence: z.array(EvidenceDtoSchema),
  closure: Closure.nullable(),
  actions: z.array(ActionDtoSchema),
  /** Who may own an action (active users of the organisation), for someone who may add one. */
  owners: z.array(z.object({ id: z.string(), name: z.string() })),
  abilities: z.object({ addAction: z.boolean(), close: z.boolean() }),
});
export type FindingDto = z.infer<typeof FindingDtoSchema>;

export const ControlRunDtoSchema = z.object({
  opened: z.number().int(),
  closed: z.number().int(),
  open: z.number().int(),
  failed: z.array(z.string()),
});
