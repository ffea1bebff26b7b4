/**
 * `npm run bench [name...]`: runs the benchmarks of bench/*.bench.ts (or the named ones) and
 * prints each figure as a ratio to a baseline measured in the same run.
 * BENCH_SECONDS (default 8) and BENCH_ROUNDS (default 3) tune the length.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Names the issues use for a bench: `npm run bench checker` is the message checker's. */
const ALIASES: Record<string, string> = { checker: 'messages', kpi: 'kpi-dashboard', dashboard: 'kpi-dashboard' };
const wanted = process.argv.slice(2).map((w) => ALIASES[w] ?? w);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));

console.log(`# Confiance benchmarks — ${new Date().toISOString()}`);
console.log(
  `node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}`);
for (const file of files) {
  const mod = (await import(path.join(here, file))) as { run: () => Promise<void> };
  await mod.run();
}
