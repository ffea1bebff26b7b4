import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadSeedCorpus,
  retrainTriageModel,
  SHIPPED_MODEL_PATH,
  serializeTriageModel,
  shippedTriageModel,
  suggestTriage,
  trainTriageModel,
  type TriageLanguage,
} from './triage.ts';
import { COMPLAINT_CATEGORIES } from '../complaints/complaints.tables.ts';

describe('suggestTriage with the shipped model', () => {
  it('is the model the training script makes from the seed corpus, byte for byte', { timeout: 120_000 }, () => {
    expect(serializeTriageModel(trainTriageModel(loadSeedCorpus()))).toBe(readFileSync(SHIPPED_MODEL_PATH, 'utf8'));
  });

  // Complaints written for this test, not in the corpus.
  const cases: Array<[string, TriageLanguage, string]> = [
    ['Vous avez prélevé deux fois ma facture de gaz ce mois-ci, je veux être remboursé.', 'fr', 'billing'],
    ['I was charged twice on my last bill, please refund the extra payment.', 'en', 'billing'],
    ['Votre site est impossible à utiliser avec mon lecteur d’écran, je suis malvoyant.', 'fr', 'accessibility'],
    ['I asked you to delete my personal data under the GDPR and you never answered.', 'en', 'personal_data'],
  ];
  it.each(cases)('suggests the category of %s', (text, language, category) => {
    expect(suggestTriage(text, language).category.label).toBe(category);
  });

  it('only ever suggests labels of the complaint schema', () => {
    const s = suggestTriage('Bonjour', 'fr');
    expect(COMPLAINT_CATEGORIES).toContain(s.category.label);
    expect(['normal', 'urgent']).toContain(s.urgency.label);
    expect(['negative', 'neutral', 'positive']).toContain(s.sentiment.label);
  });

  it('is deterministic and refuses unsupported languages', () => {
    const text = 'Coupure de courant depuis hier, ma mère est sous oxygène !';
    expect(suggestTriage(text, 'fr')).toEqual(suggestTriage(text, 'fr'));
    expect(() => suggestTriage(text, 'de' as TriageLanguage)).toThrow(RangeError);
  });

  it('retrains from agent-confirmed labels, whatever their order', { timeout: 120_000 }, () => {
    const confirmed = [
      { text: 'Le compteur a été posé de travers et fuit', language: 'fr', category: 'delivery', urgency: 'urgent', sentiment: 'negative' },
      { text: 'Thanks, but my parcel never came', language: 'en', category: 'delivery', urgency: 'normal', sentiment: 'positive' },
      { text: 'Facture trop élevée', language: 'fr', category: 'billing', urgency: 'normal', sentiment: 'neutral' },
    ] as const;
    const alone = retrainTriageModel(confirmed, { withSeedCorpus: false });
    expect(alone.training.records).toBe(3);
    expect(serializeTriageModel(retrainTriageModel([...confirmed].reverse(), { withSeedCorpus: false }))).toBe(serializeTriageModel(alone));
    const withSeed = retrainTriageModel(confirmed);
    expect(withSeed.training.records).toBe(loadSeedCorpus().length + 3);
    expect(withSeed.training.digest).not.toBe(shippedTriageModel().training.digest);
    expect(() => retrainTriageModel([{ ...confirmed[0], category: 'refund' as 'billing' }])).toThrow();
  });
});
