import type { Deps } from '../deps.ts';
import type { HomeSection, HomeViewer } from '../module.ts';

/** Admin and auditor: whether the organisation's audit chain is intact, recomputed now. */
async function chain(deps: Deps, { orgId }: HomeViewer) {
  const result = await deps.audit.verify(deps.db, orgId);
  return { ok: result.ok, checked: result.checked, firstBrokenSeq: result.firstBroken?.seq ?? null };
}

export const auditLogHomeSections: HomeSection[] = [
  { id: 'audit-log.chain', roles: ['admin', 'auditor'], permission: 'audit_log:verify', order: 90, load: chain },
];
