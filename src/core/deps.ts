import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { JobQueue } from '../worker/jobs.ts';
import type { AuditLog } from './audit-log/index.ts';
import type { Clock } from './clock.ts';
import type { ModuleRegistries, NavEntry } from './module.ts';
import type { MailTransport } from './mail/index.ts';
import type { FieldCipher } from './subject-keys/index.ts';

/** Process-wide services, built once by the composition root and handed to every module. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  jobs: JobQueue;
  cipher: FieldCipher;
  mailer: MailTransport;
  /** Back-office navigation collected from every manifest, ordered. */
  nav: readonly NavEntry[];
  /** What modules contribute to one another (subject data, retention, inventories, handover), from the manifests. */
  registries: ModuleRegistries;
}
