/** Pure rules of campaigns: what blocks sending, how a message is checked, what a scrub counts, how a filter is kept. */
import type { MessageType } from '../../rules/messages/index.ts';
import type { ContactChannel, ContactPurpose } from './contact.policy.ts';
import { createHash } from 'node:crypto';
import { toLocalDate } from '../../rules/index.ts';
import type { AudienceFilter, CampaignBlock, CampaignReasonCode } from './campaign.schemas.ts';
import type { StoredAudienceFilter } from './campaign.tables.ts';

/**
 * The type the message checker reads a campaign's message as: an e-mail or SMS canvassing
 * message must identify the sender and give an easy opt-out (CPCE L.34-5), which the checker's
 * `marketing` type asks for; a call script or a letter is checked for manipulation only.
 */
export function messageTypeOf(channel: ContactChannel, purpose: ContactPurpose): MessageType {
  return purpose === 'prospecting' && (channel === 'email' || channel === 'sms') ? 'marketing' : 'other';
}

/**
 * Why a campaign may not be sent or exported. A message with a high-severity finding goes out
 * only once an ethics officer has approved its exact wording (issue 12, messages module's
 * approvalFor); only scrubbed recipients may be contacted.
 */
export function campaignBlocks(approval: { required: boolean; approved: boolean }, scrubbed: boolean, stale = false): CampaignBlock[] {
  const blocks: CampaignBlock[] = [];
  if (approval.required && !approval.approved) blocks.push('message_not_approved');
  if (!scrubbed) blocks.push('not_scrubbed');
  else if (stale) blocks.push('scrub_stale');
  return blocks;
}

/**
 * Whether a scrub still judges the instant the campaign goes out, so that its allowed recipients
 * may be exported ("only allowed recipients can be sent to or exported to a dialer", issue 11).
 * A campaign still to come goes out at its send instant: the scrub must have judged exactly that
 * instant. A campaign whose instant has passed goes out now: a scrub taken on the same local day
 * of the organisation still stands, since every rule the guard applies by day (weekdays and
 * public holidays, the 30 calendar days of the cap, the 60 full days after a refusal, the
 * opt-in's 2026-08-11) reads the same day; the hour of each call is judged again when it is made
 * (recheck), as D.223-9 al. 1 asks of each call. From the next day on, a new scrub is needed.
 * The other half of freshness, facts changed since the scrub (consents, refusals, attempts,
 * opposition lists), is read from the database (campaign-freshness.repo.ts).
 */
export function scrubInstantHolds(scrubAt: Date, scheduledAt: Date, now: Date, zone: string): boolean {
  if (scrubAt.getTime() === scrubInstant(scheduledAt, now).getTime()) return true;
  return scheduledAt.getTime() < now.getTime() && toLocalDate(scrubAt, zone) === toLocalDate(now, zone);
}

/**
 * The instant a scrub judges: the campaign's send instant, or now when that instant has passed
 * (a late campaign is sent now, and now is what the law judges).
 */
export function scrubInstant(scheduledAt: Date, now: Date): Date {
  return scheduledAt.getTime() >= now.getTime() ? scheduledAt : now;
}

/** Adds the refused recipients of `decisions` to `counts`, by reason (a scrub counts batch by batch). */
export function tallyReasons(counts: Record<string, number>, decisions: readonly { allowed: boolean; reasons: readonly string[] }[]): void {
  for (const d of decisions) if (!d.allowed) for (const r of d.reasons) counts[r] = (counts[r] ?? 0) + 1;
}

/** Counts most frequent first, ties by code (a stable report). */
export function sortCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

export const SUBJECT_ERASED: CampaignReasonCode = 'subject_erased';

/**
 * The canonical form of a saved audience filter: empty lists dropped, lists sorted without
 * duplicates, offers implying a contract in force, keys in a fixed order. Two filters that select
 * the same people by the same conditions get the same form, hence the same audience hash.
 */
export function canonicalFilter(filter: AudienceFilter): StoredAudienceFilter {
  const sorted = <T extends string>(values: readonly T[] | undefined): T[] | undefined =>
    values && values.length > 0 ? [...new Set(values)].sort() : undefined;
  const offerIds = sorted(filter.offerIds?.map((id) => id.toLowerCase()));
  const out: StoredAudienceFilter = { contract: offerIds ? 'active' : filter.contract };
  const locales = sorted(filter.locales);
  const timezones = sorted(filter.timezones);
  if (locales) out.locales = locales;
  if (timezones) out.timezones = timezones;
  if (offerIds) out.offerIds = offerIds;
  if (filter.createdFrom) out.createdFrom = filter.createdFrom;
  if (filter.createdTo) out.createdTo = filter.createdTo;
  if (filter.contactedSince) out.contactedSince = filter.contactedSince;
  if (filter.notContactedSince) out.notContactedSince = filter.notContactedSince;
  return out;
}

/** The audience hash of a filter campaign: SHA-256 of the channel and the canonical filter (what was asked, not who it found). */
export function filterHash(channel: ContactChannel, filter: StoredAudienceFilter): string {
  return createHash('sha256').update(JSON.stringify({ channel, filter })).digest('hex');
}
