/** How the audit log viewer names contracts: the offer and the day concluded (the reference is a secret, never shown there). */
import type { AuditTargetResolver } from '../module.ts';
import { and, eq, inArray } from 'drizzle-orm';
import { contracts } from './contracts.tables.ts';

export const contractAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'contract',
    permission: 'contract:read',
    async labels(deps, orgId, ids) {
      if (ids.length === 0) return new Map();
      const rows = await deps.db
        .select({ id: contracts.id, sector: contracts.sector, concludedOn: contracts.concludedOn, status: contracts.status })
        .from(contracts)
        .where(and(eq(contracts.orgId, orgId), inArray(contracts.id, [...ids])));
      return new Map(rows.map((r) => [r.id, `${r.concludedOn} · ${r.sector} · ${r.status}`]));
    },
  },
];
