/**
 * Text -> features for the manipulation classifier: pure and deterministic.
 *
 * The folding, the token scan and the character 4-grams are those of complaint triage (shared
 * in src/core/text.ts), so both models read text alike. What differs, and why:
 * - stop words are kept: "only", "you", "no" and "I" carry pressure and confirmshaming
 *   ("No thanks, I don't like saving money"), whereas for complaint topics they are noise;
 * - adjacent token pairs are features: "only N left", "left in stock", "no thanks";
 * - every run of digits (with its separators) is the one token `#n` and every currency sign
 *   `#cur`. In the training data no fair text contains a digit or a currency sign, so a model
 *   that saw the digits would learn "has a number = manipulative" (about 0.84 accuracy alone)
 *   and flag every invoice; with one token, what it can learn is the words around the number,
 *   and the fair messages full of numbers added to training (corpus/fair-extra.jsonl) take the
 *   token's own weight away.
 */
import { charGramFeatures, foldText, matchTokens } from '../text.ts';

/** The token every number becomes, whatever its digits. */
export const NUMBER_TOKEN = '#n';
/** The token every currency sign becomes. */
export const CURRENCY_TOKEN = '#cur';

/** Words of five or more capitals are shouting; shorter ones are mostly acronyms (SMS, TVA, GDPR). */
const SHOUTED = /(?<!\p{L})\p{Lu}{5,}(?!\p{L})/gu;
const NUMERIC = /^\p{N}/u;

/** Folded tokens of a text in order: words (stop words kept), `#n`, `#cur`, `!`, `?`. */
export function messageTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const token of matchTokens(foldText(text))) {
    const first = token.charCodeAt(0);
    if ((first >= 48 && first <= 57) || (first > 127 && NUMERIC.test(token))) tokens.push(NUMBER_TOKEN);
    else if (token === '€' || token === '£' || token === '$') tokens.push(CURRENCY_TOKEN);
    else tokens.push(token);
  }
  return tokens;
}

/** Feature name -> raw count for one text. */
export type FeatureCounts = Map<string, number>;

/** Feature groups, each scaled to unit length on its own, then weighted: words, pairs, character 4-grams, signals. */
export const FEATURE_GROUPS = ['w', 'b', 'c', 's'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];

function bump(counts: FeatureCounts, name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

/** Every feature of a text with its count. */
export function messageFeatures(text: string): FeatureCounts {
  const counts: FeatureCounts = new Map();
  const tokens = messageTokens(text);
  let previous = '';
  for (const t of tokens) {
    const numeric = t === NUMBER_TOKEN || t === CURRENCY_TOKEN;
    if (t === '!') bump(counts, 's:exclamation');
    // A number is never a feature on its own, nor next to another number or sign ("#n #cur"):
    // only beside a word ("only #n", "#n left"), where the word carries the cue.
    else if (t !== '?' && !numeric) {
      bump(counts, `w:${t}`);
      for (const gram of charGramFeatures(t)) bump(counts, gram);
    }
    const previousNumeric = previous === NUMBER_TOKEN || previous === CURRENCY_TOKEN;
    if (previous !== '' && !(numeric && previousNumeric)) bump(counts, `b:${previous} ${t}`);
    previous = t;
  }
  const shouted = shoutedWords(text);
  if (shouted > 0) counts.set('s:capitals', shouted);
  return counts;
}

/** Words of five or more capitals in the text (the `s:capitals` signal). */
export function shoutedWords(text: string): number {
  return text.match(SHOUTED)?.length ?? 0;
}

/** Group index of a feature name (its prefix before the colon), in FEATURE_GROUPS order. */
export function featureGroupIndex(name: string): number {
  return FEATURE_GROUPS.indexOf(name.slice(0, 1) as FeatureGroup);
}

/** Replaces each run of digits by one letter N: the "digits replaced" variant of the benchmark. */
export function replaceDigits(text: string): string {
  return text.replace(/\p{Nd}+/gu, 'N');
}
