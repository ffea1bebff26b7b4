import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/client.ts';
import type { JobQueue } from '../worker/jobs.ts';
import type { AdvisorLoads } from './advisors/index.ts';
import type { AuditLog } from './audit-log/index.ts';
import type { CredentialCaches } from './auth/index.ts';
import type { Clock } from './clock.ts';
import type { IntakeState } from './complaints/index.ts';
import type { ConsentIndexHub } from './consent/index.ts';
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
  /** What this runtime holds in memory between requests; see {@link RuntimeState}. */
  state: RuntimeState;
}

/**
 * The stateful parts of a runtime, tied to its database, its connections or its request stream.
 * Created by createRuntime and closed by Runtime.close before the database: no module keeps state
 * of its own (src/core/module-state.test.ts). A copy of Deps made by spreading shares them.
 */
export interface RuntimeState {
  /** Complaint intake: queues of intakes waiting for a transaction, reserved references, batches in flight. */
  intake: IntakeState;
  /** Customers per advisor, counted at most every few seconds for assignment by load. */
  advisorLoads: AdvisorLoads;
  /** Live sessions and API tokens remembered for a few seconds. */
  credentials: CredentialCaches;
  /** The consent decision index per organisation and, on PostgreSQL, its listening connection. */
  consent: ConsentIndexHub;
  /**
   * Campaign scrubs reading their audience on a second connection of the pool right now (each
   * holds two connections: see campaign.service.ts scrubCampaign, which caps them).
   */
  campaignScrubs: { overlapping: number };
}
