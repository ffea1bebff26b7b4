/**
 * The shipped manipulation classifiers, made by scripts/train-messages.ts, each parsed once per
 * process when first needed:
 * - messages.model.json reads English texts (corpus/darkpatterns-train.tsv and the fair extras);
 * - messages.fr.model.json reads French texts (the French development sets corpus/fr-dev.jsonl and
 *   corpus/fr-dev2.jsonl and the French fair extras; messages.evaluate.ts, trainFrenchMessageModel).
 *   The English model learned from shop texts knew little French; a French model trained on the
 *   English data as well did worse on French and moved the English figures, hence two models.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessageLanguage } from '../../rules/messages/index.ts';
import { parseMessageModel, type MessageModel } from './messages.model.ts';

export const SHIPPED_MESSAGE_MODEL_PATH = fileURLToPath(new URL('./messages.model.json', import.meta.url));

export const SHIPPED_FRENCH_MESSAGE_MODEL_PATH = fileURLToPath(new URL('./messages.fr.model.json', import.meta.url));

const shipped = new Map<MessageLanguage, MessageModel>();

/** The model shipped in the repository for texts in `lang`. */
export function shippedMessageModel(lang: MessageLanguage = 'en'): MessageModel {
  let model = shipped.get(lang);
  if (!model) {
    model = parseMessageModel(readFileSync(lang === 'fr' ? SHIPPED_FRENCH_MESSAGE_MODEL_PATH : SHIPPED_MESSAGE_MODEL_PATH, 'utf8'));
    shipped.set(lang, model);
  }
  return model;
}

/**
 * Decision threshold on the classifier's probability: 0.5, the point where the balanced training
 * makes both errors cost the same. Measured at this threshold: docs/BENCHMARKS.md.
 */
export const MESSAGE_SCORE_THRESHOLD = 0.5;
