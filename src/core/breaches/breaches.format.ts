import type { Locale } from '../context.ts';

/** Formats an instant in the organisation's time zone, with the zone named (the 72 h are exact instants). */
export function formatInstant(date: Date, locale: Locale, tz: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: tz, timeZoneName: 'short' }).format(date);
}
