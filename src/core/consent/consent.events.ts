import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { CHANNELS, CONSENT_EVENT_KINDS, CONSENT_METHODS, RESTRICTION_KINDS } from './consent.tables.ts';

/** Audit events of purposes, the consent ledger and the portal's proofs of identity: ids and codes only. */
export const consentEvents = {
  'purpose.created': z.object({ purposeId: z.uuid(), legalBasis: z.string() }).strict(),
  'purpose.notice_published': z.object({ purposeId: z.uuid(), version: z.number().int() }).strict(),
  'consent.recorded': z
    .object({
      eventId: z.uuid(),
      customerId: z.uuid(),
      purposeId: z.uuid(),
      channel: z.enum(CHANNELS),
      kind: z.enum(CONSENT_EVENT_KINDS),
      method: z.enum(CONSENT_METHODS),
      /** The phone-collection notice read with a phone consent (`id@version`, C. consom. L.223-1): a code, never a number. */
      phoneNotice: z.string().max(80).optional(),
    })
    .strict(),
  'consent.projection_rebuilt': z.object({ rows: z.number().int() }).strict(),
  /** One batch of a CSV import: counts and the file's hash, never a row's content. */
  'consent.imported': z
    .object({
      fileHash: z.string().regex(/^[0-9a-f]{64}$/),
      batch: z.number().int().min(1),
      rows: z.number().int(),
      imported: z.number().int(),
      skipped: z.number().int(),
      newSubjects: z.number().int(),
      statesMoved: z.number().int(),
    })
    .strict(),
  'consent.exported': z.object({ scope: z.enum(['states', 'ledger']) }).strict(),
  'consent_restriction.added': z
    .object({
      restrictionId: z.uuid(),
      customerId: z.uuid(),
      kind: z.enum(RESTRICTION_KINDS),
      purposeId: z.uuid().nullable(),
      requestId: z.uuid().nullable(),
    })
    .strict(),
  'consent_restriction.lifted': z.object({ restrictionId: z.uuid(), customerId: z.uuid() }).strict(),
  /** `customerId` is null for an address no customer has: nobody is created before the code is verified. */
  'privacy_code.sent': z.object({ codeId: z.uuid(), customerId: z.uuid().nullable() }).strict(),
  /** The subject signed out: the session is revoked server-side, a copy of its cookie no longer works. */
  'privacy_session.ended': z.object({ sessionId: z.uuid(), customerId: z.uuid() }).strict(),
  'privacy_code.verified': z.object({ codeId: z.uuid(), customerId: z.uuid() }).strict(),
  'privacy_code.rejected': z
    .object({ codeId: z.uuid().nullable(), reason: z.enum(['wrong', 'expired', 'used', 'too_many_tries', 'unknown']) })
    .strict(),
  'privacy_link.refused': z
    .object({
      reason: z.enum(['forged', 'expired', 'replayed', 'malformed']),
      tokenId: z.uuid().nullable(),
      customerId: z.uuid().nullable(),
    })
    .strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof consentEvents> {}
}
