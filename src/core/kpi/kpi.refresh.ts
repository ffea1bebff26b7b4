/**
 * Keeping the daily values current. A refresh reads the organisation's audit events since the
 * last run (every change writes one in its own transaction, so they are the change feed), asks
 * each KPI source which local days those changes touch, and recomputes only those days of only
 * the KPIs of those sources. A rebuild recomputes every day from the records; both use the same
 * `compute` of each KPI, so they agree (kpi.int.test.ts checks it on the same records).
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { defineJob, type CronDefinition } from '../../worker/jobs.ts';
import { systemContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { KpiChange, KpiDayValue, KpiDefinition, KpiSource } from '../module.ts';
import { addDays, dayIn, dayRuns } from './kpi.math.ts';
import * as repo from './kpi.repo.ts';

/** Audit events read per query while catching up. */
const PAGE = 5000;
/** The first local day a rebuild computes: before any record the product can hold. */
const EPOCH = '1970-01-01';

export const REFRESH_JOB = 'kpi.refresh';
/** Every minute: a figure is at most about a minute behind its records. */
export const refreshCron: CronDefinition = { name: REFRESH_JOB, intervalMs: 60_000, jobType: REFRESH_JOB };

interface Org {
  id: string;
  timezone: string;
}

/** The KPIs that have records to compute from, grouped by their source. */
function computableBySource(deps: Deps): Map<KpiSource, KpiDefinition[]> {
  const out = new Map<KpiSource, KpiDefinition[]>();
  for (const { handler: kpi } of deps.registries.kpis) {
    if (!kpi.source || !kpi.compute) continue;
    out.set(kpi.source, [...(out.get(kpi.source) ?? []), kpi]);
  }
  return out;
}

/** Recomputes the runs of days of some KPIs (one source's) and stores them with one delete and one insert. */
async function recompute(
  tx: Db,
  org: Org,
  kpis: readonly KpiDefinition[],
  runs: readonly { from: string; to: string }[],
  now: Date,
): Promise<void> {
  const values: { kpi: string; values: KpiDayValue[] }[] = [];
  for (const kpi of kpis) {
    const days: KpiDayValue[] = [];
    for (const run of runs) days.push(...(await kpi.compute!(tx, org.id, { ...run, tz: org.timezone })));
    values.push({ kpi: kpi.key, values: days });
  }
  await repo.replaceDays(tx, org.id, runs, values, now);
}

/** What a rebuild or refresh did, for the CLI and the logs. */
export interface RefreshOutcome {
  orgId: string;
  kind: 'rebuilt' | 'refreshed' | 'unchanged';
  events: number;
  days: number;
}

/**
 * Recomputes every KPI of the organisation from its records, up to today: on its first refresh,
 * or when asked (`confiance kpi rebuild`), which the audit log records.
 */
export async function rebuildOrganisation(deps: Deps, org: Org, requested = false): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  const today = dayIn(now, org.timezone);
  return deps.db.transaction(async (tx) => {
    const state = await repo.lockState(tx, org.id);
    // The position is read before the records: a change committed meanwhile is read again next time.
    const position = await repo.lastPosition(tx, org.id);
    await repo.deleteAllValues(tx, org.id);
    const groups = [...computableBySource(deps).values()];
    for (const kpis of groups) await recompute(tx, org, kpis, [{ from: EPOCH, to: today }], now);
    await repo.saveState(tx, { orgId: org.id, position, previousPosition: position, day: today, refreshedAt: now, rebuiltAt: now });
    if (requested)
      await deps.audit.record(tx, systemContext(org.id, 'kpi.rebuild'), {
        type: 'kpi.rebuilt',
        payload: { kpis: groups.flat().length, hadValues: state !== null },
      });
    return { orgId: org.id, kind: 'rebuilt', events: 0, days: 0 };
  });
}

/**
 * Brings the organisation's KPI days up to date with the changes since the last run. The days
 * touched are: the local day of each change, the days of the records it changed (a record
 * entered with past dates), and, when the local day turned since the last run, the days in
 * between (a request not answered by its due day becomes late without any event).
 * An organisation never refreshed is rebuilt.
 */
export async function refreshOrganisation(deps: Deps, org: Org): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  const today = dayIn(now, org.timezone);
  return deps.db
    .transaction(async (tx) => {
      const state = await repo.lockState(tx, org.id);
      if (!state) return null;
      // Read from the cursor of the run before the last: a transaction that took an earlier
      // position but committed after the last run read past it is seen now. Reading twice is
      // harmless (recomputing a day is idempotent); a transaction longer than a whole refresh
      // interval could still be missed, which `confiance kpi rebuild` repairs.
      const bySource = computableBySource(deps);
      const prefixes = [...new Set([...bySource.keys()].flatMap((source) => source.changedBy))];
      // Read before the changes: an event committed meanwhile is read by the next run.
      const last = Math.max(state.position, await repo.lastPosition(tx, org.id));
      const changes: (KpiChange & { position: number; day: string })[] = [];
      for (let after = state.previousPosition; ;) {
        const page = await repo.changesAfter(tx, org.id, { after, upTo: last }, prefixes, org.timezone, PAGE);
        changes.push(...page);
        if (page.length < PAGE) break;
        after = page.at(-1)!.position;
      }
      const fresh = last > state.position;
      const dayTurned = state.day !== today;
      if (!fresh && !dayTurned) return { orgId: org.id, kind: 'unchanged' as const, events: 0, days: 0 };

      let touched = 0;
      for (const [source, kpis] of bySource) {
        const mine = changes.filter((c) => source.changedBy.some((prefix) => c.type.startsWith(prefix)));
        const days = new Set(mine.map((c) => c.day));
        if (mine.length > 0) for (const day of await source.affectedDays(tx, org.id, org.timezone, mine)) days.add(day);
        if (dayTurned) for (let day = state.day < today ? state.day : today; day <= today; day = addDays(day, 1)) days.add(day);
        // Days after today have no value yet (a rebuild stops at today too).
        const runs = dayRuns([...days].filter((d) => d <= today));
        touched += runs.length;
        await recompute(tx, org, kpis, runs, now);
      }
      await repo.saveState(tx, { ...state, position: last, previousPosition: state.position, day: today, refreshedAt: now });
      return { orgId: org.id, kind: 'refreshed' as const, events: changes.length, days: touched };
    })
    .then((outcome) => outcome ?? rebuildOrganisation(deps, org));
}

/** Refreshes every organisation (the cron's job). */
export async function refreshAll(deps: Deps): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const org of await repo.findOrganisations(deps.db)) outcomes.push(await refreshOrganisation(deps, org));
  return outcomes;
}

/** Rebuilds every organisation, or one, recording it in the organisation's audit log. */
export async function rebuildAll(deps: Deps, orgId?: string): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const org of await repo.findOrganisations(deps.db)) {
    if (orgId && org.id !== orgId) continue;
    outcomes.push(await rebuildOrganisation(deps, org, true));
  }
  return outcomes;
}

export const refreshJob = defineJob({
  type: REFRESH_JOB,
  schema: z.object({}).passthrough(),
  async handler(deps: Deps) {
    await refreshAll(deps);
  },
});
