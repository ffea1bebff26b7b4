/**
 * Text primitives shared by the local text models (complaint triage, the message checker): one
 * folding, one token scan, one set of character 4-grams and one stable hash, so both models read
 * text alike. Pure, and free of any import, so a command that needs only these (confiance lint)
 * loads nothing else.
 */

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


// Code point classes for matchTokens.
const OTHER = 1;
const LETTER = 2;
export const NUMBER = 3;
export const SIGN = 4;
export type CharClass = typeof OTHER | typeof LETTER | typeof NUMBER | typeof SIGN;

function classify(codePoint: number): CharClass {
  const char = String.fromCodePoint(codePoint);
  if (/\p{L}/u.test(char)) return LETTER;
  if (/\p{N}/u.test(char)) return NUMBER;
  return '!?€£$'.includes(char) ? SIGN : OTHER;
}

/** Class of each code point of the Basic Multilingual Plane, filled in as met (0: not yet); other planes are classified each time. */
const BMP_CLASSES = new Uint8Array(0x10000);

export function classAt(text: string, i: number): CharClass {
  const codePoint = text.codePointAt(i)!;
  if (codePoint > 0xffff) return classify(codePoint);
  let known = BMP_CLASSES[codePoint]!;
  if (known === 0) known = BMP_CLASSES[codePoint] = classify(codePoint);
  return known as CharClass;
}

/** Index after the run of code points of one class starting at i. */
function skipClass(text: string, i: number, charClass: CharClass): number {
  while (i < text.length && classAt(text, i) === charClass) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

/**
 * The matches of /\p{L}+|\p{N}+(?:[.,]\p{N}+)*|[!?€£$]/gu in a text, in order (words, numbers
 * with their decimal separators, currency signs, ! and ?), found by a scan over code points: a
 * match object per token cost more than the rest of tokenize.
 */
export function matchTokens(text: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < text.length;) {
    const charClass = classAt(text, i);
    const start = i;
    if (charClass === LETTER) i = skipClass(text, i, LETTER);
    else if (charClass === NUMBER) {
      i = skipClass(text, i, NUMBER);
      // (?:[.,]\p{N}+)*: a separator belongs to the number only when a digit follows it.
      while (i + 1 < text.length && (text[i] === '.' || text[i] === ',') && classAt(text, i + 1) === NUMBER) {
        i = skipClass(text, i + 1, NUMBER);
      }
    } else if (charClass === SIGN) i++;
    else {
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      continue;
    }
    tokens.push(text.slice(start, i));
  }
  return tokens;
}

/** Character 4-gram features of one word (none under four letters: the word itself says it all). */
export function charGramFeatures(word: string): string[] {
  if (word.length < 4) return [];
  const marked = `<${word}>`;
  const grams: string[] = [];
  for (let j = 0; j + 4 <= marked.length; j++) grams.push(`c:${marked.slice(j, j + 4)}`);
  return grams;
}

/** FNV-1a 32-bit: a stable, dependency-free hash for deterministic splits. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
