/**
 * Message checker in-process, on one core: texts checked per second (rules, classifier, score)
 * over the dark-pattern texts, the team's fair extras and the French set (cycled), against the
 * baseline of tokenising the same texts alone (fold + token scan), alternated in the same run.
 * Target (issue 12): at least 10,000 texts/s; the ratio tells across machines.
 *
 *   npm run bench messages
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkMessage } from '../src/core/messages/index.ts';
import { messageTokens } from '../src/core/messages/messages.features.ts';
import { DARK_PATTERNS_PATH, FAIR_EXTRA_PATH, loadDarkPatterns, loadJsonl } from '../src/core/messages/messages.evaluate.ts';

function rate(calls: number, fn: (i: number) => number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += fn(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  return calls / seconds;
}

export async function run(): Promise<void> {
  const frPath = new URL('../src/core/messages/eval/fr.eval.jsonl', import.meta.url);
  const texts = [
    ...loadDarkPatterns(DARK_PATTERNS_PATH).map((r) => r.text),
    ...loadJsonl(FAIR_EXTRA_PATH).map((r) => r.text),
    ...(existsSync(frPath) ? readFileSync(frPath, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text) : []),
  ].filter((t) => t.trim() !== '');
  const calls = Number(process.env.BENCH_MESSAGES_CALLS ?? 20_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const at = (i: number) => texts[i % texts.length]!;
  const candidates = {
    tokenize: (i: number) => messageTokens(at(i)).length,
    check: (i: number) => checkMessage({ text: at(i) }, { locale: 'en' }).findings.length + 1,
  };
  for (const fn of Object.values(candidates)) rate(2_000, fn); // warm-up
  const results: Record<keyof typeof candidates, number[]> = { tokenize: [], check: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(candidates) as Array<[keyof typeof candidates, (i: number) => number]>) results[name].push(rate(calls, fn));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [tok, chk] = [median(results.tokenize), median(results.check)];
  const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  console.log(`\n## Message checker in-process (${texts.length} texts of ${meanChars.toFixed(0)} characters on average, fr and en, language detected; ${rounds} rounds of ${calls})`);
  console.log(`  baseline: tokenise (fold + token scan)          ${tok.toFixed(0).padStart(8)} texts/s`);
  console.log(`  checkMessage (rules + classifier + score)       ${chk.toFixed(0).padStart(8)} texts/s`);
  console.log(`  ratio (check / tokenise): ${(chk / tok).toFixed(3)}`);
}
