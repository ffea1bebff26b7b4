import { describe, expect, it } from 'vitest';
import {
  extractFeatures,
  foldText,
  knownFeatures,
  matchTokens,
  tokenize,
  VocabularyLookup,
  type TriageLanguage,
} from './triage.features.ts';
import { loadSeedCorpus } from './triage.ts';

const corpus = loadSeedCorpus();

/** Deterministic texts mixing what tokenisation has to get right: accents, ligatures, digits of other scripts, separators, signs, astral letters and digits, lone surrogates, marks. */
function awkwardTexts(count: number): string[] {
  const pieces = [
    'a',
    'B',
    'é',
    'É',
    'œ',
    'Æ',
    '1',
    '٣',
    '²',
    '½',
    '.',
    ',',
    ' ',
    '!',
    '?',
    '€',
    '£',
    '$',
    '¥',
    '’',
    "'",
    "can't",
    'ß',
    'İ',
    'ǅ',
    'Ⅻ',
    'ﬁ',
    '\u00a0',
    '\u0301',
    '中',
    '𝐅',
    '😡',
    '𐌰',
    '𝟘',
    '\ud800',
    '\udc00',
    '_',
    '-',
    'x',
    'REMBOURSEZ',
  ];
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: count }, () =>
    Array.from({ length: Math.floor(next() * 24) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
  );
}

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
    const unitsOf = (text: string, vocabulary: string[] = [...extractFeatures(text, 'fr').keys()]) =>
      knownFeatures(text, 'fr', new VocabularyLookup(new Map(vocabulary.map((name, i) => [name, i]))), true).units.map((u) => ({
        ...u,
        features: u.features.map((i) => vocabulary[i]),
      }));
    const text = 'Facture FAUSSE facture !!';
    const names = [...extractFeatures(text, 'fr').keys()];
    expect(unitsOf(text)).toEqual([
      { kind: 'word', text: 'facture', features: ['w:facture', 'c:<fac', 'c:fact', 'c:actu', 'c:ctur', 'c:ture', 'c:ure>'] },
      { kind: 'word', text: 'fausse', features: ['w:fausse', 'c:<fau', 'c:faus', 'c:auss', 'c:usse', 'c:sse>'] },
      { kind: 'signal', text: 'exclamation', features: ['s:exclamation'] },
      { kind: 'signal', text: 'capitals', features: ['s:capitals'] },
    ]);
    // Only what the vocabulary knows: a word it knows nothing of is no reason at all.
    expect(
      unitsOf(
        text,
        names.filter((n) => !/fau|aus|sse|s:capitals/.test(n)),
      ),
    ).toEqual([
      { kind: 'word', text: 'facture', features: ['w:facture', 'c:<fac', 'c:fact', 'c:actu', 'c:ctur', 'c:ture', 'c:ure>'] },
      { kind: 'signal', text: 'exclamation', features: ['s:exclamation'] },
    ]);
    expect(knownFeatures(text, 'fr', new VocabularyLookup(new Map(names.map((n, i) => [n, i]))), false).units).toEqual([]);
    // Each n-gram once per word, though "cous" is twice in "couscous".
    expect(unitsOf('couscous')).toEqual([
      { kind: 'word', text: 'couscous', features: ['w:couscous', 'c:<cou', 'c:cous', 'c:ousc', 'c:usco', 'c:scou', 'c:ous>'] },
    ]);
  });

  it('finds the tokens the regular expression finds, on any text', () => {
    const TOKEN = /\p{L}+|\p{N}+(?:[.,]\p{N}+)*|[!?€£$]/gu;
    const texts = [
      ...corpus.map((r) => foldText(r.text)),
      ...awkwardTexts(5_000),
      '1.2.3',
      '1,,2',
      '.5',
      '5.',
      '٣,٤',
      '𝟘.𝟙x',
      '1 250,50 €',
    ];
    // Every code point of the Basic Multilingual Plane and some of the others, between letters and digits.
    for (let cp = 0; cp < 0x110000; cp += cp < 0x10000 ? 1 : 251)
      texts.push(`a${String.fromCodePoint(cp).repeat(2)}1${String.fromCodePoint(cp)}2`);
    for (const text of texts) expect(matchTokens(text), JSON.stringify(text)).toEqual(text.match(TOKEN) ?? []);
  });

  it('gives, as vocabulary indices, the counts extractFeatures gives for the features the vocabulary knows', () => {
    const texts: Array<[string, TriageLanguage]> = [
      ...corpus.map((r) => [r.text, r.language] as [string, TriageLanguage]),
      ...awkwardTexts(500).map((t, i) => [t, i % 2 ? 'fr' : 'en'] as [string, TriageLanguage]),
    ];
    const all = [...new Set(texts.flatMap(([t, l]) => [...extractFeatures(t, l).keys()]))].sort();
    const vocabulary = all.filter((_, i) => i % 3 !== 0); // some of every kind unknown
    const known = new Set(vocabulary);
    const lookup = new VocabularyLookup(new Map(vocabulary.map((name, i) => [name, i])));
    for (const [text, language] of texts) {
      const expected = new Map([...extractFeatures(text, language)].filter(([name]) => known.has(name)));
      const counted = new Map<string, number>();
      for (const i of knownFeatures(text, language, lookup, true).occurrences)
        counted.set(vocabulary[i]!, (counted.get(vocabulary[i]!) ?? 0) + 1);
      expect(counted, JSON.stringify(text)).toEqual(expected);
    }
  });

  it('takes a word that is also an Object.prototype property for a word', () => {
    expect(extractFeatures('the constructor broke the meter', 'en').get('w:constructor')).toBe(1);
  });

  it('sees shouting in accented capitals too', () => {
    expect(extractFeatures('DÉJÀ PAYÉE', 'fr').get('s:capitals')).toBe(1);
  });
});
