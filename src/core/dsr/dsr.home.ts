import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { HomeSection, HomeViewer } from '../module.ts';
import { t } from '../../i18n/index.ts';
import { dsrRequests } from './dsr.tables.ts';

/**
 * DPO: open data-subject requests by their deadline (GDPR Art. 12(3): one month, extendable by
 * two). "Today" is the subject's own day, as the due date is (dsr.tables.ts).
 */
async function deadlines(deps: Deps, { orgId, now, locale }: HomeViewer) {
  const at = now.toISOString();
  const today = sql`(${at}::timestamptz at time zone ${dsrRequests.timezone})::date`;
  const bucket = sql<'overdue' | 'week' | 'later'>`case when ${dsrRequests.dueDate}::date < ${today} then 'overdue' when ${dsrRequests.dueDate}::date <= ${today} + 7 then 'week' else 'later' end`;
  const openRequest = and(eq(dsrRequests.orgId, orgId), inArray(dsrRequests.status, ['received', 'extended']));
  const counts = await deps.db.select({ bucket, n: sql<number>`count(*)::int` }).from(dsrRequests).where(openRequest).groupBy(sql`1`);
  const next = await deps.db
    .select({ id: dsrRequests.id, type: dsrRequests.type, status: dsrRequests.status, channel: dsrRequests.channel, dueDate: dsrRequests.dueDate, bucket })
    .from(dsrRequests)
    .where(openRequest)
    .orderBy(asc(dsrRequests.dueDate), asc(dsrRequests.receivedAt))
    .limit(5);
  const n = (b: string) => counts.find((c) => c.bucket === b)?.n ?? 0;
  // Labelled here so the home page does not download the whole privacy catalogue for six words.
  return { overdue: n('overdue'), dueThisWeek: n('week'), later: n('later'), next: next.map((r) => ({ ...r, typeLabel: t(locale, `privacy.dsrType.${r.type}`) })) };
}

export const dsrHomeSections: HomeSection[] = [{ id: 'dsr.deadlines', roles: ['dpo'], permission: 'dsr:fulfil', order: 40, load: deadlines }];
