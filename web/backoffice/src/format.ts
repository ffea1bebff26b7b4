import type { TFunction } from 'i18next';
import { createDateFormatter, type DateFormatter } from '../../../src/i18n/dates.ts';
import { formatMoney } from '../../../src/i18n/money.ts';
import { i18n } from './i18n.ts';

/**
 * The organisation's time zone, set from the session (`/api/auth/me`) when it loads. Times are
 * shown in it and labelled, as in the portal and e-mails, never in the browser's zone: the same
 * complaint reads 10:24 (heure de Paris) for an agent abroad and for the customer (issue 10).
 */
let organisationTimeZone = 'Europe/Paris';
const formatters = new Map<string, DateFormatter>();

/** Called once the session is known; later formatting uses the organisation's zone. */
export function setOrganisationTimeZone(timeZone: string): void {
  if (timeZone === organisationTimeZone) return;
  organisationTimeZone = timeZone;
  formatters.clear();
}

/** The shared formatter (src/i18n/dates.ts) of `lang`, worded from the same catalogues as the server. */
export function dateFormatter(lang: string): DateFormatter {
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = createDateFormatter(lang, organisationTimeZone, (key, params) => {
      const [ns = '', ...rest] = key.split('.');
      return i18n.t(rest.join('.'), { lng: lang, ns, ...params });
    });
    formatters.set(lang, formatter);
  }
  return formatter;
}

/**
 * A short value that must not break across lines ("8 déc. 2026" read as "8" then "déc. 2026"):
 * its spaces become no-break spaces. For a date in a sentence of a narrow cell; a long one (a
 * date and time with its zone) should keep its spaces.
 */
export function keepTogether(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

/** Formats an ISO timestamp as a date and time in the organisation's zone, labelled with it. */
export function formatDateTime(iso: string, lang: string): string {
  return dateFormatter(lang).dateTime(iso);
}

/** A role's display name, falling back to its code for roles the catalogue does not know yet. */
export function roleLabel(t: TFunction, role: string): string {
  return t(`roles.${role}`, { defaultValue: role });
}

/** A permission code ("user:read") in words ("Users — view"), unknown parts shown as codes. */
export function permissionLabel(t: TFunction, permission: string): string {
  const [resource = permission, action = ''] = permission.split(':');
  const resourceText = t(`resources.${resource}`, { defaultValue: resource });
  const actionText = t(`actions.${action}`, { defaultValue: action });
  return action ? `${resourceText} — ${actionText}` : resourceText;
}

/** Groups permissions by resource: `[["Users", ["view", "create"]], …]`, in first-seen order. */
export function groupPermissions(t: TFunction, permissions: readonly string[]): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const permission of permissions) {
    const [resource = permission, action = ''] = permission.split(':');
    const key = t(`resources.${resource}`, { defaultValue: resource });
    const list = groups.get(key) ?? [];
    if (action) list.push(t(`actions.${action}`, { defaultValue: action }));
    groups.set(key, list);
  }
  return [...groups.entries()];
}

/** "abcdef123456…7890" — enough of a hash to compare by eye without filling the row. */
export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 12)}…${hash.slice(-6)}` : hash;
}

/**
 * An amount in cents as people of the UI language write it, with its currency ("59,80 €",
 * "€59.80"): the one way the back office shows money, the same as the portal's and e-mails'
 * (src/i18n/money.ts).
 */
export function formatAmount(cents: number, lang: string, currency = 'EUR'): string {
  return formatMoney(lang, cents, currency);
}

/**
 * An amount in cents as the starting value of a field people edit, in the UI language's decimal
 * mark and without grouping ("1234,50" in French, "1234.50" in English): what they would type,
 * and what the forms' parsers read back (either mark is accepted).
 */
export function amountInputValue(cents: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(
    cents / 100,
  );
}
