/**
 * The manipulation classifier: binary logistic regression over the TF-IDF features of
 * messages.features.ts, the same method as complaint triage (docs/TRIAGE.md) with one output.
 * Pure and deterministic: records sorted before training, full-batch gradient descent for a
 * fixed number of steps, weights rounded to 1e-4, so the same data gives the same model bytes.
 *
 * Why a linear model: it is explainable (each word's weight can be shown), small enough to ship
 * as JSON, answers in microseconds without a GPU or a network, and on this data the published
 * logistic regression is within a point of BERT (docs/BENCHMARKS.md).
 */
import { createHash } from 'node:crypto';
import { charGramFeatures } from '../text.ts';
import {
  CURRENCY_TOKEN,
  FEATURE_GROUPS,
  NUMBER_TOKEN,
  featureGroupIndex,
  messageFeatures,
  messageTokens,
  shoutedWords,
  type FeatureGroup,
} from './messages.features.ts';

/** One labelled text: label 1 manipulates, 0 is fair. */
export interface MessageRecord {
  text: string;
  label: 0 | 1;
}

/** Training settings, stored in the model so a retrain can be compared like for like. */
export interface MessageTrainingOptions {
  /** A feature is kept when at least this many training texts contain it. */
  minDocumentFrequency: number;
  /** L2 penalty (mean loss + l2/2 * |w|^2). */
  l2: number;
  iterations: number;
  learningRate: number;
  momentum: number;
  /** Weight of each feature group once the group is scaled to unit length. */
  groupWeights: Record<FeatureGroup, number>;
}

/** Chosen by 10-fold cross-validation on train.tsv with the fair extras (pairs at 0.3, 0.6, 1, 1.5; characters at 0.7, 1; l2 3e-5 to 3e-4). */
export const DEFAULT_MESSAGE_OPTIONS: MessageTrainingOptions = {
  minDocumentFrequency: 2,
  l2: 0.0001,
  iterations: 300,
  learningRate: 4,
  momentum: 0.9,
  groupWeights: { w: 1, b: 1, c: 1, s: 0.3 },
};

const SCALE = 10_000;
export const MESSAGE_MODEL_FORMAT = 'confiance-messages/1';
const quantise = (x: number) => Math.round(x * SCALE) / SCALE;

/** A trained model (the in-memory form of messages.model.json). */
export interface MessageModel {
  options: MessageTrainingOptions;
  /** Number of training records and the SHA-256 of their canonical form. */
  training: { records: number; digest: string };
  features: string[];
  index: Map<string, number>;
  idf: Float64Array;
  groups: Uint8Array;
  weights: Float64Array;
  bias: number;
  /** Memo of a pure computation: word -> indices of its known word and character features. */
  wordFeatures: Map<string, Int32Array>;
  /** Pair features by first then second token ("b:only #n" under "only", "#n"): no name built to look one up. */
  pairs: Map<string, Map<string, number>>;
}

interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

type Weighting = Pick<MessageModel, 'index' | 'idf' | 'groups' | 'options' | 'wordFeatures' | 'pairs'>;

function pairIndex(features: readonly string[]): Map<string, Map<string, number>> {
  const pairs = new Map<string, Map<string, number>>();
  features.forEach((name, i) => {
    if (!name.startsWith('b:')) return;
    const space = name.indexOf(' ', 2);
    const first = name.slice(2, space);
    let seconds = pairs.get(first);
    if (!seconds) pairs.set(first, (seconds = new Map()));
    seconds.set(name.slice(space + 1), i);
  });
  return pairs;
}

/** Words remembered per model before the memo starts over (a bound on memory whatever the texts). */
const WORD_MEMO_LIMIT = 50_000;

function wordFeatureIndices(model: Weighting, word: string): Int32Array {
  let known = model.wordFeatures.get(word);
  if (known === undefined) {
    const found: number[] = [];
    for (const name of [`w:${word}`, ...charGramFeatures(word)]) {
      const i = model.index.get(name);
      if (i !== undefined) found.push(i);
    }
    known = Int32Array.from(found);
    if (model.wordFeatures.size >= WORD_MEMO_LIMIT) model.wordFeatures.clear();
    model.wordFeatures.set(word, known);
  }
  return known;
}

/**
 * The counts of messageFeatures, for the model's known features only, keyed by feature index:
 * the same numbers without building a name for every character 4-gram (a word's features are
 * looked up once per model and remembered).
 */
function knownFeatureCounts(model: Weighting, text: string): Map<number, number> {
  const counts = new Map<number, number>();
  const exclamation = model.index.get('s:exclamation');
  let previous = '';
  for (const t of messageTokens(text)) {
    const numeric = t === NUMBER_TOKEN || t === CURRENCY_TOKEN;
    if (t === '!') {
      if (exclamation !== undefined) counts.set(exclamation, (counts.get(exclamation) ?? 0) + 1);
    } else if (t !== '?' && !numeric) {
      const known = wordFeatureIndices(model, t);
      for (let k = 0; k < known.length; k++) counts.set(known[k]!, (counts.get(known[k]!) ?? 0) + 1);
    }
    const previousNumeric = previous === NUMBER_TOKEN || previous === CURRENCY_TOKEN;
    if (previous !== '' && !(numeric && previousNumeric)) {
      const pair = model.pairs.get(previous)?.get(t);
      if (pair !== undefined) counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
    previous = t;
  }
  const shouted = shoutedWords(text);
  const capitals = model.index.get('s:capitals');
  if (shouted > 0 && capitals !== undefined) counts.set(capitals, shouted);
  return counts;
}

/** Sublinear TF x IDF, each group scaled to unit length then weighted (as triage does). */
function vectorize(model: Weighting, text: string): SparseVector {
  const counts = knownFeatureCounts(model, text);
  // Feature order, then per-group norms and values in that order: the same sums as ever, bit for bit.
  const idx = Int32Array.from(counts.keys()).sort();
  const val = new Float64Array(idx.length);
  const norms = new Float64Array(FEATURE_GROUPS.length);
  for (let j = 0; j < idx.length; j++) {
    const i = idx[j]!;
    const v = (1 + Math.log(counts.get(i)!)) * model.idf[i]!;
    val[j] = v;
    norms[model.groups[i]!]! += v * v;
  }
  for (let j = 0; j < idx.length; j++) {
    const g = model.groups[idx[j]!]!;
    val[j] = (val[j]! / Math.sqrt(norms[g]!)) * model.options.groupWeights[FEATURE_GROUPS[g]!];
  }
  return { idx, val };
}

function canonical(records: readonly MessageRecord[]): MessageRecord[] {
  const key = (r: MessageRecord) => `${r.label}\u0000${r.text}`;
  return records.map((r) => ({ text: r.text, label: r.label })).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function digestOf(records: readonly MessageRecord[]): string {
  const hash = createHash('sha256');
  for (const r of records) hash.update(JSON.stringify([r.label, r.text]) + '\n');
  return hash.digest('hex');
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Trains on labelled records (any order, both labels present). */
export function trainMessageModel(
  input: readonly MessageRecord[],
  options: MessageTrainingOptions = DEFAULT_MESSAGE_OPTIONS,
): MessageModel {
  const records = canonical(input);
  if (!records.some((r) => r.label === 0) || !records.some((r) => r.label === 1)) throw new Error('messages: training needs both labels');
  const docs = records.map((r) => messageFeatures(r.text));
  const df = new Map<string, number>();
  for (const counts of docs) for (const name of counts.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  const features = [...df.entries()]
    .filter(([, n]) => n >= options.minDocumentFrequency)
    .map(([name]) => name)
    .sort();
  const n = records.length;
  const model: MessageModel = {
    options,
    training: { records: n, digest: digestOf(records) },
    features,
    index: new Map(features.map((name, i) => [name, i])),
    idf: Float64Array.from(features, (name) => quantise(Math.log((1 + n) / (1 + df.get(name)!)) + 1)),
    groups: Uint8Array.from(features, featureGroupIndex),
    weights: new Float64Array(features.length),
    bias: 0,
    wordFeatures: new Map(),
    pairs: pairIndex(features),
  };
  const xs = records.map((r) => vectorize(model, r.text));
  // Each class weighs half: the fair extras must not tilt the prior towards "fair".
  const positives = records.filter((r) => r.label === 1).length;
  const sampleWeight = records.map((r) => n / (2 * (r.label === 1 ? positives : n - positives)));
  const totalWeight = sampleWeight.reduce((a, b) => a + b, 0);
  const w = model.weights;
  const velocity = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  let velocityBias = 0;
  for (let step = 0; step < options.iterations; step++) {
    grad.fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      let z = model.bias;
      for (let j = 0; j < x.idx.length; j++) z += w[x.idx[j]!]! * x.val[j]!;
      const g = (sampleWeight[i]! * (sigmoid(z) - records[i]!.label)) / totalWeight;
      gradBias += g;
      for (let j = 0; j < x.idx.length; j++) grad[x.idx[j]!]! += g * x.val[j]!;
    }
    for (let f = 0; f < w.length; f++) {
      velocity[f] = options.momentum * velocity[f]! - options.learningRate * (grad[f]! + options.l2 * w[f]!);
      w[f]! += velocity[f]!;
    }
    velocityBias = options.momentum * velocityBias - options.learningRate * gradBias;
    model.bias += velocityBias;
  }
  for (let f = 0; f < w.length; f++) w[f] = quantise(w[f]!);
  model.bias = quantise(model.bias);
  return model;
}

/** A word or signal of the text and how much it pushed towards "manipulates" (log-odds). */
export interface MessageReason {
  feature: string;
  weight: number;
}

/**
 * Probability that a text manipulates. A word's known features are looked up once per model and
 * remembered (wordFeatures); pairs are looked up by name.
 */
export function scoreMessage(model: MessageModel, text: string): number {
  const x = vectorize(model, text);
  let z = model.bias;
  for (let j = 0; j < x.idx.length; j++) z += model.weights[x.idx[j]!]! * x.val[j]!;
  return sigmoid(z);
}

/** The features that pushed a text's score up most, strongest first. */
export function explainMessage(model: MessageModel, text: string, count = 5): MessageReason[] {
  const x = vectorize(model, text);
  const reasons: MessageReason[] = [];
  for (let j = 0; j < x.idx.length; j++) {
    const weight = model.weights[x.idx[j]!]! * x.val[j]!;
    if (weight > 0) reasons.push({ feature: model.features[x.idx[j]!]!, weight: quantise(weight) });
  }
  return reasons.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1)).slice(0, count);
}

/** The keys of a serialised model, in its file's order. */
const SERIALIZED_KEYS = ['format', 'method', 'options', 'training', 'scale', 'bias', 'features', 'idf', 'weights'] as const;
const OPTION_KEYS = ['minDocumentFrequency', 'l2', 'iterations', 'learningRate', 'momentum', 'groupWeights'] as const;

function shapeError(what: string): never {
  throw new Error(`messages model: ${what}`);
}

function record(value: unknown, where: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) shapeError(`${where} is not an object`);
  const found = value as Record<string, unknown>;
  const unknown = Object.keys(found).filter((k) => !keys.includes(k));
  if (unknown.length > 0) shapeError(`${where} has unknown keys ${unknown.join(', ')}`);
  return found;
}

function numberAt(value: unknown, where: string, valid: (x: number) => boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) shapeError(`${where} is out of range`);
  return value;
}

function integers(value: unknown, where: string): number[] {
  if (!Array.isArray(value) || !value.every((x) => Number.isSafeInteger(x))) shapeError(`${where} is not a list of integers`);
  return value as number[];
}

/**
 * The shape of a model file, checked by hand rather than with zod: `confiance lint` reads the
 * model before its first answer, and loading zod cost more than the whole check (docs/BENCHMARKS.md).
 */
function readSerialized(raw: unknown): Pick<MessageModel, 'options' | 'training' | 'features' | 'bias'> & { idf: number[]; weights: number[] } {
  const top = record(raw, 'the file', SERIALIZED_KEYS);
  if (top.format !== MESSAGE_MODEL_FORMAT) shapeError(`format is not ${MESSAGE_MODEL_FORMAT}`);
  if (top.method !== 'logistic-regression') shapeError('method is not logistic-regression');
  if (top.scale !== SCALE) shapeError(`scale is not ${SCALE}`);
  const o = record(top.options, 'options', OPTION_KEYS);
  const g = record(o.groupWeights, 'options.groupWeights', FEATURE_GROUPS);
  const weight = (k: FeatureGroup) => numberAt(g[k], `options.groupWeights.${k}`, (x) => x >= 0);
  const options: MessageTrainingOptions = {
    minDocumentFrequency: numberAt(o.minDocumentFrequency, 'options.minDocumentFrequency', (x) => Number.isInteger(x) && x >= 1),
    l2: numberAt(o.l2, 'options.l2', (x) => x >= 0),
    iterations: numberAt(o.iterations, 'options.iterations', (x) => Number.isInteger(x) && x >= 0),
    learningRate: numberAt(o.learningRate, 'options.learningRate', (x) => x > 0),
    momentum: numberAt(o.momentum, 'options.momentum', (x) => x >= 0 && x <= 1),
    groupWeights: { w: weight('w'), b: weight('b'), c: weight('c'), s: weight('s') },
  };
  if (typeof top.training !== 'object' || top.training === null) shapeError('training is not an object');
  const t = top.training as Record<string, unknown>;
  const training = {
    records: numberAt(t.records, 'training.records', (x) => Number.isInteger(x) && x >= 1),
    digest: typeof t.digest === 'string' && /^[0-9a-f]{64}$/.test(t.digest) ? t.digest : shapeError('training.digest is not a SHA-256'),
  };
  const features = top.features;
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string' && /^[wbcs]:/.test(f))) shapeError('features are not feature names');
  return {
    options,
    training,
    features: features as string[],
    bias: numberAt(top.bias, 'bias', Number.isInteger),
    idf: integers(top.idf, 'idf'),
    weights: integers(top.weights, 'weights'),
  };
}

/** The model as JSON text (integers of 1/SCALE, fixed key order): same model, same bytes. */
export function serializeMessageModel(model: MessageModel): string {
  const ints = (xs: ArrayLike<number>) => Array.from(xs, (x) => Math.round(x * SCALE));
  return (
    [
      '{',
      `"format":${JSON.stringify(MESSAGE_MODEL_FORMAT)},`,
      '"method":"logistic-regression",',
      `"options":${JSON.stringify(model.options)},`,
      `"training":${JSON.stringify(model.training)},`,
      `"scale":${SCALE},`,
      `"bias":${Math.round(model.bias * SCALE)},`,
      `"features":${JSON.stringify(model.features)},`,
      `"idf":${JSON.stringify(ints(model.idf))},`,
      `"weights":${JSON.stringify(ints(model.weights))}`,
      '}',
    ].join('\n') + '\n'
  );
}

/** Reads a model written by serializeMessageModel; throws when its shape is wrong. */
export function parseMessageModel(json: string): MessageModel {
  const raw = readSerialized(JSON.parse(json));
  const n = raw.features.length;
  if (raw.idf.length !== n || raw.weights.length !== n) throw new Error('messages model: features, idf and weights differ in length');
  return {
    options: raw.options,
    training: raw.training,
    features: raw.features,
    index: new Map(raw.features.map((name, i) => [name, i])),
    idf: Float64Array.from(raw.idf, (x) => x / SCALE),
    groups: Uint8Array.from(raw.features, featureGroupIndex),
    weights: Float64Array.from(raw.weights, (x) => x / SCALE),
    bias: raw.bias / SCALE,
    wordFeatures: new Map(),
    pairs: pairIndex(raw.features),
  };
}
