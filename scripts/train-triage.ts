/**
 * Trains the complaint triage model from the seed corpus and writes
 * src/core/triage/triage.model.json; prints the held-out and cross-validation figures
 * (docs/TRIAGE.md) as Markdown. Reproducible: the same corpus gives the same bytes.
 *
 *   node --import tsx scripts/train-triage.ts            # evaluate, then write the model
 *   node --import tsx scripts/train-triage.ts --check    # exit 1 if the shipped model is stale
 *   node --import tsx scripts/train-triage.ts --no-eval  # write the model only
 *   ... --corpus other.jsonl                              # another corpus of the same format
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { crossValidate, evaluateHeldOut, type EvaluationReport, type Scores } from '../src/core/triage/triage.evaluate.ts';
import { TRIAGE_LANGUAGES } from '../src/core/triage/triage.features.ts';
import {
  DEFAULT_TRAINING_OPTIONS,
  serializeTriageModel,
  TRIAGE_TASK_NAMES,
  TRIAGE_TASKS,
  trainTriageModel,
} from '../src/core/triage/triage.model.ts';
import { loadSeedCorpus, SEED_CORPUS_PATH, SHIPPED_MODEL_PATH } from '../src/core/triage/triage.ts';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    'no-eval': { type: 'boolean', default: false },
    corpus: { type: 'string', default: SEED_CORPUS_PATH },
    folds: { type: 'string', default: '5' },
  },
});
const records = loadSeedCorpus(values.corpus);
const k = Number(values.folds);

const pct = (x: number) => (100 * x).toFixed(1);
function table(title: string, r: EvaluationReport): void {
  console.log(`\n### ${title}\n`);
  console.log(
    '| task | n | model accuracy | model macro-F1 | mean confidence | baseline accuracy | baseline macro-F1 | fr model acc / F1 | en model acc / F1 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const task of TRIAGE_TASK_NAMES) {
    const t = r[task];
    const lang = TRIAGE_LANGUAGES.map((l) => `${pct(t.byLanguage[l].model.accuracy)} / ${pct(t.byLanguage[l].model.macroF1)}`);
    console.log(
      `| ${task} | ${t.model.n} | ${pct(t.model.accuracy)} | **${pct(t.model.macroF1)}** | ${pct(t.meanConfidence)} | ${pct(t.baseline.accuracy)} | ${pct(t.baseline.macroF1)} | ${lang.join(' | ')} |`,
    );
  }
  const perLabel = (task: keyof typeof TRIAGE_TASKS, s: Scores) =>
    (TRIAGE_TASKS[task] as readonly string[]).map((l) => `${l} ${pct(s.f1[l] ?? 0)} (recall ${pct(s.recall[l] ?? 0)})`).join(', ');
  console.log('\nF1 per label (model):');
  for (const task of TRIAGE_TASK_NAMES) console.log(`- ${task}: ${perLabel(task, r[task].model)}`);
}

if (!values['no-eval'] && !values.check) {
  const started = Date.now();
  const held = evaluateHeldOut(records, DEFAULT_TRAINING_OPTIONS, k);
  table(`Held-out split (train ${held.sizes.train}, test ${held.sizes.test}; grouped by scenario, stratified by category)`, held);
  const cv = crossValidate(records, k, DEFAULT_TRAINING_OPTIONS);
  table(`${k}-fold cross-validation (${records.length} records, pooled out-of-fold predictions)`, cv);
  console.log('\nMacro-F1 per fold:');
  for (const task of TRIAGE_TASK_NAMES) console.log(`- ${task}: ${cv.foldMacroF1[task].map(pct).join(', ')}`);
  console.log(`\n(evaluation took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const json = serializeTriageModel(trainTriageModel(records, DEFAULT_TRAINING_OPTIONS));
if (values.check) {
  const current = readFileSync(SHIPPED_MODEL_PATH, 'utf8');
  if (current !== json) {
    console.error(`${SHIPPED_MODEL_PATH} is not the model of ${values.corpus}: run node --import tsx scripts/train-triage.ts`);
    process.exit(1);
  }
  console.log(`${SHIPPED_MODEL_PATH} is up to date (${records.length} records).`);
} else {
  writeFileSync(SHIPPED_MODEL_PATH, json);
  console.log(`\nwrote ${SHIPPED_MODEL_PATH}: ${records.length} records, ${(json.length / 1024).toFixed(0)} KiB`);
}
