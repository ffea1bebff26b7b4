import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { ACTION_STATUSES, FINDING_SEVERITIES, FINDING_SOURCES } from './audits.tables.ts';

/**
 * Audit events of findings and remediation: ids, codes, counts and field names. A finding's text
 * is message keys, so nothing personal could leak here anyway; an action's title is not copied.
 */
export const auditsEvents = {
  'finding.opened': z
    .object({
      findingId: z.uuid(),
      source: z.enum(FINDING_SOURCES),
      controlKey: z.string().nullable(),
      severity: z.enum(FINDING_SEVERITIES),
      evidence: z.number().int(),
    })
    .strict(),
  'finding.closed': z.object({ findingId: z.uuid(), by: z.enum(['control', 'user']), controlKey: z.string().nullable() }).strict(),
  'remediation_action.added': z.object({ findingId: z.uuid(), actionId: z.uuid(), ownerId: z.uuid(), dueOn: z.string() }).strict(),
  'remediation_action.updated': z.object({ findingId: z.uuid(), actionId: z.uuid(), fields: z.array(z.string()) }).strict(),
  'remediation_action.closed': z.object({ findingId: z.uuid(), actionId: z.uuid(), status: z.enum(ACTION_STATUSES) }).strict(),
  /** A run of the continuous controls that changed something (an idle run records nothing). */
  'controls.ran': z.object({ opened: z.number().int(), closed: z.number().int(), failed: z.array(z.string()) }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof auditsEvents> {}
}
