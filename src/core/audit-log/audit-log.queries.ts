/**
 * Read model of the audit log viewer: a page of events, the names of their actors and, where the
 * viewer may read them, of their targets. Names are looked up for the page shown, never stored in
 * the log (issue 10): the trail keeps ids and field names only.
 */
import { hasPermission, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as repo from './audit-log.repo.ts';
import type { AuditListQuery } from './audit-log.schemas.ts';

export interface AuditPageView {
  events: repo.StoredAuditEvent[];
  /** Current name of each acting user or token, by id. */
  actorLabels: Map<string, string>;
  /** Name of each target the viewer may read, by target type, then id. */
  targetLabels: Map<string, Map<string, string>>;
  nextBefore: number | null;
}

/** Record ids are UUIDs; any other target id (a setting, a run) keeps its neutral label and never reaches a uuid column. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One page of the organisation's events, newest first, with the labels the viewer may see. */
export async function findAuditPage(deps: Deps, ctx: RequestContext, query: AuditListQuery): Promise<AuditPageView> {
  const orgId = requireOrg(ctx);
  const events = await repo.findEvents(deps.db, orgId, query);
  const actorsOf = (type: string) => [...new Set(events.filter((e) => e.actorType === type && e.actorId).map((e) => e.actorId as string))];
  const [actorLabels, targetLabels] = await Promise.all([
    repo.findActorLabels(deps.db, orgId, actorsOf('user'), actorsOf('api_token')),
    findTargetLabels(deps, ctx, orgId, events),
  ]);
  const last = events.at(-1);
  return { events, actorLabels, targetLabels, nextBefore: events.length === query.limit && last ? last.position : null };
}

/**
 * Asks each module's resolver (deps.registries.auditTargets) to name its targets on the page, only
 * if the viewer holds the resolver's permission. A resolver that fails leaves its targets neutral:
 * the trail stays readable, which matters more than names.
 */
async function findTargetLabels(deps: Deps, ctx: RequestContext, orgId: string, events: repo.StoredAuditEvent[]): Promise<Map<string, Map<string, string>>> {
  const labels = new Map<string, Map<string, string>>();
  await Promise.all(
    deps.registries.auditTargets.map(async ({ module, handler }) => {
      if (!hasPermission(ctx.actor, handler.permission)) return;
      const ids = [...new Set(events.filter((e) => e.targetType === handler.targetType && e.targetId && UUID.test(e.targetId)).map((e) => e.targetId as string))];
      if (ids.length === 0) return;
      try {
        labels.set(handler.targetType, await handler.labels(deps, orgId, ids));
      } catch (error) {
        deps.log.warn({ module, targetType: handler.targetType, error: error instanceof Error ? error.name : 'unknown' }, 'audit target labels unavailable');
      }
    }),
  );
  return labels;
}
