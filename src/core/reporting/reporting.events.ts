import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { SECTION_IDS } from './reporting.figures.ts';

/** Audit events of the CSR report: which text changed, never the text itself. */
export const reportingEvents = {
  'csr_report.narrative_updated': z
    .object({ period: z.string(), section: z.enum([...SECTION_IDS, 'introduction']), locale: z.enum(['fr', 'en']), cleared: z.boolean() })
    .strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof reportingEvents> {}
}
