/**
 * The one date and time formatter of each language, for the portal, e-mails, server documents and
 * the back office alike (no Node imports, so the back office bundles it too).
 *
 * One time rule (issue 10): instants are shown in the organisation's time zone and labelled with
 * it ("18 déc. 2026, 10:24 (heure de Paris)"), so an agent and a customer read the same time for
 * the same event. Deadlines stay computed in the consumer's zone (src/rules); where the customer's
 * zone reads differently (an overseas customer), their local time is shown beside.
 *
 * Labels come from the `dates` catalogue through the caller's translate function (the server's
 * `t`, the back office's i18next), so both sides use the same words.
 */

/** A catalogue lookup: returns the key itself when the message is missing (both i18next setups do). */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export interface DateFormatter {
  /** A calendar date: a local date (`YYYY-MM-DD`) as it is, an instant as its day in the organisation's zone. */
  date(value: string | Date): string;
  /**
   * An instant in the organisation's zone, labelled; with the customer's local time beside when
   * `customerTimeZone` reads it differently. An unreadable value is returned as given.
   */
  dateTime(value: string | Date, customerTimeZone?: string | null): string;
  /** The organisation zone's label alone ("heure de Paris"), for table headings. */
  zoneLabel(timeZone?: string): string;
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** ISO 8601 instants as JSON and the database write them (`2026-12-18T09:24:00.000Z`, offsets too). */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A local date as stored for deadlines (`2026-12-18`). */
export const ISO_DATE = LOCAL_DATE;

/** The BCP 47 tag that gives each language its usual written form. */
function tagOf(locale: string): string {
  return locale === 'en' ? 'en-US' : 'fr-FR';
}

function toDate(value: string | Date): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Builds the formatter of `locale` for an organisation in `timeZone`. */
export function createDateFormatter(locale: string, timeZone: string, translate: Translate): DateFormatter {
  const tag = tagOf(locale);
  const dayIn = (zone: string) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: zone });
  const dateTimeIn = (zone: string) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  const timeIn = (zone: string) => new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone: zone });

  const zoneLabel = (zone: string = timeZone): string => {
    const key = `dates.city.${zone}`;
    const named = translate(key);
    // Zones the catalogue does not name read as their IANA city ("America/Port_of_Spain" → "Port of Spain").
    const city = named && !named.includes(zone) ? named : (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
    return translate('dates.zone', { city });
  };

  return {
    date(value) {
      // A local date names a day, not an instant: written as it is, whatever the zone.
      if (typeof value === 'string' && LOCAL_DATE.test(value)) return dayIn('UTC').format(new Date(`${value}T00:00:00Z`));
      const date = toDate(value);
      return date ? dayIn(timeZone).format(date) : String(value);
    },
    dateTime(value, customerTimeZone) {
      const date = toDate(value);
      if (!date) return String(value);
      const main = `${dateTimeIn(timeZone).format(date)} (${zoneLabel()})`;
      if (!customerTimeZone || customerTimeZone === timeZone) return main;
      let local: string;
      try {
        local = dateTimeIn(customerTimeZone).format(date);
      } catch {
        // An unknown zone on a customer record must not break a page or an e-mail.
        return main;
      }
      if (local === dateTimeIn(timeZone).format(date)) return main;
      // Same day: the time is enough; otherwise the customer's date too.
      const sameDay = dayIn(customerTimeZone).format(date) === dayIn(timeZone).format(date);
      const beside = sameDay ? timeIn(customerTimeZone).format(date) : local;
      return translate('dates.withLocal', { main, local: `${beside} (${zoneLabel(customerTimeZone)})` });
    },
    zoneLabel,
  };
}

/** Formats every ISO date or instant among `params` (e-mail parameters travel as JSON strings). */
export function formatDateParams(params: Record<string, string | number>, formatter: DateFormatter, customerTimeZone?: string | null): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => {
      if (typeof value !== 'string') return [key, value];
      if (LOCAL_DATE.test(value)) return [key, formatter.date(value)];
      if (ISO_INSTANT.test(value)) return [key, formatter.dateTime(value, customerTimeZone)];
      return [key, value];
    }),
  );
}
