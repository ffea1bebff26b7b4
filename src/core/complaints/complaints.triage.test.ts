import { describe, expect, it, vi } from 'vitest';
import { shippedTriageModel, suggestTriage, TRIAGE_SENTIMENTS } from '../triage/triage.ts';
import { COMPLAINT_SENTIMENTS, type StoredTriage } from './complaints.tables.ts';
import { assessmentPrefill, suggestForIntake, suggestionOutcome, toStoredTriage } from './complaints.triage.ts';

const text = 'Monsieur Facturovski a facturé deux fois mon abonnement, remboursez-moi !';

describe('stored triage suggestion', () => {
  it('uses the same sentiment labels as the triage model', () => {
    expect([...COMPLAINT_SENTIMENTS]).toEqual([...TRIAGE_SENTIMENTS]);
  });

  it("keeps the model id, labels and confidences, and drops reasons that are words outside the model's vocabulary (a surname)", () => {
    const model = shippedTriageModel();
    const raw = suggestTriage(text, 'fr');
    // The raw explanation does surface the name through its character n-grams: that is what is filtered.
    expect(raw.category.reasons.map((r) => r.text)).toContain('facturovski');
    const stored = toStoredTriage(model, raw);
    expect(stored.model).toBe(model.training.digest);
    expect(stored.category.label).toBe(raw.category.label);
    expect(stored.category.confidence).toBe(raw.category.confidence);
    expect(JSON.stringify(stored)).not.toContain('facturovski');
    expect(JSON.stringify(stored)).not.toContain('remboursez');
    expect(stored.category.reasons.map((r) => r.text)).toContain('facture');
    expect(stored.sentiment.reasons.some((r) => r.kind === 'signal' && r.text === 'exclamation')).toBe(true);
  });

  it('returns null and logs only the reason when the language is not supported (never the text)', () => {
    const warn = vi.fn();
    expect(suggestForIntake({ warn }, text, 'de')).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    expect(JSON.stringify(warn.mock.calls)).toContain('RangeError');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('Facturovski');
  });
});

function triage(urgency: 'normal' | 'urgent'): StoredTriage {
  const task = (label: string) => ({ label, confidence: 0.7, probabilities: { [label]: 0.7 }, reasons: [] });
  return { model: 'm', language: 'fr', evidence: 3, category: task('delivery'), urgency: task(urgency), sentiment: task('negative') };
}

describe('assessment prefill', () => {
  const base = { category: 'billing' as const, urgency: 'normal' as const, sentiment: null, vulnerabilities: [] as string[], assessedAt: null };

  it('starts from the suggestion before the first assessment', () => {
    expect(assessmentPrefill({ ...base, triage: triage('urgent') })).toEqual({ category: 'delivery', urgency: 'urgent', sentiment: 'negative' });
    expect(assessmentPrefill({ ...base, triage: triage('normal') })).toEqual({ category: 'delivery', urgency: 'normal', sentiment: 'negative' });
  });

  it('never lets a suggested "normal" lower an urgency already set, nor the one a vulnerability flag calls for', () => {
    expect(assessmentPrefill({ ...base, urgency: 'urgent', triage: triage('normal') }).urgency).toBe('urgent');
    expect(assessmentPrefill({ ...base, vulnerabilities: ['elderly'], triage: triage('normal') }).urgency).toBe('urgent');
  });

  it("keeps the agent's own choices once assessed, and the complaint's values without a suggestion", () => {
    expect(assessmentPrefill({ ...base, sentiment: 'neutral', assessedAt: new Date(), triage: triage('urgent') })).toEqual({ category: 'billing', urgency: 'normal', sentiment: 'neutral' });
    expect(assessmentPrefill({ ...base, triage: null })).toEqual({ category: 'billing', urgency: 'normal', sentiment: null });
  });
});

describe('suggestion outcome', () => {
  it('says per field whether the final value is the suggested one', () => {
    expect(suggestionOutcome(triage('normal'), { category: 'delivery', urgency: 'urgent', sentiment: 'negative' })).toEqual({ category: true, urgency: false, sentiment: true });
    expect(suggestionOutcome(triage('normal'), { category: 'billing', urgency: 'normal', sentiment: null })).toEqual({ category: false, urgency: true, sentiment: false });
    expect(suggestionOutcome(null, { category: 'billing', urgency: 'normal', sentiment: null })).toBeNull();
  });
});
