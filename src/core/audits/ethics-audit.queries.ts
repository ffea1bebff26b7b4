/**
 * Read models of the ethics audit pages: the list with each audit's progress, and one audit with
 * its checklist, answers, files (names decrypted), findings and their remediation actions.
 */
import { findUsers } from '../auth/index.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findOrganisationById, type OrganisationRow } from '../organisations/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import type { FindingRow } from './audits.repo.ts';
import { isActionOverdue } from './audits.policy.ts';
import { canManageAudits } from './ethics-audit.policy.ts';
import * as repo from './ethics-audit.repo.ts';
import type { AuditListInput } from './ethics-audit.schemas.ts';
import { auditFiles } from './ethics-audit.service.ts';

/** Audits listed on one page (the ones not closed come first). */
export const AUDIT_LIST_LIMIT = 500;

export interface AuditListView {
  rows: repo.AuditRow[];
  answers: Map<string, repo.AnswerRow[]>;
  openFindings: Map<string, number>;
  names: Map<string, string>;
}

export async function listAudits(deps: Deps, ctx: RequestContext, query: AuditListInput): Promise<AuditListView> {
  const orgId = requireOrg(ctx);
  const rows = await repo.findAudits(deps.db, orgId, query.status, AUDIT_LIST_LIMIT);
  const ids = rows.map((r) => r.id);
  const [answers, openFindings, users] = await Promise.all([
    repo.findAnswers(deps.db, orgId, ids),
    repo.countOpenFindings(deps.db, orgId, ids),
    findUsers(deps.db, orgId),
  ]);
  const byAudit = new Map<string, repo.AnswerRow[]>();
  for (const a of answers) byAudit.set(a.auditId, [...(byAudit.get(a.auditId) ?? []), a]);
  return { rows, answers: byAudit, openFindings, names: new Map(users.map((u) => [u.id, u.name])) };
}

export interface AuditView {
  audit: repo.AuditRow;
  answers: repo.AnswerRow[];
  files: Awaited<ReturnType<typeof auditFiles>>;
  findings: FindingRow[];
  actions: (Awaited<ReturnType<typeof repo.findActionsOf>>[number] & { overdue: boolean })[];
  names: Map<string, string>;
  auditors: { id: string; name: string }[];
  canManage: boolean;
  org: OrganisationRow;
  now: Date;
}

export async function getAuditView(deps: Deps, ctx: RequestContext, id: string): Promise<AuditView> {
  const orgId = requireOrg(ctx);
  const audit = await repo.findAudit(deps.db, orgId, id);
  if (!audit) throw notFound('ethics_audit');
  const [answers, files, findings, users, org] = await Promise.all([
    repo.findAnswers(deps.db, orgId, [id]),
    auditFiles(deps, orgId, id),
    repo.findAuditFindings(deps.db, orgId, id),
    findUsers(deps.db, orgId),
    findOrganisationById(deps.db, orgId),
  ]);
  if (!org) throw notFound('organisation');
  const now = deps.clock.now();
  const today = toLocalDate(now, org.timezone);
  const actions = await repo.findActionsOf(
    deps.db,
    orgId,
    findings.map((f) => f.id),
  );
  const canManage = canManageAudits(ctx.actor);
  return {
    audit,
    answers,
    files,
    findings,
    actions: actions.map((a) => ({ ...a, overdue: isActionOverdue(a, today) })),
    names: new Map(users.map((u) => [u.id, u.name])),
    auditors: canManage ? users.filter((u) => u.status === 'active').map((u) => ({ id: u.id, name: u.name })) : [],
    canManage,
    org,
    now,
  };
}
