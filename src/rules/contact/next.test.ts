import { describe, expect, it } from 'vitest';
import { evaluateContact, factsKey } from './evaluate.ts';
import { callingWindowsText, nextAllowedAt } from './next.ts';
import type { ContactFacts } from './policy.ts';

function facts(at: string, more: Partial<Omit<ContactFacts, 'at'>> = {}): ContactFacts {
  return {
    country: 'FR',
    channel: 'phone',
    purpose: 'prospecting',
    tz: 'Europe/Paris',
    consent: 'given',
    outOfHoursConsent: false,
    ongoingContract: false,
    relatedToContract: false,
    existingCustomerSimilarProduct: false,
    oppositionListed: false,
    attempts: [],
    refusals: [],
    sector: 'other',
    objection: false,
    gpc: false,
    ...more,
    at: new Date(at),
  };
}

function next(at: string, more: Partial<Omit<ContactFacts, 'at'>> = {}): string | null {
  const f = facts(at, more);
  const alone = nextAllowedAt(f)?.toISOString() ?? null;
  // Given the decision the caller already took on the same facts, the answer is the same.
  expect(nextAllowedAt(f, evaluateContact(f))?.toISOString() ?? null).toBe(alone);
  return alone;
}

describe('nextAllowedAt: when the agent may call', () => {
  it('says the legal windows as text', () => {
    expect(callingWindowsText()).toEqual(['10:00-13:00', '14:00-20:00']);
  });

  it('is now when allowed now', () => {
    expect(next('2026-12-07T10:00:00+01:00')).toBe('2026-12-07T09:00:00.000Z');
  });

  it('waits for the next window of the day, or the next calling day', () => {
    expect(next('2026-12-07T08:15:00+01:00')).toBe('2026-12-07T09:00:00.000Z');
    expect(next('2026-12-07T13:00:00+01:00')).toBe('2026-12-07T13:00:00.000Z');
    expect(next('2026-12-07T20:10:00+01:00')).toBe('2026-12-08T09:00:00.000Z');
  });

  it('Friday 20:00 to Monday 10:00, skipping a public holiday', () => {
    expect(next('2026-12-04T20:00:00+01:00')).toBe('2026-12-07T09:00:00.000Z');
    // Thursday 24 December, 20:30: Friday 25 is Christmas, then the weekend.
    expect(next('2026-12-24T20:30:00+01:00')).toBe('2026-12-28T09:00:00.000Z');
  });

  it('across a daylight-saving change and in an overseas zone', () => {
    // Friday 27 March 2026 (UTC+1) to Monday 30 March (UTC+2): 10:00 local is 08:00 UTC.
    expect(next('2026-03-27T20:00:00+01:00')).toBe('2026-03-30T08:00:00.000Z');
    expect(next('2026-12-07T20:10:00-04:00', { tz: 'America/Guadeloupe' })).toBe('2026-12-08T14:00:00.000Z');
  });

  it('waits out the attempt window and the 60 days after a refusal, then a calling window', () => {
    const attempts = ['2026-11-09T11:00:00+01:00', '2026-11-16T11:00:00+01:00', '2026-11-23T11:00:00+01:00', '2026-11-30T11:00:00+01:00'].map((a) => new Date(a));
    // The oldest leaves the window on Wednesday 9 December.
    expect(next('2026-12-08T11:00:00+01:00', { attempts })).toBe('2026-12-09T09:00:00.000Z');
    // Refused on Thursday 1 October: day 61 is Tuesday 1 December.
    expect(next('2026-10-02T11:00:00+02:00', { refusals: [new Date('2026-10-01T11:00:00+02:00')] })).toBe('2026-12-01T09:00:00.000Z');
  });

  it('with out-of-hours consent, only the caps are waited out', () => {
    expect(next('2026-12-05T23:00:00+01:00', { outOfHoursConsent: true })).toBe('2026-12-05T22:00:00.000Z');
  });

  it('is null when time lifts nothing, or when the opt-in starts while waiting', () => {
    expect(next('2026-12-07T20:10:00+01:00', { consent: 'none' })).toBeNull();
    expect(next('2026-12-07T11:00:00+01:00', { sector: 'energy_renovation' })).toBeNull();
    // Monday 10 August 2026, 20:30, no consent: allowed until tonight, but tomorrow needs a consent.
    expect(next('2026-08-10T20:30:00+02:00', { consent: 'none' })).toBeNull();
  });
});

describe('factsKey: the facts a decision and its next allowed instant are remembered by', () => {
  const base = facts('2026-12-15T10:00:00Z', { attempts: [new Date('2026-12-01T09:00:00Z')], refusals: [new Date('2026-12-01T09:00:00Z')] });
  // One different value for every field of ContactFacts: a field missing from the key would let two
  // different contacts share a remembered answer.
  const changed: { [K in keyof ContactFacts]: ContactFacts[K] } = {
    country: 'XX' as ContactFacts['country'],
    channel: 'sms',
    purpose: 'service',
    at: new Date('2026-12-15T10:00:01Z'),
    tz: 'America/Cayenne',
    consent: 'none',
    outOfHoursConsent: true,
    ongoingContract: true,
    relatedToContract: true,
    existingCustomerSimilarProduct: true,
    oppositionListed: true,
    attempts: [new Date('2026-12-02T09:00:00Z')],
    refusals: [],
    sector: 'energy_renovation',
    objection: true,
    gpc: true,
  };

  it.each(Object.keys(changed) as (keyof ContactFacts)[])('changes with %s', (field) => {
    expect(factsKey({ ...base, [field]: changed[field] })).not.toBe(factsKey(base));
  });

  it('reads attempts and refusals by their local day, in order', () => {
    const sameDay = { ...base, attempts: [new Date('2026-12-01T20:00:00Z')], refusals: [new Date('2026-12-01T22:59:59Z')] };
    expect(factsKey(sameDay)).toBe(factsKey(base));
    // 23:00 UTC is already 2 December in Paris.
    expect(factsKey({ ...base, attempts: [new Date('2026-12-01T23:00:00Z')] })).not.toBe(factsKey(base));
    const two = [new Date('2026-12-01T09:00:00Z'), new Date('2026-12-03T09:00:00Z')];
    expect(factsKey({ ...base, attempts: two })).not.toBe(factsKey({ ...base, attempts: [...two].reverse() }));
  });

  it('has no key when an attempt or a refusal lies after the instant judged', () => {
    expect(factsKey({ ...base, attempts: [new Date('2026-12-15T10:00:01Z')] })).toBeNull();
    expect(factsKey({ ...base, refusals: [new Date('2026-12-16T09:00:00Z')] })).toBeNull();
  });

  it('gives the same next allowed instant as searching again, for facts that share a key', () => {
    // Refused on Tuesday 2026-12-01 (Paris): calls again from day 61, 2027-01-31, a Sunday: Monday 10:00.
    const at = '2026-12-15T10:00:00Z';
    const morning = next(at, { refusals: [new Date('2026-12-01T08:00:00Z')] });
    const evening = next(at, { refusals: [new Date('2026-12-01T18:00:00Z')] });
    expect(morning).toBe('2027-02-01T09:00:00.000Z');
    expect(evening).toBe(morning);
  });
});
