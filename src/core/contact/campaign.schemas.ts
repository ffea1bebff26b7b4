import { z } from 'zod';
import { CONTACT_REASON_CODES, CONTACT_SECTORS } from '../../rules/contact/index.ts';
import { MESSAGE_TYPES } from '../../rules/messages/index.ts';
import { UploadedFileSchema } from '../../api/plugins/multipart.ts';
import { isValidTimeZone } from '../../rules/index.ts';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from './contact.tables.ts';
import { AUDIENCE_SOURCES } from './campaign.tables.ts';

/**
 * Why a recipient is left out of a campaign: a reason of the contact rules, or the person was
 * erased since the audience was loaded (GDPR Art. 17: no one is contacted from an old list).
 */
export const CAMPAIGN_REASON_CODES = [...CONTACT_REASON_CODES, 'subject_erased'] as const;
export type CampaignReasonCode = (typeof CAMPAIGN_REASON_CODES)[number];

/**
 * Why a campaign may not be sent or exported, whatever its recipients: its message has a
 * high-severity finding that no ethics officer has approved (messages module), no scrub yet, or
 * a scrub no longer fresh (campaign.policy.ts scrubFreshness: another day, or facts changed since).
 */
export const CAMPAIGN_BLOCKS = ['message_not_approved', 'not_scrubbed', 'scrub_stale'] as const;
export type CampaignBlock = (typeof CAMPAIGN_BLOCKS)[number];

/**
 * A new campaign, sent as multipart/form-data: the audience file (`file`: a CSV with one of the
 * columns customer_id, email or phone a line) and the fields below (strings, as a form sends them).
 */
export const CreateCampaignFormSchema = z
  .object({
    file: UploadedFileSchema,
    name: z.string().trim().min(1).max(200),
    channel: z.enum(CONTACT_CHANNELS),
    purpose: z.enum(CONTACT_PURPOSES),
    sector: z.enum(CONTACT_SECTORS).default('other'),
    message: z.string().trim().min(1).max(5_000),
    scheduledAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type CreateCampaignForm = z.infer<typeof CreateCampaignFormSchema>;
export type CreateCampaignInput = Omit<CreateCampaignForm, 'file'>;

export { AUDIENCE_SOURCES };
export type AudienceSource = (typeof AUDIENCE_SOURCES)[number];

/** Whether the person has a contract in force with the organisation (the ongoing-contract exception, cross-selling). */
export const AUDIENCE_CONTRACT_STATES = ['any', 'active', 'none'] as const;
export const AUDIENCE_LOCALES = ['fr', 'en'] as const;

const localDate = z.iso.date();
const ianaZone = z
  .string()
  .max(64)
  .refine((zone) => isValidTimeZone(zone), { message: 'unknown_time_zone' });
/** A short list of distinct values (a filter names a handful, not a customer file). */
const few = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).optional();

/**
 * A saved audience filter over the organisation's customers. Every condition given must hold
 * (AND); within a list any value may (OR). Whatever the filter, only people who are not erased and
 * whom the campaign's channel can reach (a phone number for phone and SMS, an e-mail address, a
 * postal address) are selected. Dates are local days of the organisation's time zone, both ends
 * included. Consent is not a filter: every selected person is judged by the scrub.
 */
export const AudienceFilterSchema = z
  .object({
    /** The customer's language. */
    locales: few(z.enum(AUDIENCE_LOCALES), 10),
    /** The customer's time zone (IANA), e.g. only overseas customers. */
    timezones: few(ianaZone, 50),
    /** A contract in force (status active) or none. */
    contract: z.enum(AUDIENCE_CONTRACT_STATES).default('any'),
    /** A contract in force on one of these offers (implies contract = active). */
    offerIds: few(z.uuid(), 50),
    /** Customer record created from / through these days. */
    createdFrom: localDate.optional(),
    createdTo: localDate.optional(),
    /** Contacted (any channel, any outcome in the contact history) on or after this day. */
    contactedSince: localDate.optional(),
    /** Not contacted (any channel) on or after this day: people left alone since then, or never contacted. */
    notContactedSince: localDate.optional(),
  })
  .strict()
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom <= f.createdTo, { path: ['createdTo'], message: 'date_order' })
  .refine((f) => !f.offerIds?.length || f.contract !== 'none', { path: ['offerIds'], message: 'offers_without_contract' });
export type AudienceFilter = z.infer<typeof AudienceFilterSchema>;

/** "How many people would this filter select for this channel?" (nothing is saved). */
export const AudiencePreviewSchema = z.object({ channel: z.enum(CONTACT_CHANNELS), filter: AudienceFilterSchema }).strict();
export type AudiencePreviewInput = z.infer<typeof AudiencePreviewSchema>;
export const AudiencePreviewDtoSchema = z.object({ count: z.number() });

/** A new campaign whose audience is a saved filter (JSON): the filter is kept with the campaign as evidence. */
export const CreateFilterCampaignSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    channel: z.enum(CONTACT_CHANNELS),
    purpose: z.enum(CONTACT_PURPOSES),
    sector: z.enum(CONTACT_SECTORS).default('other'),
    message: z.string().trim().min(1).max(5_000),
    scheduledAt: z.iso.datetime({ offset: true }),
    filter: AudienceFilterSchema,
  })
  .strict();
export type CreateFilterCampaignInput = z.infer<typeof CreateFilterCampaignSchema>;

export const CampaignIdParamsSchema = z.object({ id: z.uuid() }).strict();
export const ScrubParamsSchema = z.object({ id: z.uuid(), scrubId: z.uuid() }).strict();

/** A call (or message) about to be made to one recipient of a scheduled campaign: judged now, or at `at`. */
export const RecheckSchema = z
  .object({
    customerId: z.uuid(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type RecheckInput = z.infer<typeof RecheckSchema>;

export const ScrubDtoSchema = z.object({
  id: z.uuid(),
  /** The instant judged: the campaign's send instant. */
  at: z.string(),
  recipients: z.number(),
  allowed: z.number(),
  denied: z.number(),
  /** Recipients refused, by reason (one recipient counts under each of its reasons), most frequent first. */
  byReason: z.array(z.object({ code: z.enum(CAMPAIGN_REASON_CODES), count: z.number() })),
  createdAt: z.string(),
  /** The CSV of every decision (the scrub report kept as evidence). */
  decisionsUrl: z.string(),
});
export type ScrubDto = z.infer<typeof ScrubDtoSchema>;

export const CampaignSummaryDtoSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(CONTACT_CHANNELS),
  purpose: z.enum(CONTACT_PURPOSES),
  sector: z.enum(CONTACT_SECTORS),
  scheduledAt: z.string(),
  recipients: z.number(),
  createdAt: z.string(),
  latestScrub: ScrubDtoSchema.nullable(),
  /** Why the campaign may not be sent or exported now; empty when it may. */
  blocks: z.array(z.enum(CAMPAIGN_BLOCKS)),
});
export type CampaignSummaryDto = z.infer<typeof CampaignSummaryDtoSchema>;

const FindingDtoSchema = z.object({
  category: z.string(),
  severity: z.enum(['low', 'medium', 'high']),
  rule: z.string(),
  message: z.string(),
  start: z.number(),
  end: z.number(),
});

export const CampaignDetailDtoSchema = CampaignSummaryDtoSchema.extend({
  message: z.string(),
  /** What the message checker found when the campaign was created. */
  messageCheck: z.object({ lang: z.string(), flagged: z.boolean(), score: z.number(), findings: z.array(FindingDtoSchema) }),
  /** The type the message checker reads the message as (what an approval request names). */
  messageType: z.enum(MESSAGE_TYPES),
  /** Whether the message needs an ethics officer's approval, and where its request stands. */
  approval: z.object({
    required: z.boolean(),
    approved: z.boolean(),
    status: z.enum(['none', 'pending', 'approved', 'rejected']),
  }),
  scrubs: z.array(ScrubDtoSchema),
  /** Where the audience came from: the file's hash, or the saved filter (as it was applied at creation, with the count it gave). */
  audience: z.object({
    source: z.enum(AUDIENCE_SOURCES),
    hash: z.string(),
    filter: z
      .object({
        locales: z.array(z.enum(AUDIENCE_LOCALES)).optional(),
        timezones: z.array(z.string()).optional(),
        contract: z.enum(AUDIENCE_CONTRACT_STATES),
        offerIds: z.array(z.string()).optional(),
        createdFrom: z.string().optional(),
        createdTo: z.string().optional(),
        contactedSince: z.string().optional(),
        notContactedSince: z.string().optional(),
      })
      .nullable(),
  }),
  /** The CSV of the allowed recipients of the latest scrub (for a dialer or a sender); null while blocked. */
  exportUrl: z.string().nullable(),
});
export type CampaignDetailDto = z.infer<typeof CampaignDetailDtoSchema>;

export const CampaignListDtoSchema = z.object({ items: z.array(CampaignSummaryDtoSchema) });
