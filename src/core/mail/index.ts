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
