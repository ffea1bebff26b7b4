import { z } from 'zod';
import { AUTHORITY_CHANNELS, BREACH_TYPES, DISCOVERY_SOURCES, RISK_LEVELS, SUBJECT_EXEMPTIONS } from './breaches.tables.ts';
import { BreachDtoSchema } from './breaches.presenter.ts';

const instant = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);
const approx = z.number().int().min(0).max(2_000_000_000).nullable();

const breachFields = {
  title: text(200),
  /** GDPR Art. 33(1): the 72 hours run from awareness, not from occurrence. */
  awareAt: instant,
  occurredAt: instant.nullable(),
  discoverySource: z.enum(DISCOVERY_SOURCES).nullable(),
  description: text(10_000),
  // GDPR Art. 33(3)(a)
  breachTypes: z.array(z.enum(BREACH_TYPES)).max(BREACH_TYPES.length),
  dataCategories: text(2_000).nullable(),
  subjectCategories: text(2_000).nullable(),
  approxSubjects: approx,
  approxRecords: approx,
  // GDPR Art. 33(3)(b)-(d)
  dpoContact: text(500).nullable(),
  consequences: text(5_000).nullable(),
  measures: text(5_000).nullable(),
  risk: z.enum(RISK_LEVELS),
  riskReasons: text(5_000).nullable(),
};

/**
 * A new entry of the register (GDPR Art. 33(5): every breach, notified or not): a draft needs only
 * a title, a description and when the controller became aware; the rest is completed as it is known.
 */
export const CreateBreachSchema = z
  .object({ title: breachFields.title, awareAt: breachFields.awareAt, description: breachFields.description })
  .extend(
    z
      .object(breachFields)
      .omit({ title: true, awareAt: true, description: true })
      .partial().shape,
  )
  .strict();
export type CreateBreachInput = z.infer<typeof CreateBreachSchema>;

/** Any of the fields of a breach; at least one. */
export const UpdateBreachSchema = z
  .object(breachFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'empty' });
export type UpdateBreachInput = z.infer<typeof UpdateBreachSchema>;

/** GDPR Art. 33(1): the notification made to the authority; reasons when after 72 hours. */
export const NotifyAuthoritySchema = z
  .object({ notifiedAt: instant, reference: text(200), channel: z.enum(AUTHORITY_CHANNELS), delayReasons: text(5_000).optional() })
  .strict();
export type NotifyAuthorityInput = z.infer<typeof NotifyAuthoritySchema>;

/** The decision not to notify, with its reason (no risk). */
export const WaiveAuthoritySchema = z.object({ reason: text(5_000) }).strict();

/** GDPR Art. 33(4): a further piece of information given to the authority, dated. */
export const SupplementSchema = z.object({ providedAt: instant, content: text(10_000) }).strict();
export type SupplementInput = z.infer<typeof SupplementSchema>;

/** GDPR Art. 34(2): in clear and plain language, one version per language of the subjects. */
const SubjectMessage = z.object({ nature: text(5_000), consequences: text(5_000), measures: text(5_000) }).strict();

export const NotifySubjectsSchema = z
  .object({
    audience: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('selected'), customerIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
      z.object({ kind: z.literal('all') }).strict(),
    ]),
    message: z.object({ fr: SubjectMessage, en: SubjectMessage }).strict(),
  })
  .strict();
export type NotifySubjectsInput = z.infer<typeof NotifySubjectsSchema>;

/** The file after notifying the subjects, with how many e-mails were queued now out of the audience. */
export const SubjectNotificationDtoSchema = z.object({ breach: BreachDtoSchema, queued: z.number().int(), total: z.number().int() });

/** GDPR Art. 34(3): why the subjects are not told one by one; (c) needs the public communication. */
export const ExemptSubjectsSchema = z
  .object({ exemption: z.enum(SUBJECT_EXEMPTIONS), reason: text(5_000), publicCommunication: text(5_000).optional() })
  .strict();
export type ExemptSubjectsInput = z.infer<typeof ExemptSubjectsSchema>;

export const BreachListQuery = z.object({ status: z.enum(['open', 'all']).optional() }).strict();
export const IdParams = z.object({ id: z.uuid() }).strict();
