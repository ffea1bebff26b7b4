/**
 * Outgoing e-mail goes through the job outbox: queued in the transaction of the change that
 * causes it, sent by the worker, retried on failure. The job payload names the recipient by id
 * and carries the template's parameters; the address is decrypted only when sending.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Locale } from '../context.ts';
import type { Deps } from '../deps.ts';
import { t } from '../../i18n/index.ts';
import { findCustomerById } from '../customers/customers.repo.ts';
import { revealCustomer } from '../customers/customers.service.ts';
import { findUserById } from '../auth/auth.repo.ts';
import { defineJob } from '../../worker/jobs.ts';

export const MailJobSchema = z.object({
  orgId: z.uuid(),
  to: z.union([z.object({ customerId: z.uuid() }), z.object({ userId: z.uuid() })]),
  /** Catalogue key prefix: `<namespace>.mail.<name>` with `subject` and `body` under it. */
  template: z.string().regex(/^[a-z_]+\.mail\.[a-zA-Z_]+$/),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  locale: z.enum(['fr', 'en']).optional(),
});
export type MailJob = z.infer<typeof MailJobSchema>;

/** Queues an e-mail in the caller's transaction. */
export async function queueMail(deps: Deps, tx: Db, mail: MailJob, options: { dedupeKey?: string } = {}): Promise<void> {
  await deps.jobs.enqueue(tx, { type: 'mail.send', orgId: mail.orgId, payload: mail, ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}) });
}

/** Renders a template of the catalogues in the recipient's language. */
export function renderMail(template: string, locale: Locale, params: Record<string, string | number>): { subject: string; text: string } {
  return { subject: t(locale, `${template}.subject`, params), text: t(locale, `${template}.body`, params) };
}

export const sendMailJob = defineJob({
  type: 'mail.send',
  schema: MailJobSchema,
  maxAttempts: 8,
  async handler(deps: Deps, mail: MailJob) {
    let address: string | null;
    let locale: Locale = mail.locale ?? 'fr';
    if ('customerId' in mail.to) {
      const row = await findCustomerById(deps.db, mail.orgId, mail.to.customerId);
      const customer = row ? await revealCustomer(deps, deps.db, row) : null;
      address = customer?.email ?? null;
      locale = mail.locale ?? customer?.locale ?? locale;
    } else {
      const user = await findUserById(deps.db, mail.orgId, mail.to.userId);
      address = user?.status === 'active' ? user.email : null;
      locale = mail.locale ?? (user?.locale === 'en' ? 'en' : 'fr');
    }
    // An erased customer or a disabled user gets nothing: not an error to retry.
    if (!address) {
      deps.log.info({ template: mail.template }, 'mail skipped: recipient has no readable address');
      return;
    }
    const { subject, text } = renderMail(mail.template, locale, mail.params);
    await deps.mailer.send({ to: address, subject, text, template: mail.template });
  },
});
