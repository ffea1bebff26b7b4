import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPhone, normalisePhone } from './customers.phone.ts';

describe('normalisePhone (E.164)', () => {
  it('turns French numbers as people write them into +33 and nine digits', () => {
    for (const written of ['06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '+33 06 12 34 56 78', '0033 6 12 34 56 78', '0612345678']) {
      expect(normalisePhone(written), written).toBe('+33612345678');
    }
    expect(normalisePhone('01 02 03 04 05')).toBe('+33102030405');
  });

  it('keeps other international numbers with their country code', () => {
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('0049 30 1234567')).toBe('+49301234567');
  });

  it('refuses what is not a phone number, at the edges of the French plan and of E.164', () => {
    for (const bad of ['', 'abc', '06 12 34 56 7', '06 12 34 56 78 9', '+33 0 12 34 56 78', '+33 6 12 34 56', '+1234567', '+1234567890123456', '+0 123 456 789']) {
      expect(normalisePhone(bad), bad).toBeNull();
    }
    expect(normalisePhone('+12345678')).toBe('+12345678');
    expect(normalisePhone('+123456789012345')).toBe('+123456789012345');
  });
});

describe('formatPhone', () => {
  it('writes a French number in pairs after +33, and leaves other countries as they are', () => {
    expect(formatPhone('+33612345678')).toBe('+33 6 12 34 56 78');
    expect(formatPhone('+33102030405')).toBe('+33 1 02 03 04 05');
    expect(formatPhone('+442079460958')).toBe('+442079460958');
    // Not a French number of the national plan (too short, a 0 after +33): unchanged.
    expect(formatPhone('+3361234567')).toBe('+3361234567');
    expect(formatPhone('+33012345678')).toBe('+33012345678');
  });

  it('reads back to the same number: what it shows can be the value of a field', () => {
    const french = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^\d{8}$/)).map(([a, rest]) => `+33${a}${rest}`);
    const other = fc.stringMatching(/^\+[1-24-9]\d{7,14}$/);
    fc.assert(fc.property(fc.oneof(french, other), (e164) => normalisePhone(formatPhone(e164)) === e164));
  });
});
