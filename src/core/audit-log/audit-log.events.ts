import { z } from 'zod';
import type { EventsOf } from './audit-log.types.ts';

/** Events the audit log itself records. */
export const auditLogEvents = {
  /** A request refused for lack of permission or a failed CSRF check (recorded even though nothing changed). */
  'access.denied': z
    .object({ permission: z.string(), method: z.string(), route: z.string(), reason: z.enum(['permission', 'csrf']) })
    .strict(),
  'audit_log.verified': z.object({ ok: z.boolean(), checked: z.number().int(), firstBrokenSeq: z.number().int().nullable() }).strict(),
  /** A chain written before the chain was keyed, bound by its first keyed row (docs/adr/0012). */
  'audit_log.chain_sealed': z.object({ shard: z.number().int(), sealedSeq: z.number().int() }).strict(),
};

declare module './audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof auditLogEvents> {}
}
