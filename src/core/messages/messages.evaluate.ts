/**
 * Honest measurement of the manipulation classifier: k-fold cross-validation on the dark-pattern
 * data, never scoring a text the model trained on. Folds are deterministic (triage's FNV-1a hash,
 * no random generator), stratified by label and grouped by text with case and spaces folded (the
 * data's own rule: equal texts fall on the same side). The team's fair extras are added to every
 * training part and never scored here: they are not the benchmark's data.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { fnv1a } from '../text.ts';
import type { MessageType } from '../../rules/messages/index.ts';
import { checkMessage, type CheckResult } from './messages.check.ts';
import {
  DEFAULT_MESSAGE_OPTIONS,
  scoreMessage,
  trainMessageModel,
  type MessageModel,
  type MessageRecord,
  type MessageTrainingOptions,
} from './messages.model.ts';

export const DARK_PATTERNS_PATH = fileURLToPath(new URL('./corpus/darkpatterns-train.tsv', import.meta.url));
export const FAIR_EXTRA_PATH = fileURLToPath(new URL('./corpus/fair-extra.jsonl', import.meta.url));

/** A row of train.tsv. */
export interface DarkPatternRow extends MessageRecord {
  id: string;
  category: string;
}

/** Reads train.tsv (tab-separated, CSV quoting, a header line). */
export function loadDarkPatterns(path: string = DARK_PATTERNS_PATH): DarkPatternRow[] {
  const rows = parse(readFileSync(path, 'utf8'), { delimiter: '\t', columns: true, relax_quotes: true }) as Array<Record<string, string>>;
  return rows.map((r, i) => {
    const label = Number(r.label);
    if (label !== 0 && label !== 1) throw new Error(`${path}:${i + 2}: label ${r.label}`);
    return { id: r.id ?? String(i), text: r.text ?? '', label, category: r.category ?? '' };
  });
}

/** One line of a JSON-lines file of labelled texts ({"text", "label", "lang", ...}). */
export interface JsonlRecord extends MessageRecord {
  lang?: string;
  [key: string]: unknown;
}

/** Reads a JSON-lines file of {"text", "label"} records (other fields kept). */
export function loadJsonl(path: string): JsonlRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const r = JSON.parse(line) as JsonlRecord;
      if (typeof r.text !== 'string' || (r.label !== 0 && r.label !== 1)) throw new Error(`${path}:${i + 1}: needs "text" and "label" 0 or 1`);
      return r;
    });
}

/** Accuracy, precision, recall and F1 with "manipulates" (1) as the positive class. */
export interface BinaryScores {
  n: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export function binaryScores(gold: readonly number[], predicted: readonly number[]): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  gold.forEach((g, i) => {
    if (predicted[i] === 1) {
      if (g === 1) tp++;
      else fp++;
    } else if (g === 1) fn++;
    else tn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { n: gold.length, accuracy: (tp + tn) / Math.max(1, gold.length), precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

const groupKey = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Fold (0..k-1) of every record: groups of equal texts, per label, ordered by hash and dealt round-robin. */
export function assignFolds(records: readonly MessageRecord[], k: number, salt = 'messages-cv:'): number[] {
  const fold = new Map<string, number>();
  for (const label of [0, 1]) {
    const groups = [...new Set(records.filter((r) => r.label === label).map((r) => groupKey(r.text)))];
    groups.sort((a, b) => fnv1a(salt + a) - fnv1a(salt + b) || (a < b ? -1 : 1));
    groups.forEach((g, i) => {
      if (!fold.has(g)) fold.set(g, i % k);
    });
  }
  return records.map((r) => fold.get(groupKey(r.text))!);
}

export interface CrossValidation extends BinaryScores {
  /** Out-of-fold probability of every record, in input order. */
  scores: number[];
  foldAccuracy: number[];
}

/**
 * k-fold cross-validation at a decision threshold: every record of `records` is scored once by a
 * model trained on the other folds plus `extras`. `transform` rewrites every text (training and
 * testing alike), e.g. digits replaced by N.
 */
export function crossValidate(
  records: readonly MessageRecord[],
  {
    k = 10,
    extras = [],
    options,
    threshold = 0.5,
    transform = (t: string) => t,
  }: { k?: number; extras?: readonly MessageRecord[]; options?: MessageTrainingOptions; threshold?: number; transform?: (text: string) => string } = {},
): CrossValidation {
  const folds = assignFolds(records, k);
  const scores = new Array<number>(records.length).fill(0);
  const foldAccuracy: number[] = [];
  const moved = (r: MessageRecord): MessageRecord => ({ text: transform(r.text), label: r.label });
  for (let f = 0; f < k; f++) {
    const train = [...records.filter((_, i) => folds[i] !== f).map(moved), ...extras.map(moved)];
    const model = trainMessageModel(train, options);
    const gold: number[] = [];
    const predicted: number[] = [];
    records.forEach((r, i) => {
      if (folds[i] !== f) return;
      scores[i] = scoreMessage(model, transform(r.text));
      gold.push(r.label);
      predicted.push(scores[i] >= threshold ? 1 : 0);
    });
    foldAccuracy.push(binaryScores(gold, predicted).accuracy);
  }
  const overall = binaryScores(
    records.map((r) => r.label),
    scores.map((s) => (s >= threshold ? 1 : 0)),
  );
  return { ...overall, scores, foldAccuracy };
}

/** The French development sets (corpus/), in the frozen set's format: the French model's training data. */
export const FRENCH_DEV_PATHS = ['fr-dev.jsonl', 'fr-dev2.jsonl'].map((f) => fileURLToPath(new URL(`./corpus/${f}`, import.meta.url)));

/** A line of a French set (eval/README.md): label "fair" | "manipulative", its categories and message type. */
export interface FrenchSetRow {
  id: string;
  text: string;
  label: 'fair' | 'manipulative';
  categories: string[];
  type?: MessageType;
}

export function loadFrenchSet(path: string): FrenchSetRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FrenchSetRow);
}

/** A French set's rows as training records. */
export const frenchRecords = (rows: readonly FrenchSetRow[]): MessageRecord[] =>
  rows.map((r) => ({ text: r.text, label: r.label === 'manipulative' ? 1 : 0 }));

/**
 * Settings of the French model, chosen by 10-fold cross-validation on the two development sets
 * (l2 1e-4 to 3e-3, minimum document frequency 1 and 2, pair and character weights 0.5 and 1):
 * a little more penalty than the English model, for a tenth of the data.
 */
export const FRENCH_MESSAGE_OPTIONS: MessageTrainingOptions = { ...DEFAULT_MESSAGE_OPTIONS, l2: 0.0003 };

/**
 * Log-odds taken off the French model's bias after training: a prior correction. The development
 * sets are half manipulative, the messages the checker reads mostly fair; the shift was chosen on
 * the development sets' cross-validation, where the classifier flagged too many fair near-misses
 * at the balanced prior. It keeps one decision threshold (0.5) for both languages.
 */
export const FRENCH_PRIOR_SHIFT = 0.85;

/** The French model: the French records (development sets and French fair extras) alone, prior corrected. */
export function trainFrenchMessageModel(records: readonly MessageRecord[]): MessageModel {
  const model = trainMessageModel(records, FRENCH_MESSAGE_OPTIONS);
  model.bias = Math.round((model.bias - FRENCH_PRIOR_SHIFT) * 10_000) / 10_000;
  return model;
}

/**
 * The whole checker on the French development sets, cross-validated: the rows of all the sets are
 * dealt into k folds, and every row is checked with a French model trained on the other folds
 * (plus `extras`), so no figure scores a text its model learned. Returns the check of every row of
 * every set, in order.
 */
export function crossValidateFrenchChecker(sets: readonly FrenchSetRow[][], extras: readonly MessageRecord[], k = 10, on?: string): CheckResult[][] {
  const rows = sets.flat();
  const records = frenchRecords(rows);
  const folds = assignFolds(records, k, 'messages-fr-cv:');
  const results = new Array<CheckResult>(rows.length);
  for (let f = 0; f < k; f++) {
    const model = trainFrenchMessageModel([...records.filter((_, i) => folds[i] !== f), ...extras]);
    rows.forEach((r, i) => {
      if (folds[i] === f) results[i] = checkMessage({ text: r.text, lang: 'fr', ...(r.type ? { type: r.type } : {}) }, { model, ...(on ? { on } : {}) });
    });
  }
  let from = 0;
  return sets.map((set) => results.slice(from, (from += set.length)));
}
