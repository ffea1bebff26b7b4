import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, addMonths, isLocalDate, isWorkingDay, isoDayOfWeek, toLocalDate } from './calendar.ts';
import { DEADLINE_KINDS, DEADLINE_RULES, computeDeadline, isDeadlineKind, ruleFor, slaProgress } from './deadlines.ts';
import type { DeadlineKind } from './deadlines.ts';
import { DeadlineInputError } from './errors.ts';

const PARIS = 'Europe/Paris';
const due = (kind: string, from: string, tz = PARIS, alsaceMoselle = false): string =>
  computeDeadline({ kind, from, tz, options: { alsaceMoselle } }).due;

function inputError(fn: () => unknown): DeadlineInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeadlineInputError) return err;
    throw err;
  }
  throw new Error('expected a DeadlineInputError');
}

describe('registry', () => {
  it('has exactly one valid, dated version per kind today', () => {
    expect(DEADLINE_RULES.map((r) => r.kind).sort()).toEqual([...DEADLINE_KINDS].sort());
    for (const r of DEADLINE_RULES) {
      expect(isLocalDate(r.effectiveFrom), r.kind).toBe(true);
      expect(r.source.length).toBeGreaterThan(0);
      expect(r.moveToWorkingDay).toBe(r.periodUnit === 'days' || r.periodUnit === 'months');
    }
  });

  it('ruleFor picks the version in force on the event date', () => {
    expect(ruleFor('dsr', '2026-04-04').amount).toBe(1);
    expect(ruleFor('dsr', '2018-05-25').effectiveFrom).toBe('2018-05-25');
    expect(inputError(() => ruleFor('dsr', '2018-05-24')).code).toBe('no-rule-in-force');
    expect(inputError(() => ruleFor('complaint-ack', '2022-12-30')).code).toBe('no-rule-in-force');
    expect(inputError(() => ruleFor('nope', '2026-01-01')).code).toBe('unknown-kind');
    expect(inputError(() => ruleFor('dsr', '2026-02-30')).code).toBe('invalid-date');
  });

  it('isDeadlineKind guards strings', () => {
    expect(isDeadlineKind('dsr')).toBe(true);
    expect(isDeadlineKind('DSR')).toBe(false);
    expect(isDeadlineKind(42)).toBe(false);
  });
});

describe('dsr: 1 calendar month from receipt (GDPR Art. 12(3)), moved (Reg. 1182/71 Art. 3(4))', () => {
  it('same date next month; the day of receipt is not counted', () => {
    expect(due('dsr', '2026-04-04T10:00:00Z')).toBe('2026-05-04'); // Monday
    expect(computeDeadline({ kind: 'dsr', from: '2026-04-04T10:00:00Z', tz: PARIS })).toEqual({
      kind: 'dsr',
      unit: 'day',
      due: '2026-05-04',
    });
  });

  it('moves a Saturday end to Monday', () => {
    expect(addMonths('2026-04-30', 1)).toBe('2026-05-30');
    expect(isoDayOfWeek('2026-05-30')).toBe(6);
    expect(due('dsr', '2026-04-30T10:00:00Z')).toBe('2026-06-01');
  });

  it('moves over holidays: 1 May, Ascension, Whit Monday', () => {
    expect(due('dsr', '2026-04-01T10:00:00Z')).toBe('2026-05-04'); // 1 May (Fri) + weekend
    expect(due('dsr', '2026-04-14T10:00:00Z')).toBe('2026-05-15'); // Ascension (Thu)
    expect(due('dsr', '2026-04-25T10:00:00Z')).toBe('2026-05-26'); // Whit Monday
    expect(due('dsr', '2026-04-23T10:00:00Z')).toBe('2026-05-26'); // Sat 23 May -> Sun -> Whit Monday -> Tue
  });

  it('clamps at month ends', () => {
    expect(due('dsr', '2027-01-31T10:00:00Z')).toBe('2027-03-01'); // 28 Feb 2027 is a Sunday
    expect(due('dsr', '2028-01-31T10:00:00Z')).toBe('2028-02-29'); // leap year, a Tuesday
    expect(due('dsr', '2026-03-31T10:00:00Z')).toBe('2026-04-30');
  });

  it('counts in the consumer time zone', () => {
    // 22:30 UTC on 31 March is already 1 April in Paris and Noumea, still 31 March in Guadeloupe.
    const from = '2026-03-31T22:30:00Z';
    expect(toLocalDate(from, PARIS)).toBe('2026-04-01');
    expect(due('dsr', from, PARIS)).toBe('2026-05-04'); // 1 May (Fri) -> Mon 4 May
    expect(due('dsr', from, 'Pacific/Noumea')).toBe('2026-05-04');
    expect(due('dsr', from, 'America/Guadeloupe')).toBe('2026-04-30');
    expect(due('dsr', '2026-01-31T23:30:00Z', PARIS)).toBe('2026-03-02'); // received Sun 1 Feb -> Sun 1 Mar -> Mon
    expect(due('dsr', '2026-03-31T23:30:00+01:00', 'UTC')).toBe('2026-04-30');
  });
});

describe('dsr-extended: 3 months from receipt (Art. 12(3) "two further months")', () => {
  it('counts 3 months from receipt, not 2 months from the first deadline', () => {
    // Receipt 31 Jan 2026: first deadline 28 Feb (Sat, moved to 2 Mar). 3 months from receipt: 30 Apr.
    expect(due('dsr-extended', '2026-01-31T10:00:00Z')).toBe('2026-04-30');
    expect(addMonths(addMonths('2026-01-31', 1), 2)).toBe('2026-04-28'); // the chained reading, not used
    expect(due('dsr-extended', '2026-08-31T10:00:00Z')).toBe('2026-11-30'); // Aug 31 + 3 months, a Monday
    expect(due('dsr-extended', '2026-02-14T10:00:00Z')).toBe('2026-05-15'); // 14 May is Ascension
  });
});

describe('breach-authority: 72 hours (GDPR Art. 33(1)), never moved', () => {
  it('is an instant in UTC, exactly 72 h later', () => {
    expect(computeDeadline({ kind: 'breach-authority', from: '2026-03-01T10:00:00Z', tz: PARIS })).toEqual({
      kind: 'breach-authority',
      unit: 'hour',
      due: '2026-03-04T10:00:00.000Z',
    });
    expect(due('breach-authority', '2026-03-04T11:00:00+01:00')).toBe('2026-03-07T10:00:00.000Z');
  });

  it('is not moved when it ends on a Sunday or a holiday', () => {
    expect(due('breach-authority', '2026-03-05T09:15:00Z')).toBe('2026-03-08T09:15:00.000Z'); // Sunday
    expect(due('breach-authority', '2026-12-22T08:00:00Z')).toBe('2026-12-25T08:00:00.000Z'); // Christmas
  });

  it('counts elapsed hours across a DST change (wall clock shifts)', () => {
    // Paris springs forward on 29 March 2026: 12:00 local on the 27th + 72 h = 13:00 local on the 30th.
    expect(due('breach-authority', '2026-03-27T12:00:00+01:00')).toBe('2026-03-30T11:00:00.000Z');
  });
});

describe('complaints (ACPR 2022-R-01)', () => {
  it('acknowledges on the 10th business day after receipt', () => {
    expect(due('complaint-ack', '2026-04-24T10:00:00Z')).toBe('2026-05-12'); // over 1 May and 8 May
    expect(due('complaint-ack', '2026-04-30T10:00:00Z')).toBe('2026-05-19'); // and Ascension
    expect(due('complaint-ack', '2026-07-06T10:00:00Z')).toBe('2026-07-21'); // 14 July
    expect(due('complaint-ack', '2026-12-18T10:00:00Z')).toBe('2027-01-05'); // Christmas, New Year
    expect(due('complaint-ack', '2025-12-19T10:00:00Z', PARIS, true)).toBe('2026-01-07'); // + 26 Dec (Alsace-Moselle)
    expect(due('complaint-ack', '2026-05-02T10:00:00Z')).toBe('2026-05-19'); // received on a Saturday; skips 8 and 14 May
  });

  it('answers within 2 calendar months, moved', () => {
    expect(due('complaint-answer', '2026-03-14T10:00:00Z')).toBe('2026-05-15'); // 14 May is Ascension
    expect(due('complaint-answer', '2026-12-31T10:00:00Z')).toBe('2027-03-01'); // 28 Feb 2027 is a Sunday
  });
});

describe('speak-up (Directive (EU) 2019/1937 Art. 9)', () => {
  it('acknowledges within 7 days, moved', () => {
    expect(due('speakup-ack', '2026-07-07T10:00:00Z')).toBe('2026-07-15'); // 14 July
    expect(due('speakup-ack', '2026-03-02T10:00:00Z')).toBe('2026-03-09'); // Monday -> Monday
    expect(due('speakup-ack', '2026-12-18T10:00:00Z')).toBe('2026-12-28'); // Fri 25 Dec -> Mon 28
  });

  it('gives feedback within 3 months of the acknowledgement, moved', () => {
    expect(due('speakup-feedback', '2026-02-14T10:00:00Z')).toBe('2026-05-15');
    expect(due('speakup-feedback', '2026-11-30T10:00:00Z')).toBe('2027-03-01'); // 28 Feb 2027 (Sun)
  });
});

describe('mediation-limit: 1 year from the written complaint (C. consom. L.612-2)', () => {
  it('is the same date a year later, moved', () => {
    expect(due('mediation-limit', '2025-05-01T10:00:00Z')).toBe('2026-05-04'); // 1 May 2026 (Fri)
    expect(due('mediation-limit', '2028-02-29T10:00:00Z')).toBe('2029-02-28');
    expect(due('mediation-limit', '2025-06-10T10:00:00Z')).toBe('2026-06-10');
  });
});

describe('input errors', () => {
  it('throws DeadlineInputError with a code and a clear message', () => {
    const unknown = inputError(() => computeDeadline({ kind: 'gdpr', from: '2026-04-04T10:00:00Z', tz: PARIS }));
    expect(unknown.code).toBe('unknown-kind');
    expect(unknown.message).toMatch(/Unknown deadline kind "gdpr"/);
    expect(unknown.name).toBe('DeadlineInputError');

    const instant = inputError(() => computeDeadline({ kind: 'dsr', from: '2026-04-31T10:00:00Z', tz: PARIS }));
    expect(instant.code).toBe('invalid-instant');
    expect(inputError(() => computeDeadline({ kind: 'dsr', from: '2026-04-04T10:00:00', tz: PARIS })).code).toBe('invalid-instant');
    expect(inputError(() => computeDeadline({ kind: 'dsr', from: 'soon', tz: PARIS })).code).toBe('invalid-instant');

    const zone = inputError(() => computeDeadline({ kind: 'dsr', from: '2026-04-04T10:00:00Z', tz: 'Europe/Pariss' }));
    expect(zone.code).toBe('invalid-time-zone');
    expect(zone.message).toMatch(/Europe\/Pariss/);

    expect(inputError(() => computeDeadline({ kind: 'dsr', from: '2017-01-01T10:00:00Z', tz: PARIS })).code).toBe('no-rule-in-force');
    expect(inputError(() => computeDeadline({ kind: 'dsr', from: '9999-12-20T10:00:00Z', tz: PARIS })).code).toBe('invalid-instant');
  });

  it('accepts a Date', () => {
    expect(computeDeadline({ kind: 'dsr', from: new Date('2026-04-04T10:00:00Z'), tz: PARIS }).due).toBe('2026-05-04');
  });
});

const instantArb = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2040, 11, 31) }).map((ms) => new Date(ms).toISOString());
const tzArb = fc.constantFrom(PARIS, 'America/Guadeloupe', 'Pacific/Noumea', 'Indian/Reunion', 'UTC');
const dayKindArb = fc.constantFrom<DeadlineKind>(...DEADLINE_KINDS.filter((k) => k !== 'breach-authority'));
const movedKindArb = fc.constantFrom<DeadlineKind>(...DEADLINE_KINDS.filter((k) => ruleFor(k, '2026-01-01').moveToWorkingDay));

describe('properties', () => {
  it('day kinds: due is a date after the event date, and a working day', () => {
    fc.assert(
      fc.property(dayKindArb, instantArb, tzArb, fc.boolean(), (kind, from, tz, alsaceMoselle) => {
        const r = computeDeadline({ kind, from, tz, options: { alsaceMoselle } });
        expect(r.unit).toBe('day');
        expect(isLocalDate(r.due)).toBe(true);
        expect(r.due > toLocalDate(from, tz)).toBe(true); // the event day itself never counts
        expect(isWorkingDay(r.due, { alsaceMoselle })).toBe(true);
      }),
    );
  });

  it('moved kinds end on the computed day or within 4 days after it, never earlier', () => {
    fc.assert(
      fc.property(movedKindArb, instantArb, tzArb, (kind, from, tz) => {
        const rule = ruleFor(kind, toLocalDate(from, tz));
        const event = toLocalDate(from, tz);
        const raw = rule.periodUnit === 'days' ? addDays(event, rule.amount) : addMonths(event, rule.amount);
        const d = due(kind, from, tz);
        expect(d >= raw && d <= addDays(raw, 4)).toBe(true);
        if (isWorkingDay(raw)) expect(d).toBe(raw);
      }),
    );
  });

  it('complaint-ack due is always a working day, exactly 10 business days on', () => {
    fc.assert(
      fc.property(instantArb, fc.boolean(), (from, alsaceMoselle) => {
        const d = due('complaint-ack', from, PARIS, alsaceMoselle);
        expect(isWorkingDay(d, { alsaceMoselle })).toBe(true);
        expect(isoDayOfWeek(d)).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('is monotonic in `from`', () => {
    fc.assert(
      fc.property(fc.constantFrom<DeadlineKind>(...DEADLINE_KINDS), instantArb, instantArb, tzArb, (kind, a, b, tz) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(due(kind, early, tz) <= due(kind, late, tz)).toBe(true);
      }),
    );
  });

  it('breach-authority is always exactly 72 h later, whatever the zone', () => {
    fc.assert(
      fc.property(instantArb, tzArb, (from, tz) => {
        expect(Date.parse(due('breach-authority', from, tz)) - Date.parse(from)).toBe(72 * 3_600_000);
      }),
    );
  });

  it('dsr-extended is never before dsr', () => {
    fc.assert(
      fc.property(instantArb, tzArb, (from, tz) => {
        expect(due('dsr-extended', from, tz) > due('dsr', from, tz)).toBe(true);
      }),
    );
  });
});

describe('slaProgress', () => {
  it('calendar kinds: elapsed time to the end of the due day', () => {
    const start = '2026-04-04T08:00:00Z'; // 10:00 in Paris
    const d = due('dsr', start); // 2026-05-04
    const end = Date.parse('2026-05-04T22:00:00Z'); // 5 May 00:00 in Paris
    const at = (ms: number) => slaProgress({ kind: 'dsr', start, due: d, now: new Date(ms), tz: PARIS });
    expect(at(Date.parse(start))).toBe(0);
    expect(at(Date.parse(start) - 3_600_000)).toBe(0); // never negative
    expect(at(end)).toBe(1);
    expect(at((Date.parse(start) + end) / 2)).toBeCloseTo(0.5, 10);
    expect(at(end + (end - Date.parse(start)))).toBeCloseTo(2, 10); // overdue is not clamped
  });

  it('business-day kinds: whole working days elapsed', () => {
    const start = '2026-04-24T08:00:00Z'; // Friday
    const d = due('complaint-ack', start); // 2026-05-12
    const at = (now: string) => slaProgress({ kind: 'complaint-ack', start, due: d, now, tz: PARIS });
    expect(at('2026-04-24T15:00:00Z')).toBe(0);
    expect(at('2026-04-27T15:00:00Z')).toBe(0); // first working day still running
    expect(at('2026-04-28T07:00:00Z')).toBeCloseTo(0.1, 10);
    expect(at('2026-05-02T10:00:00Z')).toBeCloseTo(0.4, 10); // 1 May does not count
    expect(at('2026-05-12T20:00:00Z')).toBeCloseTo(0.9, 10); // still on time on the due day
    expect(at('2026-05-12T22:00:00Z')).toBe(1); // 13 May in Paris: time is up
    expect(at('2026-05-15T10:00:00Z')).toBeCloseTo(1.1, 10); // 13 May elapsed, 14 is Ascension, 15 running
  });

  it('hour kinds: elapsed time to the due instant', () => {
    const start = '2026-03-01T10:00:00Z';
    const d = due('breach-authority', start);
    expect(slaProgress({ kind: 'breach-authority', start, due: d, now: '2026-03-02T22:00:00Z', tz: PARIS })).toBe(0.5);
  });

  it('rejects a due of the wrong shape', () => {
    expect(inputError(() => slaProgress({ kind: 'dsr', start: '2026-04-04T08:00:00Z', due: '2026-05-04T00:00:00Z', now: '2026-04-05T00:00:00Z', tz: PARIS })).code).toBe(
      'invalid-date',
    );
    expect(inputError(() => slaProgress({ kind: 'breach-authority', start: '2026-04-04T08:00:00Z', due: '2026-04-07', now: '2026-04-05T00:00:00Z', tz: PARIS })).code).toBe(
      'invalid-instant',
    );
  });
});
