/** How the audit log viewer names breaches: by their file reference (BR-2026-3), never their title (free text). */
import type { AuditTargetResolver } from '../module.ts';
import { findReferencesByIds } from './breaches.repo.ts';

export const breachAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'breach',
    permission: 'breach:read',
    labels: async (deps, orgId, ids) => new Map((await findReferencesByIds(deps.db, orgId, ids)).map((b) => [b.id, b.reference])),
  },
];
