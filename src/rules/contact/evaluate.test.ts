import { describe, expect, it } from 'vitest';
import { ContactRulesError, evaluateContact } from './evaluate.ts';
import type { ContactFacts, ContactReasonCode } from './policy.ts';

type FactsInput = Partial<Omit<ContactFacts, 'at' | 'attempts' | 'refusals'>> & {
  at: string;
  attempts?: readonly string[];
  refusals?: readonly string[];
};

/** Phone prospecting with the prospecting consent given, in Paris, unless said otherwise. */
function facts(input: FactsInput): ContactFacts {
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
    sector: 'other',
    objection: false,
    gpc: false,
    ...input,
    at: new Date(input.at),
    attempts: (input.attempts ?? []).map((a) => new Date(a)),
    refusals: (input.refusals ?? []).map((r) => new Date(r)),
  };
}

function reasons(input: FactsInput): ContactReasonCode[] {
  return evaluateContact(facts(input)).reasons.map((r) => r.code);
}

describe('calling hours, D.223-9 al. 1: [10:00, 13:00) and [14:00, 20:00) on the consumer’s wall clock', () => {
  // Monday 7 December 2026, Paris in winter time (UTC+1).
  it.each([
    ['09:59:59', ['outside_calling_hours']],
    ['10:00:00', []],
    ['12:59:59', []],
    ['13:00:00', ['outside_calling_hours']],
    ['13:59:59', ['outside_calling_hours']],
    ['14:00:00', []],
    ['19:59:59', []],
    ['20:00:00', ['outside_calling_hours']],
  ])('at %s', (time, expected) => {
    expect(reasons({ at: `2026-12-07T${time}+01:00` })).toEqual(expected);
  });

  it('cites the article and says it is the law', () => {
    const decision = evaluateContact(facts({ at: '2026-12-07T20:10:00+01:00' }));
    expect(decision.allowed).toBe(false);
    expect(decision.rules).toEqual(['C. consom. D.223-9 al. 1']);
    expect(decision.reasons[0]).toMatchObject({ code: 'outside_calling_hours', source: 'law', ruleId: 'fr.phone.calling-hours' });
    expect(decision.judgedOn).toBe('2026-12-07');
  });

  it('Friday evening, the weekend, then Monday morning', () => {
    expect(reasons({ at: '2026-12-04T19:59:00+01:00' })).toEqual([]);
    expect(reasons({ at: '2026-12-04T20:00:00+01:00' })).toEqual(['outside_calling_hours']);
    expect(reasons({ at: '2026-12-05T11:00:00+01:00' })).toEqual(['outside_calling_days']);
    expect(reasons({ at: '2026-12-06T21:00:00+01:00' })).toEqual(['outside_calling_days', 'outside_calling_hours']);
    expect(reasons({ at: '2026-12-07T10:00:00+01:00' })).toEqual([]);
  });

  it('no call on a public holiday of C. trav. L.3133-1, whatever the weekday', () => {
    const armistice = evaluateContact(facts({ at: '2026-11-11T11:00:00+01:00' }));
    expect(armistice.reasons.map((r) => r.code)).toEqual(['public_holiday']);
    expect(armistice.rules).toEqual(['C. consom. D.223-9 al. 1; C. trav. L.3133-1']);
    expect(reasons({ at: '2026-12-25T11:00:00+01:00' })).toEqual(['public_holiday']);
    expect(reasons({ at: '2026-11-10T11:00:00+01:00' })).toEqual([]);
  });

  it('local holidays under other texts are not D.223-9 holidays (Good Friday in Alsace, 22 May in Martinique)', () => {
    expect(reasons({ at: '2027-03-26T11:00:00+01:00', tz: 'Europe/Paris' })).toEqual([]);
    expect(reasons({ at: '2026-05-22T11:00:00-04:00', tz: 'America/Martinique' })).toEqual([]);
  });

  it('reads the wall clock of overseas consumers', () => {
    // Guadeloupe, UTC-4: 10:00 local is 14:00 UTC, when Paris is already at 15:00.
    expect(reasons({ at: '2026-12-07T13:59:00Z', tz: 'America/Guadeloupe' })).toEqual(['outside_calling_hours']);
    expect(reasons({ at: '2026-12-07T14:00:00Z', tz: 'America/Guadeloupe' })).toEqual([]);
    expect(reasons({ at: '2026-12-07T23:59:00Z', tz: 'America/Guadeloupe' })).toEqual([]);
    // La Réunion, UTC+4: 20:00 local is 16:00 UTC.
    expect(reasons({ at: '2026-12-07T15:59:00Z', tz: 'Indian/Reunion' })).toEqual([]);
    expect(reasons({ at: '2026-12-07T16:00:00Z', tz: 'Indian/Reunion' })).toEqual(['outside_calling_hours']);
    // Nouméa, UTC+11: 23:00 UTC on Sunday is already Monday 10:00 there, and still Sunday 23:59 in Paris a minute before.
    expect(reasons({ at: '2026-12-06T23:00:00Z', tz: 'Pacific/Noumea' })).toEqual([]);
    expect(reasons({ at: '2026-12-06T22:59:00Z', tz: 'Pacific/Noumea' })).toEqual(['outside_calling_hours']);
    expect(reasons({ at: '2026-12-06T22:59:00Z', tz: 'Europe/Paris' })).toEqual(['outside_calling_days', 'outside_calling_hours']);
  });

  it('follows daylight-saving changes', () => {
    // Before the spring change (29 March 2026) Paris is UTC+1, after it UTC+2.
    expect(reasons({ at: '2026-03-27T08:59:00Z' })).toEqual(['outside_calling_hours']);
    expect(reasons({ at: '2026-03-27T09:00:00Z' })).toEqual([]);
    expect(reasons({ at: '2026-03-30T07:59:00Z' })).toEqual(['outside_calling_hours']);
    expect(reasons({ at: '2026-03-30T08:00:00Z' })).toEqual([]);
    expect(reasons({ at: '2026-03-30T17:59:00Z' })).toEqual([]);
    expect(reasons({ at: '2026-03-30T18:00:00Z' })).toEqual(['outside_calling_hours']);
    // After the autumn change (25 October 2026) back to UTC+1.
    expect(reasons({ at: '2026-10-23T18:00:00Z' })).toEqual(['outside_calling_hours']);
    expect(reasons({ at: '2026-10-26T18:00:00Z' })).toEqual([]);
    expect(reasons({ at: '2026-10-26T19:00:00Z' })).toEqual(['outside_calling_hours']);
  });

  it('did not exist before 1 March 2023 (décret 2022-1313)', () => {
    expect(reasons({ at: '2023-02-28T21:00:00+01:00' })).toEqual([]);
    expect(reasons({ at: '2023-03-01T21:00:00+01:00' })).toEqual(['outside_calling_hours']);
  });
});

describe('out-of-hours consent, D.223-9 al. 2: lifts the days and hours only', () => {
  it('allows Saturday and evening calls with the prospecting consent', () => {
    expect(reasons({ at: '2026-12-05T11:00:00+01:00', outOfHoursConsent: true })).toEqual([]);
    expect(reasons({ at: '2026-12-06T21:00:00+01:00', outOfHoursConsent: true })).toEqual([]);
    expect(reasons({ at: '2026-12-25T08:00:00+01:00', outOfHoursConsent: true })).toEqual([]);
  });

  it('is no consent to prospecting', () => {
    expect(reasons({ at: '2026-12-05T11:00:00+01:00', outOfHoursConsent: true, consent: 'none' })).toEqual(['consent_missing']);
    expect(reasons({ at: '2026-12-05T11:00:00+01:00', outOfHoursConsent: false, consent: 'none' })).toEqual(['consent_missing', 'outside_calling_days']);
    // Before the opt-in, nothing else was needed.
    expect(reasons({ at: '2026-08-08T11:00:00+02:00', outOfHoursConsent: true, consent: 'none' })).toEqual([]);
  });

  it('does not lift the attempt cap nor the 60 days after a refusal', () => {
    const attempts = ['2026-12-01T10:00:00+01:00', '2026-12-02T10:00:00+01:00', '2026-12-03T10:00:00+01:00', '2026-12-04T10:00:00+01:00'];
    expect(reasons({ at: '2026-12-05T11:00:00+01:00', outOfHoursConsent: true, attempts })).toEqual(['attempt_cap_reached']);
    expect(reasons({ at: '2026-12-05T11:00:00+01:00', outOfHoursConsent: true, refusals: ['2026-11-20T11:00:00+01:00'] })).toEqual(['refusal_cooling_off']);
  });
});

describe('4 calls or attempts per 30 calendar days, D.223-9 al. 3', () => {
  // The window of a contact on Tuesday 8 December is 9 November to 8 December (local days).
  const four = ['2026-11-09T11:00:00+01:00', '2026-11-16T11:00:00+01:00', '2026-11-23T11:00:00+01:00', '2026-11-30T11:00:00+01:00'];

  it('allows the 4th attempt and refuses the 5th, naming the 4 earlier ones', () => {
    expect(reasons({ at: '2026-12-08T11:00:00+01:00', attempts: four.slice(1) })).toEqual([]);
    const fifth = evaluateContact(facts({ at: '2026-12-08T11:00:00+01:00', attempts: four }));
    expect(fifth.reasons).toEqual([{ code: 'attempt_cap_reached', source: 'law', ref: 'C. consom. D.223-9 al. 3', ruleId: 'fr.phone.attempt-cap', evidence: { attempts: [0, 1, 2, 3] } }]);
  });

  it('allows again on the day the oldest attempt leaves the window', () => {
    expect(reasons({ at: '2026-12-08T19:59:00+01:00', attempts: four })).toEqual(['attempt_cap_reached']);
    expect(reasons({ at: '2026-12-09T10:00:00+01:00', attempts: four })).toEqual([]);
  });

  it('counts attempts by the consumer’s local day', () => {
    // 23:30 UTC on 8 November is 00:30 on 9 November in Paris (inside), but 19:30 on 8 November in Guadeloupe (outside).
    const late = ['2026-11-08T23:30:00Z', ...four.slice(1)];
    expect(reasons({ at: '2026-12-08T11:00:00+01:00', attempts: late })).toEqual(['attempt_cap_reached']);
    expect(reasons({ at: '2026-12-08T15:00:00Z', tz: 'America/Guadeloupe', attempts: late })).toEqual([]);
  });

  it('ignores attempts after the instant judged and other channels', () => {
    expect(reasons({ at: '2026-12-08T11:00:00+01:00', attempts: [...four.slice(1), '2026-12-08T11:30:00+01:00'] })).toEqual([]);
    expect(reasons({ at: '2026-12-08T11:00:00+01:00', channel: 'sms', attempts: four })).toEqual([]);
  });
});

describe('60 full days after a refusal, D.223-9 al. 3', () => {
  // Refused on Thursday 1 October 2026 (00:30 in Paris, still 30 September in UTC).
  const refusals = ['2026-09-30T22:30:00Z'];

  it('refuses through day 60 and allows from day 61', () => {
    expect(reasons({ at: '2026-11-30T19:59:00+01:00', refusals })).toEqual(['refusal_cooling_off']);
    expect(reasons({ at: '2026-12-01T10:00:00+01:00', refusals })).toEqual([]);
  });

  it('names the refusal as evidence and cites al. 3', () => {
    const decision = evaluateContact(facts({ at: '2026-10-02T11:00:00+02:00', refusals: ['2025-01-01T11:00:00+01:00', ...refusals] }));
    expect(decision.reasons).toEqual([{ code: 'refusal_cooling_off', source: 'law', ref: 'C. consom. D.223-9 al. 3', ruleId: 'fr.phone.refusal-60-days', evidence: { refusals: [1] } }]);
  });
});

describe('phone consent: the opposition list until 2026-08-10, the opt-in from 2026-08-11', () => {
  it('the last day of the opposition list and the first day of the opt-in', () => {
    expect(reasons({ at: '2026-08-10T11:00:00+02:00', consent: 'none' })).toEqual([]);
    expect(reasons({ at: '2026-08-10T11:00:00+02:00', consent: 'none', oppositionListed: true })).toEqual(['opposition_listed']);
    expect(reasons({ at: '2026-08-11T11:00:00+02:00', consent: 'none' })).toEqual(['consent_missing']);
    // A listed consumer who consented may be called: the list is no longer the rule.
    expect(reasons({ at: '2026-08-11T11:00:00+02:00', consent: 'given', oppositionListed: true })).toEqual([]);
  });

  it('the opt-in starts at the consumer’s local midnight', () => {
    // 23:30 UTC on 10 August: 11 August in Paris, still 10 August in Guadeloupe.
    const evening = { at: '2026-08-10T23:30:00Z', consent: 'none', outOfHoursConsent: true } as const;
    expect(reasons({ ...evening, tz: 'Europe/Paris' })).toEqual(['consent_missing']);
    expect(reasons({ ...evening, tz: 'America/Guadeloupe' })).toEqual([]);
  });

  it('the ongoing-contract exception needs an offer related to the contract (since loi 2020-901)', () => {
    const listed = { consent: 'none', oppositionListed: true, ongoingContract: true } as const;
    expect(reasons({ ...listed, at: '2026-08-10T11:00:00+02:00', relatedToContract: true })).toEqual([]);
    expect(reasons({ ...listed, at: '2026-08-10T11:00:00+02:00' })).toEqual(['opposition_listed']);
    // Before loi 2020-901, any pre-existing contract was enough.
    expect(reasons({ ...listed, at: '2019-06-03T11:00:00+02:00' })).toEqual([]);
    expect(reasons({ ...listed, at: '2026-08-11T11:00:00+02:00', relatedToContract: true })).toEqual([]);
    expect(reasons({ ...listed, at: '2026-08-11T11:00:00+02:00' })).toEqual(['consent_missing']);
  });

  it('a withdrawn consent refuses, under both regimes, with the right article', () => {
    const before = evaluateContact(facts({ at: '2026-08-10T11:00:00+02:00', consent: 'withdrawn', ongoingContract: true, relatedToContract: true }));
    expect(before.reasons.map((r) => [r.code, r.ref])).toEqual([['consent_withdrawn', 'RGPD art. 21(2)-(3)']]);
    const after = evaluateContact(facts({ at: '2026-08-11T11:00:00+02:00', consent: 'withdrawn', ongoingContract: true, relatedToContract: true }));
    expect(after.reasons.map((r) => [r.code, r.ref])).toEqual([['consent_withdrawn', 'C. consom. L.223-1; loi 2025-594 art. 13 III']]);
  });
});

describe('banned sectors, C. consom. L.223-1', () => {
  const at = '2026-12-07T11:00:00+01:00';

  it.each(['phone', 'sms', 'email'] as const)('%s: refused for both sectors since 2025-07-01, whatever the consent', (channel) => {
    expect(reasons({ at, channel, sector: 'energy_renovation' })).toEqual(['banned_sector']);
    expect(reasons({ at, channel, sector: 'housing_adaptation' })).toEqual(['banned_sector']);
    expect(reasons({ at, channel, sector: 'other' })).toEqual([]);
  });

  it.each(['phone', 'sms', 'email'] as const)('%s: excepted only under an ongoing contract, for a related offer', (channel) => {
    expect(reasons({ at, channel, sector: 'energy_renovation', ongoingContract: true, relatedToContract: true })).toEqual([]);
    expect(reasons({ at, channel, sector: 'energy_renovation', ongoingContract: true })).toEqual(['banned_sector']);
    expect(reasons({ at, channel, sector: 'housing_adaptation', relatedToContract: true })).toEqual(['banned_sector']);
  });

  it('post is not an electronic channel', () => {
    expect(reasons({ at, channel: 'post', sector: 'energy_renovation', consent: 'none' })).toEqual([]);
  });

  it('before 2025-07-01: energy works by phone only (loi 2020-901, in force 2020-07-26)', () => {
    const monday = '2025-06-30T11:00:00+02:00';
    expect(evaluateContact(facts({ at: monday, sector: 'energy_renovation' })).rules).toEqual(['C. consom. L.223-1; loi 2020-901']);
    expect(reasons({ at: monday, channel: 'email', sector: 'energy_renovation' })).toEqual([]);
    expect(reasons({ at: monday, sector: 'housing_adaptation' })).toEqual([]);
    expect(reasons({ at: '2025-07-01T11:00:00+02:00', sector: 'housing_adaptation' })).toEqual(['banned_sector']);
    expect(reasons({ at: '2020-07-24T11:00:00+02:00', sector: 'energy_renovation' })).toEqual([]);
    expect(reasons({ at: '2020-07-27T11:00:00+02:00', sector: 'energy_renovation' })).toEqual(['banned_sector']);
  });
});

describe('e-mail and SMS, CPCE L.34-5', () => {
  const at = '2026-12-06T22:00:00+01:00'; // Sunday night: calling hours do not apply to messages

  it.each(['email', 'sms'] as const)('%s: consent or soft opt-in, unless withdrawn', (channel) => {
    expect(reasons({ at, channel, consent: 'given' })).toEqual([]);
    expect(reasons({ at, channel, consent: 'none' })).toEqual(['consent_missing']);
    expect(reasons({ at, channel, consent: 'none', existingCustomerSimilarProduct: true })).toEqual([]);
    expect(reasons({ at, channel, consent: 'withdrawn', existingCustomerSimilarProduct: true })).toEqual(['consent_withdrawn']);
    expect(evaluateContact(facts({ at, channel, consent: 'none' })).rules).toEqual(['CPCE L.34-5']);
  });
});

describe('objection and Global Privacy Control, GDPR Art. 21', () => {
  const at = '2026-12-07T11:00:00+01:00';

  it.each(['phone', 'sms', 'email', 'post'] as const)('%s: objection and GPC refuse prospecting', (channel) => {
    expect(reasons({ at, channel, objection: true })).toEqual(['objection_to_marketing']);
    expect(reasons({ at, channel, gpc: true })).toEqual(['gpc_objection']);
  });

  it('before the GDPR, the objection of loi 78-17 art. 38; no GPC', () => {
    expect(evaluateContact(facts({ at: '2018-05-24T11:00:00+02:00', objection: true, gpc: true })).rules).toEqual(['loi 78-17 art. 38']);
    expect(evaluateContact(facts({ at: '2018-05-25T11:00:00+02:00', objection: true, gpc: true })).rules).toEqual(['RGPD art. 21(2)-(3)', 'RGPD art. 21(5)']);
  });

  it('a withdrawal on a channel needing no consent is an objection (post)', () => {
    expect(reasons({ at, channel: 'post', consent: 'withdrawn' })).toEqual(['consent_withdrawn']);
  });
});

describe('purpose service and the limits of the pack', () => {
  it('service is outside the canvassing rules', () => {
    const everything = {
      at: '2026-12-06T21:00:00+01:00',
      purpose: 'service',
      consent: 'withdrawn',
      objection: true,
      gpc: true,
      sector: 'energy_renovation',
      oppositionListed: true,
      refusals: ['2026-12-01T11:00:00+01:00'],
    } as const;
    expect(evaluateContact(facts(everything))).toEqual({ allowed: true, reasons: [], rules: [], judgedOn: '2026-12-06' });
  });

  it('gives every reason that applies, each article once', () => {
    const decision = evaluateContact(
      facts({ at: '2026-12-06T21:00:00+01:00', consent: 'none', sector: 'energy_renovation', objection: true, refusals: ['2026-12-01T11:00:00+01:00'] }),
    );
    expect(decision.reasons.map((r) => r.code)).toEqual([
      'objection_to_marketing',
      'banned_sector',
      'consent_missing',
      'outside_calling_days',
      'outside_calling_hours',
      'refusal_cooling_off',
    ]);
    expect(decision.rules).toEqual([
      'RGPD art. 21(2)-(3)',
      'C. consom. L.223-1; loi 2025-594 art. 13 II',
      'C. consom. L.223-1; loi 2025-594 art. 13 III',
      'C. consom. D.223-9 al. 1',
      'C. consom. D.223-9 al. 3',
    ]);
  });

  it('judges nothing before 2016-06-01 (local date) nor for a country without a pack', () => {
    expect(() => evaluateContact(facts({ at: '2016-05-31T21:59:00Z' }))).toThrow(ContactRulesError);
    expect(evaluateContact(facts({ at: '2016-05-31T22:00:00Z' })).judgedOn).toBe('2016-06-01');
    expect(() => evaluateContact({ ...facts({ at: '2026-12-07T11:00:00+01:00' }), country: 'BE' as 'FR' })).toThrow(/No contact rules for country "BE"/);
  });
});
