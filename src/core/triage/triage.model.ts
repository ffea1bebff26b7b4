/**
 * Complaint triage model: one multinomial logistic regression (softmax) per task over the
 * TF-IDF features of triage.features.ts. Pure and deterministic: no randomness, records sorted
 * before training, full-batch gradient descent for a fixed number of steps, and weights rounded
 * to 1e-4 so the serialised model is the same bytes for the same data on any machine.
 *
 * Why logistic regression rather than naive Bayes: the views (words and their character
 * n-grams) overlap heavily, which makes naive Bayes over-confident, while the agent needs a
 * confidence it can trust; regression weighs correlated features jointly, and its
 * per-feature weights give the "why" of a suggestion directly.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { COMPLAINT_CATEGORIES, COMPLAINT_URGENCIES } from '../complaints/complaints.tables.ts';
import {
  extractFeatures,
  FEATURE_GROUPS,
  featureGroup,
  knownFeatures,
  TRIAGE_LANGUAGES,
  VocabularyLookup,
  type FeatureGroup,
  type KnownUnit,
  type TriageLanguage,
} from './triage.features.ts';

/**
 * Sentiment on three levels. A finer scale (1-5) would claim a precision that a few hundred
 * labelled complaints cannot support, and the agent acts on three: calm the customer down
 * (negative), answer plainly (neutral), acknowledge the goodwill (positive).
 */
export const TRIAGE_SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type TriageSentiment = (typeof TRIAGE_SENTIMENTS)[number];

/** The three suggestions and their closed label sets (categories and urgencies are the complaint's own). */
export const TRIAGE_TASKS = {
  category: COMPLAINT_CATEGORIES,
  urgency: COMPLAINT_URGENCIES,
  sentiment: TRIAGE_SENTIMENTS,
} as const;
export type TriageTask = keyof typeof TRIAGE_TASKS;
export const TRIAGE_TASK_NAMES = Object.keys(TRIAGE_TASKS) as TriageTask[];
export type TriageLabel<T extends TriageTask> = (typeof TRIAGE_TASKS)[T][number];

/** One labelled complaint: the seed corpus, or a complaint whose triage an agent confirmed. */
export const TriageRecordSchema = z
  .object({
    text: z.string().trim().min(1).max(20_000),
    language: z.enum(TRIAGE_LANGUAGES),
    category: z.enum(COMPLAINT_CATEGORIES),
    urgency: z.enum(COMPLAINT_URGENCIES),
    sentiment: z.enum(TRIAGE_SENTIMENTS),
  })
  .strip();
export type TriageRecord = z.infer<typeof TriageRecordSchema>;

/** Training settings, stored in the model so a retrain can be compared like for like. */
export interface TrainingOptions {
  /** A feature is kept when at least this many training texts contain it. */
  minDocumentFrequency: number;
  /** L2 penalty on the weights (mean loss + l2/2 * |W|^2). */
  l2: number;
  iterations: number;
  learningRate: number;
  momentum: number;
  /** Weight of each feature group once the group is scaled to unit length (words, pairs, characters, signals). */
  groupWeights: Record<FeatureGroup, number>;
}
/**
 * Chosen by 5-fold cross-validation on the training part of the held-out split (docs/TRIAGE.md):
 * feature groups and weights by macro-F1, then the L2 penalty by log-loss (the agent sees the
 * confidence, so it has to be a probability worth reading).
 */
export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  minDocumentFrequency: 2,
  l2: 0.0003,
  iterations: 400,
  learningRate: 4,
  momentum: 0.9,
  groupWeights: { w: 0.5, c: 1, s: 0.3 },
};

/** Weights and idf are stored as integers of 1/SCALE: short JSON, exact round trip. */
const SCALE = 10_000;
export const MODEL_FORMAT = 'confiance-triage/1';

interface TaskWeights {
  labels: readonly string[];
  bias: Float64Array;
  /** weights[label][feature] */
  weights: Float64Array[];
}

/** A trained model, ready to predict (the in-memory form of triage.model.json). */
export interface TriageModel {
  options: TrainingOptions;
  /** Number of training records and the SHA-256 of their canonical form: which data made this model. */
  training: { records: number; digest: string };
  features: string[];
  index: Map<string, number>;
  idf: Float64Array;
  /** Group of each feature, as an index into FEATURE_GROUPS. */
  groups: Uint8Array;
  tasks: Record<TriageTask, TaskWeights>;
}

interface SparseVector {
  idx: number[];
  val: number[];
}

const quantise = (x: number) => Math.round(x * SCALE) / SCALE;

/**
 * Sublinear TF (1 + ln count) x IDF; each feature group is scaled to unit length, then weighted
 * (options.groupWeights), so the ~5x more numerous character n-grams do not drown the words by
 * their number alone, and the weight of each view is a setting chosen by cross-validation.
 */
function vectorize(model: Pick<TriageModel, 'index' | 'idf' | 'groups' | 'options'>, text: string, language: TriageLanguage): SparseVector {
  const known: Array<[number, number]> = [];
  for (const [name, count] of extractFeatures(text, language)) {
    const i = model.index.get(name);
    if (i !== undefined) known.push([i, (1 + Math.log(count)) * model.idf[i]!]);
  }
  known.sort((a, b) => a[0] - b[0]);
  const norms = new Float64Array(FEATURE_GROUPS.length);
  for (const [i, v] of known) norms[model.groups[i]!]! += v * v;
  const weights = FEATURE_GROUPS.map((g) => model.options.groupWeights[g]);
  return { idx: known.map(([i]) => i), val: known.map(([i, v]) => (v / Math.sqrt(norms[model.groups[i]!]!)) * weights[model.groups[i]!]!) };
}

function buildVocabulary(docs: FeatureCountsList, minDf: number): { features: string[]; idf: Float64Array } {
  const df = new Map<string, number>();
  for (const counts of docs) for (const name of counts.keys()) df.set(name, (df.get(name) ?? 0) + 1);
  const features = [...df.entries()]
    .filter(([, n]) => n >= minDf)
    .map(([name]) => name)
    .sort();
  const n = docs.length;
  const idf = Float64Array.from(features, (name) => quantise(Math.log((1 + n) / (1 + df.get(name)!)) + 1));
  return { features, idf };
}
type FeatureCountsList = ReturnType<typeof extractFeatures>[];

/** Softmax of logits[from..to) into out[from..to) (the whole arrays unless told). */
function softmaxInto(logits: Float64Array, out: Float64Array, from = 0, to = logits.length): void {
  let max = -Infinity;
  for (let k = from; k < to; k++) if (logits[k]! > max) max = logits[k]!;
  let sum = 0;
  for (let k = from; k < to; k++) sum += out[k] = Math.exp(logits[k]! - max);
  for (let k = from; k < to; k++) out[k]! /= sum;
}

function logitsInto(task: TaskWeights, x: SparseVector, out: Float64Array): void {
  for (let k = 0; k < task.labels.length; k++) {
    const w = task.weights[k]!;
    let z = task.bias[k]!;
    for (let j = 0; j < x.idx.length; j++) z += w[x.idx[j]!]! * x.val[j]!;
    out[k] = z;
  }
}

/**
 * Softmax regression by full-batch gradient descent with momentum. Each record is weighted by
 * n / (classes x records of its class): rare classes (urgent, positive) count as much as the
 * common ones, because missing an urgent complaint costs more than a false alarm.
 */
function fitTask(labels: readonly string[], xs: SparseVector[], ys: number[], featureCount: number, options: TrainingOptions): TaskWeights {
  const k = labels.length;
  const perClass = new Array<number>(k).fill(0);
  for (const y of ys) perClass[y]!++;
  const present = perClass.filter((c) => c > 0).length;
  const sampleWeight = ys.map((y) => xs.length / (present * perClass[y]!));
  const totalWeight = sampleWeight.reduce((a, b) => a + b, 0);

  const task: TaskWeights = { labels, bias: new Float64Array(k), weights: labels.map(() => new Float64Array(featureCount)) };
  const velocityW = labels.map(() => new Float64Array(featureCount));
  const velocityB = new Float64Array(k);
  const gradW = labels.map(() => new Float64Array(featureCount));
  const gradB = new Float64Array(k);
  const logits = new Float64Array(k);
  const p = new Float64Array(k);
  for (let step = 0; step < options.iterations; step++) {
    for (let c = 0; c < k; c++) {
      gradW[c]!.fill(0);
      gradB[c] = 0;
    }
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      logitsInto(task, x, logits);
      softmaxInto(logits, p);
      for (let c = 0; c < k; c++) {
        const g = (sampleWeight[i]! * (p[c]! - (ys[i] === c ? 1 : 0))) / totalWeight;
        gradB[c]! += g;
        const gw = gradW[c]!;
        for (let j = 0; j < x.idx.length; j++) gw[x.idx[j]!]! += g * x.val[j]!;
      }
    }
    for (let c = 0; c < k; c++) {
      const w = task.weights[c]!;
      const v = velocityW[c]!;
      const gw = gradW[c]!;
      for (let f = 0; f < featureCount; f++) {
        v[f] = options.momentum * v[f]! - options.learningRate * (gw[f]! + options.l2 * w[f]!);
        w[f]! += v[f]!;
      }
      velocityB[c] = options.momentum * velocityB[c]! - options.learningRate * gradB[c]!;
      task.bias[c]! += velocityB[c]!;
    }
  }
  for (let c = 0; c < k; c++) {
    task.bias[c] = quantise(task.bias[c]!);
    const w = task.weights[c]!;
    for (let f = 0; f < featureCount; f++) w[f] = quantise(w[f]!);
  }
  return task;
}

/** Records in a canonical order, so that the same set gives the same model whatever its order. */
export function canonicalRecords(records: readonly TriageRecord[]): TriageRecord[] {
  const key = (r: TriageRecord) => [r.language, r.text, r.category, r.urgency, r.sentiment].join('\u0000');
  return records
    .map((r) => ({ text: r.text, language: r.language, category: r.category, urgency: r.urgency, sentiment: r.sentiment }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function digestOf(records: readonly TriageRecord[]): string {
  const hash = createHash('sha256');
  for (const r of records) hash.update(JSON.stringify([r.language, r.text, r.category, r.urgency, r.sentiment]) + '\n');
  return hash.digest('hex');
}

function assemble(fields: Omit<TriageModel, 'index' | 'groups'>): TriageModel {
  return {
    ...fields,
    index: new Map(fields.features.map((name, i) => [name, i])),
    groups: Uint8Array.from(fields.features, (name) => FEATURE_GROUPS.indexOf(featureGroup(name))),
  };
}

/** Trains the three tasks on labelled records (validated; any order; at least one record). */
export function trainTriageModel(input: readonly TriageRecord[], options: TrainingOptions = DEFAULT_TRAINING_OPTIONS): TriageModel {
  const records = canonicalRecords(input.map((r) => TriageRecordSchema.parse(r)));
  if (records.length === 0) throw new Error('triage: no training records');
  const docs = records.map((r) => extractFeatures(r.text, r.language));
  const { features, idf } = buildVocabulary(docs, options.minDocumentFrequency);
  const partial = assemble({
    options,
    training: { records: records.length, digest: digestOf(records) },
    features,
    idf,
    tasks: {} as TriageModel['tasks'],
  });
  const xs = records.map((r) => vectorize(partial, r.text, r.language));
  for (const task of TRIAGE_TASK_NAMES) {
    const labels = TRIAGE_TASKS[task];
    const ys = records.map((r) => (labels as readonly string[]).indexOf(r[task]));
    partial.tasks[task] = fitTask(labels, xs, ys, features.length, options);
  }
  return partial;
}

/** How much one word of the text (or one tone signal) pushed the suggested label, for the agent to see why. */
export interface TriageReason {
  kind: 'word' | 'signal';
  /** The word as the model saw it (lower case, accents folded), or the signal: exclamation, question, number, amount, capitals. */
  text: string;
  /** Contribution to the suggested label's score relative to the average label (log-odds units). */
  weight: number;
}

export interface TaskSuggestion<L extends string> {
  label: L;
  /** Probability of the suggested label (0-1). */
  confidence: number;
  probabilities: Record<L, number>;
  reasons: TriageReason[];
}

export interface TriageSuggestion {
  language: TriageLanguage;
  category: TaskSuggestion<TriageLabel<'category'>>;
  urgency: TaskSuggestion<TriageLabel<'urgency'>>;
  sentiment: TaskSuggestion<TriageLabel<'sentiment'>>;
  /** Features of the text the model knows: 0 means the suggestion is only the prior. */
  evidence: number;
  /** Digest of the training data of the model that answered (which model said this). */
  model: string;
}

/** Longest text considered: the intake limit on a description. */
export const MAX_TEXT_LENGTH = 10_000;
const round = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * A model laid out for prediction, built once per model (predictorOf). predictTriage does the
 * sums the first version of this code did (vectorize, logitsInto, softmaxInto, the reasons), term
 * by term in the same order, so its suggestions are the same to the last bit; what changed is
 * that no feature name is built (VocabularyLookup), nothing is recomputed that depends on the
 * model alone, and nothing is allocated per feature.
 */
interface Predictor {
  vocabulary: VocabularyLookup;
  /** Labels of all tasks together, task after task in TRIAGE_TASK_NAMES order. */
  labels: number;
  /** Where each task's labels start among them. */
  offsets: Record<TriageTask, number>;
  bias: Float64Array;
  /** weights[f * labels + label]: a feature's weights for every label of every task, side by side. */
  weights: Float64Array;
  /** mean[task][f]: the mean of the task's label weights for feature f (their sum in label order, then / labels). */
  mean: Record<TriageTask, Float64Array>;
  /** options.groupWeights by group index. */
  groupWeights: Float64Array;
  // Scratch for one call (prediction is synchronous), zero between calls where indexed by feature.
  /** Occurrences of each feature in the text. */
  counts: Int32Array;
  /** Bitset of the features present in the text. */
  present: Int32Array;
  /** The text's features in increasing order (the first `m` slots). */
  idx: Int32Array;
  /** Value of each feature in the text's vector. */
  x: Float64Array;
  /** Number of explanation units containing each feature. */
  share: Int32Array;
  norms: Float64Array;
  logits: Float64Array;
  probabilities: Float64Array;
}

// Keyed by the model object: a model is not changed once trained or parsed.
const predictors = new WeakMap<TriageModel, Predictor>();

function predictorOf(model: TriageModel): Predictor {
  const known = predictors.get(model);
  if (known) return known;
  const n = model.features.length;
  const offsets = {} as Record<TriageTask, number>;
  let labels = 0;
  for (const task of TRIAGE_TASK_NAMES) {
    offsets[task] = labels;
    labels += model.tasks[task].labels.length;
  }
  const bias = new Float64Array(labels);
  const weights = new Float64Array(n * labels);
  const mean = {} as Record<TriageTask, Float64Array>;
  for (const task of TRIAGE_TASK_NAMES) {
    const t = model.tasks[task];
    const k = t.labels.length;
    for (let c = 0; c < k; c++) {
      bias[offsets[task] + c] = t.bias[c]!;
      const w = t.weights[c]!;
      for (let f = 0; f < n; f++) weights[f * labels + offsets[task] + c] = w[f]!;
    }
    mean[task] = new Float64Array(n);
    for (let f = 0; f < n; f++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += t.weights[c]![f]!;
      mean[task][f] = sum / k;
    }
  }
  const p: Predictor = {
    vocabulary: new VocabularyLookup(model.index),
    labels,
    offsets,
    bias,
    weights,
    mean,
    groupWeights: Float64Array.from(FEATURE_GROUPS, (g) => model.options.groupWeights[g]),
    counts: new Int32Array(n),
    present: new Int32Array(Math.ceil(n / 32)),
    idx: new Int32Array(n),
    x: new Float64Array(n),
    share: new Int32Array(n),
    norms: new Float64Array(FEATURE_GROUPS.length),
    logits: new Float64Array(labels),
    probabilities: new Float64Array(labels),
  };
  predictors.set(model, p);
  return p;
}

/**
 * vectorize from the known feature occurrences of a text, into p.idx (returns how many) and
 * p.x: the same terms, summed in the same order. Leaves counts and present at zero.
 */
function vectorizeInto(model: TriageModel, p: Predictor, occurrences: readonly number[]): number {
  const { counts, present, idx, x, norms, groupWeights } = p;
  const { idf, groups } = model;
  let m = 0;
  for (const f of occurrences) {
    if (counts[f]!++ === 0) {
      present[f >>> 5]! |= 1 << (f & 31);
      m++;
    }
  }
  // The distinct features in increasing order, read off the bitset: no sort.
  for (let word = 0, j = 0; j < m; word++) {
    let bits = present[word]!;
    present[word] = 0;
    while (bits !== 0) {
      const lowest = bits & -bits;
      idx[j++] = (word << 5) | (31 - Math.clz32(lowest));
      bits ^= lowest;
    }
  }
  norms.fill(0);
  for (let j = 0; j < m; j++) {
    const i = idx[j]!;
    const v = (1 + Math.log(counts[i]!)) * idf[i]!;
    x[i] = v;
    norms[groups[i]!]! += v * v;
  }
  for (let j = 0; j < m; j++) {
    const i = idx[j]!;
    counts[i] = 0;
    const g = groups[i]!;
    x[i] = (x[i]! / Math.sqrt(norms[g]!)) * groupWeights[g]!;
  }
  return m;
}

const byStrength = (a: TriageReason, b: TriageReason) => b.weight - a.weight || (a.text < b.text ? -1 : 1);

/**
 * Sorts reasons as reasons.sort(byStrength) does, by insertion: quicker on a dozen reasons. The
 * order is a strict total one, so every sort gives the same result, unless two reasons have the
 * same weight and the same text (the word "number" and the number signal); insertion meets such a
 * pair, and then leaves the order to Array.prototype.sort.
 */
function sortReasons(reasons: TriageReason[]): TriageReason[] {
  const sorted = reasons.slice();
  for (let i = 1; i < sorted.length; i++) {
    const r = sorted[i]!;
    let j = i - 1;
    for (; j >= 0; j--) {
      const q = sorted[j]!;
      if (q.weight === r.weight && q.text === r.text) return reasons.sort(byStrength);
      if (byStrength(q, r) < 0) break;
      sorted[j + 1] = q;
    }
    sorted[j + 1] = r;
  }
  return sorted;
}

/**
 * A word's reason weight is the contribution of its own feature plus its character n-grams (an
 * n-gram found in several words of the text is shared equally among them); contributions are
 * taken relative to the mean weight over all labels, so they say what pushed *this* label.
 */
function suggestTask<T extends TriageTask>(
  model: TriageModel,
  p: Predictor,
  task: T,
  units: readonly KnownUnit[],
  reasonCount: number,
): TaskSuggestion<TriageLabel<T>> {
  const labels = model.tasks[task].labels;
  const k = labels.length;
  const offset = p.offsets[task];
  const probability = p.probabilities;
  softmaxInto(p.logits, probability, offset, offset + k);
  let best = 0;
  for (let c = 1; c < k; c++) if (probability[offset + c]! > probability[offset + best]!) best = c;
  let reasons: TriageReason[] = [];
  if (reasonCount > 0) {
    const { x, share, weights } = p;
    const mean = p.mean[task];
    const column = offset + best;
    for (const unit of units) {
      let weight = 0;
      for (const f of unit.features) weight += (x[f]! * (weights[f * p.labels + column]! - mean[f]!)) / share[f]!;
      if (weight > 0) reasons.push({ kind: unit.kind, text: unit.text, weight });
    }
    reasons = sortReasons(reasons);
  }
  const probabilities = {} as Record<TriageLabel<T>, number>;
  for (let c = 0; c < k; c++) probabilities[labels[c] as TriageLabel<T>] = round(probability[offset + c]!);
  return {
    label: labels[best] as TriageLabel<T>,
    confidence: round(probability[offset + best]!),
    probabilities,
    reasons: reasons.slice(0, reasonCount).map((r) => ({ kind: r.kind, text: r.text, weight: round(r.weight) })),
  };
}

/** Suggests category, urgency and sentiment for one complaint text with the given model (reasonCount: reasons per task). */
export function predictTriage(model: TriageModel, text: string, language: TriageLanguage, reasonCount = 5): TriageSuggestion {
  const p = predictorOf(model);
  const considered = text.slice(0, MAX_TEXT_LENGTH);
  const { occurrences, units } = knownFeatures(considered, language, p.vocabulary, reasonCount > 0);
  const m = vectorizeInto(model, p, occurrences);
  const { idx, x, labels, weights, logits } = p;
  try {
    // logitsInto for the three tasks at once, each logit adding its terms in feature order.
    logits.set(p.bias);
    for (let j = 0; j < m; j++) {
      const row = idx[j]! * labels;
      const v = x[idx[j]!]!;
      for (let q = 0; q < labels; q++) logits[q]! += weights[row + q]! * v;
    }
    for (const unit of units) for (const f of unit.features) p.share[f]!++;
    return {
      language,
      category: suggestTask(model, p, 'category', units, reasonCount),
      urgency: suggestTask(model, p, 'urgency', units, reasonCount),
      sentiment: suggestTask(model, p, 'sentiment', units, reasonCount),
      evidence: m,
      model: model.training.digest,
    };
  } finally {
    // Zero again for the next call whatever happened; the units' features are all among the text's.
    for (let j = 0; j < m; j++) {
      x[idx[j]!] = 0;
      p.share[idx[j]!] = 0;
    }
  }
}

const SerializedModelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    method: z.literal('softmax-regression'),
    options: z
      .object({
        minDocumentFrequency: z.number().int().min(1),
        l2: z.number().min(0),
        iterations: z.number().int().min(0),
        learningRate: z.number().positive(),
        momentum: z.number().min(0).max(1),
        groupWeights: z.object({ w: z.number().min(0), c: z.number().min(0), s: z.number().min(0) }).strict(),
      })
      .strict(),
    training: z.object({ records: z.number().int().min(1), digest: z.string().regex(/^[0-9a-f]{64}$/) }),
    scale: z.literal(SCALE),
    features: z.array(z.string().regex(/^[wcs]:/)),
    idf: z.array(z.number().int()),
    tasks: z.object(
      Object.fromEntries(
        TRIAGE_TASK_NAMES.map((task) => [
          task,
          z.object({ labels: z.array(z.string()), bias: z.array(z.number().int()), weights: z.array(z.array(z.number().int())) }),
        ]),
      ) as Record<
        TriageTask,
        z.ZodObject<{ labels: z.ZodArray<z.ZodString>; bias: z.ZodArray<z.ZodNumber>; weights: z.ZodArray<z.ZodArray<z.ZodNumber>> }>
      >,
    ),
  })
  .strict();

/** The model as JSON text: fixed key order, integers, one task per line block; same model -> same bytes. */
export function serializeTriageModel(model: TriageModel): string {
  const ints = (xs: ArrayLike<number>) => Array.from(xs, (x) => Math.round(x * SCALE));
  const lines = [
    '{',
    `"format":${JSON.stringify(MODEL_FORMAT)},`,
    '"method":"softmax-regression",',
    `"options":${JSON.stringify(model.options)},`,
    `"training":${JSON.stringify(model.training)},`,
    `"scale":${SCALE},`,
    `"features":${JSON.stringify(model.features)},`,
    `"idf":${JSON.stringify(ints(model.idf))},`,
    '"tasks":{',
    TRIAGE_TASK_NAMES.map((task) => {
      const t = model.tasks[task];
      return `${JSON.stringify(task)}:{"labels":${JSON.stringify(t.labels)},"bias":${JSON.stringify(ints(t.bias))},"weights":[\n${t.weights.map((w) => JSON.stringify(ints(w))).join(',\n')}]}`;
    }).join(',\n'),
    '}}',
  ];
  return lines.join('\n') + '\n';
}

/** Reads a model written by serializeTriageModel; throws when the shape or label sets do not match. */
export function parseTriageModel(json: string): TriageModel {
  const raw = SerializedModelSchema.parse(JSON.parse(json));
  const n = raw.features.length;
  if (raw.idf.length !== n) throw new Error('triage model: idf and features differ in length');
  const tasks = {} as TriageModel['tasks'];
  for (const task of TRIAGE_TASK_NAMES) {
    const t = raw.tasks[task];
    const expected = TRIAGE_TASKS[task] as readonly string[];
    if (t.labels.join() !== expected.join()) throw new Error(`triage model: ${task} labels ${t.labels.join()} are not ${expected.join()}`);
    if (t.bias.length !== expected.length || t.weights.length !== expected.length || t.weights.some((w) => w.length !== n)) {
      throw new Error(`triage model: ${task} weights have the wrong shape`);
    }
    tasks[task] = {
      labels: expected,
      bias: Float64Array.from(t.bias, (x) => x / SCALE),
      weights: t.weights.map((w) => Float64Array.from(w, (x) => x / SCALE)),
    };
  }
  return assemble({
    options: raw.options,
    training: raw.training,
    features: raw.features,
    idf: Float64Array.from(raw.idf, (x) => x / SCALE),
    tasks,
  });
}
