/**
 * Complaint triage in-process: suggestions per second with the shipped model over the 448
 * complaints of the seed corpus (cycled), against two baselines run alternately in the same
 * process: tokenisation alone (fold, split, stop words), and the feature extraction by name that
 * training uses (tokens + character n-grams as strings, counted in a Map). Prediction ran that
 * extraction before scoring until it looked features up by index instead (VocabularyLookup).
 */
import { extractFeatures, tokenize } from '../src/core/triage/triage.features.ts';
import { loadSeedCorpus, shippedTriageModel, suggestTriage } from '../src/core/triage/triage.ts';

function rate(calls: number, fn: (i: number) => number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink += fn(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) console.log(sink); // keeps the work from being optimised away
  return calls / seconds;
}

export async function run(): Promise<void> {
  const corpus = loadSeedCorpus();
  const model = shippedTriageModel();
  const calls = Number(process.env.BENCH_TRIAGE_CALLS ?? 20_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const at = (i: number) => corpus[i % corpus.length]!;
  const candidates = {
    tokenize: (i: number) => tokenize(at(i).text, at(i).language).length,
    features: (i: number) => extractFeatures(at(i).text, at(i).language).size,
    suggest: (i: number) => suggestTriage(at(i).text, at(i).language, model).evidence,
  };
  for (const fn of Object.values(candidates)) rate(2_000, fn); // warm-up
  const results: Record<keyof typeof candidates, number[]> = { tokenize: [], features: [], suggest: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(candidates) as Array<[keyof typeof candidates, (i: number) => number]>)
      results[name].push(rate(calls, fn));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [tok, feat, sug] = [median(results.tokenize), median(results.features), median(results.suggest)];
  const meanChars = corpus.reduce((n, r) => n + r.text.length, 0) / corpus.length;
  console.log(
    `\n## Complaint triage in-process (${model.features.length} features, ${corpus.length} complaints of ${meanChars.toFixed(0)} characters on average, ${rounds} rounds of ${calls})`,
  );
  console.log(`  baseline: tokenize (fold, split, stop words)   ${tok.toFixed(0).padStart(8)} texts/s`);
  console.log(`  extractFeatures (words + char 4-grams)         ${feat.toFixed(0).padStart(8)} texts/s`);
  console.log(`  suggestTriage (3 tasks, top-5 reasons each)    ${sug.toFixed(0).padStart(8)} suggestions/s`);
  console.log(
    `  ratio (suggestTriage / tokenize): ${(sug / tok).toFixed(3)}; (suggestTriage / extractFeatures): ${(sug / feat).toFixed(3)}`,
  );
}
