import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';

/** Ids and field names only: the customer's name or e-mail never enters the audit log. */
export const customerEvents = {
  'customer.created': z.object({ customerId: z.uuid(), source: z.enum(['portal', 'agent', 'api', 'import', 'seed']) }).strict(),
  'customer.updated': z
    .object({
      customerId: z.uuid(),
      fields: z.array(z.string()),
      /** With a new phone number: the phone-collection notice the customer was given (`id@version`, C. consom. L.223-1), its proof. */
      phoneNotice: z.string().max(80).optional(),
    })
    .strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof customerEvents> {}
}
