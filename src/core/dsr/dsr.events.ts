import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { DSR_CHANNELS, DSR_TYPES, IDENTITY_CHECKS } from './dsr.tables.ts';

/** Audit events of data-subject requests: ids, types and codes, never the subject's words. */
export const dsrEvents = {
  'dsr.received': z.object({ requestId: z.uuid(), customerId: z.uuid(), type: z.enum(DSR_TYPES), channel: z.enum(DSR_CHANNELS), identityCheck: z.enum(IDENTITY_CHECKS), dueDate: z.string() }).strict(),
  'dsr.extended': z.object({ requestId: z.uuid(), dueDate: z.string() }).strict(),
  'dsr.refused': z.object({ requestId: z.uuid(), late: z.boolean() }).strict(),
  'dsr.fulfilled': z.object({ requestId: z.uuid(), type: z.enum(DSR_TYPES), late: z.boolean() }).strict(),
  'dsr.erased': z.object({ requestId: z.uuid(), customerId: z.uuid(), erased: z.number().int(), held: z.array(z.object({ table: z.string(), id: z.string() }).strict()) }).strict(),
  'dsr.restriction_lifted': z.object({ requestId: z.uuid(), customerId: z.uuid(), restrictionIds: z.array(z.uuid()).min(1) }).strict(),
  'dsr.reminded': z.object({ requestId: z.uuid(), recipients: z.number().int() }).strict(),
  'dsr_export.created': z.object({ exportId: z.uuid(), requestId: z.uuid(), datasets: z.number().int() }).strict(),
  'dsr_export.downloaded': z.object({ exportId: z.uuid() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof dsrEvents> {}
}
