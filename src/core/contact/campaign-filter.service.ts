/**
 * Campaigns whose audience is a saved filter over the organisation's customers (the other source
 * beside a CSV file): the count a filter gives now (preview), and a campaign created from it.
 * The filter is kept with the campaign in its canonical form, with the count it gave and its hash,
 * so the audience can be explained and reproduced; the people it selected are written once into
 * the audience (one INSERT ... SELECT) and every scrub judges that fixed list, as for a file.
 */
import { startOfLocalDay, addDays } from '../../rules/index.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as policy from './campaign.policy.ts';
import * as repo from './campaign.repo.ts';
import * as filterRepo from './campaign-filter.repo.ts';
import type { AudiencePreviewInput, CreateFilterCampaignInput } from './campaign.schemas.ts';
import type { StoredAudienceFilter } from './campaign.tables.ts';
import { checkCampaignMessage, futureSendInstant, newCampaignValues, recordCampaignCreated } from './campaign.service.ts';
import type { ContactChannel } from './contact.policy.ts';

/**
 * The filter's conditions as instants: its days are the organisation's local days (a marketer
 * reads "created in March" on the organisation's calendar), an end day included through its
 * last instant.
 */
async function conditionsOf(deps: Deps, orgId: string, channel: ContactChannel, f: StoredAudienceFilter): Promise<filterRepo.FilterConditions> {
  const zone = (await findOrganisationById(deps.db, orgId))?.timezone ?? 'Europe/Paris';
  const start = (day: string | undefined) => (day ? startOfLocalDay(day, zone) : undefined);
  const after = (day: string | undefined) => (day ? startOfLocalDay(addDays(day, 1), zone) : undefined);
  return {
    channel,
    contract: f.contract,
    ...(f.locales ? { locales: f.locales } : {}),
    ...(f.timezones ? { timezones: f.timezones } : {}),
    ...(f.offerIds ? { offerIds: f.offerIds } : {}),
    ...(f.createdFrom ? { createdFrom: start(f.createdFrom) } : {}),
    ...(f.createdTo ? { createdBefore: after(f.createdTo) } : {}),
    ...(f.contactedSince ? { contactedSince: start(f.contactedSince) } : {}),
    ...(f.notContactedSince ? { notContactedSince: start(f.notContactedSince) } : {}),
  };
}

/** How many people the filter selects now for this channel (nothing saved, nothing audited: no personal data leaves). */
export async function previewAudience(deps: Deps, ctx: RequestContext, input: AudiencePreviewInput): Promise<number> {
  const orgId = requireOrg(ctx);
  const filter = policy.canonicalFilter(input.filter);
  return filterRepo.countFiltered(deps.db, orgId, await conditionsOf(deps, orgId, input.channel, filter));
}

/**
 * Creates a campaign from a saved filter: the campaign row, its audience written by one
 * INSERT ... SELECT, then its count, in one transaction; a filter that selects nobody is refused
 * (400, nothing saved), as an empty file is.
 */
export async function createFilterCampaign(deps: Deps, ctx: RequestContext, input: CreateFilterCampaignInput): Promise<repo.CampaignRow> {
  const orgId = requireOrg(ctx);
  const scheduledAt = futureSendInstant(deps, input);
  const filter = policy.canonicalFilter(input.filter);
  const conditions = await conditionsOf(deps, orgId, input.channel, filter);
  const messageCheck = checkCampaignMessage(input, ctx.locale);
  const audienceHash = policy.filterHash(input.channel, filter);
  return deps.db.transaction(async (tx) => {
    const created = await repo.insertCampaign(
      tx,
      { ...newCampaignValues(ctx, orgId, input, scheduledAt, messageCheck), audienceHash, audienceSource: 'filter', audienceFilter: filter, recipients: 0 },
      [],
    );
    const recipients = await filterRepo.insertFilteredRecipients(tx, orgId, created.id, conditions);
    if (recipients === 0)
      throw new AppError('validation', {}, [{ path: 'filter', code: 'audience_filter_empty' }]);
    const campaign = await filterRepo.setRecipients(tx, orgId, created.id, recipients);
    await recordCampaignCreated(deps, tx, ctx, campaign, messageCheck, {
      recipients,
      duplicates: 0,
      audienceHash,
      audienceSource: 'filter',
      // The filter itself (conditions, no person): what the audience was chosen by, kept in the chained log.
      filter: JSON.stringify(filter),
    });
    return campaign;
  });
}
