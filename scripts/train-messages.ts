/**
 * Trains the message checker's manipulation classifier (issue 12) from the dark-pattern data
 * (src/core/messages/corpus/darkpatterns-train.tsv) and the team's fair messages with numbers
 * (corpus/fair-extra.jsonl), and writes src/core/messages/messages.model.json. Deterministic:
 * the same data gives the same bytes. Figures: `npm run eval:messages`.
 *
 *   node --import tsx scripts/train-messages.ts          # write the model
 *   node --import tsx scripts/train-messages.ts --check  # exit 1 if the shipped model is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SHIPPED_MESSAGE_MODEL_PATH } from '../src/core/messages/messages.classifier.ts';
import { FAIR_EXTRA_PATH, loadDarkPatterns, loadJsonl } from '../src/core/messages/messages.evaluate.ts';
import { serializeMessageModel, trainMessageModel } from '../src/core/messages/messages.model.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const records = [...loadDarkPatterns(), ...loadJsonl(FAIR_EXTRA_PATH)].map((r) => ({ text: r.text, label: r.label }));
const json = serializeMessageModel(trainMessageModel(records));
if (values.check) {
  if (readFileSync(SHIPPED_MESSAGE_MODEL_PATH, 'utf8') !== json) {
    console.error(`${SHIPPED_MESSAGE_MODEL_PATH} is stale: run node --import tsx scripts/train-messages.ts`);
    process.exit(1);
  }
  console.log(`${SHIPPED_MESSAGE_MODEL_PATH} is up to date (${records.length} records).`);
} else {
  writeFileSync(SHIPPED_MESSAGE_MODEL_PATH, json);
  console.log(`wrote ${SHIPPED_MESSAGE_MODEL_PATH}: ${records.length} records, ${(json.length / 1024).toFixed(0)} KiB`);
}
