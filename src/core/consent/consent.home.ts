import { and, eq, gte, inArray } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { HomeSection, HomeViewer } from '../module.ts';
import { countByWeek, lastWeeks } from '../home/index.ts';
import { consentEvents } from './consent.tables.ts';

const TREND_WEEKS = 12;

/** DPO: consents given and withdrawn per week, from the ledger (the proof, GDPR Art. 7(1)). */
async function trend(deps: Deps, { orgId, now }: HomeViewer) {
  const weeks = lastWeeks(now, TREND_WEEKS);
  const rows = await deps.db
    .select({ at: consentEvents.occurredAt, kind: consentEvents.kind })
    .from(consentEvents)
    .where(
      and(
        eq(consentEvents.orgId, orgId),
        inArray(consentEvents.kind, ['given', 'withdrawn']),
        gte(consentEvents.occurredAt, new Date(`${weeks[0]}T00:00:00Z`)),
      ),
    );
  const weekly = countByWeek(weeks, rows as { at: Date; kind: 'given' | 'withdrawn' }[], ['given', 'withdrawn']);
  return { weeks: weekly, given: weekly.reduce((s, w) => s + w.given, 0), withdrawn: weekly.reduce((s, w) => s + w.withdrawn, 0) };
}

export const consentHomeSections: HomeSection[] = [
  { id: 'consent.trend', roles: ['dpo'], permission: 'consent:read', order: 50, load: trend },
];
