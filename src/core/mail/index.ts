import type { ModuleManifest } from '../module.ts';
import { sendMailJob } from './mail.service.ts';
import { mailOutboxRetention } from './mail.retention.ts';

/** E-mail through the job outbox (SMTP or the log transport). */
export const mailModule: ModuleManifest = {
  name: 'mail',
  permissions: [],
  auditEvents: {},
  routes: () => [],
  jobs: [sendMailJob],
  inventory: [{ table: 'jobs', categories: ['user.contact.email', 'user.unique_id', 'user.content'], subjects: ['customers', 'prospects', 'employees'], retention: 'mail.outbox' }],
  retention: [mailOutboxRetention],
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { mailJob, queueMail, queueMails, renderMail } from './mail.service.ts';
export type { MailJob } from './mail.service.ts';
export { createMailTransport } from './mail.transport.ts';
export type { MailTransport } from './mail.transport.ts';
