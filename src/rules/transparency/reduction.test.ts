import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkPriceReduction, lowestPriceBetween, REDUCTION_RULE_FROM } from './reduction.ts';
import { TransparencyRulesError } from './errors.ts';

const tz = 'Europe/Paris';
// Reduction applies on 2026-12-01 (Paris): the reference period is 2026-11-01 .. 2026-11-30.
const ledger = [
  { from: '2026-09-01T00:00:00+02:00', priceCents: 10_000 },
  { from: '2026-11-10T00:00:00+01:00', priceCents: 8_000 },
  { from: '2026-11-20T00:00:00+01:00', priceCents: 12_000 },
];
const base = { appliesOn: '2026-12-01', tz, ledger };

describe('price reduction on the lowest price of the previous 30 days (Dir. 98/6/EC art. 6a; C. consom. L.112-1-1)', () => {
  it('takes the lowest price of the 30 days, not the last price, and names it', () => {
    const r = checkPriceReduction({ ...base, newPriceCents: 6_000, announcedBasisPoints: 2_500 });
    expect(r).toMatchObject({
      ok: true,
      refusal: null,
      referencePriceCents: 8_000,
      actualBasisPoints: 2_500,
      referenceFrom: '2026-11-01',
      referenceTo: '2026-11-30',
    });
    // "-50 %" on the last price (12,000) overstates it (CJEU C-330/23 Aldi Süd).
    expect(checkPriceReduction({ ...base, newPriceCents: 6_000, announcedBasisPoints: 5_000 })).toMatchObject({
      ok: false,
      refusal: 'overstated',
      referencePriceCents: 8_000,
    });
  });

  it('accepts the exact percentage, refuses one hundredth of a point above, accepts up to one point below', () => {
    // 8,000 -> 5,999: 25.0125 % off.
    const at = (bp: number) => checkPriceReduction({ ...base, newPriceCents: 5_999, announcedBasisPoints: bp });
    expect(at(2_501).ok).toBe(true); // 25.01 %: rounded down
    expect(at(2_502).refusal).toBe('overstated'); // 25.02 % > 25.0125 %
    expect(at(2_500).ok).toBe(true); // whole point rounded down
    expect(at(2_402).ok).toBe(true); // 24.02 %: 0.9925 point below
    expect(at(2_401).refusal).toBe('understated'); // 24.01 %: 1.0025 points below
    // Exactly one point below is refused as understated (the bound is strict).
    expect(checkPriceReduction({ ...base, newPriceCents: 6_000, announcedBasisPoints: 2_400 }).refusal).toBe('understated');
  });

  it('refuses a reduced price that is not below the reference', () => {
    expect(checkPriceReduction({ ...base, newPriceCents: 8_000, announcedBasisPoints: 100 })).toMatchObject({
      ok: false,
      refusal: 'no_reduction',
      referencePriceCents: 8_000,
    });
    expect(checkPriceReduction({ ...base, newPriceCents: 9_000, announcedBasisPoints: 100 }).refusal).toBe('no_reduction');
  });

  it('counts the 30 days in the trader’s time zone, edges included', () => {
    // A price in force only until the first second of day -30 still counts; one ending at its start does not.
    const edge = (fromStart: string) => [
      { from: '2026-10-01T00:00:00+02:00', priceCents: 5_000 },
      { from: fromStart, priceCents: 9_000 },
    ];
    const check = (l: { from: string; priceCents: number }[]) =>
      checkPriceReduction({ appliesOn: '2026-12-01', tz, ledger: l, newPriceCents: 4_000, announcedBasisPoints: 2_000 });
    expect(check(edge('2026-11-01T00:00:00+01:00')).referencePriceCents).toBe(9_000); // 5,000 ended when day -30 began
    expect(check(edge('2026-11-01T00:00:01+01:00')).referencePriceCents).toBe(5_000); // applied for a second of day -30
    // A price that begins on the reduction day is not in the reference period.
    const later = [...ledger, { from: '2026-12-01T00:00:00+01:00', priceCents: 1_000 }];
    expect(checkPriceReduction({ ...base, ledger: later, newPriceCents: 6_000, announcedBasisPoints: 2_500 }).referencePriceCents).toBe(
      8_000,
    );
    // The window is a pair of instants: a period starting 4 h after the 9,000 price began only sees 9,000.
    expect(lowestPriceBetween(edge('2026-11-01T00:00:00+01:00'), new Date('2026-11-01T04:00:00Z'), new Date('2026-12-01T05:00:00Z'))).toBe(
      9_000,
    );
  });

  it('refuses a missing reference: empty ledger, or a ledger that starts inside the 30 days', () => {
    expect(checkPriceReduction({ ...base, ledger: [], newPriceCents: 6_000, announcedBasisPoints: 2_500 })).toMatchObject({
      ok: false,
      refusal: 'missing_reference',
      referencePriceCents: null,
    });
    const young = [{ from: '2026-11-01T00:00:01+01:00', priceCents: 8_000 }];
    expect(checkPriceReduction({ ...base, ledger: young, newPriceCents: 6_000, announcedBasisPoints: 2_500 }).refusal).toBe(
      'missing_reference',
    );
    const justOld = [{ from: '2026-11-01T00:00:00+01:00', priceCents: 8_000 }];
    expect(checkPriceReduction({ ...base, ledger: justOld, newPriceCents: 6_000, announcedBasisPoints: 2_500 }).ok).toBe(true);
  });

  it('successive reductions take the 30 days before the first one (L.112-1-1 II)', () => {
    const promo = [...ledger, { from: '2026-12-01T00:00:00+01:00', priceCents: 6_000 }];
    const second = checkPriceReduction({
      appliesOn: '2026-12-10',
      tz,
      ledger: promo,
      newPriceCents: 4_000,
      announcedBasisPoints: 5_000,
      firstReductionOn: '2026-12-01',
    });
    expect(second).toMatchObject({ ok: true, referencePriceCents: 8_000, referenceFrom: '2026-11-01' });
    // Without it, the first reduced price would become the reference.
    expect(
      checkPriceReduction({ appliesOn: '2026-12-10', tz, ledger: promo, newPriceCents: 4_000, announcedBasisPoints: 5_000 }).refusal,
    ).toBe('overstated');
  });

  it('is dated: no rule before 2022-05-28; malformed input refused with a typed error', () => {
    const old = () => checkPriceReduction({ appliesOn: '2022-05-27', tz, ledger, newPriceCents: 1, announcedBasisPoints: 1 });
    expect(old).toThrow(TransparencyRulesError);
    expect(() => old()).toThrow(/2022-05-28/);
    expect(REDUCTION_RULE_FROM).toBe('2022-05-28');
    const bad = (patch: object) => () => checkPriceReduction({ ...base, newPriceCents: 6_000, announcedBasisPoints: 2_500, ...patch });
    expect(bad({ announcedBasisPoints: 0 })).toThrow(TransparencyRulesError);
    expect(bad({ announcedBasisPoints: 10_000 })).toThrow(TransparencyRulesError);
    expect(bad({ announcedBasisPoints: 25.5 })).toThrow(TransparencyRulesError);
    expect(bad({ newPriceCents: 0 })).toThrow(TransparencyRulesError);
    expect(bad({ appliesOn: '2026-02-30' })).toThrow(TransparencyRulesError);
    expect(bad({ firstReductionOn: '2026-12-02' })).toThrow(TransparencyRulesError);
  });

  it('never accepts an overstated percentage (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1_000_000 }),
        fc.integer({ min: 1, max: 9_999 }),
        fc.integer({ min: 1, max: 9_999 }),
        (ref, newPct, bp) => {
          const newPrice = Math.max(1, Math.floor((ref * newPct) / 10_000));
          const r = checkPriceReduction({
            appliesOn: '2026-12-01',
            tz,
            ledger: [{ from: '2026-01-01T00:00:00Z', priceCents: ref }],
            newPriceCents: newPrice,
            announcedBasisPoints: bp,
          });
          if (r.ok) {
            expect(bp * ref).toBeLessThanOrEqual((ref - newPrice) * 10_000);
            expect(bp).toBeGreaterThan(r.actualBasisPoints! - 100);
          }
        },
      ),
    );
  });
});
