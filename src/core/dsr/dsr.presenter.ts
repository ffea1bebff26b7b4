import { z } from 'zod';
import { DSR_CHANNELS, DSR_STATUSES, DSR_TYPES, IDENTITY_CHECKS } from './dsr.tables.ts';
import type { Actor } from '../context.ts';
import type { RestrictionRow } from '../consent/index.ts';
import type { DsrRow } from './dsr.repo.ts';
import type { DsrDetailView } from './dsr.queries.ts';
import { canLiftRestriction, readsSubjectContent, requestAbilities } from './dsr.policy.ts';
import { ErasureOutcomeSchema } from './dsr.schemas.ts';

export const DsrDtoSchema = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  type: z.enum(DSR_TYPES),
  status: z.enum(DSR_STATUSES),
  channel: z.enum(DSR_CHANNELS),
  identityCheck: z.enum(IDENTITY_CHECKS),
  receivedAt: z.string(),
  dueDate: z.string(),
  overdue: z.boolean(),
  extensionReason: z.string().nullable(),
  refusalReason: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  erasureOutcome: ErasureOutcomeSchema.nullable(),
  abilities: z.object({ extend: z.boolean(), refuse: z.boolean(), fulfil: z.boolean() }),
});

export const DsrDetailDtoSchema = DsrDtoSchema.extend({
  subject: z.object({ email: z.string().nullable(), name: z.string().nullable(), locale: z.string(), erased: z.boolean() }).nullable(),
  details: z.string().nullable(),
  /** True when the viewer answers no requests: the subject's identity and words are left out (`subject` and `details` null). */
  contentHidden: z.boolean(),
  /** Restriction requests (GDPR Art. 18): the restriction obtained, and its lifting. */
  restriction: z
    .object({ active: z.boolean(), since: z.string(), liftedAt: z.string().nullable(), liftReason: z.string().nullable() })
    .nullable(),
  abilities: DsrDtoSchema.shape.abilities.extend({ liftRestriction: z.boolean() }),
});

/** The restriction a restriction request obtained (GDPR Art. 18), lifted or not; null for other requests. */
function presentRestriction(r: DsrRow, restrictions: readonly RestrictionRow[]) {
  const first = restrictions[0];
  if (r.type !== 'restriction' || !first) return null;
  return {
    active: restrictions.some((x) => !x.liftedAt),
    since: first.createdAt.toISOString(),
    liftedAt: r.restrictionLiftedAt?.toISOString() ?? null,
    liftReason: r.restrictionLiftReason,
  };
}

/** A line of the queue, with what `viewer` may do with the request. */
export function presentRequest(r: DsrRow, overdue: boolean, viewer: Actor) {
  return {
    id: r.id,
    customerId: r.customerId,
    type: r.type,
    status: r.status,
    channel: r.channel,
    identityCheck: r.identityCheck,
    receivedAt: r.receivedAt.toISOString(),
    dueDate: r.dueDate,
    overdue,
    extensionReason: r.extensionReason,
    refusalReason: r.refusalReason,
    resolutionNote: r.resolutionNote,
    closedAt: r.closedAt?.toISOString() ?? null,
    erasureOutcome: r.erasureOutcome ? (JSON.parse(r.erasureOutcome) as unknown) : null,
    abilities: requestAbilities(viewer, { orgId: r.orgId, status: r.status, overdue }),
  };
}

/** The request page: the subject's identity and words (for those who answer requests), the restriction obtained, what `viewer` may do. */
export function presentRequestDetail(view: DsrDetailView, viewer: Actor) {
  const { row, customer } = view;
  const base = presentRequest(row, view.overdue, viewer);
  const restriction = presentRestriction(row, view.restrictions);
  const shown = readsSubjectContent(viewer, row.orgId);
  return {
    ...base,
    subject:
      shown && customer
        ? { email: customer.email, name: customer.name, locale: customer.locale, erased: Boolean(customer.erasedAt) }
        : null,
    details: shown ? view.details : null,
    contentHidden: !shown,
    restriction,
    abilities: { ...base.abilities, liftRestriction: canLiftRestriction(viewer, row, restriction) },
  };
}
