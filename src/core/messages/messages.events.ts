import { z } from 'zod';
import type { EventsOf } from '../audit-log/index.ts';
import { MESSAGE_CATEGORIES, MESSAGE_TYPES } from '../../rules/messages/index.ts';

/**
 * Audit events of message approvals: ids, codes and the text's hash only. The message and the
 * ethics officer's reason are free text (they may name people): they stay in the request's row.
 */
export const messagesEvents = {
  'message.approval_requested': z
    .object({
      requestId: z.uuid(),
      textHash: z.string(),
      type: z.enum(MESSAGE_TYPES),
      lang: z.enum(['fr', 'en']),
      campaign: z.boolean(),
      /** Categories of the high-severity findings that call for the approval (empty: asked without need). */
      highCategories: z.array(z.enum(MESSAGE_CATEGORIES)),
      findings: z.number().int(),
    })
    .strict(),
  'message.approved': z.object({ requestId: z.uuid(), textHash: z.string() }).strict(),
  'message.rejected': z.object({ requestId: z.uuid(), textHash: z.string() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof messagesEvents> {}
}
