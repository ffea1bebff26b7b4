import { describe, expect, it } from 'vitest';
import { dateFormatter, t } from './index.ts';
import { createDateFormatter, formatDateParams } from './dates.ts';

// 09:24 UTC is 10:24 in Paris in winter, 05:24 in Martinique.
const instant = new Date('2026-12-18T09:24:00Z');

describe('one date and time formatter per language', () => {
  it('writes an instant in the organisation’s zone, labelled with it', () => {
    expect(dateFormatter('fr', 'Europe/Paris').dateTime(instant)).toBe('18 déc. 2026, 10:24 (heure de Paris)');
    expect(dateFormatter('en', 'Europe/Paris').dateTime(instant)).toBe('Dec 18, 2026, 10:24 AM (Paris time)');
    // Summer time moves the wall clock, not the label.
    expect(dateFormatter('fr', 'Europe/Paris').dateTime('2026-07-01T09:24:00.000Z')).toBe('1 juil. 2026, 11:24 (heure de Paris)');
  });

  it('shows an overseas customer’s local time beside, and only when it reads differently', () => {
    expect(dateFormatter('fr', 'Europe/Paris').dateTime(instant, 'America/Martinique')).toBe('18 déc. 2026, 10:24 (heure de Paris), soit 05:24 (heure de la Martinique)');
    expect(dateFormatter('en', 'Europe/Paris').dateTime(instant, 'Indian/Reunion')).toBe('Dec 18, 2026, 10:24 AM (Paris time), that is 1:24 PM (Réunion time)');
    // Another day over there: the customer's date is written too.
    expect(dateFormatter('fr', 'Europe/Paris').dateTime('2026-12-18T14:00:00Z', 'Pacific/Noumea')).toBe('18 déc. 2026, 15:00 (heure de Paris), soit 19 déc. 2026, 01:00 (heure de Nouméa)');
    // Same wall clock (Brussels) or same zone: nothing beside.
    expect(dateFormatter('fr', 'Europe/Paris').dateTime(instant, 'Europe/Brussels')).toBe('18 déc. 2026, 10:24 (heure de Paris)');
    expect(dateFormatter('fr', 'Europe/Paris').dateTime(instant, 'Europe/Paris')).toBe('18 déc. 2026, 10:24 (heure de Paris)');
    // A zone the runtime does not know is ignored rather than breaking the page.
    expect(dateFormatter('fr', 'Europe/Paris').dateTime(instant, 'Mars/Olympus')).toBe('18 déc. 2026, 10:24 (heure de Paris)');
  });

  it('names a zone the catalogue lacks by its IANA city', () => {
    expect(dateFormatter('en', 'America/Port_of_Spain').zoneLabel()).toBe('Port of Spain time');
  });

  it('writes a local date as the day it names, whatever the zone; an instant as its day in the organisation’s zone', () => {
    expect(dateFormatter('fr', 'Pacific/Noumea').date('2026-12-18')).toBe('18 déc. 2026');
    expect(dateFormatter('en', 'America/Cayenne').date('2026-12-18')).toBe('Dec 18, 2026');
    expect(dateFormatter('fr', 'Europe/Paris').date(new Date('2026-12-18T23:30:00Z'))).toBe('19 déc. 2026');
    expect(dateFormatter('fr', 'Europe/Paris').date('not a date')).toBe('not a date');
  });

  it('formats the ISO dates and instants among e-mail parameters, and nothing else', () => {
    const f = dateFormatter('fr', 'Europe/Paris');
    expect(formatDateParams({ due: '2026-12-18', at: '2026-12-18T09:24:00.000Z', reference: 'R-2026-0001', count: 3 }, f)).toEqual({
      due: '18 déc. 2026',
      at: '18 déc. 2026, 10:24 (heure de Paris)',
      reference: 'R-2026-0001',
      count: 3,
    });
  });

  it('takes its words from the caller’s catalogue lookup (the back office passes i18next’s)', () => {
    const seen: string[] = [];
    const f = createDateFormatter('en', 'Europe/Paris', (key, params) => {
      seen.push(key);
      return t('en', key, params);
    });
    expect(f.dateTime(instant)).toContain('(Paris time)');
    expect(seen).toEqual(['dates.city.Europe/Paris', 'dates.zone']);
  });
});
