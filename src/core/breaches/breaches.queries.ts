/**
 * Read models of the breach pages: a file with what the page and the printable report show.
 * Reads only: no audit event, no write.
 */
import type { RequestContext } from '../context.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findEvents } from '../audit-log/index.ts';
import type { AuditEventRecord } from '../audit-log/index.ts';
import { findOrganisationById, type OrganisationRow } from '../organisations/index.ts';
import * as repo from './breaches.repo.ts';

/** Most events a timeline shows (a file rarely has more than a few dozen changes). */
const TIMELINE_LIMIT = 500;

/** One entry of the timeline of a file: an audited change (codes and ids only). */
export interface TimelineEntry {
  at: Date;
  type: string;
  actorType: AuditEventRecord['actorType'];
  actorId: string | null;
  payload: unknown;
}

/** A file with its supplements and its timeline (its audit events, oldest first). */
export interface BreachView {
  row: repo.BreachRow;
  supplements: repo.SupplementRow[];
  timeline: TimelineEntry[];
  /** The instant the 72-hour clock is shown at. */
  now: Date;
}

/** Breach `id` of the context's organisation, with its supplements and timeline. */
export async function getBreachView(deps: Deps, ctx: RequestContext, id: string): Promise<BreachView> {
  const orgId = requireOrg(ctx);
  const row = await repo.findBreach(deps.db, orgId, id);
  if (!row) throw notFound('breach');
  const [supplements, events] = await Promise.all([repo.findSupplements(deps.db, orgId, id), findEvents(deps.db, orgId, { targetType: 'breach', targetId: id, outcome: 'success', limit: TIMELINE_LIMIT })]);
  const timeline: TimelineEntry[] = events.reverse().map((e) => ({ at: e.createdAt, type: e.type, actorType: e.actorType, actorId: e.actorId, payload: e.payload }));
  return { row, supplements, timeline, now: deps.clock.now() };
}

/** What the printable report of a file shows: the file and the organisation (the controller). */
export async function getBreachReportView(deps: Deps, ctx: RequestContext, id: string): Promise<BreachView & { org: OrganisationRow }> {
  const view = await getBreachView(deps, ctx, id);
  const org = await findOrganisationById(deps.db, view.row.orgId);
  if (!org) throw notFound('organisation');
  return { ...view, org };
}
