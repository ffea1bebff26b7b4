/**
 * The daily jobs of findings: the run of the continuous controls (plus `confiance controls run`
 * and the back office's "run now"), and the reminders mailed to remediation actions' owners.
 */
import { z } from 'zod';
import { findUsersByIds } from '../auth/index.ts';
import { systemContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { queueMail } from '../mail/index.ts';
import { findAllOrganisations } from '../organisations/index.ts';
import { addDays, toLocalDate } from '../../rules/index.ts';
import { defineJob, type CronDefinition } from '../../worker/jobs.ts';
import { DUE_SOON_DAYS, reminderStage } from './audits.policy.ts';
import * as repo from './audits.repo.ts';
import { CONTROLS_JOB, runControls } from './audits.run.ts';

/** Once a day: the controls judge days (deadlines, due days), so a daily look finds a cause the day it appears. */
export const controlsCron: CronDefinition = { name: CONTROLS_JOB, intervalMs: 24 * 3_600_000, jobType: CONTROLS_JOB };

export const controlsJob = defineJob({
  type: CONTROLS_JOB,
  schema: z.object({}).passthrough(),
  // A run twice changes nothing the first did not (audits.run.ts), so a retry is safe.
  async handler(deps: Deps) {
    await runControls(deps);
  },
});

export const REMINDERS_JOB = 'audits.action_reminders';

/** Once a day, like the controls: reminders are about due days. */
export const remindersCron: CronDefinition = { name: REMINDERS_JOB, intervalMs: 24 * 3_600_000, jobType: REMINDERS_JOB };

/** What a reminders run did: mails queued, and what failed (logged, then skipped until the next run). */
export interface ReminderRunOutcome {
  sent: number;
  /** Actions whose reminder failed; their transaction rolled back, so the next run tries again. */
  failedActions: number;
  /** Organisations whose actions could not even be listed (their zone, their rows). */
  failedOrganisations: number;
}

/**
 * Mails each open remediation action's owner once when its due day is near ("due soon", from
 * DUE_SOON_DAYS before) and once when it has passed ("overdue"); the overdue action also becomes
 * a finding through the remediation_overdue control, which the mail says. Organisation by
 * organisation, in its own day; each action in its own transaction, re-read under lock, so a job
 * run twice (or two workers) mails once. One organisation's or one action's failure is logged and
 * counted, and the run goes on with the others: a broken row must not leave every other owner
 * without their reminder. A failed action is not marked reminded, so the next day's run retries it.
 */
export async function sendActionReminders(deps: Deps, now = deps.clock.now()): Promise<ReminderRunOutcome> {
  const outcome: ReminderRunOutcome = { sent: 0, failedActions: 0, failedOrganisations: 0 };
  for (const org of await findAllOrganisations(deps.db)) {
    let today: string;
    let candidates: Awaited<ReturnType<typeof repo.findActionsToRemind>>;
    try {
      today = toLocalDate(now, org.timezone);
      candidates = await repo.findActionsToRemind(deps.db, org.id, addDays(today, DUE_SOON_DAYS));
    } catch (error) {
      outcome.failedOrganisations++;
      deps.log.error({ orgId: org.id, job: REMINDERS_JOB, err: error }, 'action reminders failed for an organisation');
      continue;
    }
    for (const candidate of candidates) {
      if (!reminderStage(candidate, today)) continue;
      try {
        if (await remindAction(deps, org.id, candidate.id, today)) outcome.sent++;
      } catch (error) {
        outcome.failedActions++;
        deps.log.error({ orgId: org.id, actionId: candidate.id, job: REMINDERS_JOB, err: error }, 'action reminder failed');
      }
    }
  }
  return outcome;
}

/** One action's reminder in its own transaction, re-read under lock; true when a mail was queued. */
async function remindAction(deps: Deps, orgId: string, actionId: string, today: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const action = await repo.findAction(tx, orgId, actionId, true);
    const stage = action ? reminderStage(action, today) : null;
    if (!action || !stage) return false;
    const [owner] = await findUsersByIds(tx, orgId, [action.ownerId]);
    const [finding] = await repo.findReferencesByIds(tx, orgId, [action.findingId]);
    // An owner who left gets no mail; the overdue control still opens its finding for the ethics officer.
    const mailed = owner?.status === 'active' && finding !== undefined;
    if (mailed) {
      await queueMail(
        deps,
        tx,
        {
          orgId,
          to: { userId: owner.id },
          locale: owner.locale === 'en' ? 'en' : 'fr',
          template: `audits.mail.${stage}`,
          params: { name: owner.name, title: action.title, dueOn: action.dueOn, finding: finding.reference, link: `${deps.config.publicUrl}/app/findings/${action.findingId}` },
        },
        { dedupeKey: `action-reminder:${action.id}:${stage}:${action.dueOn}` },
      );
    }
    await repo.updateAction(tx, orgId, action.id, stage === 'overdue' ? { remindedOverdueFor: action.dueOn } : { remindedSoonFor: action.dueOn });
    await deps.audit.record(tx, systemContext(orgId, REMINDERS_JOB), {
      type: 'remediation_action.reminded',
      target: { type: 'finding', id: action.findingId },
      payload: { findingId: action.findingId, actionId: action.id, stage, dueOn: action.dueOn, mailed },
    });
    return mailed;
  });
}

export const remindersJob = defineJob({
  type: REMINDERS_JOB,
  schema: z.object({}).passthrough(),
  // Failures are logged one by one inside; the summary says how many for whoever reads the logs.
  async handler(deps: Deps) {
    const outcome = await sendActionReminders(deps);
    if (outcome.failedActions > 0 || outcome.failedOrganisations > 0) deps.log.warn({ job: REMINDERS_JOB, ...outcome }, 'action reminders ran with failures');
    else deps.log.info({ job: REMINDERS_JOB, ...outcome }, 'action reminders ran');
  },
});
