/**
 * Retention of the mail outbox (GDPR Art. 5(1)(e)): a mail job that was sent or given up is kept
 * a short while to answer delivery questions, then its row goes. Pending and running mails are
 * never touched: they still have to be sent.
 */
import { and, eq, inArray, lt } from 'drizzle-orm';
import { jobs } from '../../db/schema.ts';
import type { RetentionHandler } from '../module.ts';

const MAIL_JOB = 'mail.send';
const FINISHED: ('done' | 'dead')[] = ['done', 'dead'];
const finishedBefore = (orgId: string, cutoff: Date) => and(eq(jobs.orgId, orgId), eq(jobs.type, MAIL_JOB), inArray(jobs.status, FINISHED), lt(jobs.finishedAt, cutoff));

export const mailOutboxRetention: RetentionHandler = {
  rule: 'mail.outbox',
  action: 'delete',
  async findExpired(_deps, db, orgId, cutoff) {
    const rows = await db.select({ id: jobs.id }).from(jobs).where(finishedBefore(orgId, cutoff)).orderBy(jobs.id);
    return { ids: rows.map((r) => String(r.id)), held: 0 };
  },
  async purge(_deps, tx, _ctx, orgId, ids, cutoff) {
    const numeric = ids.map(Number).filter(Number.isSafeInteger);
    if (numeric.length === 0) return [];
    const gone = await tx
      .delete(jobs)
      .where(and(finishedBefore(orgId, cutoff), inArray(jobs.id, numeric)))
      .returning({ id: jobs.id });
    return gone.map((g) => String(g.id));
  },
};
