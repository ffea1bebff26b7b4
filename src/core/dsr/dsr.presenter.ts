import { z } from 'zod';
import { DSR_CHANNELS, DSR_STATUSES, DSR_TYPES, IDENTITY_CHECKS } from './dsr.tables.ts';
import type { DsrRow } from './dsr.repo.ts';
import type { RestrictionRow } from '../consent/consent.repo.ts';
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
  /** Restriction requests (GDPR Art. 18): the restriction obtained, and its lifting. */
  restriction: z.object({ active: z.boolean(), since: z.string(), liftedAt: z.string().nullable(), liftReason: z.string().nullable() }).nullable(),
  abilities: DsrDtoSchema.shape.abilities.extend({ liftRestriction: z.boolean() }),
});

/** The restriction part of a request's detail, and whether it may be lifted now. */
export function presentRestriction(r: DsrRow, restrictions: RestrictionRow[], canFulfil: boolean) {
  const first = restrictions[0];
  if (r.type !== 'restriction' || !first) return { restriction: null, liftRestriction: false };
  const active = restrictions.some((x) => !x.liftedAt);
  return {
    restriction: { active, since: first.createdAt.toISOString(), liftedAt: r.restrictionLiftedAt?.toISOString() ?? null, liftReason: r.restrictionLiftReason },
    liftRestriction: canFulfil && active,
  };
}

export function presentRequest(r: DsrRow, overdue: boolean, canFulfil: boolean, today: string) {
  const open = r.status === 'received' || r.status === 'extended';
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
    abilities: { extend: canFulfil && r.status === 'received' && today <= r.dueDate, refuse: canFulfil && open, fulfil: canFulfil && open },
  };
}
