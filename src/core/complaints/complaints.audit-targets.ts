/** How the audit log viewer names complaints: by their reference (REC-2026-000042), which holds no personal data. */
import type { AuditTargetResolver } from '../module.ts';
import { findReferencesByIds } from './complaints.repo.ts';

export const complaintAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'complaint',
    permission: 'complaint:read',
    labels: async (deps, orgId, ids) => new Map((await findReferencesByIds(deps.db, orgId, ids)).map((c) => [c.id, c.reference])),
  },
];
