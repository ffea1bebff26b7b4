/**
 * Assembles a running Confiance: database, migrations, module registries, services, HTTP app and
 * worker. The CLI, the tests and the benchmarks all start Confiance through this one function.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createLogger } from './core/logging.ts';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { buildApp } from './api/app.ts';
import { sweepStaleSpools, uploadSpoolDir } from './api/plugins/stream-body.ts';
import { AdvisorLoads } from './core/advisors/index.ts';
import { createAuditLog } from './core/audit-log/index.ts';
import type { AuditEventSchemas } from './core/audit-log/index.ts';
import { CredentialCaches } from './core/auth/index.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { IntakeState } from './core/complaints/index.ts';
import { ConsentIndexHub } from './core/consent/index.ts';
import type { Deps, RuntimeState } from './core/deps.ts';
import { registriesOf, type ModuleManifest } from './core/module.ts';
import { modules as allModules } from './modules.ts';
import { createMailTransport, type MailTransport } from './core/mail/index.ts';
import { createFieldCipher } from './core/subject-keys/index.ts';
import { createJobQueue, type CronDefinition, type JobDefinition } from './worker/jobs.ts';
import { createWorker, type Worker, type WorkerOptions } from './worker/runner.ts';

export { createLogger };

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webDir = path.join(repoRoot, 'dist', 'web', 'backoffice');

export interface Runtime {
  deps: Deps;
  database: Database;
  modules: readonly ModuleManifest[];
  app: FastifyInstance;
  worker: Worker;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  modules?: readonly ModuleManifest[];
  migrate?: boolean;
  worker?: WorkerOptions;
  mailer?: MailTransport;
}

/** The registries every module contributes to, checked for duplicates. */
export function collectRegistries(modules: readonly ModuleManifest[]) {
  const auditEvents: AuditEventSchemas = {};
  const jobs = new Map<string, JobDefinition>();
  const crons: CronDefinition[] = [];
  for (const m of modules) {
    for (const [type, schema] of Object.entries(m.auditEvents)) {
      if (auditEvents[type]) throw new Error(`audit event "${type}" is declared twice (module ${m.name})`);
      auditEvents[type] = schema;
    }
    for (const job of m.jobs ?? []) {
      if (jobs.has(job.type)) throw new Error(`job "${job.type}" is declared twice (module ${m.name})`);
      jobs.set(job.type, job);
    }
    crons.push(...(m.crons ?? []));
  }
  const targetTypes = new Set<string>();
  for (const resolver of modules.flatMap((m) => m.auditTargets ?? [])) {
    if (targetTypes.has(resolver.targetType)) throw new Error(`audit target "${resolver.targetType}" is named by two resolvers`);
    targetTypes.add(resolver.targetType);
  }
  for (const cron of crons) {
    if (!jobs.has(cron.jobType)) throw new Error(`cron "${cron.name}" names job "${cron.jobType}", which no module registers`);
  }
  const nav = modules.flatMap((m) => m.nav ?? []).sort((a, b) => a.order - b.order);
  return { auditEvents, jobs, crons, nav, modules: registriesOf(modules) };
}

/** The stateful parts of a runtime over `database` (see RuntimeState), fresh and empty. */
function createRuntimeState(database: Database, log: Logger): RuntimeState {
  return {
    intake: new IntakeState(),
    advisorLoads: new AdvisorLoads(),
    credentials: new CredentialCaches(database, (err, what) => log.warn({ err }, what)),
    consent: new ConsentIndexHub(database, (err, what) => log.error({ err }, what)),
    campaignScrubs: { overlapping: 0 },
  };
}

/**
 * Closes what a runtime holds, in order: intakes already accepted are written, then the decision
 * index stops listening and the caches are emptied. The database stays open (its owner closes it).
 */
async function closeRuntimeState(state: RuntimeState): Promise<void> {
  await state.intake.close();
  await state.consent.close();
  state.advisorLoads.clear();
  await state.credentials.close();
}

export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.logger ?? createLogger(config.logLevel);
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') }));
  if (options.migrate !== false) await database.migrate();
  const modules = options.modules ?? allModules;
  const registries = collectRegistries(modules);
  const clock = options.clock ?? systemClock;
  const deps: Deps = {
    config,
    database,
    db: database.db,
    clock,
    log,
    audit: createAuditLog(registries.auditEvents, clock, { masterKey: config.masterKey, checkpointDir: config.checkpointDir }),
    jobs: createJobQueue(registries.jobs, clock),
    cipher: createFieldCipher(config.masterKey, clock),
    mailer: options.mailer ?? (await createMailTransport({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir, log })),
    nav: registries.nav,
    registries: registries.modules,
    state: createRuntimeState(database, log),
  };
  // Chains written before the key (docs/adr/0012) are bound by a keyed row before anything else appends.
  if (options.migrate !== false) {
    const sealed = await deps.audit.sealLegacyChains(deps.db);
    if (sealed > 0) log.info({ sealed }, 'audit chains written before the chain key sealed with a keyed row');
  }
  // Spools of uploads a crash or a kill left behind (unreadable: their key died with the process)
  // are removed at boot; those of a live upload of another process sharing the directory stay.
  await sweepStaleSpools(uploadSpoolDir(config.dataDir)).then(
    (removed) => {
      if (removed > 0) log.info({ removed }, 'stale upload spools removed');
    },
    (err: unknown) => log.warn({ err }, 'stale upload spools not swept'),
  );
  const app = await buildApp(deps, modules, { webDir });
  const worker = createWorker(deps, registries.jobs, registries.crons, options.worker);
  return {
    deps,
    database,
    modules,
    app,
    worker,
    async close() {
      // Nothing new comes in (jobs, requests), what was accepted is written, then the database closes.
      await worker.stop();
      await app.close();
      await closeRuntimeState(deps.state);
      if (!options.database) await database.close();
    },
  };
}
