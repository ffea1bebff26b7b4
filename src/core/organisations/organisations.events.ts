import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';

export const organisationEvents = {
  'organisation.created': z.object({ organisationId: z.uuid() }).strict(),
  'organisation.updated': z.object({ organisationId: z.uuid(), fields: z.array(z.string()) }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof organisationEvents> {}
}
