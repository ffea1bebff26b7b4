/** A scrub's instant still standing for the sending: the exact send instant ahead, the same local day once it has passed. */
import { describe, expect, it } from 'vitest';
import { campaignBlocks, scrubInstantHolds } from './campaign.policy.ts';

const PARIS = 'Europe/Paris';
const d = (iso: string) => new Date(iso);

describe('scrubInstantHolds', () => {
  // Monday 30 November 2026, 11:00 in Paris.
  const send = d('2026-11-30T11:00:00+01:00');

  it('holds before the send instant only for a scrub of that very instant', () => {
    expect(scrubInstantHolds(send, send, d('2026-11-27T09:00:00+01:00'), PARIS)).toBe(true);
    // A scrub of another instant (the send time moved) does not stand for this one, even a minute off.
    expect(scrubInstantHolds(d('2026-11-30T11:01:00+01:00'), send, d('2026-11-27T09:00:00+01:00'), PARIS)).toBe(false);
  });

  it('holds once the instant has passed through the end of its local day, not from the next day', () => {
    expect(scrubInstantHolds(send, send, d('2026-11-30T11:00:00+01:00'), PARIS)).toBe(true);
    expect(scrubInstantHolds(send, send, d('2026-11-30T23:59:59.999+01:00'), PARIS)).toBe(true);
    expect(scrubInstantHolds(send, send, d('2026-12-01T00:00:00+01:00'), PARIS)).toBe(false);
  });

  it('counts the day in the organisation’s zone, not in UTC', () => {
    // 00:30 on 1 December in Paris is still 30 November in UTC: another day for a Paris organisation.
    expect(scrubInstantHolds(send, send, d('2026-11-30T23:30:00Z'), PARIS)).toBe(false);
    // For an organisation in Martinique (UTC-4), 30 November lasts until 04:00 UTC on 1 December.
    expect(scrubInstantHolds(send, send, d('2026-12-01T03:59:00Z'), 'America/Martinique')).toBe(true);
    expect(scrubInstantHolds(send, send, d('2026-12-01T04:00:00Z'), 'America/Martinique')).toBe(false);
  });

  it('lets a late campaign scrubbed today be sent today (it judged an instant of today)', () => {
    const late = d('2026-11-30T08:00:00+01:00');
    const scrubbedAt = d('2026-11-30T10:15:00+01:00');
    expect(scrubInstantHolds(scrubbedAt, late, d('2026-11-30T16:00:00+01:00'), PARIS)).toBe(true);
    expect(scrubInstantHolds(scrubbedAt, late, d('2026-12-01T10:00:00+01:00'), PARIS)).toBe(false);
  });
});

describe('campaignBlocks', () => {
  it('names a stale scrub only when there is a scrub', () => {
    const ok = { required: false, approved: false };
    expect(campaignBlocks(ok, true)).toEqual([]);
    expect(campaignBlocks(ok, true, true)).toEqual(['scrub_stale']);
    expect(campaignBlocks(ok, false, true)).toEqual(['not_scrubbed']);
    expect(campaignBlocks({ required: true, approved: false }, true, true)).toEqual(['message_not_approved', 'scrub_stale']);
  });
});
