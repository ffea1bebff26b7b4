import { z } from 'zod';
import { CONTACT_REASON_CODES, CONTACT_SECTORS } from '../../rules/contact/index.ts';
import { AUDIENCE_SOURCES, CAMPAIGN_REASON_CODES } from './campaign.schemas.ts';
import type { EventsOf } from '../audit-log/index.ts';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, CONTACT_PURPOSES } from './contact.tables.ts';

/** Audit events of the contact guard: ids, codes and counts only (no phone number, no name). */
export const contactEvents = {
  'contact.attempt_recorded': z
    .object({
      attemptId: z.uuid(),
      customerId: z.uuid(),
      channel: z.enum(CONTACT_CHANNELS),
      purpose: z.enum(CONTACT_PURPOSES),
      outcome: z.enum(CONTACT_OUTCOMES),
      /** Whether the rules allowed it: a contact made against them shows here. */
      allowed: z.boolean(),
      reasons: z.array(z.enum(CONTACT_REASON_CODES)),
      /** Phone consents the outcome withdrew (their consent.recorded events follow). */
      withdrawals: z.number().int(),
    })
    .strict(),
  /** One batch of a contact-history import (counts only; each row keeps its own decision). */
  'contact.history_imported': z
    .object({
      fileHash: z.string(),
      batch: z.number().int(),
      rows: z.number().int(),
      imported: z.number().int(),
      /** Rows of the batch already written by an earlier or concurrent upload. */
      skipped: z.number().int(),
      /** Attempts the rules did not allow at their time, kept and flagged. */
      againstRules: z.number().int(),
      /** Phone consents the batch's refusals withdrew. */
      withdrawals: z.number().int(),
    })
    .strict(),
  /** An opposition list extract started loading (read by nothing until it is imported). */
  /**
   * An opposition-list file refused whole (not an extract, no number, too large): who (the event's
   * actor), the size in bytes (null when not known) and why, with
   * how many bad lines were named; never a line of it.
   */
  'contact.opposition_list_refused': z
    .object({
      reason: z.enum(['not_extract', 'no_number', 'too_large']),
      bytes: z.number().int().min(0).nullable(),
      extractedOn: z.string(),
      name: z.string(),
      badLines: z.number().int().min(0),
    })
    .strict(),
  'contact.opposition_list_started': z
    .object({ listId: z.uuid(), name: z.string(), extractedOn: z.string(), fileHash: z.string() })
    .strict(),
  /** An opposition list extract is loaded and in force from its date: counts only, never a number. */
  'contact.opposition_list_imported': z
    .object({
      listId: z.uuid(),
      name: z.string(),
      extractedOn: z.string(),
      fileHash: z.string(),
      entries: z.number().int(),
      rejected: z.number().int(),
    })
    .strict(),
  /** A campaign was created: its audience (counts and the file's hash, never a person) and its message's check. */
  'contact.campaign_created': z
    .object({
      campaignId: z.uuid(),
      channel: z.enum(CONTACT_CHANNELS),
      purpose: z.enum(CONTACT_PURPOSES),
      sector: z.enum(CONTACT_SECTORS),
      recipients: z.number().int(),
      /** Lines naming a person already named above, kept once. */
      duplicates: z.number().int(),
      audienceHash: z.string(),
      /** Absent: a CSV file (events written before saved filters). */
      audienceSource: z.enum(AUDIENCE_SOURCES).optional(),
      /** A filter campaign: the canonical filter as JSON (conditions only, never a person). */
      filter: z.string().optional(),
      messageFlagged: z.boolean(),
      highFindings: z.number().int(),
    })
    .strict(),
  /** A campaign's audience was judged at its send instant; each decision is kept with the scrub. */
  'contact.campaign_scrubbed': z
    .object({
      campaignId: z.uuid(),
      scrubId: z.uuid(),
      at: z.string(),
      recipients: z.number().int(),
      allowed: z.number().int(),
      byReason: z.partialRecord(z.enum(CAMPAIGN_REASON_CODES), z.number().int()),
    })
    .strict(),
  /** The allowed recipients of a scrub left Confiance for a dialer or a sender (count only). */
  'contact.campaign_exported': z.object({ campaignId: z.uuid(), scrubId: z.uuid(), recipients: z.number().int() }).strict(),
};

declare module '../audit-log/audit-log.types.ts' {
  interface AuditEventCatalog extends EventsOf<typeof contactEvents> {}
}
