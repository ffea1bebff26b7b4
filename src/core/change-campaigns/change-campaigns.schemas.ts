import { z } from 'zod';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { CHANGE_MESSAGE_TYPES, NOTICE_ORIGINS, NOTICE_STATUSES } from './change-campaigns.tables.ts';

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

/** What creating a campaign would do (nothing stored): the rule, the dates, how many contracts and how many moved. */
export const ChangeCampaignPreviewDtoSchema = z.object({
  offerId: z.uuid(),
  toVersionId: z.uuid(),
  toVersion: z.number().int(),
  fromVersion: z.number().int(),
  sector: z.enum(NOTICE_SECTORS),
  messageType: z.enum(CHANGE_MESSAGE_TYPES),
  sendOn: day,
  plannedEffectiveOn: day,
  rule: z.object({
    noticeMonths: z.number().int(),
    terminationAnchor: z.enum(['notice', 'effective']),
    terminationMonths: z.number().int(),
    source: z.enum(['law', 'policy']),
    ref: z.string(),
  }),
  /** The last day a notice may go for the planned day. */
  sendBy: day,
  /** Sent on `sendOn`, the notices are late for the planned day: the change moves to `effectiveOn` for every contract. */
  moved: z.boolean(),
  effectiveOn: day,
  terminateBy: day,
  contracts: z.number().int(),
  movedContracts: z.number().int(),
  existingCampaignId: z.uuid().nullable(),
});
export type ChangeCampaignPreviewDto = z.infer<typeof ChangeCampaignPreviewDtoSchema>;

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
    /** Contracts concluded on an earlier version after the campaign was planned, given their own notice. */
    concludedAfter: z.number().int(),
    /** Contracts moved to the new version (notice sent, effective day come). */
    applied: z.number().int(),
    /** Customers not told in time (refused, or unsent past the last lawful day): kept on the old terms. */
    held: z.number().int(),
    /** Sent notices whose change has not applied yet. */
    toApply: z.number().int(),
  }),
  /**
   * scheduled: nothing goes before the send day; sending: notices left to send; sent: every notice
   * went or was refused, changes waiting for their day; applied: every sent notice's change applied.
   */
  status: z.enum(['scheduled', 'sending', 'sent', 'applied']),
});
export type ChangeCampaignDto = z.infer<typeof ChangeCampaignDtoSchema>;

export const ChangeCampaignListDtoSchema = z.object({ items: z.array(ChangeCampaignDtoSchema) });

/** Why a customer's change applies later than planned: late campaign, sent after its last day, or a contract concluded after the announcement. */
export const NOTICE_SHIFTS = ['late_notice', 'sent_late', 'concluded_after'] as const;

export const ChangeNoticeDtoSchema = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  contractReference: z.string(),
  status: z.enum(NOTICE_STATUSES),
  origin: z.enum(NOTICE_ORIGINS),
  shift: z.enum(NOTICE_SHIFTS).nullable(),
  /** Not told in time (refused, or unsent past its last day) and the contract active: kept on the old terms until a notice goes. */
  held: z.boolean(),
  retryOn: z.string().nullable(),
  appliedOn: z.string().nullable(),
  sendOn: z.string(),
  sendBy: z.string(),
  plannedEffectiveOn: z.string(),
  effectiveOn: z.string(),
  moved: z.boolean(),
  terminateBy: z.string(),
  ruleRef: z.string(),
  sentOn: z.string().nullable(),
});

export const NoticeSampleDtoSchema = z.object({
  lang: z.enum(['fr', 'en']),
  variant: z.enum(['standard', 'moved']),
  subject: z.string(),
  text: z.string(),
});

export const ChangeCampaignDetailDtoSchema = ChangeCampaignDtoSchema.extend({
  fromVersion: z.number().int().nullable(),
  messages: z.array(NoticeSampleDtoSchema),
  notices: z.array(ChangeNoticeDtoSchema),
});
export type ChangeCampaignDetailDto = z.infer<typeof ChangeCampaignDetailDtoSchema>;

/** One notice's evidence: what was sent, when, to whom, under which rule, and the contact guard's answer. */
export const NoticeEvidenceDtoSchema = ChangeNoticeDtoSchema.extend({
  campaignId: z.uuid(),
  sentAt: z.string().nullable(),
  sentTo: z.string().nullable(),
  locale: z.enum(['fr', 'en']).nullable(),
  noticeMonths: z.number().int(),
  ruleSource: z.enum(['law', 'policy']),
  attemptId: z.uuid().nullable(),
  decision: z.object({ allowed: z.boolean(), reasons: z.array(z.string()), rules: z.array(z.string()), judgedOn: z.string() }).nullable(),
  mail: z.object({ template: z.string(), locale: z.enum(['fr', 'en']), subject: z.string(), text: z.string() }).nullable(),
});
export type NoticeEvidenceDto = z.infer<typeof NoticeEvidenceDtoSchema>;
