import { describe, expect, it } from 'vitest';
import { explanationUnits, extractFeatures, foldText, tokenize } from './triage.features.ts';

describe('triage features', () => {
  it('folds accents, ligatures, case and typographic apostrophes', () => {
    expect(foldText('Électricité cœur L’ÉTÉ')).toBe("electricite coeur l'ete");
  });

  it('drops the stop words of the declared language only', () => {
    // "son" is a French possessive but an English noun; "car" a French conjunction, an English noun.
    expect(tokenize('son fils et sa car', 'fr')).toEqual(['fils']);
    expect(tokenize('my son and his car', 'en')).toEqual(['son', 'car']);
  });

  it('keeps negations, splits elisions and expands English contractions', () => {
    expect(tokenize("Je n'ai pas reçu l'électricité", 'fr')).toEqual(['pas', 'recu', 'electricite']);
    expect(tokenize("I can't pay, it didn't arrive", 'en')).toEqual(['not', 'pay', 'not', 'arrive']);
  });

  it('turns numbers and currency signs into placeholders and keeps ! and ?', () => {
    expect(tokenize('1 250,50 € ?!', 'fr')).toEqual(['#num', '#num', '#cur', '?', '!']);
  });

  it('counts words, bounded character 4-grams and tone signals', () => {
    const f = extractFeatures('FACTURE fausse !! 30 €', 'fr');
    expect(f.get('w:facture')).toBe(1);
    expect(f.get('c:<fac')).toBe(1);
    expect(f.get('c:ure>')).toBe(1);
    expect(f.get('s:exclamation')).toBe(2);
    expect(f.get('s:number')).toBe(1);
    expect(f.get('s:amount')).toBe(1);
    expect(f.get('s:capitals')).toBe(1);
  });

  it('does not take short acronyms for shouting', () => {
    expect(extractFeatures('Demande RGPD par SMS', 'fr').has('s:capitals')).toBe(false);
  });

  it('gives character n-grams to words of four letters or more only', () => {
    const names = [...extractFeatures('box wifi', 'en').keys()];
    expect(names.filter((n) => n.startsWith('c:'))).toEqual(['c:<wif', 'c:wifi', 'c:ifi>']);
  });

  it('groups a word with its character n-grams, and signals apart, for explanations', () => {
    expect(explanationUnits('Facture FAUSSE facture !!', 'fr')).toEqual([
      { kind: 'word', text: 'facture', features: ['w:facture', 'c:<fac', 'c:fact', 'c:actu', 'c:ctur', 'c:ture', 'c:ure>'] },
      { kind: 'word', text: 'fausse', features: ['w:fausse', 'c:<fau', 'c:faus', 'c:auss', 'c:usse', 'c:sse>'] },
      { kind: 'signal', text: 'exclamation', features: ['s:exclamation'] },
      { kind: 'signal', text: 'capitals', features: ['s:capitals'] },
    ]);
  });

  it('sees shouting in accented capitals too', () => {
    expect(extractFeatures('DÉJÀ PAYÉE', 'fr').get('s:capitals')).toBe(1);
  });
});
