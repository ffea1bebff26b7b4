import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { AUTHORITY_CHANNELS, RISK_LEVELS, SUBJECT_AUDIENCES, SUBJECT_EXEMPTIONS } from './breaches.tables.ts';

/**
 * Audit events of the breach register: ids, codes, counts and field names, never the text of the
 * file nor who the subjects are. They also make the breach's timeline (target `breach`).
 */
export const breachEvents = {
  'breach.recorded': z.object({ breachId: z.uuid(), risk: z.enum(RISK_LEVELS), authorityDueAt: z.string() }).strict(),
  'breach.updated': z.object({ breachId: z.uuid(), fields: z.array(z.string()), authorityDueAt: z.string() }).strict(),
  'breach.authority_notified': z.object({ breachId: z.uuid(), channel: z.enum(AUTHORITY_CHANNELS), late: z.boolean() }).strict(),
  'breach.notification_waived': z.object({ breachId: z.uuid(), risk: z.enum(RISK_LEVELS) }).strict(),
  'breach.supplemented': z.object({ breachId: z.uuid(), supplementId: z.uuid() }).strict(),
  'breach.subjects_notified': z.object({ breachId: z.uuid(), audience: z.enum(SUBJECT_AUDIENCES), queued: z.number().int(), total: z.number().int() }).strict(),
  'breach.subjects_exempted': z.object({ breachId: z.uuid(), exemption: z.enum(SUBJECT_EXEMPTIONS) }).strict(),
  'breach.deadline_warned': z.object({ breachId: z.uuid(), recipients: z.number().int(), overdue: z.boolean() }).strict(),
  'breach.closed': z.object({ breachId: z.uuid() }).strict(),
};

/** Event types of the register, for the timeline. */
export type BreachEventType = keyof typeof breachEvents;

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof breachEvents> {}
}
