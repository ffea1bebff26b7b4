/** How the audit log viewer (and a finding's evidence) names findings and ethics audits: by their reference. */
import type { AuditTargetResolver } from '../module.ts';
import { findReferencesByIds } from './audits.repo.ts';
import { findAuditReferencesByIds } from './ethics-audit.repo.ts';

export const auditsAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'finding',
    permission: 'finding:read',
    labels: async (deps, orgId, ids) => new Map((await findReferencesByIds(deps.db, orgId, ids)).map((f) => [f.id, f.reference])),
  },
  {
    targetType: 'ethics_audit',
    permission: 'ethics_audit:read',
    labels: async (deps, orgId, ids) => new Map((await findAuditReferencesByIds(deps.db, orgId, ids)).map((a) => [a.id, a.reference])),
  },
];
