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

/**
 * Mails each open remediation action's owner once when its due day is near ("due soon", from
 * DUE_SOON_DAYS before) and once when it has passed ("overdue"); the overdue action also becomes
 * a finding through the remediation_overdue control, which the mail says. Organisation by
 * organisation, in its own day; each action in its own transaction, re-read under lock, so a job
 * run twice (or two workers) mails once. Returns how many reminders were queued.
 */
export async function sendActionReminders(deps: Deps, now = deps.clock.now()): Promise<number> {
  let sent = 0;
  for (const org of await findAllOrganisations(deps.db)) {
    const today = toLocalDate(now, org.timezone);
    for (const candidate of await repo.findActionsToRemind(deps.db, org.id, addDays(today, DUE_SOON_DAYS))) {
      if (!reminderStage(candidate, today)) continue;
      await deps.db.transaction(async (tx) => {
        const action = await repo.findAction(tx, org.id, candidate.id, true);
        const stage = action ? reminderStage(action, today) : null;
        if (!action || !stage) return;
        const [owner] = await findUsersByIds(tx, org.id, [action.ownerId]);
        const [finding] = await repo.findReferencesByIds(tx, org.id, [action.findingId]);
        // An owner who left gets no mail; the overdue control still opens its finding for the ethics officer.
        const mailed = owner?.status === 'active' && finding !== undefined;
        if (mailed) {
          await queueMail(
            deps,
            tx,
            {
              orgId: org.id,
              to: { userId: owner.id },
              locale: owner.locale === 'en' ? 'en' : 'fr',
              template: `audits.mail.${stage}`,
              params: { name: owner.name, title: action.title, dueOn: action.dueOn, finding: finding.reference, link: `${deps.config.publicUrl}/app/findings/${action.findingId}` },
            },
            { dedupeKey: `action-reminder:${action.id}:${stage}:${action.dueOn}` },
          );
          sent++;
        }
        await repo.updateAction(tx, org.id, action.id, stage === 'overdue' ? { remindedOverdueFor: action.dueOn } : { remindedSoonFor: action.dueOn });
        await deps.audit.record(tx, systemContext(org.id, REMINDERS_JOB), {
          type: 'remediation_action.reminded',
          target: { type: 'finding', id: action.findingId },
          payload: { findingId: action.findingId, actionId: action.id, stage, dueOn: action.dueOn, mailed },
        });
      });
    }
  }
  return sent;
}

export const remindersJob = defineJob({
  type: REMINDERS_JOB,
  schema: z.object({}).passthrough(),
  async handler(deps: Deps) {
    await sendActionReminders(deps);
  },
});
