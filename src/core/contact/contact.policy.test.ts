import { describe, expect, it } from 'vitest';
import { evaluateContact } from '../../rules/contact/index.ts';
import * as policy from './contact.policy.ts';
import type { GatheredContact, PurposeLite } from './contact.policy.ts';

const purpose = (key: string, more: Partial<PurposeLite> = {}): PurposeLite => ({
  id: `id-${key}`,
  key,
  legalBasis: 'consent',
  dataUse: 'marketing.communications.telephone',
  channels: ['phone', 'sms'],
  status: 'active',
  ...more,
});

describe('contact policy', () => {
  it('the prospecting consent of a channel: active marketing consents covering it, not the out-of-hours one', () => {
    const purposes = [
      purpose('offers-phone'),
      purpose('newsletter', { dataUse: 'marketing.communications.email', channels: ['email'] }),
      purpose('billing', { legalBasis: 'contract', dataUse: 'essential.service.payment_processing' }),
      purpose('old', { status: 'retired' }),
      purpose(policy.OUT_OF_HOURS_PURPOSE_KEY, { channels: ['phone'] }),
    ];
    expect(policy.prospectingPurposes(purposes, 'phone').map((p) => p.key)).toEqual(['offers-phone']);
    expect(policy.prospectingPurposes(purposes, 'email').map((p) => p.key)).toEqual(['newsletter']);
    expect(policy.prospectingPurposes(purposes, 'phone', 'newsletter')).toEqual([]);
    expect(policy.outOfHoursPurpose(purposes)?.key).toBe(policy.OUT_OF_HOURS_PURPOSE_KEY);
  });

  it('reads consent answers, a "no" on any purpose winning over a "yes"', () => {
    expect(policy.readConsent({ reason: 'consent', evidence: 'e1' })).toEqual({ state: 'given', eventId: 'e1' });
    expect(policy.readConsent({ reason: 'refused', evidence: 'e2' })).toEqual({ state: 'withdrawn', eventId: 'e2' });
    expect(policy.readConsent({ reason: 'expired', evidence: 'e3' })).toEqual({ state: 'none', eventId: null });
    const given = { state: 'given', eventId: 'g' } as const;
    const withdrawn = { state: 'withdrawn', eventId: 'w' } as const;
    expect(policy.combineConsents([given, withdrawn])).toBe(withdrawn);
    expect(policy.combineConsents([given])).toBe(given);
    expect(policy.combineConsents([])).toEqual({ state: 'none', eventId: null });
  });

  it('objections that count: to every purpose or to the channel’s; GPC; never an Art. 18 restriction', () => {
    const restrictions = [
      { id: 'r1', kind: 'objection', purposeId: null },
      { id: 'r2', kind: 'objection', purposeId: 'other' },
      { id: 'r3', kind: 'objection', purposeId: 'id-offers-phone' },
      { id: 'r4', kind: 'gpc', purposeId: null },
      { id: 'r5', kind: 'restriction', purposeId: null },
    ];
    const found = policy.objectionsTo(restrictions, new Set(['id-offers-phone']));
    expect(found.objection.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(found.gpc.map((r) => r.id)).toEqual(['r4']);
  });

  it('what a refusal withdraws: from 2026-08-11 on the consumer’s local day; do not call always', () => {
    const call = { channel: 'phone', purpose: 'prospecting', outcome: 'refused' } as const;
    expect(policy.consentWithdrawalFor({ ...call, occurredAt: new Date('2026-08-10T21:59:00Z') }, 'Europe/Paris')).toBe('none');
    expect(policy.consentWithdrawalFor({ ...call, occurredAt: new Date('2026-08-10T22:00:00Z') }, 'Europe/Paris')).toBe('given');
    expect(policy.consentWithdrawalFor({ ...call, occurredAt: new Date('2026-08-10T22:00:00Z') }, 'America/Guadeloupe')).toBe('none');
    expect(
      policy.consentWithdrawalFor({ ...call, outcome: 'do_not_call', occurredAt: new Date('2020-01-06T10:00:00Z') }, 'Europe/Paris'),
    ).toBe('all');
    expect(
      policy.consentWithdrawalFor(
        { ...call, purpose: 'service', outcome: 'do_not_call', occurredAt: new Date('2026-09-01T10:00:00Z') },
        'Europe/Paris',
      ),
    ).toBe('all');
    expect(policy.consentWithdrawalFor({ ...call, purpose: 'service', occurredAt: new Date('2026-09-01T10:00:00Z') }, 'Europe/Paris')).toBe(
      'none',
    );
    expect(
      policy.consentWithdrawalFor(
        { ...call, channel: 'sms', outcome: 'do_not_call', occurredAt: new Date('2026-09-01T10:00:00Z') },
        'Europe/Paris',
      ),
    ).toBe('none');
  });

  it('facts and evidence: prospecting calls only; each reason names its records', () => {
    const history = [
      { id: 'a1', channel: 'phone', purpose: 'prospecting', outcome: 'no_answer', occurredAt: new Date('2026-11-09T10:00:00Z') },
      { id: 's1', channel: 'phone', purpose: 'service', outcome: 'answered', occurredAt: new Date('2026-11-10T10:00:00Z') },
      { id: 'a2', channel: 'phone', purpose: 'prospecting', outcome: 'no_answer', occurredAt: new Date('2026-11-16T10:00:00Z') },
      { id: 'a3', channel: 'phone', purpose: 'prospecting', outcome: 'answered', occurredAt: new Date('2026-11-23T10:00:00Z') },
      { id: 'r1', channel: 'phone', purpose: 'prospecting', outcome: 'refused', occurredAt: new Date('2026-11-30T10:00:00Z') },
    ] as const;
    const gathered: GatheredContact = {
      channel: 'phone',
      purpose: 'prospecting',
      at: new Date('2026-12-02T10:00:00Z'),
      declared: {
        tz: 'Europe/Paris',
        sector: 'other',
        ongoingContract: false,
        relatedToContract: false,
        existingCustomerSimilarProduct: false,
        oppositionListed: false,
      },
      consent: { state: 'withdrawn', eventId: 'w1' },
      outOfHours: { state: 'none', eventId: null },
      objection: [],
      gpc: [{ id: 'g1', kind: 'gpc', purposeId: null }],
      history,
      oppositionList: null,
    };
    const { facts, attemptIds, refusalIds } = policy.factsOf(gathered);
    expect(attemptIds).toEqual(['a1', 'a2', 'a3', 'r1']);
    expect(refusalIds).toEqual(['r1']);
    expect(facts.gpc).toBe(true);
    const decision = evaluateContact(facts);
    const { reasons, evidence } = policy.evidenceOf(decision, gathered, { attemptIds, refusalIds });
    expect(reasons.map((r) => [r.code, r.evidence])).toEqual([
      ['gpc_objection', ['g1']],
      ['consent_withdrawn', ['w1']],
      ['attempt_cap_reached', ['a1', 'a2', 'a3', 'r1']],
      ['refusal_cooling_off', ['r1']],
    ]);
    expect(evidence).toEqual({ consentEvents: ['w1'], restrictions: ['g1'], attempts: ['a1', 'a2', 'a3', 'r1'] });
  });

  it('the opposition list extract in force: the newest dated on or before the day, from its own day', () => {
    const lists = [
      { id: 'jan', country: 'FR', extractedOn: '2026-01-05' },
      { id: 'feb', country: 'FR', extractedOn: '2026-02-02' },
      { id: 'other', country: 'BE', extractedOn: '2026-01-20' },
    ];
    expect(policy.extractInForce(lists, '2026-01-04')).toBeUndefined();
    expect(policy.extractInForce(lists, '2026-01-05')?.id).toBe('jan');
    expect(policy.extractInForce(lists, '2026-02-01')?.id).toBe('jan');
    expect(policy.extractInForce(lists, '2026-02-02')?.id).toBe('feb');
    expect(policy.extractsBetween(lists, '2026-01-10', '2026-02-02').map((l) => l.id)).toEqual(['jan', 'feb']);
    expect(policy.extractsBetween(lists, '2026-02-03', '2026-03-01').map((l) => l.id)).toEqual(['feb']);
  });

  it('a number found on the extract refuses a call before 2026-08-11 with the extract as evidence; after, the list no longer decides', () => {
    const base: GatheredContact = {
      channel: 'phone',
      purpose: 'prospecting',
      at: new Date('2026-08-10T09:00:00Z'),
      declared: {
        tz: 'Europe/Paris',
        sector: 'other',
        ongoingContract: false,
        relatedToContract: false,
        existingCustomerSimilarProduct: false,
        oppositionListed: false,
      },
      consent: { state: 'given', eventId: 'c1' },
      outOfHours: { state: 'none', eventId: null },
      objection: [],
      gpc: [],
      history: [],
      oppositionList: { id: 'bloctel-2026-08', listed: true },
    };
    const judge = (g: GatheredContact) => {
      const { facts, attemptIds, refusalIds } = policy.factsOf(g);
      return policy.evidenceOf(evaluateContact(facts), g, { attemptIds, refusalIds });
    };
    const listed = judge(base);
    expect(listed.reasons.map((r) => [r.code, r.evidence])).toEqual([['opposition_listed', ['bloctel-2026-08']]]);
    expect(listed.evidence.oppositionLists).toEqual(['bloctel-2026-08']);
    // Not on the extract: allowed, and the extract checked is kept as the proof of the scrub.
    const clear = judge({ ...base, oppositionList: { id: 'bloctel-2026-08', listed: false } });
    expect(clear.reasons).toEqual([]);
    expect(clear.evidence.oppositionLists).toEqual(['bloctel-2026-08']);
    // From 2026-08-11 the opt-in replaces the list (loi 2025-594 art. 13 III).
    expect(judge({ ...base, at: new Date('2026-08-11T09:00:00Z') }).reasons).toEqual([]);
  });
});
