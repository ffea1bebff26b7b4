import { describe, expect, it } from 'vitest';
import { slaProgress } from '../../rules/index.ts';
import { complaintClocks, complaintDeadlines, WARN_AT } from './complaints.sla.ts';

const PARIS = 'Europe/Paris';

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
      const ack = (now: Date) => slaProgress({ kind: 'complaint-ack', start: receivedAt, due: d.ackDueOn, now, tz: PARIS });
      const answer = (now: Date) => slaProgress({ kind: 'complaint-answer', start: receivedAt, due: d.answerDueOn, now, tz: PARIS });
      expect(ack(d.ackWarnAt), at).toBeGreaterThanOrEqual(WARN_AT);
      expect(ack(new Date(d.ackWarnAt.getTime() - 1)), at).toBeLessThan(WARN_AT);
      expect(answer(d.answerWarnAt), at).toBeGreaterThanOrEqual(WARN_AT);
      expect(answer(new Date(d.answerWarnAt.getTime() - 1000)), at).toBeLessThan(WARN_AT);
    }
  });

  it('reports clock states: running, warning, breached, met and missed, with business days left', () => {
    const receivedAt = new Date('2026-04-30T09:00:00+02:00');
    const d = complaintDeadlines(receivedAt, PARIS);
    const base = { receivedAt, timezone: PARIS, ...d, acknowledgedAt: null, answeredAt: null };
    const start = complaintClocks(base, new Date('2026-05-04T10:00:00+02:00'));
    expect(start.ack).toMatchObject({ state: 'running', businessDaysLeft: 9, dueOn: '2026-05-19' });
    expect(complaintClocks(base, new Date('2026-05-18T10:00:00+02:00')).ack.state).toBe('warning');
    expect(complaintClocks(base, new Date('2026-05-20T10:00:00+02:00')).ack).toMatchObject({ state: 'breached', businessDaysLeft: -1 });
    expect(complaintClocks({ ...base, acknowledgedAt: new Date('2026-05-05T10:00:00+02:00') }, new Date('2026-06-01')).ack.state).toBe('met');
    expect(complaintClocks({ ...base, acknowledgedAt: new Date('2026-05-20T10:00:00+02:00') }, new Date('2026-06-01')).ack.state).toBe('missed');
  });
});
