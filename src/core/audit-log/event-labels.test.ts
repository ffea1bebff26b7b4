/**
 * Guard: the audit log is read by people, so every event type a module records has a label in the
 * back office's catalogues, in French and English, and its resource a group label for the filter.
 */
import { describe, expect, it } from 'vitest';
import { modules } from '../../modules.ts';
import { hasMessage } from '../../i18n/index.ts';

describe('audit event labels', () => {
  it('labels every event type of every module in fr and en', () => {
    for (const m of modules) {
      for (const type of Object.keys(m.auditEvents)) {
        const [resource, event] = type.split('.');
        expect(
          hasMessage(`backoffice.auditEvent.${type}`),
          `audit event "${type}" (module ${m.name}) has no label: add "${event}": "…" under "auditEvent" > "${resource}" in src/i18n/locales/fr/backoffice.json and src/i18n/locales/en/backoffice.json`,
        ).toBe(true);
        expect(
          hasMessage(`backoffice.auditEventGroup.${resource}`),
          `audit events "${resource}.*" (module ${m.name}) have no group label: add "${resource}": "…" under "auditEventGroup" in src/i18n/locales/fr/backoffice.json and src/i18n/locales/en/backoffice.json`,
        ).toBe(true);
      }
    }
  });
});
