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
  it('refuses malformed input and dates before the rules', () => {
    expect(() => terminationEffect({ ...base, sector: 'energy', receivedOn: '2027-02-30' })).toThrow(TransparencyRulesError);
    expect(() => terminationRuleFor('energy', '2016-06-30')).toThrow(TransparencyRulesError);
    expect(() => terminationRuleFor('gambling' as never, '2026-12-06')).toThrow(TransparencyRulesError);
  });
});
