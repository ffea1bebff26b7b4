import { describe, expect, it } from 'vitest';
import { isPhoneNoticeAt, phoneCollectionNotice } from './notice.ts';

describe('phone collection notice (C. consom. L.223-1 from 2026-08-11)', () => {
  it('is owed from 2026-08-11 in the consumer’s day, not before', () => {
    expect(phoneCollectionNotice(new Date('2026-08-10T21:59:59Z'))).toBeNull(); // 23:59:59 in Paris
    expect(phoneCollectionNotice(new Date('2026-08-10T22:00:00Z'))).toMatchObject({
      key: 'phone_canvassing_consent@2026-08-11',
      ref: 'C. consom. L.223-1',
    }); // 00:00 in Paris
    // Still 2026-08-10 in Guadeloupe (UTC-4) at that instant.
    expect(phoneCollectionNotice(new Date('2026-08-10T22:00:00Z'), 'America/Guadeloupe')).toBeNull();
    expect(phoneCollectionNotice(new Date('2026-08-11T04:00:00Z'), 'America/Guadeloupe')).not.toBeNull();
  });

  it('names in a proof only the notice in force at the instant of the consent', () => {
    const key = 'phone_canvassing_consent@2026-08-11';
    expect(isPhoneNoticeAt(key, new Date('2026-08-10T22:00:00Z'))).toBe(true); // 00:00 on 11 August in Paris
    expect(isPhoneNoticeAt(key, new Date('2026-08-10T21:59:59Z'))).toBe(false); // none owed the day before
    expect(isPhoneNoticeAt('phone_canvassing_consent@2027-01-01', new Date('2026-09-01T10:00:00Z'))).toBe(false);
    expect(isPhoneNoticeAt('', new Date('2026-09-01T10:00:00Z'))).toBe(false);
  });
});
