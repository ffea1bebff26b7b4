import { describe, expect, it } from 'vitest';
import { addDays, computeDeadline, slaProgress as rulesProgress } from '../../rules/index.ts';
import { clockProgress, complaintClocks, complaintDeadlines, defaultSlaTerms, pauseLength, slaSummary, WARN_AT, type SlaClock } from './complaints.sla.ts';

const PARIS = 'Europe/Paris';
const unpaused = { slaAckBusinessDays: 10, slaAnswerAmount: 2, slaAnswerUnit: 'months' as const, pausedAt: null, pausedAckBusinessDays: 0, pausedAnswerBusinessDays: 0, pausedAnswerCalendarDays: 0 };

describe('complaint SLA deadlines through src/rules', () => {
  it('acknowledge: 10 business days, skipping French holidays (Easter Monday, 1 and 8 May, Ascension)', () => {
    // Received Thursday 30 April 2026 in Paris. Working days after it: 4, 5, 6, 7, 11, 12, 13, 15, 18, 19 May
    // (1 May Labour Day, 8 May Victory Day, 14 May Ascension are holidays).
    expect(complaintDeadlines(new Date('2026-04-30T09:00:00+02:00'), PARIS).ackDueOn).toBe('2026-05-19');
    // Received Thursday 2 April 2026: Easter Monday 6 April is skipped -> 10th working day is 17 April.
    expect(complaintDeadlines(new Date('2026-04-02T15:00:00+02:00'), PARIS).ackDueOn).toBe('2026-04-17');
  });

  it('answer: two calendar months, clamped at month ends and moved off weekends and holidays', () => {
    // 31 December 2025 + 2 months -> 28 February 2026 is a Saturday -> Monday 2 March.
    expect(complaintDeadlines(new Date('2025-12-31T10:00:00+01:00'), PARIS).answerDueOn).toBe('2026-03-02');
    // 31 March 2026 + 2 months -> 31 May 2026 is a Sunday -> Monday 1 June.
    expect(complaintDeadlines(new Date('2026-03-31T10:00:00+02:00'), PARIS).answerDueOn).toBe('2026-06-01');
    // 15 May 2026 + 2 months -> 15 July (Wednesday; 14 July is the holiday, not 15).
    expect(complaintDeadlines(new Date('2026-05-15T10:00:00+02:00'), PARIS).answerDueOn).toBe('2026-07-15');
  });

  it('uses the customer’s time zone: 23:30 UTC on 31 Dec is already 1 January in Paris', () => {
    const late = complaintDeadlines(new Date('2025-12-31T23:30:00Z'), PARIS);
    // Received on 1 January 2026 (a holiday) in Paris: two months later is 1 March, a Sunday -> 2 March.
    expect(late.answerDueOn).toBe('2026-03-02');
    const utc = complaintDeadlines(new Date('2025-12-31T23:30:00Z'), 'UTC');
    expect(utc.answerDueOn).toBe('2026-03-02');
    // Thursday 8 January 2026 at 23:30 UTC: already Friday in Paris, still Thursday in Guadeloupe.
    expect(complaintDeadlines(new Date('2026-01-08T23:30:00Z'), PARIS).ackDueOn).toBe('2026-01-23');
    expect(complaintDeadlines(new Date('2026-01-08T23:30:00Z'), 'America/Guadeloupe').ackDueOn).toBe('2026-01-22');
  });

  it('warns at 80% of each clock: the warning instant is the first moment progress reaches 0.8', () => {
    for (const at of ['2026-04-30T09:00:00+02:00', '2026-12-18T17:00:00+01:00', '2026-02-27T08:00:00+01:00']) {
      const receivedAt = new Date(at);
      const d = complaintDeadlines(receivedAt, PARIS);
      const ack = (now: Date) => rulesProgress({ kind: 'complaint-ack', start: receivedAt, due: d.ackDueOn, now, tz: PARIS });
      const answer = (now: Date) => rulesProgress({ kind: 'complaint-answer', start: receivedAt, due: d.answerDueOn, now, tz: PARIS });
      expect(ack(d.ackWarnAt), at).toBeGreaterThanOrEqual(WARN_AT);
      expect(ack(new Date(d.ackWarnAt.getTime() - 1)), at).toBeLessThan(WARN_AT);
      expect(answer(d.answerWarnAt), at).toBeGreaterThanOrEqual(WARN_AT);
      expect(answer(new Date(d.answerWarnAt.getTime() - 1000)), at).toBeLessThan(WARN_AT);
    }
  });

  it('reports clock states: running, warning, breached, met and missed, with business days left', () => {
    const receivedAt = new Date('2026-04-30T09:00:00+02:00');
    const d = complaintDeadlines(receivedAt, PARIS);
    const base = { receivedAt, timezone: PARIS, ...d, acknowledgedAt: null, answeredAt: null, ...unpaused };
    const start = complaintClocks(base, new Date('2026-05-04T10:00:00+02:00'));
    expect(start.ack).toMatchObject({ state: 'running', businessDaysLeft: 9, dueOn: '2026-05-19' });
    expect(complaintClocks(base, new Date('2026-05-18T10:00:00+02:00')).ack.state).toBe('warning');
    expect(complaintClocks(base, new Date('2026-05-20T10:00:00+02:00')).ack).toMatchObject({ state: 'breached', businessDaysLeft: -1 });
    expect(complaintClocks({ ...base, acknowledgedAt: new Date('2026-05-05T10:00:00+02:00') }, new Date('2026-06-01')).ack.state).toBe('met');
    expect(complaintClocks({ ...base, acknowledgedAt: new Date('2026-05-20T10:00:00+02:00') }, new Date('2026-06-01')).ack.state).toBe('missed');
  });

  it('without settings nor pauses, gives exactly the deadlines of the src/rules registry, day after day for two years', () => {
    let day = '2025-01-01';
    for (let i = 0; i < 730; i += 1, day = addDays(day, 1)) {
      for (const hour of ['00:30', '12:00', '23:45']) {
        const at = new Date(`${day}T${hour}:00+01:00`);
        const d = complaintDeadlines(at, PARIS);
        expect(d.ackDueOn, day).toBe(computeDeadline({ kind: 'complaint-ack', from: at, tz: PARIS }).due);
        expect(d.answerDueOn, day).toBe(computeDeadline({ kind: 'complaint-answer', from: at, tz: PARIS }).due);
      }
    }
    expect(defaultSlaTerms('2026-05-01')).toEqual({ ackBusinessDays: 10, answerAmount: 2, answerUnit: 'months' });
  });
});

describe('SLA terms per organisation and category', () => {
  it('counts acknowledgement and answer in the business days or months set, around holidays and month ends', () => {
    const at = new Date('2026-04-30T09:00:00+02:00');
    // 5 business days after Thu 30 April: 4, 5, 6, 7, 11 May (1 and 8 May are holidays).
    expect(complaintDeadlines(at, PARIS, { ackBusinessDays: 5, answerAmount: 1, answerUnit: 'months' })).toMatchObject({ ackDueOn: '2026-05-11', answerDueOn: '2026-06-01' });
    // 15 business days for the answer: 4, 5, 6, 7, 11, 12, 13, 15, 18, 19, 20, 21, 22, 26, 27 May
    // (Ascension 14 May and Whit Monday 25 May skipped) -> 27 May.
    expect(complaintDeadlines(at, PARIS, { ackBusinessDays: 1, answerAmount: 15, answerUnit: 'business-days' })).toMatchObject({ ackDueOn: '2026-05-04', answerDueOn: '2026-05-27' });
    // 31 January + 1 month -> 28 February 2026 (a Saturday) -> Monday 2 March.
    expect(complaintDeadlines(new Date('2026-01-31T10:00:00+01:00'), PARIS, { ackBusinessDays: 10, answerAmount: 1, answerUnit: 'months' }).answerDueOn).toBe('2026-03-02');
  });

  it('warns at 80% of a business-day answer clock', () => {
    const at = new Date('2026-04-30T09:00:00+02:00');
    const terms = { ackBusinessDays: 10, answerAmount: 15, answerUnit: 'business-days' as const };
    const d = complaintDeadlines(at, PARIS, terms);
    expect(clockProgress('business-days', 15, at, d.answerDueOn, d.answerWarnAt, PARIS, 0, 0)).toBeGreaterThanOrEqual(WARN_AT);
    expect(clockProgress('business-days', 15, at, d.answerDueOn, new Date(d.answerWarnAt.getTime() - 1), PARIS, 0, 0)).toBeLessThan(WARN_AT);
  });
});

describe('pauses while waiting on the customer', () => {
  it('a pause over a French holiday gives back only the working days (1 May 2026 is not one)', () => {
    // Paused Thursday 30 April, the customer answers Monday 4 May: Friday 1 May is a holiday, so
    // one working day (4 May, the day of the answer) is given back; 4 calendar days.
    expect(pauseLength('2026-04-30', '2026-05-04')).toEqual({ businessDays: 1, calendarDays: 4 });
    // Paused and resumed the same day: nothing is given back.
    expect(pauseLength('2026-05-04', '2026-05-04')).toEqual({ businessDays: 0, calendarDays: 0 });
    // Over Ascension (Thursday 14 May) and a weekend: 13 -> 18 May gives back 15 and 18 May.
    expect(pauseLength('2026-05-13', '2026-05-18')).toEqual({ businessDays: 2, calendarDays: 5 });
  });

  it('moves the due dates by the time paused, then applies the end-of-period rule', () => {
    const at = new Date('2026-04-20T09:00:00+02:00');
    const base = complaintDeadlines(at, PARIS);
    expect(base).toMatchObject({ ackDueOn: '2026-05-05', answerDueOn: '2026-06-22' });
    const paused = complaintDeadlines(at, PARIS, undefined, { ackBusinessDays: 1, answerBusinessDays: 1, answerCalendarDays: 4 });
    // Ack: one more working day after Tuesday 5 May -> Wednesday 6 May.
    expect(paused.ackDueOn).toBe('2026-05-06');
    // Answer: 20 April + 2 months = 20 June (a Saturday, unpaused moved to Monday 22); + 4 days paused = Wednesday 24 June.
    expect(paused.answerDueOn).toBe('2026-06-24');
  });

  it('a pause across a month end: 31 December + 2 months is clamped to 28 February before the days paused are added', () => {
    const at = new Date('2025-12-31T10:00:00+01:00');
    // Unpaused: 28 February 2026 is a Saturday -> Monday 2 March.
    expect(complaintDeadlines(at, PARIS).answerDueOn).toBe('2026-03-02');
    // Paused 30 January -> 2 February (3 calendar days): 28 February + 3 = 3 March (Tuesday).
    const length = pauseLength('2026-01-30', '2026-02-02');
    expect(length).toEqual({ businessDays: 1, calendarDays: 3 });
    expect(complaintDeadlines(at, PARIS, undefined, { ackBusinessDays: 0, answerBusinessDays: length.businessDays, answerCalendarDays: length.calendarDays }).answerDueOn).toBe('2026-03-03');
  });

  it('a paused clock is frozen and never shows as breaching; its progress leaves the paused time out', () => {
    const receivedAt = new Date('2026-04-30T09:00:00+02:00');
    const d = complaintDeadlines(receivedAt, PARIS);
    const facts = { receivedAt, timezone: PARIS, ...d, acknowledgedAt: null, answeredAt: null, ...unpaused, pausedAt: new Date('2026-05-04T10:00:00+02:00') };
    const long = complaintClocks(facts, new Date('2026-06-30T10:00:00+02:00'));
    expect(long.ack.state).toBe('paused');
    expect(long.answer.state).toBe('paused');
    expect(long.ack.progress).toBe(complaintClocks({ ...facts, pausedAt: null }, new Date('2026-05-04T10:00:00+02:00')).ack.progress);
    // After resuming with 3 working days given back, progress is 3 days behind.
    const resumed = { ...facts, pausedAt: null, pausedAckBusinessDays: 3, ...complaintDeadlines(receivedAt, PARIS, undefined, { ackBusinessDays: 3, answerBusinessDays: 3, answerCalendarDays: 5 }) };
    const now = new Date('2026-05-19T10:00:00+02:00');
    expect(resumed.ackDueOn).toBe('2026-05-22');
    expect(complaintClocks(resumed, now).ack.progress).toBeCloseTo((9 - 3) / 10);
  });
});

describe('SLA at a glance (queue line)', () => {
  const clock = (over: Partial<SlaClock>): SlaClock => ({ kind: 'complaint-ack', dueOn: '2026-12-18', unit: 'business-days', amount: 10, progress: 0.5, businessDaysLeft: 5, doneAt: null, state: 'running', ...over });
  it('follows the acknowledgement clock until it is done, then the answer clock; states at their edges', () => {
    const answer = clock({ kind: 'complaint-answer', dueOn: '2027-02-08', progress: 0.79 });
    expect(slaSummary({ ack: clock({}), answer })).toMatchObject({ clock: 'ack', state: 'ok', dueOn: '2026-12-18', elapsed: 0.5 });
    const acked = clock({ doneAt: '2026-12-10T10:00:00.000Z', state: 'met', businessDaysLeft: null });
    expect(slaSummary({ ack: acked, answer })).toMatchObject({ clock: 'answer', state: 'ok', elapsed: 0.79 });
    expect(slaSummary({ ack: acked, answer: { ...answer, progress: WARN_AT, state: 'warning' } }).state).toBe('soon');
    expect(slaSummary({ ack: clock({ progress: 1.4, state: 'breached', businessDaysLeft: -2 }), answer })).toMatchObject({ state: 'breached', elapsed: 1, businessDaysLeft: -2 });
    expect(slaSummary({ ack: acked, answer: { ...answer, state: 'paused' } }).state).toBe('paused');
    expect(slaSummary({ ack: acked, answer: { ...answer, state: 'missed', doneAt: '2027-03-01T10:00:00.000Z' } }).state).toBe('breached');
  });
});
