/**
 * The shipped manipulation classifier (messages.model.json, made by scripts/train-messages.ts
 * from corpus/darkpatterns-train.tsv and corpus/fair-extra.jsonl), parsed once per process.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMessageModel, type MessageModel } from './messages.model.ts';

export const SHIPPED_MESSAGE_MODEL_PATH = fileURLToPath(new URL('./messages.model.json', import.meta.url));

let shipped: MessageModel | undefined;

/** The model shipped in the repository. */
export function shippedMessageModel(): MessageModel {
  shipped ??= parseMessageModel(readFileSync(SHIPPED_MESSAGE_MODEL_PATH, 'utf8'));
  return shipped;
}

/**
 * Decision threshold on the classifier's probability: 0.5, the point where the balanced training
 * makes both errors cost the same. Measured at this threshold: docs/BENCHMARKS.md.
 */
export const MESSAGE_SCORE_THRESHOLD = 0.5;
