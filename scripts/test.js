#!/usr/bin/env node
// `npm test`: builds the back office, runs unit, integration (PGlite) and browser suites, and —
// when DATABASE_URL points at a PostgreSQL — the integration suite again on it. Use a database
// dedicated to tests: the suite creates organisations in it.
import { spawnSync } from 'node:child_process';

function run(label, command, args, env = {}) {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
run('build the back office', npx, ['vite', 'build', '--logLevel', 'warn']);
run('unit and integration tests on PGlite, browser journeys', npx, ['vitest', 'run'], { DATABASE_URL: '' });
if (process.env.DATABASE_URL) {
  run('integration tests on PostgreSQL', npx, ['vitest', 'run', '--project', 'integration'], { DATABASE_URL: process.env.DATABASE_URL });
}
