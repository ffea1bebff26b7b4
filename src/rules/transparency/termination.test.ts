import { describe, expect, it } from 'vitest';
import { ANY_TIME_REF, terminationEffect, terminationRuleFor } from './termination.ts';
import { TransparencyRulesError } from './errors.ts';

const base = { commitmentEndOn: null, terminateAnyTimeFrom: null };

describe('when an online termination takes effect, per sector', () => {
  it('electronic communications: ten days after the day received (L.224-39), month end crossed, weekend not moved', () => {
    expect(terminationEffect({ ...base, sector: 'electronic_communications', receivedOn: '2027-01-25' })).toEqual({
      endOn: '2027-02-04',
      source: 'law',
      ref: 'C. consom. L.224-39',
    });
    // 2027-02-06 is a Saturday: an end of contract is not a time to act, it stays.
    expect(terminationEffect({ ...base, sector: 'electronic_communications', receivedOn: '2027-01-27' }).endOn).toBe('2027-02-06');
  });
  it('energy and banking: thirty days after (L.224-14; C. monét. fin. L.312-1-1), across a leap day', () => {
    expect(terminationEffect({ ...base, sector: 'energy', receivedOn: '2028-02-01' }).endOn).toBe('2028-03-02');
    expect(terminationEffect({ ...base, sector: 'banking', receivedOn: '2027-02-01' }).endOn).toBe('2027-03-03');
  });
  it('other contracts: the last committed day while the term runs, the day after once it has passed', () => {
    const other = { ...base, sector: 'other' as const };
    expect(terminationEffect({ ...other, receivedOn: '2027-03-10', commitmentEndOn: '2027-06-30' })).toMatchObject({
      endOn: '2027-06-30',
      source: 'policy',
    });
    // Received the day before the last day: the term is the next day.
    expect(terminationEffect({ ...other, receivedOn: '2027-06-29', commitmentEndOn: '2027-06-30' }).endOn).toBe('2027-06-30');
    // Received on the last day or after: the day after.
    expect(terminationEffect({ ...other, receivedOn: '2027-06-30', commitmentEndOn: '2027-06-30' }).endOn).toBe('2027-07-01');
    expect(terminationEffect({ ...other, receivedOn: '2027-03-10' }).endOn).toBe('2027-03-11');
  });
  it('a missed renewal reminder: at any time from the renewal day, ending the day after (L.215-1 al. 2)', () => {
    const missed = { sector: 'other' as const, commitmentEndOn: '2028-06-30', terminateAnyTimeFrom: '2027-07-01' };
    expect(terminationEffect({ ...missed, receivedOn: '2027-06-30' })).toMatchObject({ endOn: '2028-06-30', ref: 'C. civ. art. 1212' });
    expect(terminationEffect({ ...missed, receivedOn: '2027-07-01' })).toEqual({ endOn: '2027-07-02', source: 'law', ref: ANY_TIME_REF });
    // The sector's date when it is earlier is kept (never later than the law allows).
    expect(terminationEffect({ ...missed, sector: 'energy', receivedOn: '2027-07-01' }).endOn).toBe('2027-07-02');
  });
  describe('a consumer told of a change terminates within its window: without cost, never held to the change', () => {
    // An "other" contract committed until 2027-12-31; a change on 2027-03-01, to terminate by 2027-02-28 (R.212-4, policy).
    const other = { sector: 'other' as const, commitmentEndOn: '2027-12-31', terminateAnyTimeFrom: null };
    const otherChange = { effectiveOn: '2027-03-01', terminateBy: '2027-02-28', source: 'policy' as const, ref: 'C. consom. R.212-4' };
    it('other: the commitment does not hold; the day after, as without a term', () => {
      expect(terminationEffect({ ...other, receivedOn: '2027-02-10', change: otherChange })).toEqual({
        endOn: '2027-02-11',
        source: 'policy',
        ref: 'C. consom. R.212-4',
      });
    });
    it('other: received on the last day of the window (the day before the change), it ends that day', () => {
      expect(terminationEffect({ ...other, receivedOn: '2027-02-28', change: otherChange }).endOn).toBe('2027-02-28');
    });
    it('other: the day after the window, the commitment holds again', () => {
      expect(terminationEffect({ ...other, receivedOn: '2027-03-01', change: otherChange })).toMatchObject({
        endOn: '2027-12-31',
        ref: 'C. civ. art. 1212',
      });
    });
    // Energy: a change on 2027-03-01 notified 2027-01-20, to terminate by 2027-04-20 (L.224-10).
    const energyChange = { effectiveOn: '2027-03-01', terminateBy: '2027-04-20', source: 'law' as const, ref: 'C. consom. L.224-10' };
    const energy = { sector: 'energy' as const, commitmentEndOn: null, terminateAnyTimeFrom: null };
    it('energy: thirty days when they end before the change (L.224-14), the sector rule cited', () => {
      expect(terminationEffect({ ...energy, receivedOn: '2027-01-29', change: energyChange })).toEqual({
        endOn: '2027-02-28',
        source: 'law',
        ref: 'C. consom. L.224-14',
      });
    });
    it('energy: one day later, thirty days would reach the change: it ends the day before (2027-02-28), the change rule cited', () => {
      expect(terminationEffect({ ...energy, receivedOn: '2027-01-30', change: energyChange })).toEqual({
        endOn: '2027-02-28',
        source: 'law',
        ref: 'C. consom. L.224-10',
      });
      expect(terminationEffect({ ...energy, receivedOn: '2027-02-27', change: energyChange }).endOn).toBe('2027-02-28');
    });
    it('energy: received the day the change applies or after, within the window: the sector delay, without cost', () => {
      expect(terminationEffect({ ...energy, receivedOn: '2027-03-01', change: energyChange })).toMatchObject({
        endOn: '2027-03-31',
        ref: 'C. consom. L.224-14',
      });
    });
    it('electronic communications: ten days, or the day before a change nearer than that (L.224-33)', () => {
      const change = { effectiveOn: '2027-03-01', terminateBy: '2027-07-01', source: 'law' as const, ref: 'C. consom. L.224-33' };
      const ec = { sector: 'electronic_communications' as const, commitmentEndOn: '2028-01-31', terminateAnyTimeFrom: null };
      expect(terminationEffect({ ...ec, receivedOn: '2027-02-18', change }).endOn).toBe('2027-02-28');
      expect(terminationEffect({ ...ec, receivedOn: '2027-02-19', change })).toMatchObject({ endOn: '2027-02-28', ref: 'C. consom. L.224-33' });
    });
    it('refuses a malformed change', () => {
      expect(() => terminationEffect({ ...energy, receivedOn: '2027-02-01', change: { ...energyChange, effectiveOn: '2027-02-30' } })).toThrow(
        TransparencyRulesError,
      );
    });
  });
  it('refuses malformed input and dates before the rules', () => {
    expect(() => terminationEffect({ ...base, sector: 'energy', receivedOn: '2027-02-30' })).toThrow(TransparencyRulesError);
    expect(() => terminationRuleFor('energy', '2016-06-30')).toThrow(TransparencyRulesError);
    expect(() => terminationRuleFor('gambling' as never, '2026-12-06')).toThrow(TransparencyRulesError);
  });
});
