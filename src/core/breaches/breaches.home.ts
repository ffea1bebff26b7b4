import { and, asc, eq, ne } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { HomeSection, HomeViewer } from '../module.ts';
import { breaches } from './breaches.tables.ts';

/**
 * DPO: open breaches and their 72-hour clocks (GDPR Art. 33(1): notify the authority within 72
 * hours of awareness). `hoursLeft` is negative once the deadline has passed.
 */
async function clocks(deps: Deps, { orgId, now }: HomeViewer) {
  const rows = await deps.db
    .select({
      id: breaches.id,
      reference: breaches.reference,
      title: breaches.title,
      status: breaches.status,
      awareAt: breaches.awareAt,
      authorityDueAt: breaches.authorityDueAt,
      authorityNotifiedAt: breaches.authorityNotifiedAt,
      waivedAt: breaches.waivedAt,
    })
    .from(breaches)
    .where(and(eq(breaches.orgId, orgId), ne(breaches.status, 'closed')))
    .orderBy(asc(breaches.authorityDueAt))
    .limit(10);
  return {
    open: rows.map((b) => ({
      id: b.id,
      reference: b.reference,
      title: b.title,
      status: b.status,
      awareAt: b.awareAt.toISOString(),
      authorityDueAt: b.authorityDueAt.toISOString(),
      // The clock stops once the authority is notified or the decision not to notify is recorded.
      clockRunning: !b.authorityNotifiedAt && !b.waivedAt,
      hoursLeft: Math.floor((b.authorityDueAt.getTime() - now.getTime()) / 3_600_000),
    })),
  };
}

export const breachHomeSections: HomeSection[] = [{ id: 'breaches.clocks', roles: ['dpo'], permission: 'breach:read', order: 60, load: clocks }];
