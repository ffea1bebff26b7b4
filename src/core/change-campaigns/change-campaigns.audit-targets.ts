/** How the audit log viewer names change campaigns and notices: dates and sector, never a customer's detail. */
import { and, eq, inArray } from 'drizzle-orm';
import type { AuditTargetResolver } from '../module.ts';
import { changeCampaigns } from './change-campaigns.tables.ts';

export const changeCampaignAuditTargets: AuditTargetResolver[] = [
  {
    targetType: 'change_campaign',
    permission: 'contract:read',
    async labels(deps, orgId, ids) {
      if (ids.length === 0) return new Map();
      const rows = await deps.db
        .select({ id: changeCampaigns.id, sector: changeCampaigns.sector, plannedEffectiveOn: changeCampaigns.plannedEffectiveOn })
        .from(changeCampaigns)
        .where(and(eq(changeCampaigns.orgId, orgId), inArray(changeCampaigns.id, [...ids])));
      return new Map(rows.map((r) => [r.id, `${r.plannedEffectiveOn} · ${r.sector}`]));
    },
  },
];
