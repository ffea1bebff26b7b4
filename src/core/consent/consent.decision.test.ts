import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConsentIndex, type Channel, type ConsentKind, type StateInput } from './consent.decision.ts';

const P = {
  newsletter: '00000000-0000-4000-8000-000000000001',
  billing: '00000000-0000-4000-8000-000000000002',
  partners: '00000000-0000-4000-8000-000000000003',
};
const S = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a3'];

function index() {
  const i = new ConsentIndex();
  i.setPurpose({
    id: P.newsletter,
    key: 'newsletter',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.email',
    channels: ['email', 'sms'],
    gpcApplies: true,
  });
  i.setPurpose({
    id: P.billing,
    key: 'billing',
    legalBasis: 'contract',
    dataUse: 'essential.service.payment_processing',
    channels: ['email', 'post'],
    gpcApplies: false,
  });
  i.setPurpose({
    id: P.partners,
    key: 'partners',
    legalBasis: 'consent',
    dataUse: 'third_party_sharing.personalized_advertising',
    channels: ['email'],
    gpcApplies: true,
  });
  return i;
}
let seq = 0;
const state = (customerId: string, purposeId: string, channel: Channel, kind: ConsentKind, expiresAt: Date | null = null): StateInput => ({
  customerId,
  purposeId,
  channel,
  kind,
  eventId: `e${++seq}`,
  eventSeq: seq,
  expiresAt,
});

describe('can(subject, purpose, channel, at)', () => {
  it('answers from the last event, with its evidence, and explains every denial', () => {
    const i = index();
    const [a = ''] = S;
    expect(i.can(a, 'newsletter', 'email', 0)).toEqual({ allowed: false, reason: 'no_consent', evidence: null });
    expect(i.can(a, 'unknown', 'email', 0).reason).toBe('unknown_purpose');
    expect(i.can(a, 'newsletter', 'post', 0).reason).toBe('channel_not_covered');
    expect(i.can(a, 'billing', 'email', 0)).toEqual({ allowed: true, reason: 'legal_basis', evidence: null });
    const given = state(a, P.newsletter, 'email', 'given', new Date(1000));
    i.setState(given);
    expect(i.can(a, 'newsletter', 'email', 999)).toEqual({ allowed: true, reason: 'consent', evidence: given.eventId });
    expect(i.can(a, P.newsletter, 'email', 999).allowed).toBe(true);
    expect(i.can(a, 'newsletter', 'email', 1000)).toEqual({ allowed: false, reason: 'expired', evidence: given.eventId });
    expect(i.can(a, 'newsletter', 'sms', 0).reason).toBe('no_consent');
    const older = { ...state(a, P.newsletter, 'email', 'withdrawn'), eventSeq: 0 };
    i.setState(older);
    expect(i.can(a, 'newsletter', 'email', 0).reason).toBe('consent');
  });

  it('GPC, objection and restriction override consent and legal basis as the law says', () => {
    const i = index();
    const [a = ''] = S;
    i.setState(state(a, P.newsletter, 'email', 'given'));
    i.setState(state(a, P.partners, 'email', 'given'));
    i.addRestriction({ id: 'gpc1', customerId: a, kind: 'gpc', purposeId: null });
    expect(i.can(a, 'partners', 'email', 0)).toEqual({ allowed: false, reason: 'gpc_objection', evidence: 'gpc1' });
    expect(i.can(a, 'billing', 'email', 0).allowed).toBe(true);
    i.liftRestriction(a, 'gpc1');
    i.addRestriction({ id: 'r1', customerId: a, kind: 'restriction', purposeId: null });
    expect(i.can(a, 'billing', 'email', 0)).toEqual({ allowed: false, reason: 'restricted', evidence: 'r1' });
    expect(i.can(a, 'newsletter', 'email', 0).allowed).toBe(true);
    i.addRestriction({ id: 'o1', customerId: a, kind: 'objection', purposeId: P.partners });
    expect(i.can(a, 'partners', 'email', 0).reason).toBe('objected');
    expect(i.can(a, 'newsletter', 'email', 0).allowed).toBe(true);
    i.addRestriction({ id: 'o2', customerId: a, kind: 'objection', purposeId: null });
    expect(i.can(a, 'newsletter', 'email', 0)).toEqual({ allowed: false, reason: 'objected', evidence: 'o2' });
    i.dropSubject(a);
    expect(i.can(a, 'newsletter', 'email', 0).reason).toBe('no_consent');
  });

  it('returns shared answers: no allocation per decision', () => {
    const i = index();
    const [a = ''] = S;
    i.setState(state(a, P.newsletter, 'email', 'given'));
    expect(i.can(a, 'newsletter', 'email', 0)).toBe(i.can(a, 'newsletter', 'email', 1));
    expect(Object.isFrozen(i.can(a, 'newsletter', 'email', 0))).toBe(true);
    expect(i.canMany([{ customerId: a, purpose: 'newsletter', channel: 'email' }], 0)).toHaveLength(1);
  });
});

const eventArb = fc.record({
  subject: fc.constantFrom(...S),
  purpose: fc.constantFrom(P.newsletter, P.partners),
  channel: fc.constantFrom<Channel>('email', 'sms'),
  kind: fc.constantFrom<ConsentKind>('given', 'withdrawn', 'refused', 'expired'),
});

describe('projection = ledger rebuilt (property)', () => {
  it('events applied in any arrival order give the same answers as a rebuild from the ordered ledger', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), fc.infiniteStream(fc.nat()), (events, randoms) => {
        const ledger = events.map((e, n) => ({
          customerId: e.subject,
          purposeId: e.purpose,
          channel: e.channel,
          kind: e.kind,
          eventId: `ev${n}`,
          eventSeq: n + 1,
          expiresAt: null,
        }));
        // Incremental: post-commit applies may arrive out of order; seq decides.
        const shuffled = [...ledger];
        const it = randoms[Symbol.iterator]();
        for (let k = shuffled.length - 1; k > 0; k--) {
          const j = (it.next().value as number) % (k + 1);
          [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
        }
        const incremental = index();
        for (const e of shuffled) incremental.setState(e);
        // Rebuild: last event per key in ledger order.
        const last = new Map<string, (typeof ledger)[number]>();
        for (const e of ledger) last.set(`${e.customerId}|${e.purposeId}|${e.channel}`, e);
        const rebuilt = index();
        for (const e of last.values()) rebuilt.setState(e);
        for (const s of S)
          for (const p of ['newsletter', 'partners'])
            for (const c of ['email', 'sms'] as Channel[]) {
              expect(incremental.can(s, p, c, 0)).toEqual(rebuilt.can(s, p, c, 0));
            }
      }),
      { numRuns: 200 },
    );
  });
});

describe('replaceSubject (a change made by another process)', () => {
  it('replaces states and restrictions wholesale, even with an older event, and forgets an erased subject', () => {
    const i = index();
    const [a = '', b = ''] = S;
    i.setState(state(a, P.newsletter, 'email', 'given'));
    i.setRestrictions(a, [{ id: 'r1', customerId: a, kind: 'objection', purposeId: null }]);
    i.setState(state(b, P.newsletter, 'email', 'given'));
    // The database says: withdrawn (by an event with a lower seq than the one held), no restriction.
    const withdrawn = { ...state(a, P.newsletter, 'email', 'withdrawn'), eventSeq: 0 };
    i.replaceSubject(a, [withdrawn], []);
    expect(i.can(a, 'newsletter', 'email', 0)).toEqual({ allowed: false, reason: 'withdrawn', evidence: withdrawn.eventId });
    expect(i.can(a, 'billing', 'email', 0).reason).toBe('legal_basis');
    i.replaceSubject(a, [], []);
    expect(i.can(a, 'newsletter', 'email', 0).reason).toBe('no_consent');
    expect(i.can(b, 'newsletter', 'email', 0).allowed).toBe(true);
  });
});

describe('presentDecisionsJson', () => {
  it('is the JSON of the decisions, as the response schema says', async () => {
    const { presentDecisionsJson } = await import('./consent.presenter.ts');
    const { DecisionDtoSchema } = await import('./consent.schemas.ts');
    const i = index();
    const [a = ''] = S;
    const given = state(a, P.newsletter, 'email', 'given');
    i.setState(given);
    const decisions = i.canMany(
      [
        { customerId: a, purpose: 'newsletter', channel: 'email' },
        { customerId: a, purpose: 'newsletter', channel: 'email' },
        { customerId: a, purpose: 'nope', channel: 'email' },
      ],
      0,
    );
    const parsed = JSON.parse(presentDecisionsJson(decisions)) as { items: unknown[] };
    expect(parsed).toEqual({ items: decisions.map((d) => ({ ...d })) });
    for (const item of parsed.items) expect(DecisionDtoSchema.parse(item)).toEqual(item);
    expect(presentDecisionsJson([])).toBe('{"items":[]}');
  });
});
