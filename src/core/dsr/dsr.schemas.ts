/** Request and DTO schemas of the data-subject request routes shared with the back office (src/api/contract.ts). */
import { z } from 'zod';
import { DSR_TYPES } from './dsr.tables.ts';

/** Why a request is extended or refused, or a restriction lifted: the subject is told (GDPR Art. 12(3)-(4), 18(3)). */
export const ReasonSchema = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();

/** Fulfilling a request, with an optional note kept on the file. */
export const FulfilSchema = z.object({ note: z.string().trim().max(2000).optional() }).strict();

/** What an erasure did: the rows erased, and those a legal hold keeps with its reason (GDPR Art. 17(3)). */
export const ErasureOutcomeSchema = z.object({
  erased: z.number().int(),
  held: z.array(z.object({ table: z.string(), id: z.string(), reason: z.string() })),
});

/** A request received by letter, phone, e-mail or in person, entered in the back office (GDPR Art. 12(3): the deadline runs from `receivedOn`). */
export const AgentRequestSchema = z
  .object({
    email: z.email().max(320),
    name: z.string().trim().min(1).max(200).optional(),
    type: z.enum(DSR_TYPES),
    channel: z.enum(['phone', 'post', 'email', 'in_person']),
    identityCheck: z.enum(['id_document', 'known_contact_details', 'security_questions']),
    details: z.string().trim().max(5000).optional(),
    /** The day the letter, call or visit came in (YYYY-MM-DD, the subject's time zone); today when absent. */
    receivedOn: z.iso.date().optional(),
  })
  .strict();
