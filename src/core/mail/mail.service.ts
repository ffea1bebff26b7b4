/**
 * Outgoing e-mail goes through the job outbox: queued in the transaction of the change that
 * causes it, sent by the worker, retried on failure.
 *
 * A mail job carries secrets and personal data (one-time codes, private tracking and download
 * links, the reasons told to a subject, and for the erasure confirmation the address itself), so
 * the outbox row never holds them in clear: recipient, parameters and language are sealed with
 * AES-256-GCM under the outbox key (derived from the master key), and the sealed part is removed
 * from the row as soon as the mail is sent or given up (GDPR Art. 5(1)(e) storage limitation,
 * Art. 32(1)(a) encryption). Only the organisation and the template key (a catalogue key, no
 * personal data) stay in clear, for operations and tests. Logs name the template and the job,
 * never the address, the parameters or a transport error's text (which can quote the address).
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { jobs } from '../../db/schema.ts';
import type { Locale } from '../context.ts';
import type { Deps } from '../deps.ts';
import { dateFormatter, t } from '../../i18n/index.ts';
import { formatDateParams } from '../../i18n/dates.ts';
import { findCustomerById } from '../customers/index.ts';
import { revealCustomer } from '../customers/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { findStaffRecipient } from './mail.repo.ts';
import { decryptField, deriveKey, encryptField } from '../subject-keys/index.ts';
import { defineJob, type EnqueueInput } from '../../worker/jobs.ts';

export const MAIL_JOB_TYPE = 'mail.send';
/** Tries before a mail is given up (and its sealed part removed). */
export const MAIL_MAX_ATTEMPTS = 8;

const TemplateKey = z.string().regex(/^[a-z_]+\.mail\.[a-zA-Z_]+$/);
const LocaleSchema = z.enum(['fr', 'en']);

export const MailJobSchema = z.object({
  orgId: z.uuid(),
  /**
   * A customer or a user is found by id and their address decrypted only when sending. A bare
   * address is for the one mail sent to someone who no longer exists in Confiance: the
   * confirmation of their erasure (GDPR Art. 12(3), 19), captured before their key is destroyed.
   */
  to: z.union([z.object({ customerId: z.uuid() }).strict(), z.object({ userId: z.uuid() }).strict(), z.object({ address: z.email().max(320) }).strict()]),
  /** Catalogue key prefix: `<namespace>.mail.<name>` with `subject` and `body` under it. */
  template: TemplateKey,
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  locale: LocaleSchema.optional(),
});
export type MailJob = z.infer<typeof MailJobSchema>;

/** The part of a mail job that is sealed at rest. */
const SealedContentSchema = MailJobSchema.pick({ to: true, params: true, locale: true });

/**
 * What the jobs table holds: a sealed mail, or the trace of a mail whose content is gone. A mail
 * queued in clear by a version before sealing is still sent once after an upgrade, then removed.
 */
export const MailJobPayloadSchema = z.union([
  z.object({ orgId: z.uuid(), template: TemplateKey, sealed: z.string().min(1) }).strict(),
  z.object({ orgId: z.uuid(), template: TemplateKey, shreddedAt: z.iso.datetime(), outcome: z.enum(['sent', 'skipped', 'failed']) }).strict(),
  MailJobSchema.strict(),
]);
export type MailJobPayload = z.infer<typeof MailJobPayloadSchema>;

/** Field name in the additional authenticated data: a sealed mail only opens as a mail of its organisation. */
const SEALED_FIELD = 'mail.job';

/**
 * The outbox key: HKDF-SHA-256 of the master key with its own label, so it is independent of the
 * key that wraps subject keys and of the e-mail lookup key. Not a subject key on purpose: staff
 * mails have no subject, and the erasure confirmation must outlive the subject's key.
 */
function outboxKey(deps: Deps): Buffer {
  return deriveKey(deps.config.masterKey, 'confiance/mail-outbox/v1');
}

/** Seals a mail for the outbox: only the organisation and the template key stay readable. */
export function sealMail(deps: Deps, mail: MailJob): MailJobPayload {
  const parsed = MailJobSchema.parse(mail);
  const content = JSON.stringify({ to: parsed.to, params: parsed.params, ...(parsed.locale ? { locale: parsed.locale } : {}) });
  return { orgId: parsed.orgId, template: parsed.template, sealed: encryptField(outboxKey(deps), parsed.orgId, SEALED_FIELD, content) };
}

/** Opens a sealed mail; null once its content has been removed (sent or given up). */
export function openMail(deps: Deps, payload: MailJobPayload): MailJob | null {
  if ('to' in payload) return payload;
  if (!('sealed' in payload)) return null;
  const content = SealedContentSchema.parse(JSON.parse(decryptField(outboxKey(deps), payload.orgId, SEALED_FIELD, payload.sealed)));
  return { orgId: payload.orgId, template: payload.template, ...content };
}

/** The outbox job of a mail, sealed. */
export function mailJob(deps: Deps, mail: MailJob, dedupeKey?: string): EnqueueInput {
  return { type: MAIL_JOB_TYPE, orgId: mail.orgId, payload: sealMail(deps, mail), maxAttempts: MAIL_MAX_ATTEMPTS, ...(dedupeKey ? { dedupeKey } : {}) };
}

/** Queues an e-mail in the caller's transaction, sealed. */
export async function queueMail(deps: Deps, tx: Db, mail: MailJob, options: { dedupeKey?: string } = {}): Promise<void> {
  await deps.jobs.enqueue(tx, mailJob(deps, mail, options.dedupeKey));
}

/** Queues several e-mails in the caller's transaction, sealed, in one insert. */
export async function queueMails(deps: Deps, tx: Db, mails: readonly MailJob[]): Promise<void> {
  await deps.jobs.enqueueMany(
    tx,
    mails.map((mail) => mailJob(deps, mail)),
  );
}

/** A mail of the outbox as its recipient will get it (content null once removed). */
export interface QueuedMail {
  jobId: number;
  status: string;
  template: string;
  mail: MailJob | null;
}

/**
 * The organisation's mails in the outbox, opened, oldest first: for tests and support tooling
 * that must read what the worker will send. Never exposed over HTTP.
 */
export async function findQueuedMails(deps: Deps, orgId: string): Promise<QueuedMail[]> {
  const rows = await deps.db
    .select({ id: jobs.id, status: jobs.status, payload: jobs.payload })
    .from(jobs)
    .where(and(eq(jobs.orgId, orgId), eq(jobs.type, MAIL_JOB_TYPE)))
    .orderBy(asc(jobs.id));
  return rows.map((row) => {
    const payload = MailJobPayloadSchema.parse(row.payload);
    return { jobId: row.id, status: row.status, template: payload.template, mail: openMail(deps, payload) };
  });
}

/** The zones a mail's dates are written in: the organisation's, and the customer's beside when it differs. */
export interface MailZones {
  organisation: string;
  customer?: string | null;
}

/**
 * Renders a template of the catalogues in the recipient's language. Dates travel as ISO strings
 * (`2026-12-18`, `2026-12-18T09:24:00.000Z`) and are written here, by the one formatter of the
 * language, in the organisation's zone (issue 10: never "2026-12-18" in a mail).
 */
export function renderMail(template: string, locale: Locale, params: Record<string, string | number>, zones: MailZones = { organisation: 'Europe/Paris' }): { subject: string; text: string } {
  const written = formatDateParams(params, dateFormatter(locale, zones.organisation), zones.customer);
  return { subject: t(locale, `${template}.subject`, written), text: t(locale, `${template}.body`, written) };
}

/** The address, language and zone to send to; a null address when the recipient can no longer be reached. */
async function resolveRecipient(deps: Deps, mail: MailJob): Promise<{ address: string | null; locale: Locale; timezone?: string }> {
  const fallback: Locale = mail.locale ?? 'fr';
  if ('address' in mail.to) return { address: mail.to.address, locale: fallback };
  if ('customerId' in mail.to) {
    const row = await findCustomerById(deps.db, mail.orgId, mail.to.customerId);
    const customer = row ? await revealCustomer(deps, deps.db, row) : null;
    return { address: customer?.email ?? null, locale: mail.locale ?? customer?.locale ?? fallback, ...(row ? { timezone: row.timezone } : {}) };
  }
  const user = await findStaffRecipient(deps.db, mail.orgId, mail.to.userId);
  return { address: user?.active ? user.email : null, locale: mail.locale ?? (user?.locale === 'en' ? 'en' : 'fr') };
}

/**
 * The error the worker logs and stores in `jobs.last_error`: the transport's code only, because
 * SMTP replies quote the recipient ("<jeanne@…>: mailbox unavailable").
 */
export class MailDeliveryError extends Error {
  constructor(cause: unknown) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(cause.code) ? cause.code : 'unknown';
    const status = typeof cause === 'object' && cause !== null && 'responseCode' in cause && typeof cause.responseCode === 'number' ? ` ${cause.responseCode}` : '';
    super(`mail delivery failed (${code}${status})`);
    this.name = 'MailDeliveryError';
  }
}

/**
 * Replaces the job's payload by a trace without content. PostgreSQL keeps the previous row
 * version until vacuum; it only ever held ciphertext.
 */
async function removeContent(deps: Deps, jobId: number, payload: MailJobPayload, outcome: 'sent' | 'skipped' | 'failed'): Promise<void> {
  const trace: MailJobPayload = { orgId: payload.orgId, template: payload.template, shreddedAt: deps.clock.now().toISOString(), outcome };
  await deps.db.update(jobs).set({ payload: trace }).where(and(eq(jobs.id, jobId), eq(jobs.type, MAIL_JOB_TYPE)));
}

export const sendMailJob = defineJob({
  type: MAIL_JOB_TYPE,
  schema: MailJobPayloadSchema,
  maxAttempts: MAIL_MAX_ATTEMPTS,
  async handler(deps: Deps, payload: MailJobPayload, job) {
    const mail = openMail(deps, payload);
    // Already sent (or given up) by a run whose process died before the job was marked done.
    if (!mail) return;
    let outcome: 'sent' | 'skipped';
    try {
      const { address, locale, timezone } = await resolveRecipient(deps, mail);
      if (address) {
        const org = await findOrganisationById(deps.db, mail.orgId);
        const { subject, text } = renderMail(mail.template, locale, mail.params, { organisation: org?.timezone ?? 'Europe/Paris', customer: timezone ?? null });
        await deps.mailer.send({ to: address, subject, text, template: mail.template });
        deps.log.debug({ jobId: job.id, template: mail.template }, 'mail sent');
        outcome = 'sent';
      } else {
        // An erased customer or a disabled user gets nothing: not an error to retry.
        deps.log.info({ jobId: job.id, template: mail.template }, 'mail skipped: recipient has no readable address');
        outcome = 'skipped';
      }
    } catch (error) {
      // The last try gives the mail up: its content goes like a sent one's.
      if (job.attempt >= MAIL_MAX_ATTEMPTS) await removeContent(deps, job.id, payload, 'failed');
      throw new MailDeliveryError(error);
    }
    await removeContent(deps, job.id, payload, outcome);
  },
});
