/**
 * Change campaigns: a new version of an offer (price or terms) told to every customer whose
 * contract is on an earlier version, each notice planned from the sector's rule
 * (src/rules/transparency notice table: C. consom. L.224-33, L.224-10; C. monét. fin. L.312-1-1)
 * in one set-based statement, its text checked by the message checker. A finding does not block:
 * the law sets when a change notice goes, so the findings are recorded with the campaign and shown.
 */
import { toLocalDate, type LocalDate } from '../../rules/index.ts';
import { NOTICE_SECTORS, noticeRuleFor, planChangeNotice, type NoticeSector } from '../../rules/transparency/index.ts';
import { formatMoney } from '../../i18n/money.ts';
import { t } from '../../i18n/index.ts';
import { actorId, requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { checkMessage } from '../messages/index.ts';
import { renderMail } from '../mail/index.ts';
import { changedFields, getOffer, type OfferVersionRow } from '../offers/index.ts';
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

/**
 * Checks the notice's text in each language and variant, as a customer would read it (dates of
 * this campaign, the rule of the sector). Recorded, never blocking: a high finding is shown to
 * whoever created the campaign and in the back office's list.
 */
export function checkNoticeTexts(input: {
  orgName: string;
  currency: string;
  from: OfferVersionRow;
  to: OfferVersionRow;
  sector: NoticeSector;
  plannedEffectiveOn: LocalDate;
  sendOn: LocalDate;
  messageType: 'price_change' | 'contract_change';
  timezone: string;
}): NoticeCheck[] {
  const plan = planChangeNotice({ sector: input.sector, plannedEffectiveOn: input.plannedEffectiveOn, sendOn: input.sendOn });
  const checks: NoticeCheck[] = [];
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
      const result = checkMessage(
        { text: `${mail.subject}\n\n${mail.text}`, lang, type: input.messageType },
        { locale: lang, on: input.sendOn },
      );
      checks.push({
        lang,
        variant,
        flagged: result.flagged,
        score: result.score,
        findings: result.findings.map((f) => ({
          category: f.category,
          severity: f.severity,
          rule: f.rule,
          ruleId: f.ruleId,
          message: f.message,
        })),
      });
    }
  }
  return checks;
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
  const orgId = requireOrg(ctx);
  const view = await getOffer(deps, ctx, input.offerId);
  const to = input.toVersionId ? view.versions.find((v) => v.id === input.toVersionId) : view.versions[0];
  if (!to) throw invalid('toVersionId', 'version_not_of_offer');
  const earlier = view.versions.filter((v) => v.version < to.version);
  const previous = earlier[0];
  if (!previous) throw invalid('toVersionId', 'no_earlier_version');
  const { today, timezone } = await orgToday(deps, orgId);
  const sendOn = input.sendOn ?? today;
  if (sendOn < today) throw invalid('sendOn', 'send_on_in_past');
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
