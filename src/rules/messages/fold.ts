/**
 * Folding that keeps every UTF-16 offset: each code unit becomes one code unit (lower case,
 * accents off, typographic apostrophes and non-breaking spaces plain), so the rules are written
 * once without accents or capitals and a match in the folded text is the same span in the
 * original. Letters whose folding would change the length (œ -> oe, ß -> ss) stay as they are.
 */

/** Folded code unit of every code unit below 0x2100 (Latin, punctuation, spaces). */
const TABLE = (() => {
  const table = new Uint16Array(0x2100);
  for (let c = 0; c < table.length; c++) {
    const lower = String.fromCharCode(c).toLowerCase();
    const base = lower.length === 1 ? lower.normalize('NFD').charAt(0) : String.fromCharCode(c);
    table[c] = c >= 0xd800 && c <= 0xdfff ? c : base.charCodeAt(0);
  }
  // Typographic apostrophes and quotes of a word, the spaces French puts before ! ? ; : and in numbers.
  for (const c of [0x2019, 0x2018, 0x02bc, 0x00b4, 0x0060]) table[c] = 0x27;
  for (const c of [0x00a0, 0x202f, 0x2007, 0x2009]) table[c] = 0x20;
  for (const c of [0x2010, 0x2011]) table[c] = 0x2d;
  return table;
})();

/** The text folded for the rules, the same length as the text. */
export function foldSameLength(text: string): string {
  let out = '';
  let from = 0;
  // Copies runs of unchanged code units in one slice: most of a message is plain lower case ASCII.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = c < 0x2100 ? TABLE[c]! : c;
    if (f !== c) {
      out += text.slice(from, i) + String.fromCharCode(f);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
