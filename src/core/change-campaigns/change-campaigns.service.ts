/**
 * Change campaigns: a new version of an offer (price or terms) told to every customer whose
 * contract is on an earlier version, each notice planned from the sector's rule
 * (src/rules/transparency notice table: C. consom. L.224-33, L.224-10; C. monét. fin. L.312-1-1)
 * in one set-based statement, its text checked by the message checker. A finding does not block:
 * the law sets when a change notice goes, so the findings are recorded with the campaign and shown.
 */
import { addDays, addMonths, toLocalDate, type LocalDate } from '../../rules/index.ts';
import { NOTICE_SECTORS, noticeRuleFor, planChangeNotice, type NoticeRule, type NoticeSector } from '../../rules/transparency/index.ts';
import { formatMoney } from '../../i18n/money.ts';
import { t } from '../../i18n/index.ts';
import { actorId, requireOrg, systemContext, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { checkMessage } from '../messages/index.ts';
import { renderMail } from '../mail/index.ts';
import { changedFields, getOffer, type OfferVersionRow, type OfferView } from '../offers/index.ts';
import { orgToday } from '../contracts/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as repo from './change-campaigns.repo.ts';
import type { CreateChangeCampaignInput } from './change-campaigns.schemas.ts';
import type { NoticeCheck } from './change-campaigns.tables.ts';

/** The job that sends the notices due (hourly, and at once for a campaign sent today). */
export const CHANGE_NOTICES_JOB = 'change_campaigns.send_notices';

export const NOTICE_TEMPLATE = 'change_campaigns.mail.notice';
export const NOTICE_MOVED_TEMPLATE = 'change_campaigns.mail.noticeMoved';

function invalid(path: string, code: string): AppError {
  return new AppError('validation', {}, [{ path, code }]);
}

const nameIn = (locale: Locale, name: { fr: string; en: string }) => (locale === 'en' && name.en ? name.en : name.fr);

/** "50,00 € / mois": a version's price as the notice writes it. */
export function priceText(locale: Locale, v: Pick<OfferVersionRow, 'priceCents' | 'pricePeriod'>, currency: string): string {
  return `${formatMoney(locale, v.priceCents, currency)}${v.pricePeriod === 'once' ? '' : ` ${t(locale, `change_campaigns.period.${v.pricePeriod}`)}`}`;
}

/** What changed between the customer's version and the new one, in words ("price, conditions"). */
export function changesText(locale: Locale, from: OfferVersionRow, to: OfferVersionRow): string {
  const changed = Object.entries(changedFields(from, to))
    .filter(([, differs]) => differs)
    .map(([field]) => t(locale, `change_campaigns.fields.${field}`));
  return changed.join(', ') || t(locale, 'change_campaigns.fields.none');
}

export interface NoticeFacts {
  org: string;
  offer: string;
  reference: string;
  changes: string;
  oldPrice: string;
  newPrice: string;
  effectiveOn: LocalDate;
  plannedEffectiveOn: LocalDate;
  terminateBy: LocalDate;
  noticeMonths: number;
  ref: string;
  noticeUrl: string;
}

/** The template and parameters of one notice: the moved variant says the change applies later for this customer, and why. */
export function noticeMail(moved: boolean, facts: NoticeFacts): { template: string; params: Record<string, string | number> } {
  return { template: moved ? NOTICE_MOVED_TEMPLATE : NOTICE_TEMPLATE, params: { ...facts } };
}

export interface NoticeTextInput {
  orgName: string;
  currency: string;
  from: OfferVersionRow;
  to: OfferVersionRow;
  sector: NoticeSector;
  plannedEffectiveOn: LocalDate;
  sendOn: LocalDate;
  timezone: string;
}

/** One language and variant of the notice as a customer reads it, with a placeholder reference and link. */
export interface NoticeSample {
  lang: 'fr' | 'en';
  variant: 'standard' | 'moved';
  subject: string;
  text: string;
}

/** The notice's text in each language and variant, with this campaign's dates and the sector's rule. */
export function noticeSamples(input: NoticeTextInput): NoticeSample[] {
  const plan = planChangeNotice({ sector: input.sector, plannedEffectiveOn: input.plannedEffectiveOn, sendOn: input.sendOn });
  const samples: NoticeSample[] = [];
  for (const lang of ['fr', 'en'] as const) {
    for (const variant of ['standard', 'moved'] as const) {
      const { template, params } = noticeMail(variant === 'moved', {
        org: input.orgName,
        offer: nameIn(lang, input.to.name),
        reference: 'CT-XXXXX-XXXXX-XXXXX-XXXXX',
        changes: changesText(lang, input.from, input.to),
        oldPrice: priceText(lang, input.from, input.currency),
        newPrice: priceText(lang, input.to, input.currency),
        effectiveOn: plan.effectiveOn,
        plannedEffectiveOn: plan.plannedEffectiveOn,
        terminateBy: plan.terminateBy,
        noticeMonths: plan.noticeMonths,
        ref: plan.ref,
        noticeUrl: 'https://example.org/notice',
      });
      const mail = renderMail(template, lang, params, { organisation: input.timezone });
      samples.push({ lang, variant, subject: mail.subject, text: mail.text });
    }
  }
  return samples;
}

/**
 * Checks the notice's text in each language and variant, as a customer would read it (dates of
 * this campaign, the rule of the sector). Recorded, never blocking: a high finding is shown to
 * whoever created the campaign and in the back office's list.
 */
export function checkNoticeTexts(input: NoticeTextInput & { messageType: 'price_change' | 'contract_change' }): NoticeCheck[] {
  return noticeSamples(input).map((sample) => {
    const result = checkMessage(
      { text: `${sample.subject}\n\n${sample.text}`, lang: sample.lang, type: input.messageType },
      { locale: sample.lang, on: input.sendOn },
    );
    return {
      lang: sample.lang,
      variant: sample.variant,
      flagged: result.flagged,
      score: result.score,
      findings: result.findings.map((f) => ({
        category: f.category,
        severity: f.severity,
        rule: f.rule,
        ruleId: f.ruleId,
        message: f.message,
      })),
    };
  });
}

/** The version a campaign would announce and the earlier ones whose contracts get a notice. */
function versionsOfChange(view: OfferView, toVersionId: string | undefined) {
  const to = toVersionId ? view.versions.find((v) => v.id === toVersionId) : view.versions[0];
  if (!to) throw invalid('toVersionId', 'version_not_of_offer');
  const earlier = view.versions.filter((v) => v.version < to.version);
  const previous = earlier[0];
  if (!previous) throw invalid('toVersionId', 'no_earlier_version');
  return { to, earlier, previous };
}

export interface ChangeCampaignPreview {
  offerId: string;
  toVersionId: string;
  toVersion: number;
  fromVersion: number;
  sector: NoticeSector;
  messageType: 'price_change' | 'contract_change';
  sendOn: LocalDate;
  plannedEffectiveOn: LocalDate;
  /** The sector's rule on the send day, and what it gives for contracts of the offer's sector. */
  plan: ReturnType<typeof planChangeNotice>;
  rule: NoticeRule;
  contracts: number;
  /** Contracts whose change moves later so the notice period holds (the notice says so). */
  moved: number;
  /** The campaign of this version when there is one already (one per version). */
  existingCampaignId: string | null;
}

/** The change a preview or a campaign is asked about: the offer's versions, the organisation's day, a send day that is neither past nor beyond five years. */
async function changeRequest(deps: Deps, ctx: RequestContext, input: CreateChangeCampaignInput) {
  const orgId = requireOrg(ctx);
  const view = await getOffer(deps, ctx, input.offerId);
  const { to, earlier, previous } = versionsOfChange(view, input.toVersionId);
  const { today, timezone } = await orgToday(deps, orgId);
  const sendOn = input.sendOn ?? today;
  if (sendOn < today) throw invalid('sendOn', 'send_on_in_past');
  // Five years is beyond any announced change; it also keeps the date arithmetic in its range.
  if (sendOn > addMonths(today, 60)) throw invalid('sendOn', 'send_on_too_far');
  return { orgId, view, to, earlier, previous, today, timezone, sendOn };
}

/**
 * What creating the campaign would do, without storing anything: the sector's rule on the send
 * day, the planned effective day, how many contracts get a notice and how many a later date.
 * Every contract of an offer carries the offer's sector, so one plan per sector says it all.
 */
export async function previewChangeCampaign(
  deps: Deps,
  ctx: RequestContext,
  input: CreateChangeCampaignInput,
): Promise<ChangeCampaignPreview> {
  const { orgId, view, to, earlier, previous, timezone, sendOn } = await changeRequest(deps, ctx, input);
  const plannedEffectiveOn = toLocalDate(to.validFrom, timezone);
  const [existing, bySector] = await Promise.all([
    repo.findCampaignOfVersion(deps.db, orgId, to.id),
    repo.countContractsToNotify(
      deps.db,
      orgId,
      view.offer.id,
      earlier.map((v) => v.id),
    ),
  ]);
  let contracts = 0;
  let moved = 0;
  for (const row of bySector) {
    contracts += row.contracts;
    if (planChangeNotice({ sector: row.sector as NoticeSector, plannedEffectiveOn, sendOn }).moved) moved += row.contracts;
  }
  return {
    offerId: view.offer.id,
    toVersionId: to.id,
    toVersion: to.version,
    fromVersion: previous.version,
    sector: view.offer.sector,
    messageType: changedFields(previous, to).price ? 'price_change' : 'contract_change',
    sendOn,
    plannedEffectiveOn,
    plan: planChangeNotice({ sector: view.offer.sector, plannedEffectiveOn, sendOn }),
    rule: noticeRuleFor(view.offer.sector, sendOn),
    contracts,
    moved,
    existingCampaignId: existing?.id ?? null,
  };
}

/**
 * Creates the campaign of a new version and plans its notices in the same transaction. The
 * change applies on the version's first day (organisation's zone); a customer whose notice would
 * come with less than the sector's notice period gets a later date (the first the period allows),
 * and their notice says so. One campaign per version (409 for a second).
 */
export async function createChangeCampaign(
  deps: Deps,
  ctx: RequestContext,
  input: CreateChangeCampaignInput,
): Promise<repo.ChangeCampaignRow> {
  const { orgId, view, to, earlier, previous, today, timezone, sendOn } = await changeRequest(deps, ctx, input);
  if (await repo.findCampaignOfVersion(deps.db, orgId, to.id)) throw new AppError('conflict');
  const org = await findOrganisationById(deps.db, orgId);
  const plannedEffectiveOn = toLocalDate(to.validFrom, timezone);
  const messageType = changedFields(previous, to).price ? 'price_change' : 'contract_change';
  const sector = view.offer.sector;
  const checks = checkNoticeTexts({
    orgName: org?.name ?? '',
    currency: view.offer.currency,
    from: previous,
    to,
    sector,
    plannedEffectiveOn,
    sendOn,
    messageType,
    timezone,
  });
  const highFindings = checks.reduce((n, c) => n + c.findings.filter((f) => f.severity === 'high').length, 0);
  // Every sector's row in force on the send day: a contract carries its own sector (copied from the offer).
  const rules = NOTICE_SECTORS.map((s) => noticeRuleFor(s, sendOn));
  return deps.db.transaction(async (tx) => {
    const campaign = await repo.insertCampaign(tx, {
      orgId,
      offerId: view.offer.id,
      toVersionId: to.id,
      sector,
      messageType,
      plannedEffectiveOn,
      sendOn,
      checks,
      flagged: highFindings > 0,
      createdBy: actorId(ctx.actor),
      createdAt: deps.clock.now(),
    });
    const planned = await repo.planNotices(tx, {
      orgId,
      campaignId: campaign.id,
      offerId: view.offer.id,
      fromVersionIds: earlier.map((v) => v.id),
      plannedEffectiveOn,
      sendOn,
      rules,
    });
    await deps.audit.record(tx, ctx, {
      type: 'change_campaign.created',
      target: { type: 'change_campaign', id: campaign.id },
      payload: {
        campaignId: campaign.id,
        offerId: view.offer.id,
        toVersionId: to.id,
        messageType,
        plannedEffectiveOn,
        sendOn,
        notices: planned.notices,
        moved: planned.moved,
        flagged: highFindings > 0,
        highFindings,
      },
    });
    // Sent today: the notices go now, not at the next hourly pass.
    if (sendOn <= today) await deps.jobs.enqueue(tx, { type: CHANGE_NOTICES_JOB, orgId, dedupeKey: `change-campaign:${campaign.id}` });
    return campaign;
  });
}

/**
 * A contract concluded on an earlier version after its change was announced (the new version not
 * yet in force, so the offer still sold the old terms) gets its own notice, as if planned with the
 * campaign on the day it is added: sent that day (or the campaign's send day if later), the change
 * applying on the planned day when the full period still holds, otherwise on the first day it
 * does, and the notice says so.
 *
 * Why not conclude it on the new terms instead: the customer agreed to the price and terms shown
 * before conclusion (C. consom. L.111-1, L.221-5, L.112-1): the new version is a change of *their*
 * contract, and every change of a contract's terms is told at least the sector's notice period
 * before it applies, with the right to terminate without cost (C. consom. L.224-33 for electronic
 * communications, EECC art. 105(4); L.224-10 for energy; C. monét. fin. L.312-1-1 III for banking;
 * R.212-4 and the product's policy for the others). A shorter notice would hold the customer to a
 * change they were never given the time the law gives to refuse.
 *
 * Run by each pass of the send job, before sending. Only campaigns whose change may not be in force
 * yet are looked at (from the planned day on every new contract is on the new version), and only
 * contracts recorded since the campaign was created that have no notice in it: one INSERT ...
 * SELECT per campaign, idempotent. Returns the number of notices added.
 */
export async function enrolLateContracts(deps: Deps, orgId?: string): Promise<number> {
  const now = deps.clock.now();
  // The earliest "today" of any zone (UTC-12), and a day more: the change's first day is included.
  const since = addDays(toLocalDate(new Date(now.getTime() - 12 * 3_600_000), 'UTC'), -1);
  let added = 0;
  for (const campaign of await repo.findOpenCampaigns(deps.db, since, orgId)) {
    const org = await findOrganisationById(deps.db, campaign.orgId);
    if (!org) continue;
    const ctx = systemContext(org.id, CHANGE_NOTICES_JOB);
    const view = await getOffer(deps, ctx, campaign.offerId);
    const to = view.versions.find((v) => v.id === campaign.toVersionId);
    if (!to) continue;
    const earlier = view.versions.filter((v) => v.version < to.version);
    const today = toLocalDate(now, org.timezone);
    const sendOn = campaign.sendOn > today ? campaign.sendOn : today;
    const rules = NOTICE_SECTORS.map((s) => noticeRuleFor(s, sendOn));
    added += await deps.db.transaction(async (tx) => {
      const planned = await repo.planNotices(tx, {
        orgId: org.id,
        campaignId: campaign.id,
        offerId: campaign.offerId,
        fromVersionIds: earlier.map((v) => v.id),
        plannedEffectiveOn: campaign.plannedEffectiveOn,
        sendOn,
        rules,
        late: { createdFrom: campaign.createdAt },
      });
      if (planned.notices === 0) return 0;
      await deps.audit.record(tx, ctx, {
        type: 'change_campaign.extended',
        target: { type: 'change_campaign', id: campaign.id },
        payload: { campaignId: campaign.id, sendOn, notices: planned.notices, moved: planned.moved },
      });
      return planned.notices;
    });
  }
  return added;
}
