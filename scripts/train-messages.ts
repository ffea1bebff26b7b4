/**
 * Trains the message checker's manipulation classifiers (issue 12) and writes them beside the code:
 * - src/core/messages/messages.model.json, for English texts: the dark-pattern data
 *   (corpus/darkpatterns-train.tsv) and the team's fair messages with numbers (corpus/fair-extra.jsonl);
 * - src/core/messages/messages.fr.model.json, for French texts: the French development sets
 *   (corpus/fr-dev.jsonl, corpus/fr-dev2.jsonl) and the French fair extras, never the frozen
 *   evaluation set (eval/fr.eval.jsonl), which only measures.
 * Deterministic: the same data gives the same bytes. Figures: `npm run eval:messages`.
 *
 *   node --import tsx scripts/train-messages.ts          # write the models
 *   node --import tsx scripts/train-messages.ts --check  # exit 1 if a shipped model is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SHIPPED_FRENCH_MESSAGE_MODEL_PATH, SHIPPED_MESSAGE_MODEL_PATH } from '../src/core/messages/messages.classifier.ts';
import {
  FAIR_EXTRA_PATH,
  FRENCH_DEV_PATHS,
  frenchRecords,
  loadDarkPatterns,
  loadFrenchSet,
  loadJsonl,
  trainFrenchMessageModel,
} from '../src/core/messages/messages.evaluate.ts';
import { serializeMessageModel, trainMessageModel } from '../src/core/messages/messages.model.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const extras = loadJsonl(FAIR_EXTRA_PATH);
const english = [...loadDarkPatterns(), ...extras].map((r) => ({ text: r.text, label: r.label }));
const french = [
  ...FRENCH_DEV_PATHS.flatMap((path) => frenchRecords(loadFrenchSet(path))),
  ...extras.filter((r) => r.lang === 'fr').map((r) => ({ text: r.text, label: r.label })),
];
let stale = false;
for (const [path, records, train] of [
  [SHIPPED_MESSAGE_MODEL_PATH, english, trainMessageModel],
  [SHIPPED_FRENCH_MESSAGE_MODEL_PATH, french, trainFrenchMessageModel],
] as const) {
  const json = serializeMessageModel(train(records));
  if (values.check) {
    if (readFileSync(path, 'utf8') !== json) {
      console.error(`${path} is stale: run node --import tsx scripts/train-messages.ts`);
      stale = true;
    } else console.log(`${path} is up to date (${records.length} records).`);
  } else {
    writeFileSync(path, json);
    console.log(`wrote ${path}: ${records.length} records, ${(json.length / 1024).toFixed(0)} KiB`);
  }
}
if (stale) process.exit(1);
