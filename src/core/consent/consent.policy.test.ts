import { describe, expect, it } from 'vitest';
import { defaultGpcApplies, recordingIssue } from './consent.policy.ts';

const now = new Date('2026-03-02T10:00:00Z');
const purpose = { channels: ['email', 'sms'], currentVersion: 3 };

describe('recording consent (GDPR Art. 7(1))', () => {
  it('records an event on a covered channel, under a published notice, at a past or present time', () => {
    expect(recordingIssue(purpose, { channel: 'email', noticeVersion: 3, occurredAt: undefined }, now)).toBeNull();
    expect(recordingIssue(purpose, { channel: 'sms', noticeVersion: 1, occurredAt: now }, now)).toBeNull();
  });

  it('names the field at fault: an uncovered channel, an unknown notice version, a future time', () => {
    expect(recordingIssue(purpose, { channel: 'post', noticeVersion: 3, occurredAt: undefined }, now)).toBe('channel');
    expect(recordingIssue(purpose, { channel: 'email', noticeVersion: 0, occurredAt: undefined }, now)).toBe('noticeVersion');
    expect(recordingIssue(purpose, { channel: 'email', noticeVersion: 4, occurredAt: undefined }, now)).toBe('noticeVersion');
    // A future event would outrank every later withdrawal in the projection (Art. 7(3)).
    expect(recordingIssue(purpose, { channel: 'email', noticeVersion: 3, occurredAt: new Date(now.getTime() + 1) }, now)).toBe(
      'occurredAt',
    );
  });
});

describe('Global Privacy Control (GDPR Art. 21(5))', () => {
  it('objects by default to marketing and to sharing with third parties, not to the rest', () => {
    expect(defaultGpcApplies('marketing.communications.email')).toBe(true);
    expect(defaultGpcApplies('third_party_sharing.partners')).toBe(true);
    expect(defaultGpcApplies('service.delivery')).toBe(false);
    expect(defaultGpcApplies('analytics.marketing')).toBe(false);
  });
});
