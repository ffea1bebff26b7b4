import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { ANSWERS, AUDIT_STATUSES } from './ethics-audit.tables.ts';
import { FINDING_SEVERITIES } from './audits.tables.ts';

/**
 * Audit events of ethics audits: ids, template and item keys, answers and statuses. The scope,
 * comments, observations and file names are staff's text or may name people: never copied here.
 */
export const ethicsAuditEvents = {
  'ethics_audit.created': z
    .object({ auditId: z.uuid(), templateKey: z.string(), templateVersion: z.number().int(), auditorId: z.uuid() })
    .strict(),
  'ethics_audit.updated': z.object({ auditId: z.uuid(), fields: z.array(z.string()) }).strict(),
  'ethics_audit.answered': z
    .object({ auditId: z.uuid(), itemKey: z.string(), answer: z.enum(ANSWERS), previous: z.enum(ANSWERS).nullable() })
    .strict(),
  'ethics_audit.status_changed': z.object({ auditId: z.uuid(), from: z.enum(AUDIT_STATUSES), to: z.enum(AUDIT_STATUSES) }).strict(),
  'ethics_audit.evidence_added': z
    .object({ auditId: z.uuid(), evidenceId: z.uuid(), itemKey: z.string().nullable(), kind: z.string(), sizeBytes: z.number().int() })
    .strict(),
  'ethics_audit.evidence_downloaded': z.object({ auditId: z.uuid(), evidenceId: z.uuid() }).strict(),
  'ethics_audit.finding_raised': z
    .object({ auditId: z.uuid(), findingId: z.uuid(), itemKey: z.string().nullable(), severity: z.enum(FINDING_SEVERITIES) })
    .strict(),
  /** A reminder to a remediation action's owner (due soon, or overdue); `mailed` false when the owner is no longer an active user. */
  'remediation_action.reminded': z
    .object({ findingId: z.uuid(), actionId: z.uuid(), stage: z.enum(['due_soon', 'overdue']), dueOn: z.string(), mailed: z.boolean() })
    .strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof ethicsAuditEvents> {}
}
