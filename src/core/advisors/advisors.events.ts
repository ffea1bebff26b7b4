import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';

/** Audit events of dedicated advisors: ids and counts only. */
export const advisorEvents = {
  'advisor.assigned': z.object({ customerId: z.uuid(), advisorId: z.uuid(), reason: z.enum(['new_customer', 'replacement', 'manual']) }).strict(),
  'advisor.updated': z.object({ advisorId: z.uuid(), fields: z.array(z.string()) }).strict(),
  'advisor.handed_over': z.object({ fromAdvisorId: z.uuid(), toAdvisorId: z.uuid(), customers: z.number().int(), complaints: z.number().int() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof advisorEvents> {}
}
