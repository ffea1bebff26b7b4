import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ }).max(300);

export const OrganisationProfileSchema = z
  .object({
    contactEmail: z.email().max(254),
    contactPhone: z.string().max(40).optional(),
    postalAddress: z.string().min(1).max(400),
    website: url.optional(),
    registration: z.string().max(200).optional(),
    publisher: z.string().max(200).optional(),
    host: z.string().max(400).optional(),
    dpoEmail: z.email().max(254).optional(),
    mediator: z.object({ name: z.string().min(1).max(200), website: url, postalAddress: z.string().max(400).optional() }).strict(),
    legalNotice: z.object({ fr: z.string().max(20_000), en: z.string().max(20_000) }).strict(),
  })
  .strict();

export const CreateOrganisationSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/).refine((s) => s !== 'assets', { message: 'reserved' }),
    name: z.string().min(1).max(120),
    legalName: z.string().min(1).max(200),
    profile: OrganisationProfileSchema,
    defaultLocale: z.enum(['fr', 'en']).default('fr'),
    timezone: z.string().min(1).max(64).default('Europe/Paris'),
  })
  .strict();
export type CreateOrganisationInput = z.infer<typeof CreateOrganisationSchema>;

export const UpdateOrganisationSchema = z
  .object({
    name: z.string().min(1).max(120).optional(),
    legalName: z.string().min(1).max(200).optional(),
    profile: OrganisationProfileSchema.optional(),
    defaultLocale: z.enum(['fr', 'en']).optional(),
  })
  .strict();
export type UpdateOrganisationInput = z.infer<typeof UpdateOrganisationSchema>;

export const OrganisationDtoSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  legalName: z.string(),
  profile: OrganisationProfileSchema,
  defaultLocale: z.enum(['fr', 'en']),
  timezone: z.string(),
});
