import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { NOTICE_SECTORS } from '../../rules/transparency/index.ts';
import { OFFER_KINDS } from './offers.tables.ts';

/** Audit events of the offers ledger: ids, numbers and codes (offers hold no personal data). */
export const offersEvents = {
  'offer.created': z
    .object({ offerId: z.uuid(), slug: z.string(), kind: z.enum(OFFER_KINDS), sector: z.enum(NOTICE_SECTORS), versionId: z.uuid() })
    .strict(),
  'offer.version_created': z
    .object({
      offerId: z.uuid(),
      versionId: z.uuid(),
      version: z.number().int(),
      validFrom: z.string(),
      priceCents: z.number().int(),
      previousPriceCents: z.number().int(),
      /** The announced reduction in basis points, checked against the 30-day lowest price; null without one. */
      reductionBasisPoints: z.number().int().nullable(),
    })
    .strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof offersEvents> {}
}
