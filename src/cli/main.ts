/**
 * The `confiance` command: serve, worker, migrate, seed, org add|list, user add, evidence export|verify, audit verify|checkpoint, backup, restore, rules, contact check|opposition-import, kpi rebuild, controls run, lint.
 *
 * Only commander is loaded up front: each command imports what it needs when it runs, so
 * `confiance --help` and the pure `confiance rules deadline` never load the server, the database
 * drivers or the modules (src/cli/main.test.ts checks which files a run loads).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Runtime } from '../runtime.ts';

const program = new Command('confiance').description('Confiance — ethical customer relationships, with proof').showHelpAfterError();

/** Opens a runtime without the HTTP listener (commands that only touch the database). */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const [{ loadConfig }, { createRuntime, createLogger }] = await Promise.all([import('../config.ts'), import('../runtime.ts')]);
  const config = loadConfig();
  const rt = await createRuntime(config, { logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

program
  .command('serve')
  .description('Start the web server (migrates, seeds demo data on an empty database, runs the worker)')
  .option('--no-seed', 'do not seed demo data on an empty database')
  .option('--no-worker', 'do not run the job worker in this process')
  .action(async (opts: { seed: boolean; worker: boolean }) => {
    const [{ loadConfig }, { createRuntime, webDir }, { seedDemo, DEMO_PASSWORD, DEMO_USERS, DEMO_ORG_SLUG }, { findDefaultOrganisation }] =
      await Promise.all([
        import('../config.ts'),
        import('../runtime.ts'),
        import('../db/seed/demo.ts'),
        import('../core/organisations/index.ts'),
      ]);
    const config = loadConfig();
    const rt = await createRuntime(config);
    const log = rt.deps.log;
    if (config.checkpointDirDefaulted) {
      log.warn(
        `No CONFIANCE_CHECKPOINT_DIR: audit checkpoints go to ${config.checkpointDir}. In production, point it at storage the database's administrators cannot rewrite (docs/OPERATIONS.md).`,
      );
    }
    if (config.masterKeyGenerated) {
      log.warn(
        `No CONFIANCE_MASTER_KEY: generated one in ${path.join(config.dataDir, 'master.key')}. Back it up: without it, encrypted personal data cannot be read.`,
      );
    }
    if (!existsSync(path.join(webDir, 'index.html'))) {
      log.warn('The back office is not built: run `npm run build:web` (npm start does it) to serve it at /app/.');
    }
    const seeded = opts.seed ? await seedDemo(rt.deps) : false;
    if (opts.worker && config.inProcessWorker) rt.worker.start();
    await rt.app.listen({ port: config.port, host: config.host });
    const address = rt.app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    const org = await findDefaultOrganisation(rt.deps.db);
    const lines = [
      '',
      `Confiance is running on ${url}`,
      `  Back office : ${url}/app/`,
      `  Portal      : ${url}/portal${org ? `/${org.slug}` : ''}`,
      `  API docs    : ${url}/api/docs`,
      `  Database    : ${rt.database.driver === 'pg' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${path.join(config.dataDir, 'pglite')}`}`,
    ];
    if (org?.slug === DEMO_ORG_SLUG) {
      lines.push(`  Demo logins (password "${DEMO_PASSWORD}")${seeded ? ' — just created' : ''}:`);
      for (const u of DEMO_USERS) lines.push(`    ${u.roles.join(',').padEnd(15)} ${u.email}`);
    }
    process.stdout.write(lines.join('\n') + '\n\n');
    const shutdown = async () => {
      await rt.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('worker')
  .description('Run the job worker alone (without the web server)')
  .action(async () => {
    const [{ loadConfig }, { createRuntime }] = await Promise.all([import('../config.ts'), import('../runtime.ts')]);
    const config = loadConfig();
    const rt = await createRuntime(config);
    rt.worker.start();
    rt.deps.log.info('worker started');
    const shutdown = async () => {
      await rt.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    await withRuntime(async () => undefined);
    process.stdout.write('Migrations applied.\n');
  });

program
  .command('seed')
  .description('Seed the demo organisation when the database is empty')
  .action(async () => {
    const { seedDemo } = await import('../db/seed/demo.ts');
    const seeded = await withRuntime((rt) => seedDemo(rt.deps));
    process.stdout.write(seeded ? 'Demo data created.\n' : 'Database not empty: nothing seeded.\n');
  });

const org = program.command('org').description('Organisations of this installation (for its operator; no organisation admin can create or see another)');
org
  .command('add')
  .description('Add an organisation (a tenant); then `confiance user add --org <slug>` gives it its first admin')
  .requiredOption('--slug <slug>', 'in its portal address: /portal/<slug>')
  .requiredOption('--name <name>')
  .requiredOption('--legal-name <name>')
  .requiredOption('--contact-email <email>', 'customer service address shown on the portal')
  .requiredOption('--postal-address <address>')
  .requiredOption('--mediator-name <name>', 'the consumer mediator customers may refer to (C. consom. L.616-1)')
  .requiredOption('--mediator-website <url>')
  .addOption(new Option('--locale <locale>').choices(['fr', 'en']).default('fr'))
  .option('--timezone <zone>', 'IANA time zone of the organisation', 'Europe/Paris')
  .action(async (opts: { slug: string; name: string; legalName: string; contactEmail: string; postalAddress: string; mediatorName: string; mediatorWebsite: string; locale: string; timezone: string }) => {
    const { addOrganisationAsOperator, OperatorInputError } = await import('../core/organisations/index.ts');
    await withRuntime(async (rt) => {
      try {
        const created = await addOrganisationAsOperator(rt.deps, opts);
        process.stdout.write(`Organisation ${created.slug} added (id ${created.id}). Portal: /portal/${created.slug}\n`);
      } catch (error) {
        if (!(error instanceof OperatorInputError)) throw error;
        process.stderr.write(`confiance: the organisation was not added:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
        process.exitCode = 1;
      }
    });
  });
org
  .command('list')
  .description('List the organisations: slug, name, id')
  .action(async () => {
    const { findAllOrganisations } = await import('../core/organisations/index.ts');
    await withRuntime(async (rt) => {
      for (const o of await findAllOrganisations(rt.deps.db)) process.stdout.write(`${o.slug}\t${o.name}\t${o.id}\n`);
    });
  });

const user = program.command('user').description('Manage back-office accounts');
user
  .command('add')
  .description('Create a user, invited by e-mail to choose a password; or, with CONFIANCE_PASSWORD set (kept out of shell history), with that password and no mail')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--roles <roles>', 'comma-separated: admin,agent,supervisor,dpo,ethics_officer,auditor')
  .option('--org <slug>', 'organisation (default: the first one)')
  .addOption(new Option('--locale <locale>').choices(['fr', 'en']).default('fr'))
  .action(async (opts: { email: string; name: string; roles: string; org?: string; locale: 'fr' | 'en' }) => {
    const password = process.env.CONFIANCE_PASSWORD || undefined;
    const [{ isRole, createUser }, { findDefaultOrganisation, findOrganisationBySlug }, { systemContext }] = await Promise.all([
      import('../core/auth/index.ts'),
      import('../core/organisations/index.ts'),
      import('../core/context.ts'),
    ]);
    const roles = opts.roles.split(',').map((r) => r.trim());
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length) throw new Error(`Unknown role${bad.length > 1 ? 's' : ''}: ${bad.join(', ')}`);
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : await findDefaultOrganisation(rt.deps.db);
      if (!org)
        throw new Error(opts.org ? `No organisation "${opts.org}"` : 'No organisation yet: run `confiance seed` or create one first');
      const created = await createUser(rt.deps, systemContext(org.id, 'cli', 'en'), {
        email: opts.email,
        name: opts.name,
        ...(password ? { password } : {}),
        roles: roles.filter(isRole),
        locale: opts.locale,
      });
      const how = password ? '' : ', invitation e-mail queued (sent by the worker)';
      process.stdout.write(`User ${created.email} created in ${org.slug} (id ${created.id})${how}.\n`);
    });
  });

const evidence = program.command('evidence').description('Evidence bundles a regulator or a mediator can check offline');
evidence
  .command('export')
  .description('Write a zip: the records of a customer, a complaint or a contact campaign, their audit events, the last signed checkpoint, a signed manifest')
  .option('--customer <id>')
  .option('--complaint <reference>')
  .option('--campaign <id>', 'a contact campaign: its audience, scrubs and decisions, the attempts it accounts for (ids only)')
  .option('--org <slug>', 'organisation (default: the first one)')
  .requiredOption('--out <file>', 'where to write the zip')
  .action(async (opts: { customer?: string; complaint?: string; campaign?: string; org?: string; out: string }) => {
    const given = [opts.customer, opts.complaint, opts.campaign].filter(Boolean).length;
    if (given !== 1) throw new Error('Give one of --customer <id>, --complaint <reference> or --campaign <id>.');
    const [{ writeFileSync }, { exportEvidence }, { findDefaultOrganisation, findOrganisationBySlug }, { publicKeyFingerprint }] = await Promise.all([
      import('node:fs'),
      import('../core/evidence/index.ts'),
      import('../core/organisations/index.ts'),
      import('../core/audit-log/index.ts'),
    ]);
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : await findDefaultOrganisation(rt.deps.db);
      if (!org) throw new Error(opts.org ? `No organisation "${opts.org}"` : 'No organisation yet');
      const request = opts.customer ? { customerId: opts.customer } : opts.campaign ? { campaignId: opts.campaign } : { complaintReference: opts.complaint ?? '' };
      const { zip, manifest } = await exportEvidence(rt.deps, org, request);
      writeFileSync(opts.out, zip, { mode: 0o600 });
      process.stdout.write(
        `Evidence written to ${opts.out}: ${manifest.files.length} files, chain ${manifest.chain.ok ? 'intact' : 'BROKEN'}, ` +
          `checkpoint ${manifest.chain.checkpoint ? `#${manifest.chain.checkpoint.number}` : 'none yet'}.\nSigning key fingerprint: ${publicKeyFingerprint(manifest.publicKeyPem)}\n`,
      );
    });
  });
evidence
  .command('verify')
  .description('Check a bundle offline (no database): signature, every file, the checkpoint; exit 1 naming what fails')
  .argument('<file>')
  .option('--fingerprint <hex>', "the organisation's published key fingerprint (`confiance evidence export` prints it)")
  .action(async (file: string, opts: { fingerprint?: string }) => {
    const [{ readFileSync }, { verifyEvidence }] = await Promise.all([import('node:fs'), import('../core/evidence/index.ts')]);
    const check = verifyEvidence(readFileSync(file), opts.fingerprint ? { expectedFingerprint: opts.fingerprint } : {});
    const m = check.manifest;
    if (m) {
      const scope =
        m.scope.kind === 'customer'
          ? `customer ${m.scope.customerId}`
          : m.scope.kind === 'complaint'
            ? `complaint ${m.scope.reference}`
            : `contact campaign "${m.scope.name}" (${m.scope.campaignId}; ${m.scope.attempts})`;
      process.stdout.write(`${m.organisation.name}, ${scope}, made ${m.generatedAt}\nSigning key fingerprint: ${check.fingerprint ?? '?'} (compare it with the one the organisation publishes)\n`);
      process.stdout.write(
        `${m.files.length} files; ${check.events.total} audit events, ${check.events.coveredByCheckpoint} covered by signed checkpoint ${m.chain.checkpoint ? `#${m.chain.checkpoint.number}` : '(none)'}, ${check.events.afterCheckpoint} after it (checked by the installation when the bundle was made)\n`,
      );
    }
    if (check.ok) {
      process.stdout.write('OK: the bundle is as the installation signed it.\n');
      return;
    }
    process.stdout.write(`FAILED:\n${check.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  });

const audit = program.command('audit').description('Audit log tools');

/** What each break means, for the operator reading `audit verify` (reasons: src/core/audit-log/audit-log.chain.ts). */
const BREAK_MEANINGS: Record<string, string> = {
  sequence_gap: 'a row is missing here (deleted) or out of place',
  prev_hash_mismatch: 'this row does not link to the row before it (a row before it was replaced)',
  hash_mismatch: 'the row does not match its keyed hash: edited outside Confiance, or relinked without the key',
  version_downgrade: 'an unkeyed row after keyed ones: rows rewritten without the key',
  unsealed_legacy: 'the chain ends on unkeyed rows that no keyed row seals: rewritten, or not sealed yet (start the server once)',
  head_mismatch: 'the head row does not name the last row: the tail was deleted, or the head edited or deleted',
  checkpoint_mismatch: 'the chain no longer holds the row the last signed checkpoint recorded: rows deleted or rewritten since',
  no_events: 'the organisation has no audit event at all: its chain was deleted',
  checkpoint_invalid: "the last checkpoint file is not signed by this installation's key or does not follow the one before",
};

audit
  .command('verify')
  .description(
    'Recompute the keyed hash chains of every organisation (or one), compare them with the last signed checkpoint, name the first broken row',
  )
  .option('--org <slug>')
  .action(async (opts: { org?: string }) => {
    const { findOrganisationBySlug } = await import('../core/organisations/index.ts');
    const broken = await withRuntime(async (rt) => {
      const db = rt.deps.db;
      const orgIds = opts.org
        ? [(await findOrganisationBySlug(db, opts.org))?.id].filter((x): x is string => Boolean(x))
        : await rt.deps.audit.chainedOrgIds(db);
      if (opts.org && orgIds.length === 0) throw new Error(`No organisation "${opts.org}"`);
      const latest = rt.deps.audit.checkpoints.latest();
      if (latest.status === 'none')
        process.stdout.write(
          `No signed checkpoint yet in ${rt.deps.audit.checkpoints.dir}: run \`confiance audit checkpoint\` (a deleted organisation is only caught against one).\n`,
        );
      if (latest.status === 'invalid') process.stdout.write(`INVALID checkpoint ${latest.file}: ${latest.problem}\n`);
      let failures = 0;
      for (const orgId of orgIds) {
        const result = await rt.deps.audit.verify(db, orgId);
        const against = result.checkpoint
          ? `, consistent with checkpoint #${result.checkpoint.number} of ${result.checkpoint.createdAt}`
          : '';
        if (result.ok) process.stdout.write(`OK      org ${orgId}: ${result.checked} events, chain intact${against}\n`);
        else {
          failures++;
          const b = result.firstBroken;
          const where = b?.shard === undefined ? '' : ` shard ${b.shard}`;
          process.stdout.write(
            `BROKEN  org ${orgId}${where}: first broken row seq=${b?.seq} id=${b?.id || '-'} (${b?.reason}): ${BREAK_MEANINGS[b?.reason ?? ''] ?? ''}; ${result.checked} events verified before it\n`,
          );
        }
      }
      return failures;
    });
    process.exitCode = broken > 0 ? 1 : 0;
  });

audit
  .command('checkpoint')
  .description('Write a signed checkpoint of every chain head to CONFIANCE_CHECKPOINT_DIR (outside the data directory)')
  .action(async () => {
    const refusedCount = await withRuntime(async (rt) => {
      const { written, refused } = await rt.deps.audit.checkpoint(rt.deps.db);
      if (written) {
        const orgs = new Set(written.heads.map((h) => h.orgId)).size;
        process.stdout.write(
          `Checkpoint #${written.number} written to ${rt.deps.audit.checkpoints.dir}: ${written.heads.length} chains of ${orgs} organisations.\n`,
        );
      } else process.stdout.write('No chain moved since the last checkpoint: nothing written.\n');
      for (const b of refused) {
        process.stdout.write(
          `REFUSED org ${b.orgId} shard ${b.shard}: seq=${b.seq} (${b.reason}): ${BREAK_MEANINGS[b.reason] ?? ''}; its previous entry is kept\n`,
        );
      }
      return refused.length;
    });
    process.exitCode = refusedCount > 0 ? 1 : 0;
  });

program
  .command('backup <file>')
  .description('Write a consistent logical dump of the database (gzip JSON lines)')
  .action(async (file: string) => {
    const { backupDatabase } = await import('../db/backup.ts');
    const header = await withRuntime((rt) => backupDatabase(rt.database, file));
    const total = header.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(`Backup written to ${file}: ${header.tables.length} tables, ${total} rows.\n`);
  });

program
  .command('restore <file>')
  .description('Load a backup into an empty database (migrations are applied first)')
  .action(async (file: string) => {
    const [{ loadConfig }, { openDatabase }, { restoreDatabase }] = await Promise.all([
      import('../config.ts'),
      import('../db/client.ts'),
      import('../db/backup.ts'),
    ]);
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
    try {
      await database.migrate();
      const header = await restoreDatabase(database, file);
      const total = header.tables.reduce((n, t) => n + t.rows, 0);
      process.stdout.write(`Restored ${total} rows into ${header.tables.length} tables from ${file}.\n`);
    } finally {
      await database.close();
    }
  });

const rules = program.command('rules').description('Legal rules (pure, dated): deadlines, outbound contact');
rules
  .command('deadline')
  .description('Compute deadlines. With --jsonl: read {"id","kind","from","tz"} lines on stdin, write {"id","due"} lines')
  .option('--jsonl', 'JSON lines on stdin and stdout')
  .option(
    '--kind <kind>',
    'one deadline kind (dsr, dsr-extended, breach-authority, complaint-ack, complaint-answer, speakup-ack, speakup-feedback, mediation-limit)',
  )
  .option('--from <instant>', 'ISO 8601 instant of the event')
  .option('--tz <zone>', 'IANA time zone', 'Europe/Paris')
  .action(async (opts: { jsonl?: boolean; kind?: string; from?: string; tz: string }) => {
    const { processDeadlineLine, runDeadlineJsonl } = await import('../rules/deadline-jsonl.ts');
    if (opts.jsonl) {
      // Buffered writes: 100k lines go out in large chunks, not one syscall each.
      let buffer = '';
      const result = await runDeadlineJsonl(process.stdin, (line) => {
        buffer += line + '\n';
        if (buffer.length > 65_536) {
          process.stdout.write(buffer);
          buffer = '';
        }
      });
      process.stdout.write(buffer);
      if (result.errors > 0) process.stderr.write(`${result.errors} ${result.errors === 1 ? 'line has an error' : 'lines have errors'}\n`);
      return;
    }
    if (!opts.kind || !opts.from) throw new Error('Give --kind and --from, or use --jsonl');
    const line = processDeadlineLine(JSON.stringify({ id: 'cli', kind: opts.kind, from: opts.from, tz: opts.tz }));
    process.stdout.write(JSON.stringify(line) + '\n');
  });

rules
  .command('contact [file]')
  .description(
    'Judge outbound contacts by the dated French rules (docs/CONTACT-RULES.md). With --jsonl: read facts lines from <file> or stdin, write {"id","allowed","reasons","rules"} lines',
  )
  .option('--jsonl', 'JSON lines in, JSON lines out (one answer per line, as soon as it is read)')
  .action(async (file: string | undefined, opts: { jsonl?: boolean }) => {
    if (!opts.jsonl) throw new Error('Use --jsonl: the contact rules read their facts as JSON lines (see docs/CONTACT-RULES.md)');
    const [{ runContactJsonl }, { createReadStream }] = await Promise.all([import('../rules/contact/jsonl.ts'), import('node:fs')]);
    // Answers leave as soon as their line is read (a script may wait for each one), grouped in
    // one write per burst of input rather than one system call per line.
    let buffer = '';
    let flushQueued = false;
    const flush = (): void => {
      flushQueued = false;
      if (buffer !== '') process.stdout.write(buffer);
      buffer = '';
    };
    const input = file === undefined ? process.stdin : createReadStream(file);
    const counts = await runContactJsonl(input, (line) => {
      buffer += line + '\n';
      if (buffer.length > 65_536) flush();
      else if (!flushQueued) {
        flushQueued = true;
        setImmediate(flush);
      }
    });
    flush();
    if (counts.errors > 0) process.stderr.write(`${counts.errors} ${counts.errors === 1 ? 'line has an error' : 'lines have errors'}\n`);
  });

const contact = program.command('contact').description('Outbound contact: decisions for real customers, opposition lists');
contact
  .command('opposition-import <file>')
  .description(
    'Load an opposition list extract (Bloctel: one number a line, millions of lines) in force from --extracted-on; numbers stored as keyed hashes',
  )
  .requiredOption('--extracted-on <date>', 'the date of the extract (YYYY-MM-DD): in force from that day until the next extract')
  .option('--name <name>', 'which list', 'bloctel')
  .option('--org <slug>', 'organisation (default: the first one)')
  .action(async (file: string, opts: { extractedOn: string; name: string; org?: string }) => {
    const [
      { createReadStream, statSync },
      { importOppositionList },
      { findDefaultOrganisation, findOrganisationBySlug },
      { systemContext },
    ] = await Promise.all([
      import('node:fs'),
      import('../core/contact/index.ts'),
      import('../core/organisations/index.ts'),
      import('../core/context.ts'),
    ]);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.extractedOn)) throw new Error('--extracted-on: a date as YYYY-MM-DD');
    const size = statSync(file).size;
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : await findDefaultOrganisation(rt.deps.db);
      if (!org) throw new Error(opts.org ? `No organisation "${opts.org}"` : 'No organisation: run `confiance seed` or create one');
      // A progress bar on stderr: the share of the file read (numbers are about the same length).
      let bytes = 0;
      const started = Date.now();
      const bar = (written: number) => {
        const share = size === 0 ? 1 : Math.min(1, bytes / size);
        const width = 30;
        const done = Math.round(share * width);
        process.stderr.write(
          `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(share * 100).toFixed(0).padStart(3)}%  ${written.toLocaleString('en')} numbers  ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
      };
      const open = () => {
        bytes = 0;
        const stream = createReadStream(file);
        stream.on('data', (chunk) => (bytes += chunk.length));
        return stream;
      };
      const result = await importOppositionList(
        rt.deps,
        systemContext(org.id, 'cli', 'en'),
        open,
        { extractedOn: opts.extractedOn, name: opts.name, bytes: size },
        (_read, written) => bar(written),
      );
      process.stderr.write('\n');
      if (result.already)
        process.stdout.write(
          `This file was already loaded as extract ${result.list.id} (${result.list.entries} numbers, in force from ${result.list.extractedOn}).\n`,
        );
      else
        process.stdout.write(
          `Extract ${result.list.id}: ${result.list.entries} numbers in force from ${result.list.extractedOn}; ${result.list.rejected} lines were not phone numbers.\n`,
        );
      for (const r of result.rejected.slice(0, 10)) process.stderr.write(`  line ${r.line}: ${r.message}\n`);
    });
  });

contact
  .command('check [file]')
  .description(
    'Judge outbound contacts for customers of the organisation: CSV in (<file> or stdin; columns customer_id|email|phone, channel, purpose, at (optional, an instant with its offset; now when empty), sector (optional)), CSV out on stdout: one decision a line (line,customer_id,channel,purpose,at,allowed,reasons,rules,error); a bad line gets its error and the others still run; nothing is stored',
  )
  .option('--org <slug>', 'organisation (default: the first one)')
  .addOption(new Option('--lang <lang>', 'language of the error messages').choices(['fr', 'en']).default('en'))
  .action(async (file: string | undefined, opts: { org?: string; lang: 'fr' | 'en' }) => {
    const [
      { readFile },
      { text: readStream },
      { CheckCsvError, checkContactsCsv },
      { findDefaultOrganisation, findOrganisationBySlug },
      { systemContext },
    ] = await Promise.all([
      import('node:fs/promises'),
      import('node:stream/consumers'),
      import('../core/contact/index.ts'),
      import('../core/organisations/index.ts'),
      import('../core/context.ts'),
    ]);
    const input = file === undefined ? await readStream(process.stdin) : await readFile(file, 'utf8');
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : await findDefaultOrganisation(rt.deps.db);
      if (!org) throw new Error(opts.org ? `No organisation "${opts.org}"` : 'No organisation: run `confiance seed` or create one');
      // Answers are written in large chunks, not one system call per line.
      let buffer = '';
      try {
        const counts = await checkContactsCsv(rt.deps, systemContext(org.id, 'cli', opts.lang), input, (line) => {
          buffer += line;
          if (buffer.length > 65_536) {
            process.stdout.write(buffer);
            buffer = '';
          }
        });
        process.stdout.write(buffer);
        process.stderr.write(
          `${counts.lines} lines: ${counts.allowed} allowed, ${counts.denied} not allowed, ${counts.errors} with an error\n`,
        );
      } catch (err) {
        if (!(err instanceof CheckCsvError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
      }
    });
  });

const kpi = program.command('kpi').description('Ethics KPIs: the daily values behind the dashboard');
kpi
  .command('rebuild')
  .description('Recompute every KPI day from the records (all organisations, or one), replacing the values the refresh job keeps')
  .option('--org <slug>')
  .action(async (opts: { org?: string }) => {
    const [{ findOrganisationBySlug }, { rebuildAll }] = await Promise.all([
      import('../core/organisations/index.ts'),
      import('../core/kpi/index.ts'),
    ]);
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : null;
      if (opts.org && !org) throw new Error(`No organisation "${opts.org}"`);
      const started = performance.now();
      const outcomes = await rebuildAll(rt.deps, org?.id);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`KPIs rebuilt for ${outcomes.length} organisation${outcomes.length === 1 ? '' : 's'} in ${seconds} s.\n`);
    });
  });

const controls = program.command('controls').description('Continuous controls: findings opened and closed from the records');
controls
  .command('run')
  .description('Run every control now (all organisations, or one), as the daily job does: opens a finding per new cause, closes those whose cause is gone')
  .option('--org <slug>')
  .action(async (opts: { org?: string }) => {
    const [{ findOrganisationBySlug }, { runControls }] = await Promise.all([import('../core/organisations/index.ts'), import('../core/audits/index.ts')]);
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : null;
      if (opts.org && !org) throw new Error(`No organisation "${opts.org}"`);
      const outcomes = await runControls(rt.deps, org ? { orgId: org.id } : {});
      const sum = (k: 'opened' | 'closed' | 'open') => outcomes.reduce((n, o) => n + o[k], 0);
      const failed = [...new Set(outcomes.flatMap((o) => o.failed))];
      process.stdout.write(
        `Controls ran for ${outcomes.length} organisation${outcomes.length === 1 ? '' : 's'}: ${sum('opened')} finding(s) opened, ${sum('closed')} closed, ${sum('open')} open.\n`,
      );
      if (failed.length > 0) {
        process.stderr.write(`Controls that failed: ${failed.join(', ')}\n`);
        process.exitCode = 1;
      }
    });
  });

const report = program.command('report').description('Reports built from the records');
report
  .command('csr')
  .description('The CSR report of a calendar year (GRI 417-3, GRI 418-1, ESRS S4-1 to S4-5, beside the year before): pdf (needs Chromium), html or json (GRI/ESRS ids)')
  .requiredOption('--period <year>', 'calendar year, e.g. 2026')
  .option('--format <format>', 'pdf | html | json', 'pdf')
  .option('--org <slug>', 'organisation (default: the first one)')
  .option('--lang <lang>', 'fr | en', 'fr')
  .requiredOption('--out <file>', 'where to write the report')
  .action(async (opts: { period: string; format: string; org?: string; lang: string; out: string }) => {
    if (!['pdf', 'html', 'json'].includes(opts.format)) throw new Error('--format is pdf, html or json.');
    if (opts.lang !== 'fr' && opts.lang !== 'en') throw new Error('--lang is fr or en.');
    const format = opts.format as 'pdf' | 'html' | 'json';
    const locale = opts.lang;
    const [{ writeFileSync }, reporting, { findDefaultOrganisation, findOrganisationBySlug }, { refreshOrganisation }] = await Promise.all([
      import('node:fs'),
      import('../core/reporting/index.ts'),
      import('../core/organisations/index.ts'),
      import('../core/kpi/index.ts'),
    ]);
    // Say at once, before any work, that the PDF cannot be made here.
    if (format === 'pdf') {
      try {
        reporting.findChromium();
      } catch (error) {
        if (!(error instanceof reporting.ChromiumMissingError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 2;
        return;
      }
    }
    await withRuntime(async (rt) => {
      const org = opts.org ? await findOrganisationBySlug(rt.deps.db, opts.org) : await findDefaultOrganisation(rt.deps.db);
      if (!org) throw new Error(opts.org ? `No organisation "${opts.org}"` : 'No organisation yet');
      // The figures as of now: the KPI days changed since the refresh job last ran are brought up to date first.
      await refreshOrganisation(rt.deps, org);
      const built = reporting.presentCsrReport(await reporting.buildCsrReport(rt.deps, org.id, opts.period), locale, null);
      const file = await reporting.exportCsrReport(built, format, locale, rt.deps.config.publicUrl);
      writeFileSync(opts.out, file.data);
      const figures = built.sections.flatMap((s) => s.figures);
      process.stdout.write(
        `CSR report ${opts.period} of ${org.name} written to ${opts.out} (${format}, ${file.data.length} bytes): ${figures.length} figures, ${figures.filter((f) => f.value === null).length} without data yet.\n`,
      );
    });
  });

program
  .command('lint')
  .description(
    'Check messages for manipulation, pressure and missing information. With --jsonl: read {"id","text","lang"?,"type"?} lines on stdin, write {"id","flagged","score","findings"} lines (flagged: score >= 0.5 or a high finding)',
  )
  .option('--jsonl', 'JSON lines on stdin and stdout')
  .action(async (opts: { jsonl?: boolean }) => {
    if (!opts.jsonl) throw new Error('Use --jsonl: one {"id","text"} JSON object a line on stdin');
    // The module's command-line entry, not its index.ts: the checker alone, without the routes,
    // the repository, drizzle or zod (issue 12: the first line answered in under 1 s).
    const { runLintJsonl } = await import('../core/messages/messages.cli.ts');
    // Each line is written as soon as it is checked: a caller piping one line gets its answer at once.
    const result = await runLintJsonl(process.stdin, (line) => process.stdout.write(line + '\n'));
    if (result.errors > 0) process.stderr.write(`${result.errors} ${result.errors === 1 ? 'line has an error' : 'lines have errors'}\n`);
  });

program.parseAsync(process.argv).catch(async (error: unknown) => {
  // Operators get the message, not a stack trace; LOG_LEVEL=debug shows the details.
  const { asAppError, toErrorBody } = await import('../api/plugins/errors.ts');
  const appError = asAppError(error);
  const body = toErrorBody(appError, 'en');
  const message = appError.code === 'internal' && error instanceof Error ? error.message : body.error.message;
  process.stderr.write(`confiance: ${message}\n`);
  // What is wrong where (an extract's bad lines, a field): each on its own line.
  for (const issue of body.error.issues ?? []) process.stderr.write(`  ${issue.message}\n`);
  if (process.env.LOG_LEVEL === 'debug') console.error(error);
  process.exitCode = 1;
});
