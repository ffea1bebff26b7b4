#!/usr/bin/env node
// `npm run audit:deps`: `npm audit` of the production dependencies (what ships), failing on a high
// or critical advisory. Kept out of `.ci/run` on purpose (issue 15): an advisory published
// tomorrow must not turn CI red without a code change; run it before a release and record the
// result in docs/SECURITY.md.
//
// Exit codes: 0 no high or critical advisory in production dependencies (development-only ones
// are listed, not counted); 1 at least one; 0 with a clear "NOT CHECKED" line when the advisory
// database cannot be reached (offline, a registry mirror without the audit endpoint), so an
// offline machine is not mistaken for a vulnerable one; `--strict` (or CONFIANCE_AUDIT_STRICT=1)
// makes that case exit 2, for a release check that must not pass unchecked.
import { spawnSync } from 'node:child_process';

const strict = process.argv.includes('--strict') || process.env.CONFIANCE_AUDIT_STRICT === '1';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const GATING = ['high', 'critical'];

/** Runs `npm audit --json` with the given extra flags; returns the parsed report or why there is none. */
function audit(flags) {
  const result = spawnSync(npm, ['audit', '--json', ...flags], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { unavailable: result.error.message };
  let report;
  try {
    report = JSON.parse(result.stdout || '{}');
  } catch {
    return { unavailable: `unreadable answer from npm audit (exit ${result.status})` };
  }
  // npm audit exits 1 both for "advisories found" and for "could not ask": only the report tells.
  if (!report.metadata?.vulnerabilities) {
    const why =
      report.message ??
      report.error?.summary ??
      (result.stderr || '').split('\n').find((l) => l.includes('error')) ??
      `exit ${result.status}`;
    return { unavailable: why };
  }
  return { report };
}

function summarise(report) {
  const counts = report.metadata.vulnerabilities;
  const advisories = Object.values(report.vulnerabilities ?? {}).map((v) => ({
    name: v.name,
    severity: v.severity,
    range: v.range,
    via: v.via.map((x) => (typeof x === 'string' ? x : `${x.title ?? ''} ${x.url ?? ''}`.trim())).join('; '),
  }));
  return { counts, advisories };
}

const npmVersion = spawnSync(npm, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`npm audit (npm ${npmVersion}, node ${process.version}) on ${new Date().toISOString().slice(0, 10)}`);

const production = audit(['--omit=dev']);
if (production.unavailable) {
  console.log(`NOT CHECKED: the advisory database could not be reached (${production.unavailable}).`);
  console.log('Run again with registry access before a release; docs/SECURITY.md records the last result.');
  process.exit(strict ? 2 : 0);
}

const prod = summarise(production.report);
console.log(`production dependencies: ${JSON.stringify(prod.counts)}`);
for (const a of prod.advisories) console.log(`  ${a.severity.padEnd(8)} ${a.name} ${a.range}: ${a.via}`);

const all = audit([]);
if (all.report) {
  const dev = summarise(all.report).advisories.filter((a) => !prod.advisories.some((p) => p.name === a.name));
  console.log(`development-only dependencies (not shipped, not counted): ${dev.length} advisories`);
  for (const a of dev) console.log(`  ${a.severity.padEnd(8)} ${a.name} ${a.range}: ${a.via}`);
}

const gating = GATING.reduce((n, level) => n + (prod.counts[level] ?? 0), 0);
if (gating > 0) {
  console.log(`FAIL: ${gating} high or critical advisories in production dependencies.`);
  process.exit(1);
}
console.log('OK: no high or critical advisory in production dependencies.');
