/**
 * Complaint triage, the public API: suggests category, urgency and sentiment for a French or
 * English complaint text, locally and deterministically, with the model shipped beside this file
 * (triage.model.json, made by scripts/train-triage.ts from corpus/complaints.fr-en.jsonl).
 * No manifest: this is a library the complaints module calls. Method and figures: docs/TRIAGE.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRIAGE_LANGUAGES, type TriageLanguage } from './triage.features.ts';
import type { LabelledRecord } from './triage.evaluate.ts';
import {
  DEFAULT_TRAINING_OPTIONS,
  parseTriageModel,
  predictTriage,
  trainTriageModel,
  TriageRecordSchema,
  type TrainingOptions,
  type TriageModel,
  type TriageRecord,
  type TriageSuggestion,
} from './triage.model.ts';

export { TRIAGE_LANGUAGES, type TriageLanguage } from './triage.features.ts';
export {
  TRIAGE_SENTIMENTS,
  TRIAGE_TASKS,
  TriageRecordSchema,
  serializeTriageModel,
  parseTriageModel,
  predictTriage,
  trainTriageModel,
  type TaskSuggestion,
  type TriageModel,
  type TriageReason,
  type TriageRecord,
  type TriageSentiment,
  type TriageSuggestion,
} from './triage.model.ts';

/** Where the shipped model and the seed corpus live (the training script writes the first from the second). */
export const SHIPPED_MODEL_PATH = fileURLToPath(new URL('./triage.model.json', import.meta.url));
export const SEED_CORPUS_PATH = fileURLToPath(new URL('./corpus/complaints.fr-en.jsonl', import.meta.url));

let shipped: TriageModel | undefined;

/** The model shipped in the repository, parsed once per process. */
export function shippedTriageModel(): TriageModel {
  shipped ??= parseTriageModel(readFileSync(SHIPPED_MODEL_PATH, 'utf8'));
  return shipped;
}

/**
 * Suggests category, urgency and sentiment of a complaint, each with its confidence, the
 * probability of every label and the features that weighed most. A suggestion only: the agent
 * confirms or corrects it, and the confirmed labels are the training data of the next model.
 */
export function suggestTriage(text: string, language: TriageLanguage, model: TriageModel = shippedTriageModel()): TriageSuggestion {
  if (!(TRIAGE_LANGUAGES as readonly string[]).includes(language)) throw new RangeError(`triage: unsupported language ${String(language)}`);
  return predictTriage(model, text, language);
}

/** The hand-written seed corpus (JSON lines: scenario, language, labels, text), validated. */
export function loadSeedCorpus(path: string = SEED_CORPUS_PATH): LabelledRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = JSON.parse(line) as { scenario?: unknown };
      const record = TriageRecordSchema.parse(parsed);
      if (typeof parsed.scenario !== 'string') throw new Error(`${path}:${i + 1}: scenario missing`);
      return { ...record, scenario: parsed.scenario };
    });
}

/**
 * Retrains from the labels agents confirmed (the complaint's final category and urgency, and the
 * sentiment chosen), added to the seed corpus unless `withSeedCorpus` is false. Records are
 * validated and put in canonical order: the same set always gives the same model bytes.
 * The caller stores the result with serializeTriageModel and loads it with parseTriageModel.
 */
export function retrainTriageModel(
  confirmed: readonly TriageRecord[],
  { withSeedCorpus = true, options = DEFAULT_TRAINING_OPTIONS }: { withSeedCorpus?: boolean; options?: TrainingOptions } = {},
): TriageModel {
  const records = confirmed.map((r) => TriageRecordSchema.parse(r));
  return trainTriageModel(withSeedCorpus ? [...loadSeedCorpus(), ...records] : records, options);
}
