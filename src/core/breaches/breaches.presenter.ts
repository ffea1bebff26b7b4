import { z } from 'zod';
import { AUTHORITY_CHANNELS, BREACH_STATUSES, BREACH_TYPES, DISCOVERY_SOURCES, RISK_LEVELS, SUBJECT_AUDIENCES, SUBJECT_DECISIONS, SUBJECT_EXEMPTIONS } from './breaches.tables.ts';
import type { Actor } from '../context.ts';
import { abilitiesOf, authorityClock, isLateNotification, missingBeforeNotification, NOTIFICATION_CONTENT } from './breaches.policy.ts';
import type { BreachRow } from './breaches.repo.ts';
import type { BreachView } from './breaches.queries.ts';

const AbilitiesSchema = z.object({
  edit: z.boolean(),
  editAwareness: z.boolean(),
  notifyAuthority: z.boolean(),
  waiveAuthority: z.boolean(),
  supplement: z.boolean(),
  notifySubjects: z.boolean(),
  exemptSubjects: z.boolean(),
  close: z.boolean(),
});

const AuthorityClockSchema = z.object({ dueAt: z.string(), state: z.enum(['running', 'warning', 'overdue', 'stopped']), remainingMs: z.number() });

/** A line of the register. */
export const BreachSummaryDtoSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(BREACH_STATUSES),
  risk: z.enum(RISK_LEVELS),
  awareAt: z.string(),
  authorityClock: AuthorityClockSchema,
  subjectsDecision: z.enum(SUBJECT_DECISIONS),
});

/** A whole file. */
export const BreachDtoSchema = BreachSummaryDtoSchema.extend({
  occurredAt: z.string().nullable(),
  discoverySource: z.enum(DISCOVERY_SOURCES).nullable(),
  description: z.string(),
  breachTypes: z.array(z.enum(BREACH_TYPES)),
  dataCategories: z.string().nullable(),
  subjectCategories: z.string().nullable(),
  approxSubjects: z.number().int().nullable(),
  approxRecords: z.number().int().nullable(),
  dpoContact: z.string().nullable(),
  consequences: z.string().nullable(),
  measures: z.string().nullable(),
  riskReasons: z.string().nullable(),
  /** What the file does not say yet of the Art. 33(3) content, in its order: the authority will ask for it. */
  missing: z.array(z.enum(NOTIFICATION_CONTENT)),
  authority: z.object({
    notifiedAt: z.string().nullable(),
    reference: z.string().nullable(),
    channel: z.enum(AUTHORITY_CHANNELS).nullable(),
    late: z.boolean().nullable(),
    delayReasons: z.string().nullable(),
    waiverReason: z.string().nullable(),
    waivedAt: z.string().nullable(),
  }),
  subjects: z.object({
    audience: z.enum(SUBJECT_AUDIENCES).nullable(),
    notifiedAt: z.string().nullable(),
    count: z.number().int(),
    exemption: z.enum(SUBJECT_EXEMPTIONS).nullable(),
    exemptionReason: z.string().nullable(),
    publicCommunication: z.string().nullable(),
  }),
  supplements: z.array(z.object({ id: z.uuid(), providedAt: z.string(), content: z.string() })),
  timeline: z.array(z.object({ at: z.string(), type: z.string(), actorType: z.string(), actorId: z.string().nullable(), payload: z.unknown() })),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  abilities: AbilitiesSchema,
});

export type BreachSummaryDto = z.infer<typeof BreachSummaryDtoSchema>;
export type BreachDto = z.infer<typeof BreachDtoSchema>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A line of the register, with its clock at `now`. */
export function presentBreachSummary(b: BreachRow, now: Date): BreachSummaryDto {
  return {
    id: b.id,
    reference: b.reference,
    title: b.title,
    status: b.status,
    risk: b.risk,
    awareAt: b.awareAt.toISOString(),
    authorityClock: { dueAt: b.authorityDueAt.toISOString(), ...authorityClock(b, now) },
    subjectsDecision: b.subjectsDecision,
  };
}

/** A whole file, with what `viewer` may do with it. */
export function presentBreach(view: BreachView, viewer: Actor): BreachDto {
  const { row: b, supplements, timeline } = view;
  return {
    ...presentBreachSummary(b, view.now),
    occurredAt: iso(b.occurredAt),
    discoverySource: b.discoverySource,
    description: b.description,
    breachTypes: b.breachTypes.filter((t): t is (typeof BREACH_TYPES)[number] => (BREACH_TYPES as readonly string[]).includes(t)),
    dataCategories: b.dataCategories,
    subjectCategories: b.subjectCategories,
    approxSubjects: b.approxSubjects,
    approxRecords: b.approxRecords,
    dpoContact: b.dpoContact,
    consequences: b.consequences,
    measures: b.measures,
    riskReasons: b.riskReasons,
    missing: missingBeforeNotification(b),
    authority: {
      notifiedAt: iso(b.authorityNotifiedAt),
      reference: b.authorityReference,
      channel: b.authorityChannel,
      late: b.authorityNotifiedAt ? isLateNotification(b.authorityNotifiedAt, b.authorityDueAt) : null,
      delayReasons: b.delayReasons,
      waiverReason: b.waiverReason,
      waivedAt: iso(b.waivedAt),
    },
    subjects: {
      audience: b.subjectsAudience,
      notifiedAt: iso(b.subjectsNotifiedAt),
      count: b.subjectsNotifiedCount,
      exemption: b.subjectsExemption,
      exemptionReason: b.subjectsExemptionReason,
      publicCommunication: b.publicCommunication,
    },
    supplements: supplements.map((s) => ({ id: s.id, providedAt: s.providedAt.toISOString(), content: s.content })),
    timeline: timeline.map((e) => ({ at: e.at.toISOString(), type: e.type, actorType: e.actorType, actorId: e.actorId, payload: e.payload })),
    closedAt: iso(b.closedAt),
    createdAt: b.createdAt.toISOString(),
    abilities: abilitiesOf(viewer, b),
  };
}
