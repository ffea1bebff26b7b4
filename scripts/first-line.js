#!/usr/bin/env node
// `node scripts/first-line.js [--runs N] [tree...]`: how long `confiance lint --jsonl` takes to
// answer its first line (issue 12: under 1 s), measured from the spawn to the first byte on
// stdout, with one French line written at once on stdin. Beside it, in the same run and
// interleaved round by round: bare node startup (`node -e 0`, the ratio reference: this shared
// machine's load moves every absolute figure) and `confiance --help`. Each tree given (default:
// this one) is measured the same way, so an older checkout and this one compare in the same
// minutes. Prints the median and range of each, and the load average before and after.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args.splice(runsFlag, 2)[1]) : 7;
const trees = (args.length > 0 ? args : [path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')]).map((t) => path.resolve(t));

const LINE =
  JSON.stringify({
    id: 'fr-1',
    text: 'Dernière chance : plus que 2 places à ce prix, offre valable jusqu’à ce soir minuit !',
    lang: 'fr',
  }) + '\n';

/** Milliseconds from spawn to the first stdout byte (or to exit when nothing is written). */
function firstByte(argv, input) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
    let took;
    child.stdout.once('data', () => (took ??= Number(process.hrtime.bigint() - started) / 1e6));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      took ??= Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited with ${code}`));
      else resolve(took);
    });
    child.stdin.end(input);
  });
}

const cases = [{ name: 'node -e 0', argv: ['-e', '0'], input: '' }];
for (const tree of trees) {
  const bin = path.join(tree, 'bin/confiance.js');
  cases.push({ name: `${tree}: confiance --help`, argv: [bin, '--help'], input: '' });
  cases.push({ name: `${tree}: confiance lint --jsonl (first line)`, argv: [bin, 'lint', '--jsonl'], input: LINE });
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `# time to the first stdout byte — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPU, ${runs} runs`,
);
console.log(`load average before: ${load()}`);
const times = cases.map(() => []);
// One warm-up round (file system caches), not counted; then the cases alternate round by round.
for (const c of cases) await firstByte(c.argv, c.input);
for (let r = 0; r < runs; r++) for (const [i, c] of cases.entries()) times[i].push(await firstByte(c.argv, c.input));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = median(times[0]);
for (const [i, c] of cases.entries()) {
  const m = median(times[i]);
  console.log(
    `${c.name}: median ${m.toFixed(0)} ms (${Math.min(...times[i]).toFixed(0)}–${Math.max(...times[i]).toFixed(0)}), ${(m / base).toFixed(1)}× node startup`,
  );
}
console.log(`load average after: ${load()}`);
