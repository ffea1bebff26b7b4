import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { CHANGE_MESSAGE_TYPES } from './change-campaigns.tables.ts';

const day = z.iso.date();

/** Audit events of change campaigns: ids, dates, counts and codes only (no name, no address, no contract reference). */
export const changeCampaignEvents = {
  /** A campaign planned: how many notices, how many moved so the notice period holds, and whether the checker flagged the text. */
  'change_campaign.created': z
    .object({
      campaignId: z.uuid(),
      offerId: z.uuid(),
      toVersionId: z.uuid(),
      messageType: z.enum(CHANGE_MESSAGE_TYPES),
      plannedEffectiveOn: day,
      sendOn: day,
      notices: z.number().int().nonnegative(),
      moved: z.number().int().nonnegative(),
      flagged: z.boolean(),
      highFindings: z.number().int().nonnegative(),
    })
    .strict(),
  /** A notice sent through the contact guard's service channel (the attempt in the contact history has its own event). */
  'change_notice.sent': z
    .object({
      noticeId: z.uuid(),
      campaignId: z.uuid(),
      contractId: z.uuid(),
      sentOn: day,
      sendBy: day,
      effectiveOn: day,
      moved: z.boolean(),
      ref: z.string(),
    })
    .strict(),
  /** The send day came after the last day allowed (worker down): the change moved for this customer before the notice went. */
  'change_notice.replanned': z
    .object({ noticeId: z.uuid(), campaignId: z.uuid(), contractId: z.uuid(), effectiveOn: day, sendBy: day, ref: z.string() })
    .strict(),
  /** The contact guard refused the service channel for this customer: the notice is not sent and shows as refused. */
  'change_notice.refused': z
    .object({ noticeId: z.uuid(), campaignId: z.uuid(), contractId: z.uuid(), reasons: z.array(z.string()) })
    .strict(),
  /**
   * Contracts concluded on an earlier version after the campaign was planned, added with their own
   * notice (send day, and a later effective day when the full period would not hold).
   */
  'change_campaign.extended': z
    .object({ campaignId: z.uuid(), sendOn: day, notices: z.number().int().nonnegative(), moved: z.number().int().nonnegative() })
    .strict(),
  /**
   * The change applied to a contract whose notice was sent, on its effective day: the contract moved
   * to the new version (`superseded`: it was already on that version or a later one, not moved back).
   */
  'change_notice.applied': z
    .object({
      noticeId: z.uuid(),
      campaignId: z.uuid(),
      contractId: z.uuid(),
      toVersionId: z.uuid(),
      effectiveOn: day,
      appliedOn: day,
      superseded: z.boolean(),
    })
    .strict(),
  /** The holder opened the notice's page through its link. */
  'change_notice.viewed': z.object({ noticeId: z.uuid(), campaignId: z.uuid(), contractId: z.uuid() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof changeCampaignEvents> {}
}
