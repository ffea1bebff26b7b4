import { and, asc, eq, gte, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import type { HomeSection, HomeViewer } from '../module.ts';
import { users } from '../auth/auth.tables.ts';
import { advisors } from '../advisors/advisors.tables.ts';
import { countByWeek, lastWeeks } from '../home/index.ts';
import { t } from '../../i18n/index.ts';
import { complaints, COMPLAINT_DECISIONS } from './complaints.tables.ts';

const TREND_WEEKS = 12;
const SLA_STATES = ['breached', 'soon', 'ok', 'waiting'] as const;
type SlaState = (typeof SLA_STATES)[number];

/**
 * Where an open complaint stands against its clocks, in SQL so counts stay one query:
 * `waiting` while paused on the customer (the clocks stop: RULES.md), `breached` once today, in
 * the customer's time zone, is past the due day of a running clock, `soon` from 80 % of it (the
 * stored warn instants), else `ok`. An answered complaint's answer clock no longer runs.
 */
function slaState(now: Date): SQL<SlaState> {
  const at = now.toISOString();
  const today = sql`(${at}::timestamptz at time zone ${complaints.timezone})::date`;
  return sql<SlaState>`case
    when ${complaints.pausedAt} is not null then 'waiting'
    when (${complaints.acknowledgedAt} is null and ${today} > ${complaints.ackDueOn}::date)
      or (${complaints.answeredAt} is null and ${today} > ${complaints.answerDueOn}::date) then 'breached'
    when (${complaints.acknowledgedAt} is null and ${complaints.ackWarnAt} <= ${at}::timestamptz)
      or (${complaints.answeredAt} is null and ${complaints.answerWarnAt} <= ${at}::timestamptz) then 'soon'
    else 'ok' end`;
}

const open = ne(complaints.status, 'closed');
const zeroStates = (): Record<SlaState, number> => ({ breached: 0, soon: 0, ok: 0, waiting: 0 });

/** Agent: their open complaints by SLA urgency, the five to handle first, those waiting on the customer. */
async function myQueue(deps: Deps, { orgId, userId, now, locale }: HomeViewer) {
  const state = slaState(now);
  const mine = and(eq(complaints.orgId, orgId), eq(complaints.assigneeId, userId), open);
  const counts = await deps.db.select({ state, n: sql<number>`count(*)::int` }).from(complaints).where(mine).groupBy(sql`1`);
  const byState = zeroStates();
  for (const row of counts) byState[row.state] = row.n;
  const rank = sql`case ${state} when 'breached' then 0 when 'soon' then 1 else 2 end`;
  const top = await deps.db
    .select({
      id: complaints.id,
      reference: complaints.reference,
      category: complaints.category,
      status: complaints.status,
      level: complaints.escalationLevel,
      state,
      answerDueOn: complaints.answerDueOn,
    })
    .from(complaints)
    .where(and(mine, sql`${complaints.pausedAt} is null`))
    .orderBy(rank, asc(complaints.answerDueOn), asc(complaints.receivedAt))
    .limit(5);
  return {
    counts: { ok: byState.ok, soon: byState.soon, breached: byState.breached },
    waitingOnCustomer: byState.waiting,
    // Labelled here so the home page does not download the whole complaints catalogue for eight words.
    top: top.map((c) => ({ ...c, categoryLabel: t(locale, `complaints.categories.${c.category}`) })),
  };
}

/** Complaints received per week (UTC weeks), oldest first. */
async function receivedTrend(deps: Deps, orgId: string, now: Date) {
  const weeks = lastWeeks(now, TREND_WEEKS);
  const rows = await deps.db
    .select({ at: complaints.receivedAt })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), gte(complaints.receivedAt, new Date(`${weeks[0]}T00:00:00Z`))));
  return countByWeek(
    weeks,
    rows.map((r) => ({ at: r.at, kind: 'received' as const })),
    ['received'],
  );
}

/** Supervisor: load per advisor of their team, what is about to breach, level-2 escalations, the weekly trend. */
async function team(deps: Deps, { orgId, userId, now }: HomeViewer) {
  const state = slaState(now);
  const members = await deps.db
    .select({ userId: advisors.userId, name: users.name })
    .from(advisors)
    .innerJoin(users, and(eq(users.id, advisors.userId), eq(users.orgId, orgId)))
    .where(and(eq(advisors.orgId, orgId), eq(advisors.supervisorId, userId)))
    .orderBy(asc(users.name));
  const loads = members.length
    ? await deps.db
        .select({ userId: complaints.assigneeId, state, n: sql<number>`count(*)::int` })
        .from(complaints)
        .where(and(eq(complaints.orgId, orgId), open, sql`${complaints.assigneeId} in (select ${advisors.userId} from ${advisors} where ${advisors.orgId} = ${orgId} and ${advisors.supervisorId} = ${userId})`))
        .groupBy(sql`1`, sql`2`)
    : [];
  const advisorsLoad = members.map((m) => {
    const states = zeroStates();
    for (const row of loads) if (row.userId === m.userId) states[row.state] = row.n;
    return { userId: m.userId, name: m.name, open: SLA_STATES.reduce((sum, s) => sum + states[s], 0), ...states };
  });
  const [orgStates, [escalated]] = await Promise.all([
    deps.db.select({ state, n: sql<number>`count(*)::int` }).from(complaints).where(and(eq(complaints.orgId, orgId), open)).groupBy(sql`1`),
    deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(complaints)
      .where(and(eq(complaints.orgId, orgId), open, eq(complaints.escalationLevel, 2))),
  ]);
  const org = zeroStates();
  for (const row of orgStates) org[row.state] = row.n;
  return {
    advisors: advisorsLoad,
    breachingSoon: org.soon,
    breached: org.breached,
    unassigned: (await deps.db.select({ n: sql<number>`count(*)::int` }).from(complaints).where(and(eq(complaints.orgId, orgId), open, sql`${complaints.assigneeId} is null`)))[0]?.n ?? 0,
    escalations: escalated?.n ?? 0,
    trend: await receivedTrend(deps, orgId, now),
  };
}

/** Ethics officer and auditor: how complaints end (decision shares), what is open, what went to the mediator. */
async function outcomes(deps: Deps, { orgId, now }: HomeViewer) {
  const decided = await deps.db
    .select({ decision: complaints.decision, n: sql<number>`count(*)::int` })
    .from(complaints)
    .where(and(eq(complaints.orgId, orgId), isNotNull(complaints.decision)))
    .groupBy(complaints.decision);
  const decisions = Object.fromEntries(COMPLAINT_DECISIONS.map((d) => [d, decided.find((r) => r.decision === d)?.n ?? 0])) as Record<(typeof COMPLAINT_DECISIONS)[number], number>;
  const [[openCount], [mediation]] = await Promise.all([
    deps.db.select({ n: sql<number>`count(*)::int` }).from(complaints).where(and(eq(complaints.orgId, orgId), open)),
    deps.db.select({ n: sql<number>`count(*)::int` }).from(complaints).where(and(eq(complaints.orgId, orgId), isNotNull(complaints.mediationReferredAt))),
  ]);
  return { decisions, open: openCount?.n ?? 0, mediation: mediation?.n ?? 0, trend: await receivedTrend(deps, orgId, now) };
}

export const complaintHomeSections: HomeSection[] = [
  { id: 'complaints.my-queue', roles: ['agent'], permission: 'complaint:handle', order: 10, load: myQueue },
  { id: 'complaints.team', roles: ['supervisor'], permission: 'complaint:assign', order: 20, load: team },
  { id: 'complaints.outcomes', roles: ['ethics_officer', 'auditor'], permission: 'complaint:read', order: 30, load: outcomes },
];
