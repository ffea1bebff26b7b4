/** How the audit log viewer names accounts and API tokens (ids in the log, names looked up when shown). */
import type { AuditTargetResolver } from '../module.ts';
import * as repo from './auth.repo.ts';

export const authAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'user',
    // Whoever may list the users sees their names there already.
    permission: 'user:read',
    async labels(deps, orgId, ids) {
      return new Map((await repo.findUsersByIds(deps.db, orgId, ids)).map((u) => [u.id, u.name]));
    },
  },
  {
    targetType: 'api_token',
    permission: 'token:manage',
    async labels(deps, orgId, ids) {
      return new Map((await repo.findTokensByIds(deps.db, orgId, ids)).map((token) => [token.id, `${token.name} (${token.prefix}…)`]));
    },
  },
];
