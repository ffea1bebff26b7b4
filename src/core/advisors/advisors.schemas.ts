import { z } from 'zod';
import { ADVISOR_STATUSES } from './advisors.tables.ts';

export const UpdateAdvisorSchema = z
  .object({
    languages: z.array(z.enum(['fr', 'en'])).max(2).optional(),
    skills: z.array(z.string().regex(/^[a-z_]{1,40}$/)).max(20).optional(),
    status: z.enum(ADVISOR_STATUSES).optional(),
    deputyId: z.uuid().nullable().optional(),
    supervisorId: z.uuid().nullable().optional(),
  })
  .strict();
export type UpdateAdvisorInput = z.infer<typeof UpdateAdvisorSchema>;

export const HandoverSchema = z.object({ toAdvisorId: z.uuid() }).strict();
export type HandoverInput = z.infer<typeof HandoverSchema>;

export const AdvisorDtoSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  active: z.boolean(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  status: z.enum(ADVISOR_STATUSES),
  deputyId: z.uuid().nullable(),
  supervisorId: z.uuid().nullable(),
  customers: z.number().int(),
});

/** The advisors page: the advisors, and the users who may lead a team (supervisor choices). */
export const AdvisorTeamDtoSchema = z.object({ items: z.array(AdvisorDtoSchema), supervisors: z.array(z.object({ id: z.uuid(), name: z.string() })) });

export const HandoverResultSchema = z.object({ customers: z.number().int(), complaints: z.number().int() });
