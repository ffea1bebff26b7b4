/**
 * Tacit-renewal reminders (C. consom. L.215-1): every day the worker sends, for each service
 * contract renewing tacitly, a dedicated e-mail between 3 months and 1 month before the last day
 * to refuse the renewal (the date the contract fixes, not moved for weekends: renewal.ts), showing
 * that day in a box; once the window has closed without a reminder, the contract is flagged and
 * the customer's right to terminate at any time from the renewal day is recorded (al. 2), which
 * the termination function then applies (termination.ts). Each is kept with its evidence.
 */
import { z } from 'zod';
import { addMonths, toLocalDate, type LocalDate } from '../../rules/index.ts';
import { ANY_TIME_REF, nextRenewalPeriod, RENEWAL_REF, reminderStatus } from '../../rules/transparency/index.ts';
import { systemContext, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { queueMail } from '../mail/index.ts';
import { findOrganisationById, type OrganisationRow } from '../organisations/index.ts';
import { listOffers, type OfferVersionRow } from '../offers/index.ts';
import { defineJob, type CronDefinition } from '../../worker/jobs.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './contracts.repo.ts';

export const RENEWAL_REMINDER_JOB = 'contracts.renewal_reminders';
export const RENEWAL_TEMPLATE = 'contracts.mail.renewalReminder';

/** Checked every hour: a reminder leaves on the first day of its window, whatever the time zone. */
export const renewalReminderCron: CronDefinition = { name: RENEWAL_REMINDER_JOB, intervalMs: 60 * 60_000, jobType: RENEWAL_REMINDER_JOB };

/** What one run did, for tests and logs. */
export interface ReminderRun {
  /** Tacit renewals that took effect (a contract several periods behind counts once). */
  renewed: number;
  sent: number;
  missed: number;
  /** Contracts the run could not judge (logged): one bad record never stops the others' reminders. */
  failed: number;
}

/**
 * Sends the reminders due and flags the windows missed, for every organisation or one. Each
 * contract in its own transaction, re-read under lock: a run that crashed, or another worker, never
 * sends twice.
 */
export async function runRenewalReminders(deps: Deps, orgId?: string): Promise<ReminderRun> {
  const now = deps.clock.now();
  // The widest "today" of any zone (UTC+14) plus the 3-month window: no candidate is left out.
  const refuseBy = addMonths(toLocalDate(new Date(now.getTime() + 14 * 3_600_000), 'UTC'), 3);
  const run: ReminderRun = { renewed: 0, sent: 0, missed: 0, failed: 0 };
  await runRenewals(deps, run, orgId);
  await eachCandidate(
    deps,
    await repo.findRenewalCandidates(deps.db, refuseBy, orgId),
    run,
    'renewal reminder failed',
    async (tx, { org, ctx, versions, today }, c) => {
      if (!c || c.status !== 'active' || c.reminderSentOn || c.terminateAnyTimeFrom || !c.lastDayToRefuseOn || !c.renewalOn) return;
      const status = reminderStatus({ lastDayToRefuse: c.lastDayToRefuseOn, renewalOn: c.renewalOn, today, sentOn: null });
      if (status.state === 'due') {
        const email = c.emailEnc ? await deps.cipher.decrypt(tx, org.id, c.customerId, 'contract.email', c.emailEnc) : null;
        if (!email) return;
        const name = versions.get(c.offerVersionId)?.name;
        await queueMail(
          deps,
          tx,
          {
            orgId: org.id,
            to: { address: email },
            template: RENEWAL_TEMPLATE,
            locale: ctx.locale,
            params: {
              org: org.name,
              reference: c.reference,
              offer: name ? (ctx.locale === 'en' && name.en ? name.en : name.fr) : '',
              lastDayToRefuse: c.lastDayToRefuseOn,
              renewalOn: c.renewalOn,
              terminateUrl: `${deps.config.publicUrl}/portal/${org.slug}/contracts/terminate`,
            },
          },
          { dedupeKey: `contract-renewal:${c.id}:${c.lastDayToRefuseOn}` },
        );
        await repo.updateContract(tx, org.id, c.id, { reminderSentOn: today, updatedAt: now });
        await repo.insertEvent(tx, {
          orgId: org.id,
          contractId: c.id,
          type: 'renewal_reminder_sent',
          at: now,
          evidence: { template: RENEWAL_TEMPLATE, locale: ctx.locale, shownDate: c.lastDayToRefuseOn, ref: RENEWAL_REF, via: 'worker' },
          sentToEnc: c.emailEnc,
        });
        await deps.audit.record(tx, ctx, {
          type: 'contract.renewal_reminder_sent',
          target: { type: 'contract', id: c.id },
          payload: { contractId: c.id, lastDayToRefuseOn: c.lastDayToRefuseOn, sentOn: today },
        });
        run.sent++;
      } else if (status.state === 'missed' && status.terminateAnyTimeFrom) {
        await repo.updateContract(tx, org.id, c.id, { terminateAnyTimeFrom: status.terminateAnyTimeFrom, updatedAt: now });
        await repo.insertEvent(tx, {
          orgId: org.id,
          contractId: c.id,
          type: 'renewal_reminder_missed',
          at: now,
          evidence: { template: null, locale: null, shownDate: status.terminateAnyTimeFrom, ref: ANY_TIME_REF, via: 'worker' },
        });
        await deps.audit.record(tx, ctx, {
          type: 'contract.renewal_reminder_missed',
          target: { type: 'contract', id: c.id },
          payload: { contractId: c.id, lastDayToRefuseOn: c.lastDayToRefuseOn, terminateAnyTimeFrom: status.terminateAnyTimeFrom },
        });
        run.missed++;
      }
    },
  );
  return run;
}

/**
 * Tacit renewals that have taken effect (L.215-1): the contract not ended by its renewal day runs
 * for a new term of the offer version's duration, from that day; the next last day to refuse keeps
 * the distance the contract fixed, so the next reminder is judged on it and the reminder of the
 * period just ended no longer counts. A right to terminate at any time (al. 2) is kept: a missed
 * reminder is not cured by the renewal. Each contract in its own transaction, re-read under lock.
 */
async function runRenewals(deps: Deps, run: ReminderRun, orgId?: string): Promise<void> {
  const now = deps.clock.now();
  const latestToday = toLocalDate(new Date(now.getTime() + 14 * 3_600_000), 'UTC');
  await eachCandidate(
    deps,
    await repo.findDueRenewals(deps.db, latestToday, orgId),
    run,
    'contract renewal failed',
    async (tx, { org, ctx, versions, today }, c) => {
      const termMonths = c ? versions.get(c.offerVersionId)?.durationMonths : undefined;
      if (!c || c.status !== 'active' || !c.renewalOn || !c.lastDayToRefuseOn || !termMonths) return;
      let period = { commitmentEndOn: c.commitmentEndOn ?? c.renewalOn, renewalOn: c.renewalOn, lastDayToRefuse: c.lastDayToRefuseOn };
      const renewedOn = c.renewalOn;
      // A worker down for longer than a term catches up: each period that started has run.
      while (period.renewalOn <= today)
        period = nextRenewalPeriod({ renewalOn: period.renewalOn, lastDayToRefuse: period.lastDayToRefuse, termMonths });
      if (period.renewalOn === c.renewalOn) return;
      await repo.updateContract(tx, org.id, c.id, {
        commitmentEndOn: period.commitmentEndOn,
        renewalOn: period.renewalOn,
        lastDayToRefuseOn: period.lastDayToRefuse,
        reminderSentOn: null,
        updatedAt: now,
      });
      await repo.insertEvent(tx, {
        orgId: org.id,
        contractId: c.id,
        type: 'renewed',
        at: now,
        evidence: { template: null, locale: null, shownDate: period.lastDayToRefuse, ref: RENEWAL_REF, via: 'worker' },
      });
      await deps.audit.record(tx, ctx, {
        type: 'contract.renewed',
        target: { type: 'contract', id: c.id },
        payload: {
          contractId: c.id,
          renewedOn,
          commitmentEndOn: period.commitmentEndOn,
          renewalOn: period.renewalOn,
          lastDayToRefuseOn: period.lastDayToRefuse,
        },
      });
      run.renewed++;
    },
  );
}

interface CandidateScope {
  org: OrganisationRow;
  ctx: RequestContext;
  versions: Map<string, OfferVersionRow>;
  /** The organisation's day: contract dates are the trader's days. */
  today: LocalDate;
}

/**
 * Runs `step` on each candidate contract, re-read under lock in its own transaction, with its
 * organisation's context, offer versions and day: a run that crashed, or another worker, never
 * acts twice, and one bad record is logged by ids (no address, no reference: the error serializer)
 * and counted, never stopping the others; the next run tries it again.
 */
async function eachCandidate(
  deps: Deps,
  candidates: readonly { id: string; orgId: string }[],
  run: ReminderRun,
  failure: string,
  step: (tx: Db, scope: CandidateScope, contract: repo.ContractRow | undefined) => Promise<void>,
): Promise<void> {
  const scopes = new Map<string, CandidateScope | null>();
  for (const candidate of candidates) {
    if (!scopes.has(candidate.orgId)) {
      const org = await findOrganisationById(deps.db, candidate.orgId);
      const ctx = org ? systemContext(org.id, RENEWAL_REMINDER_JOB, org.defaultLocale === 'en' ? 'en' : 'fr') : null;
      scopes.set(
        candidate.orgId,
        org && ctx
          ? {
              org,
              ctx,
              versions: new Map((await listOffers(deps, ctx)).flatMap((o) => o.versions.map((v) => [v.id, v] as const))),
              today: toLocalDate(deps.clock.now(), org.timezone),
            }
          : null,
      );
    }
    const scope = scopes.get(candidate.orgId);
    if (!scope) continue;
    try {
      await deps.db.transaction(async (tx) => step(tx, scope, await repo.lockContract(tx, scope.org.id, candidate.id)));
    } catch (error) {
      run.failed++;
      deps.log.error({ orgId: scope.org.id, contractId: candidate.id, err: error }, failure);
    }
  }
}

export const renewalReminderJob = defineJob({
  type: RENEWAL_REMINDER_JOB,
  schema: z.object({}).passthrough(),
  async handler(deps: Deps) {
    await runRenewalReminders(deps);
  },
});
