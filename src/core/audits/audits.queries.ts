/**
 * Read models of the findings pages: the list, and one finding with its remediation actions and
 * its evidence named for the viewer (with the permissions of the modules that own the records,
 * as the audit log names its targets).
 */
import { findUsers } from '../auth/index.ts';
import type { Permission } from '../auth/index.ts';
import { hasPermission, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { HomeViewer } from '../module.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import { canManageFindings } from './audits.policy.ts';
import * as repo from './audits.repo.ts';
import type { FindingListInput } from './audits.schemas.ts';
import { closesItself } from './audits.service.ts';

/** Findings listed on one page (open ones come first). */
export const LIST_LIMIT = 500;

/** Who may open each kind of evidence, and where it opens in the back office. */
const EVIDENCE_KINDS: Record<string, { permission: Permission; path: ((id: string) => string) | null }> = {
  complaint: { permission: 'complaint:read', path: (id) => `/app/complaints/${id}` },
  breach: { permission: 'breach:read', path: (id) => `/app/breaches/${id}` },
  dsr_request: { permission: 'dsr:read', path: (id) => `/app/privacy/requests/${id}` },
  customer: { permission: 'complaint:read', path: null },
  contact_attempt: { permission: 'contact:read', path: null },
  retention_run: { permission: 'retention:read', path: () => '/app/retention/runs' },
  message_approval: { permission: 'message:approve', path: () => '/app/messages/approvals' },
  kpi: { permission: 'kpi:read', path: (id) => `/app/kpis/${id}` },
  kpi_objective: { permission: 'kpi:read', path: null },
  finding: { permission: 'finding:read', path: (id) => `/app/findings/${id}` },
  remediation_action: { permission: 'finding:read', path: null },
  ethics_audit: { permission: 'ethics_audit:read', path: (id) => `/app/audits/${id}` },
};

export interface EvidenceView {
  type: string;
  id: string;
  label: string | null;
  path: string | null;
}

export interface FindingView {
  finding: repo.FindingRow;
  evidence: EvidenceView[];
  actions: (repo.ActionRow & { ownerName: string | null; overdue: boolean })[];
  owners: { id: string; name: string }[];
  closesItself: boolean;
  canManage: boolean;
  /** KPI names in the viewer's language, for the findings about a KPI. */
  kpiNames: Map<string, string>;
}

/** The catalogue's KPI names in `locale` (a finding about a KPI names it, not its key). */
export function kpiNamesIn(deps: Deps, locale: RequestContext['locale']): Map<string, string> {
  return new Map(deps.registries.kpis.map((k) => [k.handler.key, k.handler.name[locale]]));
}

/** Names of the evidence records the viewer may read: the owning module's audit-target resolver, or the KPI's name. */
async function evidenceOf(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  links: readonly { type: string; id: string }[],
): Promise<EvidenceView[]> {
  const labels = new Map<string, Map<string, string>>();
  const readable = (type: string) => {
    const kind = EVIDENCE_KINDS[type];
    return kind !== undefined && hasPermission(ctx.actor, kind.permission);
  };
  await Promise.all(
    deps.registries.auditTargets.map(async ({ handler }) => {
      if (!hasPermission(ctx.actor, handler.permission) || !readable(handler.targetType)) return;
      const ids = [...new Set(links.filter((l) => l.type === handler.targetType).map((l) => l.id))];
      if (ids.length === 0) return;
      labels.set(handler.targetType, await handler.labels(deps, orgId, ids));
    }),
  );
  const kpiNames = kpiNamesIn(deps, ctx.locale);
  return links.map((l) => {
    if (!readable(l.type)) return { ...l, label: null, path: null };
    const label = l.type === 'kpi' ? (kpiNames.get(l.id) ?? null) : (labels.get(l.type)?.get(l.id) ?? null);
    return { ...l, label, path: EVIDENCE_KINDS[l.type]?.path?.(l.id) ?? null };
  });
}

export async function listFindings(
  deps: Deps,
  ctx: RequestContext,
  query: FindingListInput,
): Promise<{ rows: repo.FindingRow[]; ranAt: Date | null }> {
  const orgId = requireOrg(ctx);
  const [rows, run] = await Promise.all([repo.findFindings(deps.db, orgId, query, LIST_LIMIT), repo.findControlRun(deps.db, orgId)]);
  return { rows, ranAt: run?.ranAt ?? null };
}

export async function getFindingView(deps: Deps, ctx: RequestContext, id: string): Promise<FindingView> {
  const orgId = requireOrg(ctx);
  const finding = await repo.findFinding(deps.db, orgId, id);
  if (!finding) throw notFound('finding');
  const [actions, users, org] = await Promise.all([
    repo.findActions(deps.db, orgId, id),
    findUsers(deps.db, orgId),
    findOrganisationById(deps.db, orgId),
  ]);
  const today = toLocalDate(deps.clock.now(), org?.timezone ?? 'Europe/Paris');
  const names = new Map(users.map((u) => [u.id, u.name]));
  const canManage = canManageFindings(ctx.actor);
  return {
    finding,
    evidence: await evidenceOf(deps, ctx, orgId, finding.evidence),
    actions: actions.map((a) => ({ ...a, ownerName: names.get(a.ownerId) ?? null, overdue: a.status === 'open' && today > a.dueOn })),
    owners: canManage ? users.filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.name })) : [],
    closesItself: closesItself(finding),
    canManage,
    kpiNames: kpiNamesIn(deps, ctx.locale),
  };
}

/** The ethics officer's home: how many findings are open, by severity. */
export async function findingsHomeSummary(deps: Deps, viewer: HomeViewer): Promise<Record<string, unknown>> {
  const bySeverity = await repo.countOpenBySeverity(deps.db, viewer.orgId);
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const [severity, n] of bySeverity) if (severity in counts) counts[severity as keyof typeof counts] = n;
  return { open: counts.critical + counts.high + counts.medium + counts.low, bySeverity: counts };
}
