/**
 * Message checker in-process, on one core: texts checked per second (rules, classifier, score)
 * over the dark-pattern texts, the team's fair extras and the French set (cycled), against the
 * baseline of tokenising the same texts alone (fold + token scan), alternated in the same run.
 * Target (issue 12): at least 10,000 texts/s; the ratio tells across machines. Measured per CPU
 * second of this process, rounds alternating: the machine is shared.
 *
 *   npm run bench messages
 */
import { existsSync, readFileSync } from 'node:fs';
import { checkMessage } from '../src/core/messages/index.ts';
import { messageTokens } from '../src/core/messages/messages.features.ts';
import { DARK_PATTERNS_PATH, FAIR_EXTRA_PATH, loadDarkPatterns, loadJsonl } from '../src/core/messages/messages.evaluate.ts';

/** Calls per CPU second of this process (user + system): on a shared machine, wall time also measures the scheduler. */
function rate(calls: number, fn: (i: number) => number): number {
  let sink = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) sink += fn(i);
  const used = process.cpuUsage(start);
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  return calls / ((used.user + used.system) / 1e6);
}

export async function run(): Promise<void> {
  const frPath = new URL('../src/core/messages/eval/fr.eval.jsonl', import.meta.url);
  const texts = [
    ...loadDarkPatterns(DARK_PATTERNS_PATH).map((r) => r.text),
    ...loadJsonl(FAIR_EXTRA_PATH).map((r) => r.text),
    ...(existsSync(frPath)
      ? readFileSync(frPath, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => (JSON.parse(l) as { text: string }).text)
      : []),
  ].filter((t) => t.trim() !== '');
  const calls = Number(process.env.BENCH_MESSAGES_CALLS ?? 20_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const at = (i: number) => texts[i % texts.length]!;
  const candidates = {
    tokenize: (i: number) => messageTokens(at(i)).length,
    check: (i: number) => checkMessage({ text: at(i) }, { locale: 'en' }).findings.length + 1,
  };
  for (const fn of Object.values(candidates)) rate(2_000, fn); // warm-up
  // Rounds alternate, the order swapping each round; the ratio of each pair is kept, then the median.
  const tok: number[] = [];
  const chk: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      tok.push(rate(calls, candidates.tokenize));
      chk.push(rate(calls, candidates.check));
    } else {
      chk.push(rate(calls, candidates.check));
      tok.push(rate(calls, candidates.tokenize));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = chk.map((c, r) => c / tok[r]!);
  const meanChars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  console.log(
    `\n## Message checker in-process (${texts.length} texts of ${meanChars.toFixed(0)} characters on average, fr and en, language detected; ${rounds} alternating rounds of ${calls}, per CPU second)`,
  );
  console.log(`  baseline: tokenise (fold + token scan)          ${median(tok).toFixed(0).padStart(8)} texts per CPU s`);
  console.log(
    `  checkMessage (rules + classifier + score)       ${median(chk).toFixed(0).padStart(8)} texts per CPU s  (target >= 10,000)`,
  );
  console.log(
    `  ratio (check / tokenise), median of the rounds: ${median(ratios).toFixed(3)}  (rounds ${ratios.map((x) => x.toFixed(3)).join(' ')})`,
  );
}
