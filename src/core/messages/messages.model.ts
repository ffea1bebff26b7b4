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
import { z } from 'zod';
import { FEATURE_GROUPS, featureGroupIndex, messageFeatures, type FeatureGroup } from './messages.features.ts';

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
}

interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

type Weighting = Pick<MessageModel, 'index' | 'idf' | 'groups' | 'options'>;

/** Sublinear TF x IDF, each group scaled to unit length then weighted (as triage does). */
function vectorize(model: Weighting, text: string): SparseVector {
  const known: Array<[number, number]> = [];
  for (const [name, count] of messageFeatures(text)) {
    const i = model.index.get(name);
    if (i !== undefined) known.push([i, (1 + Math.log(count)) * model.idf[i]!]);
  }
  known.sort((a, b) => a[0] - b[0]);
  const norms = new Float64Array(FEATURE_GROUPS.length);
  for (const [i, v] of known) norms[model.groups[i]!]! += v * v;
  const idx = new Int32Array(known.length);
  const val = new Float64Array(known.length);
  known.forEach(([i, v], j) => {
    const g = model.groups[i]!;
    idx[j] = i;
    val[j] = (v / Math.sqrt(norms[g]!)) * model.options.groupWeights[FEATURE_GROUPS[g]!];
  });
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
export function trainMessageModel(input: readonly MessageRecord[], options: MessageTrainingOptions = DEFAULT_MESSAGE_OPTIONS): MessageModel {
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
 * Probability that a text manipulates. Scoring looks each feature up by name in a Map: on the
 * short texts a checker sees (a sentence to a few paragraphs) that is well within budget
 * (bench/messages.bench.ts), so the index tricks of triage's predictor are not needed here.
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

const SerializedSchema = z
  .object({
    format: z.literal(MESSAGE_MODEL_FORMAT),
    method: z.literal('logistic-regression'),
    options: z
      .object({
        minDocumentFrequency: z.number().int().min(1),
        l2: z.number().min(0),
        iterations: z.number().int().min(0),
        learningRate: z.number().positive(),
        momentum: z.number().min(0).max(1),
        groupWeights: z.object({ w: z.number().min(0), b: z.number().min(0), c: z.number().min(0), s: z.number().min(0) }).strict(),
      })
      .strict(),
    training: z.object({ records: z.number().int().min(1), digest: z.string().regex(/^[0-9a-f]{64}$/) }),
    scale: z.literal(SCALE),
    bias: z.number().int(),
    features: z.array(z.string().regex(/^[wbcs]:/)),
    idf: z.array(z.number().int()),
    weights: z.array(z.number().int()),
  })
  .strict();

/** The model as JSON text (integers of 1/SCALE, fixed key order): same model, same bytes. */
export function serializeMessageModel(model: MessageModel): string {
  const ints = (xs: ArrayLike<number>) => Array.from(xs, (x) => Math.round(x * SCALE));
  return [
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
  ].join('\n') + '\n';
}

/** Reads a model written by serializeMessageModel; throws when its shape is wrong. */
export function parseMessageModel(json: string): MessageModel {
  const raw = SerializedSchema.parse(JSON.parse(json));
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
  };
}
