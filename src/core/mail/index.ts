import type { ModuleManifest } from '../module.ts';
import { sendMailJob } from './mail.service.ts';

/** E-mail through the job outbox (SMTP or the log transport). */
export const mailModule: ModuleManifest = {
  name: 'mail',
  permissions: [],
  auditEvents: {},
  routes: () => [],
  jobs: [sendMailJob],
};
