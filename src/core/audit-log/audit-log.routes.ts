import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import { findAuditPage } from './audit-log.queries.ts';
import { presentAuditPage } from './audit-log.presenter.ts';
import { AuditListQuerySchema, AuditPageDtoSchema, VerifyDtoSchema } from './audit-log.schemas.ts';

export function auditLogRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/audit-events',
      access: 'audit_log:read',
      summary: 'Audit events of the organisation, newest first (keyset pagination: pass nextBefore as before)',
      tags: ['audit-log'],
      schema: { querystring: AuditListQuerySchema, response: { 200: AuditPageDtoSchema } },
      handler: async ({ ctx, query }) => presentAuditPage(await findAuditPage(deps, ctx, query)),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/audit-events/verify',
      access: 'audit_log:verify',
      summary: 'Recompute the hash chain and name the first broken row',
      tags: ['audit-log'],
      schema: { response: { 200: VerifyDtoSchema } },
      async handler({ ctx }) {
        const orgId = requireOrg(ctx);
        const result = await deps.audit.verify(deps.db, orgId);
        await deps.db.transaction(async (tx) => {
          await deps.audit.record(tx, ctx, {
            type: 'audit_log.verified',
            payload: { ok: result.ok, checked: result.checked, firstBrokenSeq: result.firstBroken?.seq ?? null },
          });
        });
        return result;
      },
    }),
  ];
}
