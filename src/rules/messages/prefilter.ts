/**
 * Prefilter of the message rules: one scan of the folded text tells which rules can match at all,
 * so only those run their regular expressions (most texts wake two or three rules of twenty).
 *
 * For each rule, `requiredLiterals` reads the pattern's source and finds a set of strings such that
 * every match contains at least one of them (a literal run that every alternative must cross, or a
 * group whose every branch has one). A rule with no such set always runs. All the sets of a
 * language go into one Aho-Corasick automaton, scanned once per text. Sound by construction: a rule
 * skipped could not have matched (checked on every corpus text in prefilter.test.ts).
 */

type Item = { kind: 'lit'; ch: string; min: number; single: boolean } | { kind: 'group'; alts: Item[][]; min: number } | { kind: 'other' };

/** Parses the subset of regular-expression syntax the rules use into alternatives of items. */
function parse(source: string): Item[][] {
  let i = 0;
  const alternatives = (): Item[][] => {
    const alts: Item[][] = [[]];
    while (i < source.length && source[i] !== ')') {
      const c = source[i]!;
      if (c === '|') {
        alts.push([]);
        i++;
        continue;
      }
      let item: Item;
      if (c === '(') {
        i++;
        let lookaround = false;
        if (source[i] === '?') {
          const head = source.slice(i, i + 3);
          lookaround = head.startsWith('?=') || head.startsWith('?!') || head === '?<=' || head === '?<!';
          i += head.startsWith('?:') || head.startsWith('?=') || head.startsWith('?!') ? 2 : head === '?<=' || head === '?<!' ? 3 : 0;
          // A named group "(?<name>" is skipped up to its '>'.
          if (source[i] === '?' && source[i + 1] === '<') i = source.indexOf('>', i) + 1;
        }
        const inner = alternatives();
        i++; // ')'
        item = lookaround ? { kind: 'other' } : { kind: 'group', alts: inner, min: 1 };
      } else if (c === '[') {
        i++;
        while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
        i++;
        item = { kind: 'other' };
      } else if (c === '\\') {
        const next = source[i + 1]!;
        if (next === 'p' || next === 'P') {
          i = source.indexOf('}', i) + 1;
          item = { kind: 'other' };
        } else {
          i += 2;
          item = /[dDsSwWbB]/.test(next) ? { kind: 'other' } : { kind: 'lit', ch: next, min: 1, single: true };
        }
      } else if (c === '.' || c === '^' || c === '$') {
        i++;
        item = { kind: 'other' };
      } else {
        i++;
        item = { kind: 'lit', ch: c, min: 1, single: true };
      }
      // A quantifier: a minimum of 0 makes the item optional; any quantifier ends a literal run after it.
      const q = source[i];
      if (q === '?' || q === '*' || q === '+' || q === '{') {
        let min = q === '+' ? 1 : 0;
        if (q === '{') {
          const close = source.indexOf('}', i);
          min = Number(source.slice(i + 1, close).split(',')[0]);
          i = close + 1;
        } else i++;
        if (source[i] === '?') i++; // lazy
        if (item.kind === 'lit') item = { ...item, min: Math.min(min, 1), single: false };
        else if (item.kind === 'group') item = { ...item, min: Math.min(min, 1) };
      }
      alts[alts.length - 1]!.push(item);
    }
    return alts;
  };
  return alternatives();
}

/** Shortest string of a set: the quality of a set (longer is more selective). */
const quality = (set: string[]) => Math.min(...set.map((s) => s.length)) * 1000 - set.length;

/** Strings one of which every match of the sequence contains, or null. */
function sequenceLiterals(items: Item[]): string[] | null {
  const candidates: string[][] = [];
  let run = '';
  const flush = () => {
    if (run.length >= 2) candidates.push([run]);
    run = '';
  };
  for (const item of items) {
    if (item.kind === 'lit' && item.min >= 1) {
      run += item.ch;
      if (!item.single) flush();
      continue;
    }
    flush();
    if (item.kind === 'group' && item.min >= 1) {
      const set = alternativesLiterals(item.alts);
      if (set) candidates.push(set);
    }
  }
  flush();
  if (candidates.length === 0) return null;
  return candidates.reduce((best, c) => (quality(c) > quality(best) ? c : best));
}

function alternativesLiterals(alts: Item[][]): string[] | null {
  const union = new Set<string>();
  for (const alt of alts) {
    const set = sequenceLiterals(alt);
    if (!set) return null;
    for (const s of set) union.add(s);
  }
  return [...union];
}

/** Strings one of which every match of the pattern contains, or null when none can be told. */
export function requiredLiterals(source: string): string[] | null {
  return alternativesLiterals(parse(source));
}

/** Aho-Corasick automaton over the literals of a language's rules: which rules a text can wake. */
export interface Prefilter {
  /** Bit i set: rule i may match (its literal is in the text, or it has none). */
  candidates(folded: string): number;
}

export function buildPrefilter(sources: readonly string[]): Prefilter {
  if (sources.length > 31) throw new Error('prefilter: at most 31 rules per language');
  const next: Array<Map<number, number>> = [new Map()];
  const output: number[] = [0];
  let always = 0;
  sources.forEach((source, rule) => {
    const literals = requiredLiterals(source);
    if (!literals) {
      always |= 1 << rule;
      return;
    }
    for (const literal of literals) {
      let state = 0;
      for (let k = 0; k < literal.length; k++) {
        const c = literal.charCodeAt(k);
        let to = next[state]!.get(c);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          output.push(0);
          next[state]!.set(c, to);
        }
        state = to;
      }
      output[state]! |= 1 << rule;
    }
  });
  // Failure links, breadth first; outputs inherit their failure state's.
  const fail = new Int32Array(next.length);
  const queue: number[] = [...next[0]!.values()];
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    for (const [c, to] of next[state]!) {
      let f = fail[state]!;
      while (f !== 0 && !next[f]!.has(c)) f = fail[f]!;
      const target = next[f]!.get(c);
      fail[to] = target !== undefined && target !== to ? target : 0;
      output[to]! |= output[fail[to]!]!;
      queue.push(to);
    }
  }
  return {
    candidates(folded: string): number {
      let mask = always;
      let state = 0;
      for (let k = 0; k < folded.length; k++) {
        const c = folded.charCodeAt(k);
        let to = next[state]!.get(c);
        while (to === undefined && state !== 0) {
          state = fail[state]!;
          to = next[state]!.get(c);
        }
        state = to ?? 0;
        mask |= output[state]!;
      }
      return mask;
    },
  };
}
