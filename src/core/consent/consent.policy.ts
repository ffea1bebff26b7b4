/**
 * Pure rules of recording consent: what a ledger event must be to prove consent (GDPR Art. 7(1))
 * and which purposes Global Privacy Control objects to by default (Art. 21(5)). No I/O: the
 * service loads the purpose, these functions decide. Who may record or manage purposes is the
 * route's access (`consent:record`, `purpose:manage`); no consent DTO carries abilities.
 */
import type { Channel } from './consent.decision.ts';

/** GDPR Art. 21(5): by default GPC objects to marketing and to sharing with third parties. */
export function defaultGpcApplies(dataUse: string): boolean {
  return dataUse.startsWith('marketing.') || dataUse.startsWith('third_party_sharing');
}

/** The purpose as the recording rules see it. */
export interface PurposeFacts {
  channels: readonly string[];
  currentVersion: number;
}

/** The event as the recording rules see it; `noticeVersion` is the one shown (the current one when not given). */
export interface EventFacts {
  channel: Channel;
  noticeVersion: number;
  occurredAt: Date | undefined;
}

/**
 * The field that keeps an event out of the ledger, or null when it can be recorded. GDPR Art.
 * 7(1): the proof names a notice the purpose has published and a channel it covers. The
 * projection keeps the latest event by time, so a future event would outrank every later
 * withdrawal (Art. 7(3)): refused.
 */
export function recordingIssue(purpose: PurposeFacts, event: EventFacts, now: Date): 'channel' | 'noticeVersion' | 'occurredAt' | null {
  if (!purpose.channels.includes(event.channel)) return 'channel';
  if (event.noticeVersion < 1 || event.noticeVersion > purpose.currentVersion) return 'noticeVersion';
  if (event.occurredAt && event.occurredAt.getTime() > now.getTime()) return 'occurredAt';
  return null;
}
