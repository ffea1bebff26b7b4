/**
 * Sends the change notices whose day has come, every hour (a notice leaves on its send day in the
 * organisation's zone, whatever that zone). Each notice in its own transaction, re-read under
 * lock (SKIP LOCKED): a crashed run or a second worker never sends twice.
 *
 * Never later than the rule allows (C. consom. L.224-33, L.224-10; C. monét. fin. L.312-1-1): the
 * plan is made again with the day it actually goes. Still within `send_by`, the change keeps its
 * day and only a deadline counted from the notice moves later (in the customer's favour); past
 * `send_by` (the worker was down), the change moves to the first day the period allows for this
 * customer and the notice says so. The database refuses a notice sent after its `send_by`.
 *
 * The contact guard decides first (purpose `service`, e-mail); a refusal is recorded and shown,
 * the notice is not sent, and it is tried again the next day (the answer, or the missing address,
 * may change). A sent notice is recorded in the contact history with the guard's decision
 * (recordAttempt), and its attempt id is kept with the notice.
 *
 * Each pass also adds the contracts concluded on an earlier version after their campaign was
 * planned (enrolLateContracts, change-campaigns.service.ts), and applies the changes whose day has
 * come: a contract moves to the new version on its notice's effective day, and only when its
 * notice was sent. A customer never told (refused, no address, never sent) stays on the old
 * version until a notice goes with the full period (C. consom. L.224-33, L.224-10; C. monét. fin.
 * L.312-1-1: the change is "communicated at least N months before it applies"; a change not
 * communicated cannot apply to that customer, and the notice sent late moves its date).
 */
import { z } from 'zod';
import { addDays, toLocalDate } from '../../rules/index.ts';
import { planChangeNotice } from '../../rules/transparency/index.ts';
import { systemContext, type Locale } from '../context.ts';
import type { Deps } from '../deps.ts';
import { checkContact, contactSchemas, recordAttempt } from '../contact/index.ts';
import { queueMail } from '../mail/index.ts';
import { findCustomerById } from '../customers/index.ts';
import { findOrganisationById, type OrganisationRow } from '../organisations/index.ts';
import { getOffer } from '../offers/index.ts';
import { applyOfferVersion, recordNotifiedChange } from '../contracts/index.ts';
import type { CronDefinition } from '../../worker/jobs.ts';
import { defineJob } from '../../worker/jobs.ts';
import * as repo from './change-campaigns.repo.ts';
import { noticeLinkToken } from './change-campaigns.policy.ts';
import { CHANGE_NOTICES_JOB, changesText, enrolLateContracts, noticeMail, priceText } from './change-campaigns.service.ts';

export { CHANGE_NOTICES_JOB };

export const changeNoticesCron: CronDefinition = { name: CHANGE_NOTICES_JOB, intervalMs: 60 * 60_000, jobType: CHANGE_NOTICES_JOB };

/** Notices per pass: a campaign of a million goes out over passes, each notice on its own. */
const BATCH = 500;

export interface NoticeRun {
  /** Notices added for contracts concluded on an earlier version after their campaign was planned. */
  enrolled: number;
  sent: number;
  replanned: number;
  refused: number;
  cancelled: number;
  failed: number;
  /** Contracts moved to the new version on their notice's effective day. */
  applied: number;
}

export function noticeUrl(deps: Deps, org: Pick<OrganisationRow, 'id' | 'slug'>, noticeId: string): string {
  return `${deps.config.publicUrl}/portal/${org.slug}/notices/${noticeLinkToken(deps.config.masterKey, org.id, noticeId)}`;
}

export async function runChangeNotices(deps: Deps, orgId?: string, maxPasses = 1_000): Promise<NoticeRun> {
  const run: NoticeRun = { enrolled: 0, sent: 0, replanned: 0, refused: 0, cancelled: 0, failed: 0, applied: 0 };
  const now = deps.clock.now();
  // The widest "today" of any zone (UTC+14): no notice due somewhere is left out; each is then judged in its organisation's zone.
  const upTo = toLocalDate(new Date(now.getTime() + 14 * 3_600_000), 'UTC');
  // Before sending: a contract concluded since the last pass gets its notice in this one.
  run.enrolled = await enrolLateContracts(deps, orgId);
  const orgs = new Map<string, OrganisationRow | null>();
  const skipped = new Set<string>();
  for (let pass = 0; pass < maxPasses; pass++) {
    const due = (await repo.findDueNotices(deps.db, upTo, BATCH, orgId)).filter((d) => !skipped.has(d.id));
    if (due.length === 0) break;
    let progressed = false;
    for (const d of due) {
      if (!orgs.has(d.orgId)) orgs.set(d.orgId, (await findOrganisationById(deps.db, d.orgId)) ?? null);
      const org = orgs.get(d.orgId);
      if (!org) {
        skipped.add(d.id);
        continue;
      }
      try {
        const outcome = await sendNotice(deps, org, d.id, now);
        if (outcome === 'not_due') skipped.add(d.id);
        else {
          run[outcome]++;
          progressed = true;
        }
      } catch (error) {
        // Logged by id only; the next run tries again.
        skipped.add(d.id);
        run.failed++;
        deps.log.error({ orgId: org.id, noticeId: d.id, err: error }, 'change notice failed');
      }
    }
    if (!progressed && due.every((d) => skipped.has(d.id))) break;
  }
  run.applied = await applyDueChanges(deps, orgs, upTo, now, orgId, maxPasses);
  return run;
}

type Outcome = 'sent' | 'replanned' | 'refused' | 'cancelled' | 'not_due';

/** A notice the job may send today: planned and due, or refused and due to be tried again. */
function sendable(n: Pick<repo.ChangeNoticeRow, 'status' | 'sendOn' | 'retryOn'>, today: string): boolean {
  return (n.status === 'planned' && n.sendOn <= today) || (n.status === 'refused' && n.retryOn !== null && n.retryOn <= today);
}

const sameReasons = (a: readonly string[] | undefined, b: readonly string[]) =>
  a !== undefined && a.length === b.length && a.every((r, i) => r === b[i]);

/**
 * Applies the changes whose effective day has come for contracts whose notice was sent: each in its
 * own transaction, the notice re-read under lock. A contract already on the new version or a later
 * one (a later campaign applied first) is not moved back; the notice is marked applied all the same.
 */
async function applyDueChanges(
  deps: Deps,
  orgs: Map<string, OrganisationRow | null>,
  upTo: string,
  now: Date,
  orgId: string | undefined,
  maxPasses: number,
): Promise<number> {
  let applied = 0;
  const skipped = new Set<string>();
  for (let pass = 0; pass < maxPasses; pass++) {
    const due = (await repo.findNoticesToApply(deps.db, upTo, BATCH, orgId)).filter((d) => !skipped.has(d.id));
    if (due.length === 0) break;
    for (const d of due) {
      if (!orgs.has(d.orgId)) orgs.set(d.orgId, (await findOrganisationById(deps.db, d.orgId)) ?? null);
      const org = orgs.get(d.orgId);
      skipped.add(d.id);
      if (!org) continue;
      try {
        if (await applyChange(deps, org, d.id, now)) applied++;
      } catch (error) {
        deps.log.error({ orgId: org.id, noticeId: d.id, err: error }, 'change not applied');
      }
    }
  }
  return applied;
}

async function applyChange(deps: Deps, org: OrganisationRow, noticeId: string, now: Date): Promise<boolean> {
  const today = toLocalDate(now, org.timezone);
  const found = await repo.findNotice(deps.db, org.id, noticeId);
  if (!found || found.status !== 'sent' || found.appliedOn !== null || found.effectiveOn > today) return false;
  const ctx = systemContext(org.id, CHANGE_NOTICES_JOB);
  const campaign = await repo.findCampaign(deps.db, org.id, found.campaignId);
  if (!campaign) return false;
  const offer = await getOffer(deps, ctx, campaign.offerId);
  const version = new Map(offer.versions.map((v) => [v.id, v.version]));
  return deps.db.transaction(async (tx) => {
    const n = await repo.lockNotice(tx, org.id, noticeId);
    if (!n || n.status !== 'sent' || n.appliedOn !== null || n.effectiveOn > today) return false;
    const contract = await repo.findContractOfNotice(tx, org.id, n.contractId);
    if (!contract || contract.status !== 'active') return false;
    const superseded = (version.get(contract.offerVersionId) ?? 0) >= (version.get(campaign.toVersionId) ?? 0);
    if (!superseded)
      await applyOfferVersion(tx, org.id, n.contractId, {
        toVersionId: campaign.toVersionId,
        effectiveOn: n.effectiveOn,
        ref: n.ruleRef,
        at: now,
      });
    await repo.updateNotice(tx, org.id, n.id, { appliedOn: today });
    await deps.audit.record(tx, ctx, {
      type: 'change_notice.applied',
      target: { type: 'change_campaign', id: n.campaignId },
      payload: {
        noticeId: n.id,
        campaignId: n.campaignId,
        contractId: n.contractId,
        toVersionId: campaign.toVersionId,
        effectiveOn: n.effectiveOn,
        appliedOn: today,
        superseded,
      },
    });
    return true;
  });
}

async function sendNotice(deps: Deps, org: OrganisationRow, noticeId: string, now: Date): Promise<Outcome> {
  const today = toLocalDate(now, org.timezone);
  const found = await repo.findNotice(deps.db, org.id, noticeId);
  if (!found || !sendable(found, today)) return 'not_due';
  const customer = await findCustomerById(deps.db, org.id, found.customerId);
  const locale: Locale = customer?.locale === 'en' ? 'en' : customer?.locale === 'fr' ? 'fr' : org.defaultLocale === 'en' ? 'en' : 'fr';
  const ctx = systemContext(org.id, CHANGE_NOTICES_JOB, locale);
  const contract = await repo.findContractOfNotice(deps.db, org.id, found.contractId);
  if (!contract || contract.status !== 'active' || !customer || customer.erasedAt) {
    await deps.db.transaction(async (tx) => {
      const n = await repo.lockNotice(tx, org.id, noticeId);
      if (n && sendable(n, today)) await repo.updateNotice(tx, org.id, n.id, { status: 'cancelled', retryOn: null });
    });
    return 'cancelled';
  }
  const verdict = await checkContact(
    deps,
    ctx,
    contactSchemas.CheckContactSchema.parse({
      customerId: found.customerId,
      channel: 'email',
      purpose: 'service',
      ongoingContract: true,
      relatedToContract: true,
    }),
  );
  const decision = {
    allowed: verdict.decision.allowed,
    reasons: verdict.decision.reasons.map((r) => r.code),
    rules: [...verdict.decision.rules],
    judgedOn: verdict.decision.judgedOn,
  };
  const email = contract.emailEnc
    ? await deps.cipher.decrypt(deps.db, org.id, contract.customerId, 'contract.email', contract.emailEnc)
    : null;
  if (!decision.allowed || !email) {
    const reasons = email ? decision.reasons : [...decision.reasons, 'no_address'];
    await deps.db.transaction(async (tx) => {
      const n = await repo.lockNotice(tx, org.id, noticeId);
      if (!n || !sendable(n, today)) return;
      // Tried again tomorrow: until a notice goes, the customer stays on the old terms (applyDueChanges moves sent ones only).
      const again = n.status === 'refused';
      await repo.updateNotice(tx, org.id, n.id, {
        status: 'refused',
        retryOn: addDays(today, 1),
        decision: { ...decision, allowed: false, reasons },
      });
      // A retry refused for the same reasons is no new fact: the audit log keeps the first refusal and every change of reason.
      if (again && sameReasons(n.decision?.reasons, reasons)) return;
      await deps.audit.record(tx, ctx, {
        type: 'change_notice.refused',
        target: { type: 'change_campaign', id: n.campaignId },
        payload: { noticeId: n.id, campaignId: n.campaignId, contractId: n.contractId, reasons },
      });
    });
    return 'refused';
  }
  // The terms compared in the mail: the customer's version and the campaign's.
  const campaign = (await repo.findCampaign(deps.db, org.id, found.campaignId))!;
  const offer = await getOffer(deps, ctx, campaign.offerId);
  const from = offer.versions.find((v) => v.id === found.fromVersionId);
  const to = offer.versions.find((v) => v.id === campaign.toVersionId);
  if (!from || !to) return 'not_due';
  let replanned = false;
  const sent = await deps.db.transaction(async (tx) => {
    const n = await repo.lockNotice(tx, org.id, noticeId);
    if (!n || !sendable(n, today)) return false;
    // Planned again with the day it goes: in time, the change keeps its day; late, it moves.
    const plan = planChangeNotice({ sector: n.sector, plannedEffectiveOn: n.effectiveOn, sendOn: today });
    replanned = plan.moved;
    const moved = n.moved || plan.moved;
    const { template, params } = noticeMail(moved, {
      org: org.name,
      offer: locale === 'en' && to.name.en ? to.name.en : to.name.fr,
      reference: contract.reference,
      changes: changesText(locale, from, to),
      oldPrice: priceText(locale, from, offer.offer.currency),
      newPrice: priceText(locale, to, offer.offer.currency),
      effectiveOn: plan.effectiveOn,
      plannedEffectiveOn: n.plannedEffectiveOn,
      terminateBy: plan.terminateBy,
      noticeMonths: plan.noticeMonths,
      ref: plan.ref,
      noticeUrl: noticeUrl(deps, org, n.id),
    });
    await queueMail(deps, tx, { orgId: org.id, to: { address: email }, template, locale, params }, { dedupeKey: `change-notice:${n.id}` });
    await repo.updateNotice(tx, org.id, n.id, {
      status: 'sent',
      sentOn: today,
      sentAt: now,
      locale,
      effectiveOn: plan.effectiveOn,
      sendBy: plan.sendBy,
      terminateBy: plan.terminateBy,
      moved,
      decision,
      retryOn: null,
      sentToEnc: contract.emailEnc,
    });
    // Told of the change: until terminateBy the holder may refuse it, without cost and before it applies.
    await recordNotifiedChange(
      tx,
      org.id,
      n.contractId,
      { effectiveOn: plan.effectiveOn, terminateBy: plan.terminateBy, source: plan.source, ref: plan.ref },
      today,
    );
    if (plan.moved) {
      await deps.audit.record(tx, ctx, {
        type: 'change_notice.replanned',
        target: { type: 'change_campaign', id: n.campaignId },
        payload: {
          noticeId: n.id,
          campaignId: n.campaignId,
          contractId: n.contractId,
          effectiveOn: plan.effectiveOn,
          sendBy: plan.sendBy,
          ref: plan.ref,
        },
      });
    }
    await deps.audit.record(tx, ctx, {
      type: 'change_notice.sent',
      target: { type: 'change_campaign', id: n.campaignId },
      payload: {
        noticeId: n.id,
        campaignId: n.campaignId,
        contractId: n.contractId,
        sentOn: today,
        sendBy: plan.sendBy,
        effectiveOn: plan.effectiveOn,
        moved,
        ref: plan.ref,
      },
    });
    return { n };
  });
  if (!sent) return 'not_due';
  // The contact history (its own transaction, with its own audit event) holds every outbound contact with the guard's decision at its time.
  const recorded = await recordAttempt(
    deps,
    ctx,
    contactSchemas.RecordAttemptSchema.parse({
      customerId: found.customerId,
      channel: 'email',
      purpose: 'service',
      outcome: 'sent',
      occurredAt: now.toISOString(),
      ongoingContract: true,
      relatedToContract: true,
    }),
  );
  await repo.updateNotice(deps.db, org.id, sent.n.id, { attemptId: recorded.attempt.id });
  return replanned ? 'replanned' : 'sent';
}

export const changeNoticesJob = defineJob({
  type: CHANGE_NOTICES_JOB,
  schema: z.object({}).passthrough(),
  async handler(deps: Deps, _payload, job) {
    // A campaign's own job (enqueued with its organisation) sends that organisation's; the cron's, every one's.
    await runChangeNotices(deps, job.orgId ?? undefined);
  },
});
