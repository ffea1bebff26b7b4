/** Request and DTO schemas of the data-subject request routes shared with the back office (src/api/contract.ts). */
import { z } from 'zod';

/** Why a request is extended or refused, or a restriction lifted: the subject is told (GDPR Art. 12(3)-(4), 18(3)). */
export const ReasonSchema = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();

/** Fulfilling a request, with an optional note kept on the file. */
export const FulfilSchema = z.object({ note: z.string().trim().max(2000).optional() }).strict();

/** What an erasure did: the rows erased, and those a legal hold keeps with its reason (GDPR Art. 17(3)). */
export const ErasureOutcomeSchema = z.object({
  erased: z.number().int(),
  held: z.array(z.object({ table: z.string(), id: z.string(), reason: z.string() })),
});
