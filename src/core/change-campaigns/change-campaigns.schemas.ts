import { z } from 'zod';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { CHANGE_MESSAGE_TYPES, NOTICE_STATUSES } from './change-campaigns.tables.ts';

const day = z.iso.date();

/**
 * A change campaign for a new version of an offer: `toVersionId` defaults to the offer's latest
 * version, `sendOn` (the day the notices go out) to today in the organisation's zone.
 */
export const CreateChangeCampaignSchema = z
  .object({
    offerId: z.uuid(),
    toVersionId: z.uuid().optional(),
    sendOn: day.optional(),
  })
  .strict();
export type CreateChangeCampaignInput = z.infer<typeof CreateChangeCampaignSchema>;

export const ChangeCampaignParamsSchema = z.object({ id: z.uuid() }).strict();

const FindingDto = z.object({
  category: z.string(),
  severity: z.enum(['low', 'medium', 'high']),
  rule: z.string(),
  ruleId: z.string(),
  message: z.string(),
});

export const NoticeCheckDtoSchema = z.object({
  lang: z.enum(['fr', 'en']),
  variant: z.enum(['standard', 'moved']),
  flagged: z.boolean(),
  score: z.number(),
  findings: z.array(FindingDto),
});

export const ChangeCampaignDtoSchema = z.object({
  id: z.uuid(),
  offerId: z.uuid(),
  offerName: z.object({ fr: z.string(), en: z.string() }),
  toVersionId: z.uuid(),
  toVersion: z.number().int(),
  sector: z.enum(NOTICE_SECTORS),
  messageType: z.enum(CHANGE_MESSAGE_TYPES),
  plannedEffectiveOn: z.string(),
  sendOn: z.string(),
  createdAt: z.string(),
  /** A high-severity finding of the checker: shown, never blocking (the law sets the time). */
  flagged: z.boolean(),
  checks: z.array(NoticeCheckDtoSchema),
  counts: z.object({
    planned: z.number().int(),
    sent: z.number().int(),
    refused: z.number().int(),
    moved: z.number().int(),
    /** Contracts terminated after their notice was sent. */
    terminated: z.number().int(),
  }),
});
export type ChangeCampaignDto = z.infer<typeof ChangeCampaignDtoSchema>;

export const ChangeCampaignListDtoSchema = z.object({ items: z.array(ChangeCampaignDtoSchema) });

export const ChangeNoticeDtoSchema = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  status: z.enum(NOTICE_STATUSES),
  sendOn: z.string(),
  sendBy: z.string(),
  plannedEffectiveOn: z.string(),
  effectiveOn: z.string(),
  moved: z.boolean(),
  terminateBy: z.string(),
  ruleRef: z.string(),
  sentOn: z.string().nullable(),
});

export const ChangeCampaignDetailDtoSchema = ChangeCampaignDtoSchema.extend({ notices: z.array(ChangeNoticeDtoSchema) });
