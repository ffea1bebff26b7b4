import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSameLength } from './fold.ts';

describe('foldSameLength', () => {
  it('lowers, strips accents and plain-types apostrophes and non-breaking spaces', () => {
    expect(foldSameLength('Dépêchez-vous ! L’offre ÉTÉ à 12\u202f€')).toBe("depechez-vous ! l'offre ete a 12 €");
  });
  it('keeps the length of any text, so spans found in the folded text hold in the original', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => foldSameLength(text).length === text.length));
    expect(foldSameLength('Œuvre ß 🎉')).toBe('œuvre ß 🎉');
  });
});
