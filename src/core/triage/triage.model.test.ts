import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSeedCorpus, SHIPPED_MODEL_PATH, shippedTriageModel } from './triage.ts';
import { charGramFeatures, extractFeatures, FEATURE_GROUPS, tokenize, type TriageLanguage } from './triage.features.ts';
import {
  DEFAULT_TRAINING_OPTIONS,
  MAX_TEXT_LENGTH,
  MODEL_FORMAT,
  parseTriageModel,
  predictTriage,
  serializeTriageModel,
  TRIAGE_TASK_NAMES,
  TRIAGE_TASKS,
  trainTriageModel,
  TriageRecordSchema,
  type TaskSuggestion,
  type TriageModel,
  type TriageReason,
  type TriageRecord,
  type TriageSuggestion,
  type TriageTask,
} from './triage.model.ts';

const corpus = loadSeedCorpus();
// A fast setting for tests of the machinery; the shipped settings are tested in triage.test.ts.
const quick = { ...DEFAULT_TRAINING_OPTIONS, iterations: 60 };
const sample: TriageRecord[] = corpus.filter((_, i) => i % 3 === 0);
const model = trainTriageModel(sample, quick);

describe('triage model', () => {
  it('gives the same bytes for the same records in any order', { timeout: 60_000 }, () => {
    const a = serializeTriageModel(model);
    const b = serializeTriageModel(trainTriageModel([...sample].reverse(), quick));
    expect(b).toBe(a);
    expect(serializeTriageModel(trainTriageModel(sample.slice(1), quick))).not.toBe(a);
  });

  it('round-trips through JSON with identical suggestions', () => {
    const parsed = parseTriageModel(serializeTriageModel(model));
    for (const r of corpus.slice(0, 20))
      expect(predictTriage(parsed, r.text, r.language)).toEqual(predictTriage(model, r.text, r.language));
  });

  it('fits its training data', () => {
    const right = sample.filter((r) => predictTriage(model, r.text, r.language, 0).category.label === r.category).length;
    expect(right / sample.length).toBeGreaterThan(0.9);
  });

  it('explains a suggestion with the features of the text that pushed it, strongest first', () => {
    const s = predictTriage(model, 'Ma facture est fausse, vous avez prélevé deux fois le montant !', 'fr');
    const probabilities = Object.values(s.category.probabilities);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(s.category.confidence).toBe(Math.max(...probabilities));
    expect(s.category.probabilities[s.category.label]).toBe(s.category.confidence);
    expect(s.category.reasons.length).toBeGreaterThan(0);
    expect(s.category.reasons.length).toBeLessThanOrEqual(5);
    const weights = s.category.reasons.map((r) => r.weight);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    for (const r of s.category.reasons) {
      expect(r.weight).toBeGreaterThan(0);
      expect(r.kind === 'signal' || model.index.has(`w:${r.text}`) || r.text.length >= 4).toBe(true);
    }
    // The words of a billing complaint are among the reasons it is billing.
    expect(s.category.reasons.map((r) => r.text)).toEqual(expect.arrayContaining(['facture']));
    expect(s.evidence).toBeGreaterThan(10);
    expect(s.model).toBe(model.training.digest);
  });

  it('falls back to the prior, with no evidence, on text it knows nothing of', () => {
    const s = predictTriage(model, 'zzzz qqqq', 'en');
    expect(s.evidence).toBe(0);
    expect(s.category.reasons).toEqual([]);
  });

  it('validates records', () => {
    const ok = { text: 'Facture fausse', language: 'fr', category: 'billing', urgency: 'normal', sentiment: 'negative' };
    expect(TriageRecordSchema.parse({ ...ok, extra: 1 })).toEqual(ok);
    for (const bad of [{ category: 'refund' }, { urgency: 'high' }, { sentiment: 'angry' }, { language: 'de' }, { text: '   ' }]) {
      expect(() => TriageRecordSchema.parse({ ...ok, ...bad })).toThrow();
    }
    expect(() => trainTriageModel([])).toThrow(/no training records/);
  });

  it('refuses a model file whose labels or shapes do not match the code', () => {
    const json = serializeTriageModel(model);
    expect(() => parseTriageModel(json.replace('"billing"', '"invoices"'))).toThrow(/labels/);
    expect(() => parseTriageModel(json.replace('"confiance-triage/1"', '"confiance-triage/0"'))).toThrow();
    const raw = JSON.parse(json) as { idf: number[] };
    raw.idf.pop();
    expect(() => parseTriageModel(JSON.stringify(raw))).toThrow(/idf/);
  });
});

/**
 * predictTriage as it was before it was made faster (feature names built per n-gram, a Map lookup
 * per name, per feature and per label), kept as the reference the fast path must match bit for bit.
 */
function referencePredict(model: TriageModel, text: string, language: TriageLanguage, reasonCount = 5): TriageSuggestion {
  const SIGNALS = new Map([
    ['!', 's:exclamation'],
    ['?', 's:question'],
    ['#num', 's:number'],
    ['#cur', 's:amount'],
  ]);
  const SHOUTED = /(?<!\p{L})\p{Lu}{5,}(?!\p{L})/gu;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  const considered = text.slice(0, MAX_TEXT_LENGTH);

  const known: Array<[number, number]> = [];
  for (const [name, count] of extractFeatures(considered, language)) {
    const i = model.index.get(name);
    if (i !== undefined) known.push([i, (1 + Math.log(count)) * model.idf[i]!]);
  }
  known.sort((a, b) => a[0] - b[0]);
  const norms = new Float64Array(FEATURE_GROUPS.length);
  for (const [i, v] of known) norms[model.groups[i]!]! += v * v;
  const groupWeights = FEATURE_GROUPS.map((g) => model.options.groupWeights[g]);
  const x = {
    idx: known.map(([i]) => i),
    val: known.map(([i, v]) => (v / Math.sqrt(norms[model.groups[i]!]!)) * groupWeights[model.groups[i]!]!),
  };

  const units: Array<{ kind: 'word' | 'signal'; text: string; features: number[] }> = [];
  const share = new Map<number, number>();
  if (reasonCount > 0) {
    const named = new Map<string, { kind: 'word' | 'signal'; text: string; features: string[] }>();
    for (const t of tokenize(considered, language)) {
      const signal = SIGNALS.get(t);
      const key = signal ?? `w:${t}`;
      if (named.has(key)) continue;
      named.set(
        key,
        signal
          ? { kind: 'signal', text: signal.slice(2), features: [signal] }
          : { kind: 'word', text: t, features: [key, ...new Set(charGramFeatures(t))] },
      );
    }
    if (considered.match(SHOUTED)) named.set('s:capitals', { kind: 'signal', text: 'capitals', features: ['s:capitals'] });
    for (const unit of named.values()) {
      const features = unit.features.map((name) => model.index.get(name)).filter((i) => i !== undefined);
      for (const f of features) share.set(f, (share.get(f) ?? 0) + 1);
      if (features.length > 0) units.push({ kind: unit.kind, text: unit.text, features });
    }
  }

  const suggest = <T extends TriageTask>(task: T): TaskSuggestion<(typeof TRIAGE_TASKS)[T][number]> => {
    const weights = model.tasks[task];
    const k = weights.labels.length;
    const logits = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let z = weights.bias[c]!;
      for (let j = 0; j < x.idx.length; j++) z += weights.weights[c]![x.idx[j]!]! * x.val[j]!;
      logits[c] = z;
    }
    const p = new Float64Array(k);
    let max = -Infinity;
    for (const z of logits) if (z > max) max = z;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += p[c] = Math.exp(logits[c]! - max);
    for (let c = 0; c < k; c++) p[c]! /= sum;
    let best = 0;
    for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
    const reasons: TriageReason[] = [];
    if (reasonCount > 0) {
      const contribution = new Map<number, number>();
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j]!;
        let mean = 0;
        for (let c = 0; c < k; c++) mean += weights.weights[c]![f]!;
        contribution.set(f, x.val[j]! * (weights.weights[best]![f]! - mean / k));
      }
      for (const unit of units) {
        const weight = unit.features.reduce((total, f) => total + (contribution.get(f) ?? 0) / share.get(f)!, 0);
        if (weight > 0) reasons.push({ kind: unit.kind, text: unit.text, weight });
      }
      reasons.sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1));
    }
    return {
      label: weights.labels[best] as (typeof TRIAGE_TASKS)[T][number],
      confidence: round(p[best]!),
      probabilities: Object.fromEntries(weights.labels.map((label, c) => [label, round(p[c]!)])) as Record<
        (typeof TRIAGE_TASKS)[T][number],
        number
      >,
      reasons: reasons.slice(0, reasonCount).map((r) => ({ ...r, weight: round(r.weight) })),
    };
  };
  return {
    language,
    category: suggest('category'),
    urgency: suggest('urgency'),
    sentiment: suggest('sentiment'),
    evidence: x.idx.length,
    model: model.training.digest,
  };
}

/** Same values (Object.is, so -0 is not 0) and same key order. */
function expectSame(actual: TriageSuggestion, expected: TriageSuggestion, what: string): void {
  expect(actual, what).toStrictEqual(expected);
  expect(JSON.stringify(actual), what).toBe(JSON.stringify(expected));
}

describe('predictTriage, bit for bit', () => {
  const shipped = shippedTriageModel();

  it('gives what the first implementation gave on every corpus text, with the shipped model and with another', () => {
    for (const m of [shipped, model])
      for (const r of corpus) expectSame(predictTriage(m, r.text, r.language), referencePredict(m, r.text, r.language), r.text);
  });

  it('still gives the suggestions recorded before it was made faster', () => {
    // SHA-256 of the shipped model file, and of the JSON of its suggestions for the corpus texts
    // as the first implementation made them. A retrained model changes both: record them again.
    const digest = (s: string) => createHash('sha256').update(s).digest('hex');
    const outputs = corpus.map((r) => predictTriage(shipped, r.text, r.language));
    expect({ model: digest(readFileSync(SHIPPED_MODEL_PATH, 'utf8')), outputs: digest(JSON.stringify(outputs)) }).toEqual({
      model: 'a7ad71194657a8c19360fd0aca2a0c6c208d8749f00f3e3746db17bce8bd46a0',
      outputs: 'e31fe2fe931a8200b3032b5a410ebcd74c84c27b8f0176aa2b8776f6ef768315',
    });
  });

  it('gives what the first implementation gave for any number of reasons and on awkward texts', () => {
    const texts: Array<[string, TriageLanguage]> = [
      ['', 'fr'],
      ['!!! ??? 12,50 € $ £', 'en'],
      ['amount number question exclamation capitals 3 ! ?', 'en'],
      ['ŒUVRE ﬁnale DÉJÀ PAYÉE Æther ｆｕｌｌｗｉｄｔｈ 😡 𝐅𝐀𝐂𝐓𝐔𝐑𝐄 ١٢٣', 'fr'],
      ['facture facture factures facturation FACTURE FACTURE', 'fr'],
      ["I can’t pay, it didn't arrive and you WON'T answer", 'en'],
      [corpus.map((r) => r.text).join(' '), 'fr'], // longer than MAX_TEXT_LENGTH
      ...corpus
        .filter((_, i) => i % 5 === 0)
        .map((r) => [r.text.toUpperCase(), r.language === 'fr' ? 'en' : 'fr'] as [string, TriageLanguage]),
    ];
    for (const [text, language] of texts)
      for (const n of [5, 0, 1, 3, 40])
        expectSame(predictTriage(shipped, text, language, n), referencePredict(shipped, text, language, n), `${n} ${text.slice(0, 80)}`);
  });

  it('orders reasons of the same weight and the same text as the first implementation did', () => {
    // Two features, the word "number" and the number signal, with the same idf and weights, in
    // groups of the same weight: the text "number 5" gives two reasons "number" of equal weight.
    const n = 2;
    const task = (labels: readonly string[]) => ({
      labels,
      bias: labels.map(() => 0),
      weights: labels.map((_, c) => Array.from({ length: n }, () => (c === 0 ? 10_000 : 0))),
    });
    const tied = parseTriageModel(
      JSON.stringify({
        format: MODEL_FORMAT,
        method: 'softmax-regression',
        options: { ...DEFAULT_TRAINING_OPTIONS, groupWeights: { w: 1, c: 1, s: 1 } },
        training: { records: 1, digest: '0'.repeat(64) },
        scale: 10_000,
        features: ['s:number', 'w:number'],
        idf: [10_000, 10_000],
        tasks: Object.fromEntries(TRIAGE_TASK_NAMES.map((t) => [t, task(TRIAGE_TASKS[t])])),
      }),
    );
    const s = predictTriage(tied, 'number 5', 'en');
    expect(s.category.reasons.map((r) => [r.kind, r.text])).toEqual([
      ['word', 'number'],
      ['signal', 'number'],
    ]);
    expectSame(s, referencePredict(tied, 'number 5', 'en'), 'tie');
  });

  it('is not thrown off by a call that failed half-way', () => {
    const text = corpus[0]!.text;
    expect(() => predictTriage(shipped, text, 'fr', 5n as unknown as number)).toThrow(TypeError);
    expectSame(predictTriage(shipped, text, 'fr'), referencePredict(shipped, text, 'fr'), text);
  });

  it('suggests for a text with a word that is also an Object.prototype property', () => {
    const text = 'The constructor of my meter broke it';
    expectSame(predictTriage(shipped, text, 'en'), referencePredict(shipped, text, 'en'), text);
  });
});
