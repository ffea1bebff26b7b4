/**
 * Text -> features for complaint triage: pure and deterministic.
 *
 * Two views of one text, each a bag of named features so every suggestion can be explained:
 * - `w:` words after accent folding and stop-word removal (the declared language's list);
 * - `c:` character 4-grams inside words of 4+ letters, with word-boundary marks, so typos
 *   ("facturaton"), inflections ("résilier"/"résiliation") and shared fr/en stems still match;
 * plus a few `s:` signals of tone the words lose: "!", "?", words shouted in capitals, amounts.
 * Pairs of adjacent words were tried and dropped: on this corpus they lowered cross-validated
 * macro-F1 (too rare to generalise), see docs/TRIAGE.md.
 */

import { charGramFeatures, classAt, foldText, matchTokens, NUMBER, SIGN } from '../text.ts';

// Re-exported: the triage tests and callers read them from here as before.
export { charGramFeatures, foldText, matchTokens };

export const TRIAGE_LANGUAGES = ['fr', 'en'] as const;
export type TriageLanguage = (typeof TRIAGE_LANGUAGES)[number];

// Function words only. Negations (pas, jamais, rien, not, no, never, nothing...) are kept on
// purpose: "pas reçu" and "not received" carry the complaint.
const STOPWORDS: Record<TriageLanguage, ReadonlySet<string>> = {
  fr: new Set(
    (
      'a au aux avec ce ces cet cette c ca d dans de des du elle elles en et eu il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon ' +
      'n ne nos notre nous on ont ou par pour qu que qui s sa se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y ' +
      'est suis es etes sommes etait ete etre avoir ai as avons avez avait fait faire cela ceci celui celle dont ici la lors donc car ainsi ' +
      'bonjour madame monsieur cordialement merci bjr svp'
    ).split(' '),
  ),
  en: new Set(
    (
      'a an the and or of to in on at by for from with as is are was were be been being am i me my mine we our ours you your yours he him his ' +
      'she her hers it its they them their this that these those there here which who whom what when where why how do does did doing ' +
      'have has had having will would shall should can could may might must so than too very just also into about over then s t d ll ve re m ' +
      'hello hi dear regards please thanks thank'
    ).split(' '),
  ),
};

// English contractions first, so "can't" gives "not" rather than a lone "t".
const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bcan't\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/n't\b/g, ' not'],
];

/** Words of five or more capitals are shouting; shorter ones are mostly acronyms (RGPD, SMS, GDPR). */
const SHOUTED = /(?<!\p{L})\p{Lu}{5,}(?!\p{L})/gu;


/** Content tokens of a text, in order: folded words (stop words dropped), `#num`, `#cur`, `!`, `?`. */
export function tokenize(text: string, language: TriageLanguage): string[] {
  let folded = foldText(text);
  for (const [pattern, replacement] of CONTRACTIONS) folded = folded.replace(pattern, replacement);
  const stop = STOPWORDS[language];
  const tokens: string[] = [];
  for (const token of matchTokens(folded)) {
    const charClass = classAt(token, 0);
    if (charClass === NUMBER) tokens.push('#num');
    else if (charClass === SIGN) tokens.push(token === '!' || token === '?' ? token : '#cur');
    else if (token.length >= 2 && !stop.has(token)) tokens.push(token);
  }
  return tokens;
}

/** Feature name -> raw count for one text (the caller weights and normalises). */
export type FeatureCounts = Map<string, number>;

/** The feature groups: each is scaled to unit length on its own, then weighted. */
export const FEATURE_GROUPS = ['w', 'c', 's'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

function bump(counts: FeatureCounts, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

// A Map, not an object literal: a token such as "constructor" must not find Object.prototype's.
const SIGNALS: ReadonlyMap<string, string> = new Map([
  ['!', 's:exclamation'],
  ['?', 's:question'],
  ['#num', 's:number'],
  ['#cur', 's:amount'],
]);
const CAPITALS = 's:capitals';

/** Every feature of a text with its count. Punctuation and amounts become `s:` signals only. */
export function extractFeatures(text: string, language: TriageLanguage): FeatureCounts {
  const counts: FeatureCounts = new Map();
  for (const t of tokenize(text, language)) {
    const signal = SIGNALS.get(t);
    if (signal) {
      bump(counts, signal);
      continue;
    }
    bump(counts, `w:${t}`);
    for (const gram of charGramFeatures(t)) bump(counts, gram);
  }
  const shouted = text.match(SHOUTED)?.length ?? 0;
  for (let i = 0; i < shouted; i++) bump(counts, CAPITALS);
  return counts;
}

/** Group of a feature name (its prefix before the colon). */
export function featureGroup(name: string): FeatureGroup {
  return name.slice(0, 1) as FeatureGroup;
}

/**
 * A model's vocabulary (feature name -> index) as lookups that need no feature name: words by
 * their folded text, signals by their token, character 4-grams by their four UTF-16 code units
 * (two per int32) in an open-addressing table. Prediction runs in the request path; this way it
 * builds no string and hashes none per character n-gram.
 */
export class VocabularyLookup {
  readonly #words = new Map<string, number>();
  readonly #signals = new Map<string, number>();
  readonly #capitals: number;
  /** Slot s holds the 4-gram's first two code units at 2s, its last two at 2s + 1. */
  readonly #gramKeys: Int32Array;
  /** Feature index of each slot; -1 marks an empty slot, which ends a probe. */
  readonly #gramValues: Int32Array;
  readonly #mask: number;

  constructor(index: ReadonlyMap<string, number>) {
    const grams: Array<[string, number]> = [];
    for (const [name, i] of index) {
      if (name.startsWith('w:')) this.#words.set(name.slice(2), i);
      // Only names charGramFeatures can make ("c:" and four code units) can ever match.
      else if (name.startsWith('c:') && name.length === 6) grams.push([name, i]);
    }
    for (const [token, name] of SIGNALS) {
      const i = index.get(name);
      if (i !== undefined) this.#signals.set(token, i);
    }
    this.#capitals = index.get(CAPITALS) ?? -1;
    // At most half full, so a probe always reaches an empty slot.
    let size = 16;
    while (size < 2 * grams.length) size *= 2;
    this.#mask = size - 1;
    this.#gramKeys = new Int32Array(2 * size);
    this.#gramValues = new Int32Array(size).fill(-1);
    for (const [name, i] of grams) {
      const hi = (name.charCodeAt(2) << 16) | name.charCodeAt(3);
      const lo = (name.charCodeAt(4) << 16) | name.charCodeAt(5);
      const slot = this.#slot(hi, lo);
      this.#gramKeys[2 * slot] = hi;
      this.#gramKeys[2 * slot + 1] = lo;
      this.#gramValues[slot] = i;
    }
  }

  /** The slot of a 4-gram: where it is, or the empty slot where it would go. */
  #slot(hi: number, lo: number): number {
    let h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b);
    h ^= h >>> 15;
    for (let slot = h & this.#mask; ; slot = (slot + 1) & this.#mask) {
      if (this.#gramValues[slot]! < 0 || (this.#gramKeys[2 * slot] === hi && this.#gramKeys[2 * slot + 1] === lo)) return slot;
    }
  }

  #gram(a: number, b: number, c: number, d: number): number {
    return this.#gramValues[this.#slot((a << 16) | b, (c << 16) | d)]!;
  }

  /**
   * Known features of one token in the order extractFeatures counts them: a signal's feature, or
   * the word's feature then its character 4-grams (a 4-gram twice in the word is there twice).
   */
  featuresOf(token: string): number[] {
    const known: number[] = [];
    if (SIGNALS.has(token)) {
      const i = this.#signals.get(token);
      if (i !== undefined) known.push(i);
      return known;
    }
    const word = this.#words.get(token);
    if (word !== undefined) known.push(word);
    const n = token.length;
    if (n < 4) return known;
    // The 4-grams of `<token>`: the window slides one code unit at a time, '<' first, '>' last.
    let a = 0x3c;
    let b = token.charCodeAt(0);
    let c = token.charCodeAt(1);
    for (let j = 2; j <= n; j++) {
      const d = j < n ? token.charCodeAt(j) : 0x3e;
      const i = this.#gram(a, b, c, d);
      if (i >= 0) known.push(i);
      a = b;
      b = c;
      c = d;
    }
    return known;
  }

  /** Index of the shouting signal, -1 when the vocabulary does not know it. */
  get capitals(): number {
    return this.#capitals;
  }
}

/**
 * What an agent can read as a reason: a distinct word of the text (shown folded) with the
 * features it produced, or a tone signal with its feature.
 */
export interface KnownUnit {
  kind: 'word' | 'signal';
  text: string;
  features: number[];
}

/**
 * The features of a text that a vocabulary knows, as its indices, in one pass over the tokens.
 * `occurrences` holds each once per time extractFeatures would count it (in no useful order).
 * `units`, only made when asked for, are the explanation units in order of first appearance,
 * shouting last, each with its known features (a word's own, then its distinct 4-grams); units
 * with none are left out.
 */
export function knownFeatures(
  text: string,
  language: TriageLanguage,
  vocabulary: VocabularyLookup,
  withUnits: boolean,
): { occurrences: number[]; units: KnownUnit[] } {
  const occurrences: number[] = [];
  const units: KnownUnit[] = [];
  // Per text, not across texts: a complaint repeats its words, and nothing is kept between requests.
  const seen = new Map<string, number[]>();
  for (const t of tokenize(text, language)) {
    let features = seen.get(t);
    if (features === undefined) {
      features = vocabulary.featuresOf(t);
      seen.set(t, features);
      if (withUnits && features.length > 0) {
        const signal = SIGNALS.get(t);
        if (signal === undefined) {
          const distinct: number[] = [];
          for (const f of features) if (!distinct.includes(f)) distinct.push(f);
          units.push({ kind: 'word', text: t, features: distinct });
        } else units.push({ kind: 'signal', text: signal.slice(2), features });
      }
    }
    for (const f of features) occurrences.push(f);
  }
  const capitals = vocabulary.capitals;
  if (capitals >= 0) {
    const shouted = text.match(SHOUTED)?.length ?? 0;
    for (let i = 0; i < shouted; i++) occurrences.push(capitals);
    if (withUnits && shouted > 0) units.push({ kind: 'signal', text: CAPITALS.slice(2), features: [capitals] });
  }
  return { occurrences, units };
}
