import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foldSameLength } from './fold.ts';
import { FRENCH_RULES } from './french.ts';
import { ENGLISH_RULES } from './lexicon.ts';
import { buildPrefilter, requiredLiterals } from './prefilter.ts';

const corpus = (path: string) =>
  readFileSync(new URL(path, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);

describe('prefilter', () => {
  it('finds the literals every match must contain', () => {
    expect(requiredLiterals('(?:hurry( up)?|act (?:now|fast))')!.sort()).toEqual(['act ', 'hurry']);
    expect(requiredLiterals('ab|\\d+')).toBeNull();
    expect(requiredLiterals('(?<![\\p{L}])(?:stocks? (?:limites?|faibles))(?![\\p{L}])')!.sort()).toEqual(['faibles', 'limite']);
  });

  it('never skips a rule that matches: every rule on every corpus text (fr and en, fair and not)', () => {
    const texts = [
      ...corpus('../../core/messages/corpus/fair-extra.jsonl'),
      ...corpus('../../core/messages/corpus/fr-dev.jsonl'),
      ...corpus('../../core/messages/eval/fair-numbers.eval.jsonl'),
      ...corpus('../../core/messages/eval/fr.eval.jsonl'),
      ...readFileSync(new URL('../../core/messages/corpus/darkpatterns-train.tsv', import.meta.url), 'utf8')
        .split('\n')
        .slice(1),
    ];
    for (const rules of [ENGLISH_RULES, FRENCH_RULES]) {
      const prefilter = buildPrefilter(rules.map((r) => r.pattern.source));
      for (const text of texts) {
        const folded = foldSameLength(text);
        const awake = prefilter.candidates(folded);
        rules.forEach((rule, i) => {
          if ((awake & (1 << i)) === 0) expect([...folded.matchAll(rule.pattern)], `${rule.id}: ${text}`).toEqual([]);
        });
      }
    }
  });
});
