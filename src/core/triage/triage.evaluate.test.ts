import { describe, expect, it } from 'vitest';
import { assignFolds, evaluateHeldOut, majorityLabel, score, type LabelledRecord } from './triage.evaluate.ts';
import { TRIAGE_TASK_NAMES } from './triage.model.ts';
import { loadSeedCorpus } from './triage.ts';

const corpus = loadSeedCorpus();

describe('triage evaluation', () => {
  it('computes accuracy and macro-F1 as scikit-learn does', () => {
    // gold a a b c, predicted a b b b: a tp1 fn1 -> 2/3; b tp1 fp2 -> 1/2; c fn1 -> 0; macro 7/18.
    const s = score(['a', 'a', 'b', 'c'], ['a', 'b', 'b', 'b']);
    expect(s.accuracy).toBe(0.5);
    expect(s.f1).toEqual({ a: 2 / 3, b: 1 / 2, c: 0 });
    expect(s.macroF1).toBeCloseTo(7 / 18, 12);
    expect(s.recall).toEqual({ a: 0.5, b: 1, c: 0 });
  });

  it('takes the most frequent training label as the baseline', () => {
    expect(majorityLabel(corpus, 'urgency')).toBe('normal');
    expect(majorityLabel(corpus, 'sentiment')).toBe('negative');
  });

  it('keeps both language variants of a scenario in one fold, and spreads every category over all folds', () => {
    const folds = assignFolds(corpus, 5, 'test:');
    const byScenario = new Map<string, Set<number>>();
    corpus.forEach((r, i) => byScenario.set(r.scenario!, (byScenario.get(r.scenario!) ?? new Set()).add(folds[i]!)));
    for (const set of byScenario.values()) expect(set.size).toBe(1);
    for (const category of new Set(corpus.map((r) => r.category))) {
      const sizes = [0, 1, 2, 3, 4].map((f) => corpus.filter((r, i) => r.category === category && folds[i] === f).length);
      // Scenarios are dealt round-robin and hold one or two records: folds differ by at most 3.
      expect(Math.min(...sizes)).toBeGreaterThan(0);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(3);
    }
    expect(assignFolds(corpus, 5, 'test:')).toEqual(folds);
    expect(assignFolds([...corpus].reverse(), 5, 'test:')).toEqual([...folds].reverse());
  });

  it('without scenarios, groups by text', () => {
    const records: LabelledRecord[] = corpus.slice(0, 10).map(({ scenario: _s, ...r }) => r);
    expect(assignFolds([...records, ...records], 2, 'x')).toEqual([...assignFolds(records, 2, 'x'), ...assignFolds(records, 2, 'x')]);
  });

  it('beats the majority baseline on held-out complaints for every task', { timeout: 120_000 }, () => {
    const report = evaluateHeldOut(corpus);
    expect(report.sizes.test).toBeGreaterThan(80);
    expect(report.sizes.train + report.sizes.test).toBe(corpus.length);
    for (const task of TRIAGE_TASK_NAMES) {
      expect(report[task].model.macroF1, task).toBeGreaterThan(report[task].baseline.macroF1 + 0.1);
    }
  });
});
