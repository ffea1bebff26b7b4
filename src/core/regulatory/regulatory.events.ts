import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { AUTHORITIES, REGULATORY_KINDS, SUBJECT_AREAS } from './regulatory.tables.ts';

/** Audit events of the register of regulatory events: ids, codes and field names, never the text. */
export const regulatoryEvents = {
  'regulatory_event.recorded': z
    .object({ eventId: z.uuid(), authority: z.enum(AUTHORITIES), kind: z.enum(REGULATORY_KINDS), subjectArea: z.enum(SUBJECT_AREAS) })
    .strict(),
  // `days`: the event's day before and after the change (a corrected date moves the KPIs of both days).
  'regulatory_event.updated': z.object({ eventId: z.uuid(), fields: z.array(z.string()), days: z.array(z.iso.date()) }).strict(),
  'regulatory_event.evidence_added': z.object({ eventId: z.uuid(), evidenceId: z.uuid(), kind: z.string(), sizeBytes: z.number().int() }).strict(),
  'regulatory_event.evidence_downloaded': z.object({ eventId: z.uuid(), evidenceId: z.uuid() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof regulatoryEvents> {}
}
