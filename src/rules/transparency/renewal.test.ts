import { describe, expect, it } from 'vitest';
import { isoDayOfWeek } from '../calendar.ts';
import { nextRenewalPeriod, reminderStatus, reminderTiming, renewalReminderWindow } from './renewal.ts';
import { TransparencyRulesError } from './errors.ts';

describe('tacit-renewal reminder window (C. consom. L.215-1)', () => {
  it('opens 3 months and closes 1 month before the last day to refuse', () => {
    expect(renewalReminderWindow('2027-06-15')).toEqual({
      opensOn: '2027-03-15',
      closesOn: '2027-05-15',
      lastDayToRefuse: '2027-06-15',
      ref: 'C. consom. L.215-1',
    });
    expect(reminderTiming('2027-03-14', '2027-06-15')).toBe('early');
    expect(reminderTiming('2027-03-15', '2027-06-15')).toBe('in_window');
    expect(reminderTiming('2027-05-15', '2027-06-15')).toBe('in_window');
    expect(reminderTiming('2027-05-16', '2027-06-15')).toBe('late');
  });

  it('month ends: the window never opens early nor closes late under either reading', () => {
    // 31 May: three months before is 28 Feb or 1 Mar; the window opens on 1 Mar. One month before: 30 April.
    expect(renewalReminderWindow('2027-05-31')).toMatchObject({ opensOn: '2027-03-01', closesOn: '2027-04-30' });
    expect(renewalReminderWindow('2027-05-28')).toMatchObject({ opensOn: '2027-02-28', closesOn: '2027-04-28' });
    expect(renewalReminderWindow('2028-05-30')).toMatchObject({ opensOn: '2028-03-01', closesOn: '2028-04-30' }); // leap year: 29 Feb + 3 months = 29 May < 30 May
    expect(renewalReminderWindow('2028-05-29')).toMatchObject({ opensOn: '2028-02-29' });
    expect(renewalReminderWindow('2027-03-31')).toMatchObject({ opensOn: '2026-12-31', closesOn: '2027-02-28' });
    expect(renewalReminderWindow('2027-01-31')).toMatchObject({ opensOn: '2026-10-31', closesOn: '2026-12-31' });
  });

  it('the last day to refuse is not moved for a weekend, nor are the bounds', () => {
    // 2027-02-28 is a Sunday: the window counted from it stays where it falls.
    expect(isoDayOfWeek('2027-02-28')).toBe(7);
    expect(renewalReminderWindow('2027-02-28')).toMatchObject({
      opensOn: '2026-11-28',
      closesOn: '2027-01-28',
      lastDayToRefuse: '2027-02-28',
    });
    // A window closing on a Saturday (2026-12-05) closes that Saturday.
    expect(renewalReminderWindow('2027-01-05').closesOn).toBe('2026-12-05');
    expect(reminderTiming('2026-12-07', '2027-01-05')).toBe('late');
  });

  it('status: not yet, due, sent, missed (the customer may then terminate at any time from the renewal, L.215-1 al. 2)', () => {
    const c = { lastDayToRefuse: '2027-06-15', renewalOn: '2027-07-15' };
    expect(reminderStatus({ ...c, today: '2027-03-14', sentOn: null }).state).toBe('not_yet');
    expect(reminderStatus({ ...c, today: '2027-03-15', sentOn: null }).state).toBe('due');
    expect(reminderStatus({ ...c, today: '2027-05-15', sentOn: null }).state).toBe('due');
    expect(reminderStatus({ ...c, today: '2027-05-16', sentOn: null })).toMatchObject({
      state: 'missed',
      terminateAnyTimeFrom: '2027-07-15',
    });
    expect(reminderStatus({ ...c, today: '2027-05-20', sentOn: '2027-04-01' })).toMatchObject({
      state: 'sent',
      terminateAnyTimeFrom: null,
    });
    // Sent too early: does not count; a reminder is due again in the window.
    expect(reminderStatus({ ...c, today: '2027-04-01', sentOn: '2027-03-01' }).state).toBe('due');
    // Sent late: missed all the same.
    expect(reminderStatus({ ...c, today: '2027-05-20', sentOn: '2027-05-18' }).state).toBe('missed');
  });

  it('refuses malformed or impossible input, and dates before the rule', () => {
    expect(() => renewalReminderWindow('2027-02-29')).toThrow(TransparencyRulesError);
    expect(() => renewalReminderWindow('2016-06-30')).toThrow(TransparencyRulesError);
    expect(() => reminderStatus({ lastDayToRefuse: '2027-06-15', renewalOn: '2027-06-15', today: '2027-04-01', sentOn: null })).toThrow(
      TransparencyRulesError,
    );
  });
});

describe('the period a tacit renewal starts', () => {
  it('runs a term from the renewal day; the next last day to refuse keeps its distance', () => {
    // A one-year contract from 2026-03-01, last day to refuse 31 days before renewal (the contract's date).
    expect(nextRenewalPeriod({ renewalOn: '2027-03-01', lastDayToRefuse: '2027-01-29', termMonths: 12 })).toEqual({
      commitmentEndOn: '2028-02-29',
      renewalOn: '2028-03-01',
      lastDayToRefuse: '2028-01-30',
    });
    // The default: the last day to refuse is the last committed day.
    expect(nextRenewalPeriod({ renewalOn: '2027-01-01', lastDayToRefuse: '2026-12-31', termMonths: 12 })).toEqual({
      commitmentEndOn: '2027-12-31',
      renewalOn: '2028-01-01',
      lastDayToRefuse: '2027-12-31',
    });
  });

  it('month ends clamp like the first period', () => {
    expect(nextRenewalPeriod({ renewalOn: '2027-01-31', lastDayToRefuse: '2027-01-30', termMonths: 1 })).toMatchObject({
      commitmentEndOn: '2027-02-27',
      renewalOn: '2027-02-28',
    });
    expect(nextRenewalPeriod({ renewalOn: '2028-01-31', lastDayToRefuse: '2028-01-30', termMonths: 1 })).toMatchObject({
      commitmentEndOn: '2028-02-28',
      renewalOn: '2028-02-29',
    });
  });

  it('refuses a term that is not whole months and a last day on or after the renewal', () => {
    expect(() => nextRenewalPeriod({ renewalOn: '2027-01-01', lastDayToRefuse: '2026-12-31', termMonths: 0 })).toThrow(
      TransparencyRulesError,
    );
    expect(() => nextRenewalPeriod({ renewalOn: '2027-01-01', lastDayToRefuse: '2027-01-01', termMonths: 12 })).toThrow(
      TransparencyRulesError,
    );
  });
});
