import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';

/** Audit events of evidence bundles: what a bundle covers (ids in the target only) and the digest of its signed manifest. */
export const evidenceEvents = {
  'evidence.exported': z
    .object({ scope: z.enum(['customer', 'complaint', 'campaign']), events: z.number().int(), files: z.number().int(), manifestSha256: z.string().regex(/^[0-9a-f]{64}$/) })
    .strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof evidenceEvents> {}
}
