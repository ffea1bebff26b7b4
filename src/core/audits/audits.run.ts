/**
 * Running the continuous controls for an organisation: one transaction, under the organisation's
 * findings lock, so two runs (a job run twice, the CLI beside the worker) never open a finding
 * twice; the partial unique index on open causes is the second guard. Each control runs in a
 * savepoint: one that fails leaves its findings as they were and the others still run.
 */
import { systemContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../../db/client.ts';
import { toLocalDate } from '../../rules/index.ts';
import { CONTROLS, type ControlDefinition, type ControlOrg } from './audits.controls.ts';
import * as repo from './audits.repo.ts';
import { findAllOrganisations } from '../organisations/index.ts';

export const CONTROLS_JOB = 'audits.controls';
const ACTOR = 'controls.run';

/** What one organisation's run did. */
export interface ControlRunOutcome {
  orgId: string;
  opened: number;
  closed: number;
  /** Open findings of the controls after the run. */
  open: number;
  failed: string[];
}

/**
 * The next finding reference, `F-<year>-<n>`; call it after `repo.lockFindingReferences` in the
 * same transaction. The controls and the audits both open findings: that transaction-scoped lock
 * per organisation makes them take numbers one after the other, so two never get the same one.
 */
export async function nextReference(tx: Db, orgId: string, now: Date): Promise<string> {
  const prefix = `F-${now.getUTCFullYear()}-`;
  return `${prefix}${String((await repo.countReferences(tx, orgId, prefix)) + 1).padStart(3, '0')}`;
}

const messageKey = (control: ControlDefinition, part: 'title' | 'explanation' | 'gone') => `audits.controls.${control.key}.${part}`;

async function runControl(
  deps: Deps,
  tx: Db,
  org: ControlOrg,
  control: ControlDefinition,
  now: Date,
): Promise<{ opened: number; closed: number; open: number }> {
  const ctx = systemContext(org.id, ACTOR);
  // A fact reviewed and closed by a person is not found again; a state that came back is.
  const known = await repo.findControlFindings(tx, org.id, control.key, { includeClosed: control.closes === 'review' });
  const seen = new Set(known.map((f) => f.causeKey ?? ''));
  const causes = await control.detect(deps, tx, org, now, seen);
  const current = new Set(causes.map((c) => c.causeKey));
  let opened = 0;
  let closed = 0;
  for (const cause of causes) {
    if (seen.has(cause.causeKey)) continue;
    seen.add(cause.causeKey);
    const row = await repo.insertFinding(tx, {
      orgId: org.id,
      reference: await nextReference(tx, org.id, now),
      source: 'control',
      controlKey: control.key,
      causeKey: cause.causeKey,
      severity: control.severity,
      titleKey: messageKey(control, 'title'),
      explanationKey: messageKey(control, 'explanation'),
      params: cause.params,
      evidence: cause.evidence,
      status: 'open',
      openedAt: now,
      openedBy: ACTOR,
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'finding.opened',
      target: { type: 'finding', id: row.id },
      payload: { findingId: row.id, source: 'control', controlKey: control.key, severity: row.severity, evidence: row.evidence.length },
    });
    opened++;
  }
  let open = known.filter((f) => f.status !== 'closed').length + opened;
  if (control.closes === 'itself') {
    const today = toLocalDate(now, org.timezone);
    for (const f of known) {
      if (f.status === 'closed' || current.has(f.causeKey ?? '')) continue;
      await repo.updateFinding(tx, org.id, f.id, {
        status: 'closed',
        closedAt: now,
        closedBy: ACTOR,
        closure: { by: 'control', on: today, reasonKey: messageKey(control, 'gone'), params: f.params },
        updatedAt: now,
      });
      await deps.audit.record(tx, ctx, {
        type: 'finding.closed',
        target: { type: 'finding', id: f.id },
        payload: { findingId: f.id, by: 'control', controlKey: control.key },
      });
      closed++;
      open--;
    }
  }
  return { opened, closed, open };
}

/** Runs every control for one organisation at `now`. Safe to run twice: the second run changes nothing. */
export async function runControlsFor(
  deps: Deps,
  org: ControlOrg,
  now = deps.clock.now(),
  controls: readonly ControlDefinition[] = CONTROLS,
): Promise<ControlRunOutcome> {
  return deps.db.transaction(async (tx) => {
    const run = await repo.lockControlRun(tx, org.id, now);
    await repo.lockFindingReferences(tx, org.id);
    const outcome: ControlRunOutcome = { orgId: org.id, opened: 0, closed: 0, open: 0, failed: [] };
    for (const control of controls) {
      try {
        const result = await tx.transaction((sp) => runControl(deps, sp, org, control, now));
        outcome.opened += result.opened;
        outcome.closed += result.closed;
        outcome.open += result.open;
      } catch (error) {
        outcome.failed.push(control.key);
        deps.log.error(
          { orgId: org.id, control: control.key, err: error },
          'control failed',
        );
      }
    }
    await repo.saveControlRun(tx, { ...run, ranAt: now, opened: outcome.opened, closed: outcome.closed, failed: outcome.failed });
    if (outcome.opened > 0 || outcome.closed > 0 || outcome.failed.length > 0)
      await deps.audit.record(tx, systemContext(org.id, ACTOR), {
        type: 'controls.ran',
        payload: { opened: outcome.opened, closed: outcome.closed, failed: outcome.failed },
      });
    return outcome;
  });
}

/** Runs the controls for every organisation, or one (the daily job, `confiance controls run`). */
export async function runControls(deps: Deps, options: { orgId?: string; now?: Date } = {}): Promise<ControlRunOutcome[]> {
  const now = options.now ?? deps.clock.now();
  const outcomes: ControlRunOutcome[] = [];
  for (const org of await findAllOrganisations(deps.db)) {
    if (options.orgId && org.id !== options.orgId) continue;
    outcomes.push(await runControlsFor(deps, { id: org.id, timezone: org.timezone }, now));
  }
  return outcomes;
}
