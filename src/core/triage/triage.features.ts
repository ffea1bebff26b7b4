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

/** Lower case, accents folded (é -> e), ligatures split, typographic apostrophes made plain. */
export function foldText(text: string): string {
  return text
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
}

// English contractions first, so "can't" gives "not" rather than a lone "t".
const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bcan't\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/n't\b/g, ' not'],
];

const TOKEN = /\p{L}+|\p{N}+(?:[.,]\p{N}+)*|[!?€£$]/gu;
/** Words of five or more capitals are shouting; shorter ones are mostly acronyms (RGPD, SMS, GDPR). */
const SHOUTED = /(?<!\p{L})\p{Lu}{5,}(?!\p{L})/gu;

/** Content tokens of a text, in order: folded words (stop words dropped), `#num`, `#cur`, `!`, `?`. */
export function tokenize(text: string, language: TriageLanguage): string[] {
  let folded = foldText(text);
  for (const [pattern, replacement] of CONTRACTIONS) folded = folded.replace(pattern, replacement);
  const stop = STOPWORDS[language];
  const tokens: string[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    const token = match[0];
    if (/^\p{N}/u.test(token)) tokens.push('#num');
    else if (token === '€' || token === '£' || token === '$') tokens.push('#cur');
    else if (token === '!' || token === '?') tokens.push(token);
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

/** Character 4-gram features of one word (none under four letters: the word itself says it all). */
export function charGramFeatures(word: string): string[] {
  if (word.length < 4) return [];
  const marked = `<${word}>`;
  const grams: string[] = [];
  for (let j = 0; j + 4 <= marked.length; j++) grams.push(`c:${marked.slice(j, j + 4)}`);
  return grams;
}

const SIGNALS: Record<string, string> = { '!': 's:exclamation', '?': 's:question', '#num': 's:number', '#cur': 's:amount' };

/** Every feature of a text with its count. Punctuation and amounts become `s:` signals only. */
export function extractFeatures(text: string, language: TriageLanguage): FeatureCounts {
  const counts: FeatureCounts = new Map();
  for (const t of tokenize(text, language)) {
    const signal = SIGNALS[t];
    if (signal) {
      bump(counts, signal);
      continue;
    }
    bump(counts, `w:${t}`);
    for (const gram of charGramFeatures(t)) bump(counts, gram);
  }
  const shouted = text.match(SHOUTED)?.length ?? 0;
  for (let i = 0; i < shouted; i++) bump(counts, 's:capitals');
  return counts;
}

/**
 * What an agent can read as a reason: each distinct word of the text with the features it
 * produced (the word and its character n-grams), and each tone signal. Words are shown folded.
 */
export function explanationUnits(
  text: string,
  language: TriageLanguage,
): Array<{ kind: 'word' | 'signal'; text: string; features: string[] }> {
  const units = new Map<string, { kind: 'word' | 'signal'; text: string; features: string[] }>();
  for (const t of tokenize(text, language)) {
    const signal = SIGNALS[t];
    const key = signal ?? `w:${t}`;
    if (units.has(key)) continue;
    units.set(
      key,
      signal
        ? { kind: 'signal', text: signal.slice(2), features: [signal] }
        : { kind: 'word', text: t, features: [key, ...new Set(charGramFeatures(t))] },
    );
  }
  if (text.match(SHOUTED)) units.set('s:capitals', { kind: 'signal', text: 'capitals', features: ['s:capitals'] });
  return [...units.values()];
}

/** Group of a feature name (its prefix before the colon). */
export function featureGroup(name: string): FeatureGroup {
  return name.slice(0, 1) as FeatureGroup;
}
