/** How the audit log viewer names regulatory events: by their reference (REG-2026-001), never their text. */
import type { AuditTargetResolver } from '../module.ts';
import { findReferencesByIds } from './regulatory.repo.ts';

export const regulatoryAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'regulatory_event',
    permission: 'regulatory:read',
    labels: async (deps, orgId, ids) => new Map((await findReferencesByIds(deps.db, orgId, ids)).map((e) => [e.id, e.reference])),
  },
];
