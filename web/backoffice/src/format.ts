import type { TFunction } from 'i18next';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an ISO timestamp as a medium date and time in the given language. */
export function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateTimeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(lang, format);
  }
  return format.format(date);
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
