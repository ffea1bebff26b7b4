/**
 * The 72-hour clock does not wait for someone to open the back office: once per breach, when
 * the deadline is near (or already passed) and no notification decision is recorded, everyone
 * who can record it is told by e-mail.
 */
import { z } from 'zod';
import { systemContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { findUsers } from '../auth/index.ts';
import { permissionsForRoles, type Role } from '../auth/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { queueMail } from '../mail/index.ts';
import type { CronDefinition } from '../../worker/jobs.ts';
import { defineJob } from '../../worker/jobs.ts';
import { authorityClock, WARNING_HOURS } from './breaches.policy.ts';
import * as repo from './breaches.repo.ts';

export const WARN_DEADLINE_JOB = 'breaches.warn_deadline';

/** Checked every quarter of an hour: the warning comes at most 15 minutes after the clock turns to `warning`. */
export const warnDeadlineCron: CronDefinition = { name: WARN_DEADLINE_JOB, intervalMs: 15 * 60_000, jobType: WARN_DEADLINE_JOB };

export const warnDeadlineJob = defineJob({
  type: WARN_DEADLINE_JOB,
  schema: z.object({}).passthrough(),
  async handler(deps: Deps) {
    const now = deps.clock.now();
    for (const candidate of await repo.findBreachesToWarn(deps.db, new Date(now.getTime() + WARNING_HOURS * 3_600_000))) {
      await deps.db.transaction(async (tx) => {
        // Re-read under lock: a decision recorded, or another worker's warning, since the scan wins.
        const b = await repo.findBreach(tx, candidate.orgId, candidate.id, true);
        if (!b || b.deadlineWarnedAt) return;
        const { state } = authorityClock(b, now);
        if (state !== 'warning' && state !== 'overdue') return;
        const org = await findOrganisationById(tx, b.orgId);
        if (!org) return;
        const recipients = (await findUsers(tx, b.orgId)).filter((u) => u.status === 'active' && permissionsForRoles(u.roles as Role[]).has('breach:manage'));
        for (const u of recipients) {
          const locale = u.locale === 'en' ? 'en' : 'fr';
          await queueMail(
            deps,
            tx,
            {
              orgId: b.orgId,
              to: { userId: u.id },
              locale,
              template: 'breaches.mail.deadlineWarning',
              params: { reference: b.reference, title: b.title, due: b.authorityDueAt.toISOString(), link: `${deps.config.publicUrl}/app/breaches/${b.id}` },
            },
            { dedupeKey: `breach-warn:${b.id}:${u.id}` },
          );
        }
        await repo.updateBreach(tx, b.orgId, b.id, { deadlineWarnedAt: now });
        await deps.audit.record(tx, systemContext(b.orgId, WARN_DEADLINE_JOB), {
          type: 'breach.deadline_warned',
          target: { type: 'breach', id: b.id },
          payload: { breachId: b.id, recipients: recipients.length, overdue: state === 'overdue' },
        });
      });
    }
  },
});
