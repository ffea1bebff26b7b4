/**
 * One side of an A/B run (bench/ab.ts starts one per tree and bench, with the tree as its working
 * directory): opens one bench of this tree's bench/ (its `rounds` export), then runs one round per
 * `round` line read on stdin, until `close`.
 *
 * Protocol (version 1; an older tree's own copy of this file must still speak it): every message
 * to the runner is one stdout line `@ab <json>`: `{"type":"ready","title","metrics","describe",
 * "check"}` once open, `{"type":"round","figures":{...}}` after each round, `{"type":"closed"}`.
 * Any other stdout line is the bench's own output, shown by the runner as a log line. A failure
 * is a non-zero exit with the error on stderr.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RoundBench } from './lib.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2] ?? '';
const file = readdirSync(here).find((f) => f === `${name}.bench.ts`);
if (!file) throw new Error(`no bench/${name}.bench.ts in ${path.dirname(here)}`);
const mod = (await import(path.join(here, file))) as { rounds?: RoundBench };
if (!mod.rounds) throw new Error(`bench/${file} has no \`rounds\` export: it cannot run round by round`);
const bench = mod.rounds;

const send = (message: object) => process.stdout.write(`@ab ${JSON.stringify(message)}\n`);

const session = await bench.open();
send({ type: 'ready', title: bench.title, metrics: bench.metrics, describe: session.describe, check: session.check });
try {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'close') break;
    if (line !== 'round') throw new Error(`unknown command ${JSON.stringify(line)}`);
    send({ type: 'round', figures: await session.round() });
  }
} finally {
  await session.close();
}
send({ type: 'closed' });
process.exit(0);
