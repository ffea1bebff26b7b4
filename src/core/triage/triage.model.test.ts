import { describe, expect, it } from 'vitest';
import { loadSeedCorpus } from './triage.ts';
import {
  DEFAULT_TRAINING_OPTIONS,
  parseTriageModel,
  predictTriage,
  serializeTriageModel,
  trainTriageModel,
  TriageRecordSchema,
  type TriageRecord,
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
