/**
 * SLA clocks of a complaint, computed with the dated rules of src/rules in the customer's time
 * zone: acknowledge within 10 business days, answer within 2 months (ACPR 2022-R-01 defaults).
 */
import { addBusinessDays, addDays, businessDaysBetween, computeDeadline, slaProgress, startOfLocalDay, toLocalDate } from '../../rules/index.ts';

/** Fraction of the allowed time after which a clock shows on the "breaching soon" queue. */
export const WARN_AT = 0.8;

export interface ComplaintDeadlines {
  ackDueOn: string;
  answerDueOn: string;
  ackWarnAt: Date;
  answerWarnAt: Date;
}

/** Due dates and warning instants for a complaint received at `receivedAt` from a customer in `tz`. */
export function complaintDeadlines(receivedAt: Date, tz: string): ComplaintDeadlines {
  const ackDueOn = computeDeadline({ kind: 'complaint-ack', from: receivedAt, tz }).due;
  const answerDueOn = computeDeadline({ kind: 'complaint-answer', from: receivedAt, tz }).due;
  const startDate = toLocalDate(receivedAt, tz);
  // Business days: progress counts working days fully elapsed, so it reaches 80% the day after
  // the ceil(80%)-th working day.
  const total = businessDaysBetween(startDate, ackDueOn);
  const ackWarnAt = startOfLocalDay(addDays(addBusinessDays(startDate, Math.ceil(total * WARN_AT)), 1), tz);
  // Months: progress is calendar time up to the end of the due day.
  const end = startOfLocalDay(addDays(answerDueOn, 1), tz).getTime();
  const answerWarnAt = new Date(receivedAt.getTime() + Math.ceil((end - receivedAt.getTime()) * WARN_AT));
  return { ackDueOn, answerDueOn, ackWarnAt, answerWarnAt };
}

export interface SlaClock {
  kind: 'complaint-ack' | 'complaint-answer';
  dueOn: string;
  /** 0 at the start, 1 when the time has run out, above 1 when late (frozen when stopped). */
  progress: number;
  /** Working days from today to the due date (negative when late); null once stopped. */
  businessDaysLeft: number | null;
  /** When the step was done, if it was. */
  doneAt: string | null;
  state: 'running' | 'warning' | 'breached' | 'met' | 'missed';
}

function clock(kind: SlaClock['kind'], receivedAt: Date, dueOn: string, doneAt: Date | null, now: Date, tz: string): SlaClock {
  const at = doneAt ?? now;
  const progress = slaProgress({ kind, start: receivedAt, due: dueOn, now: at, tz });
  if (doneAt) {
    const onTime = toLocalDate(doneAt, tz) <= dueOn;
    return { kind, dueOn, progress, businessDaysLeft: null, doneAt: doneAt.toISOString(), state: onTime ? 'met' : 'missed' };
  }
  const today = toLocalDate(now, tz);
  const state = today > dueOn ? 'breached' : progress >= WARN_AT ? 'warning' : 'running';
  return { kind, dueOn, progress, businessDaysLeft: businessDaysBetween(today, dueOn), doneAt: null, state };
}

/** Both clocks of a complaint at `now`. */
export function complaintClocks(
  c: { receivedAt: Date; timezone: string; ackDueOn: string; answerDueOn: string; acknowledgedAt: Date | null; answeredAt: Date | null },
  now: Date,
): { ack: SlaClock; answer: SlaClock } {
  return {
    ack: clock('complaint-ack', c.receivedAt, c.ackDueOn, c.acknowledgedAt, now, c.timezone),
    answer: clock('complaint-answer', c.receivedAt, c.answerDueOn, c.answeredAt, now, c.timezone),
  };
}
