import { defineRoute, type AnyRoute } from '../../api/route.ts';
import { requireOrg } from '../context.ts';
import type { Deps } from '../deps.ts';
import * as repo from './audit-log.repo.ts';
import { findActorLabels } from './audit-log.repo.ts';
import { AuditListQuerySchema, AuditPageDtoSchema, VerifyDtoSchema } from './audit-log.schemas.ts';

function present(event: repo.StoredAuditEvent, labels: Map<string, string>) {
  return {
    id: event.id,
    shard: event.shard,
    seq: event.seq,
    type: event.type,
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorId ? (labels.get(event.actorId) ?? null) : null,
    targetType: event.targetType,
    targetId: event.targetId,
    outcome: event.outcome,
    payload: (event.payload ?? {}) as Record<string, unknown>,
    requestId: event.requestId,
    createdAt: event.createdAt.toISOString(),
    hash: event.hash,
  };
}

export function auditLogRoutes(deps: Deps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/audit-events',
      access: 'audit_log:read',
      summary: 'Audit events of the organisation, newest first (keyset pagination: pass nextBefore as before)',
      tags: ['audit-log'],
      schema: { querystring: AuditListQuerySchema, response: { 200: AuditPageDtoSchema } },
      async handler({ ctx, query }) {
        const orgId = requireOrg(ctx);
        const rows = await repo.findEvents(deps.db, orgId, query);
        const idsOf = (type: string) => [...new Set(rows.filter((r) => r.actorType === type && r.actorId).map((r) => r.actorId as string))];
        const labels = await findActorLabels(deps.db, orgId, idsOf('user'), idsOf('api_token'));
        const last = rows.at(-1);
        return { items: rows.map((r) => present(r, labels)), nextBefore: rows.length === query.limit && last ? last.position : null };
      },
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
