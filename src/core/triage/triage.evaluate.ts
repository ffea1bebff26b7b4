/**
 * Honest measurement of the triage model: a held-out split and k-fold cross-validation, never
 * on training data, with a majority-class baseline computed on the same training part.
 * Splits are deterministic (FNV-1a hashes, no random generator), stratified by category, and
 * grouped by scenario: the French and English variants of one scenario always fall on the same
 * side, so a translation never leaks from training into testing.
 */
import { fnv1a } from '../text.ts';
import { TRIAGE_LANGUAGES, type TriageLanguage } from './triage.features.ts';
import {
  predictTriage,
  TRIAGE_TASK_NAMES,
  TRIAGE_TASKS,
  trainTriageModel,
  type TrainingOptions,
  type TriageRecord,
  type TriageTask,
} from './triage.model.ts';

/** A corpus record: `scenario` ties together variants of the same complaint (default: its text). */
export type LabelledRecord = TriageRecord & { scenario?: string };

export { fnv1a };

/**
 * Fold number (0..k-1) of every record: scenarios of each category, ordered by hash(salt +
 * scenario), are dealt round-robin into the k folds.
 */
export function assignFolds(records: readonly LabelledRecord[], k: number, salt: string): number[] {
  const scenarioOf = (r: LabelledRecord) => r.scenario ?? r.text;
  const byCategory = new Map<string, Set<string>>();
  for (const r of records) {
    if (!byCategory.has(r.category)) byCategory.set(r.category, new Set());
    byCategory.get(r.category)!.add(scenarioOf(r));
  }
  const fold = new Map<string, number>();
  for (const category of [...byCategory.keys()].sort()) {
    const scenarios = [...byCategory.get(category)!].sort((a, b) => fnv1a(salt + a) - fnv1a(salt + b) || (a < b ? -1 : 1));
    scenarios.forEach((s, i) => fold.set(`${category}\u0000${s}`, i % k));
  }
  return records.map((r) => fold.get(`${r.category}\u0000${scenarioOf(r)}`)!);
}

export interface Scores {
  n: number;
  accuracy: number;
  /** Mean F1 over the labels present in the gold or the predictions (scikit-learn's convention). */
  macroF1: number;
  /** F1 of each label present in the gold or the predictions. */
  f1: Record<string, number>;
  recall: Record<string, number>;
}

/** Accuracy, per-label F1 and recall, and macro-F1 of predictions against gold labels. */
export function score(gold: readonly string[], predicted: readonly string[]): Scores {
  const labels = [...new Set([...gold, ...predicted])].sort();
  const f1: Record<string, number> = {};
  const recall: Record<string, number> = {};
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (g === label && p === label) tp++;
      else if (p === label) fp++;
      else if (g === label) fn++;
    });
    f1[label] = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    recall[label] = tp + fn === 0 ? 0 : tp / (tp + fn);
  }
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  return {
    n: gold.length,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroF1: labels.length === 0 ? 0 : labels.reduce((sum, l) => sum + f1[l]!, 0) / labels.length,
    f1,
    recall,
  };
}

/** The most frequent label of a task in the training part (ties: first in the label order). */
export function majorityLabel(records: readonly TriageRecord[], task: TriageTask): string {
  const labels = TRIAGE_TASKS[task] as readonly string[];
  const counts = labels.map((l) => records.filter((r) => r[task] === l).length);
  return labels[counts.indexOf(Math.max(...counts))]!;
}

/** Gold, model and baseline labels of every test record, per task. */
interface Predictions {
  language: TriageLanguage[];
  tasks: Record<TriageTask, { gold: string[]; model: string[]; baseline: string[]; confidence: number[] }>;
}

function emptyPredictions(): Predictions {
  const lists = () => ({ gold: [] as string[], model: [] as string[], baseline: [] as string[], confidence: [] as number[] });
  return { language: [], tasks: { category: lists(), urgency: lists(), sentiment: lists() } };
}

function predictInto(out: Predictions, train: readonly TriageRecord[], test: readonly TriageRecord[], options?: TrainingOptions): void {
  const model = trainTriageModel(train, options);
  const majority = Object.fromEntries(TRIAGE_TASK_NAMES.map((t) => [t, majorityLabel(train, t)])) as Record<TriageTask, string>;
  for (const r of test) {
    const s = predictTriage(model, r.text, r.language, 0);
    out.language.push(r.language);
    for (const task of TRIAGE_TASK_NAMES) {
      out.tasks[task].gold.push(r[task]);
      out.tasks[task].model.push(s[task].label);
      out.tasks[task].confidence.push(s[task].confidence);
      out.tasks[task].baseline.push(majority[task]);
    }
  }
}

export interface TaskReport {
  model: Scores;
  /** Mean confidence of the model's suggestions: close to its accuracy when the confidence can be trusted. */
  meanConfidence: number;
  baseline: Scores;
  byLanguage: Record<TriageLanguage, { model: Scores; baseline: Scores }>;
}
export type EvaluationReport = Record<TriageTask, TaskReport>;

function report(p: Predictions): EvaluationReport {
  const pick = (xs: string[], language?: TriageLanguage) => xs.filter((_, i) => language === undefined || p.language[i] === language);
  return Object.fromEntries(
    TRIAGE_TASK_NAMES.map((task) => {
      const t = p.tasks[task];
      const byLanguage = Object.fromEntries(
        TRIAGE_LANGUAGES.map((l) => [
          l,
          { model: score(pick(t.gold, l), pick(t.model, l)), baseline: score(pick(t.gold, l), pick(t.baseline, l)) },
        ]),
      ) as TaskReport['byLanguage'];
      const meanConfidence = t.confidence.reduce((a, b) => a + b, 0) / Math.max(1, t.confidence.length);
      return [task, { model: score(t.gold, t.model), meanConfidence, baseline: score(t.gold, t.baseline), byLanguage }];
    }),
  ) as EvaluationReport;
}

/** Trains on about (k-1)/k of the records (fold 0 of a k-way split held out) and scores the rest. */
export function evaluateHeldOut(
  records: readonly LabelledRecord[],
  options?: TrainingOptions,
  k = 5,
): EvaluationReport & { sizes: { train: number; test: number } } {
  const folds = assignFolds(records, k, 'held-out:');
  const train = records.filter((_, i) => folds[i] !== 0);
  const test = records.filter((_, i) => folds[i] === 0);
  const out = emptyPredictions();
  predictInto(out, train, test, options);
  return { ...report(out), sizes: { train: train.length, test: test.length } };
}

/**
 * k-fold cross-validation: every record is predicted once by a model that never saw it (nor its
 * other-language variant); scores are computed on the pooled out-of-fold predictions, and the
 * spread of macro-F1 over the folds is given per task.
 */
export function crossValidate(
  records: readonly LabelledRecord[],
  k = 5,
  options?: TrainingOptions,
): EvaluationReport & { foldMacroF1: Record<TriageTask, number[]> } {
  const folds = assignFolds(records, k, 'cross-validation:');
  const pooled = emptyPredictions();
  const foldMacroF1 = Object.fromEntries(TRIAGE_TASK_NAMES.map((t) => [t, [] as number[]])) as Record<TriageTask, number[]>;
  for (let f = 0; f < k; f++) {
    const one = emptyPredictions();
    predictInto(
      one,
      records.filter((_, i) => folds[i] !== f),
      records.filter((_, i) => folds[i] === f),
      options,
    );
    for (const task of TRIAGE_TASK_NAMES) {
      foldMacroF1[task].push(score(one.tasks[task].gold, one.tasks[task].model).macroF1);
      for (const key of ['gold', 'model', 'baseline'] as const) pooled.tasks[task][key].push(...one.tasks[task][key]);
      pooled.tasks[task].confidence.push(...one.tasks[task].confidence);
    }
    pooled.language.push(...one.language);
  }
  return { ...report(pooled), foldMacroF1 };
}
