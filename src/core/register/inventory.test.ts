/**
 * Guard tests over the data inventory of every module, present and future: a table a module
 * exports or erases for a data subject must be in its inventory (so it is in the records of
 * processing and under a retention rule), and every automatic rule has a purge handler.
 */
import { describe, expect, it } from 'vitest';
import { modules } from '../../modules.ts';
import { registriesOf } from '../module.ts';
import { hasMessage } from '../../i18n/index.ts';
import { DATA_CATEGORIES, RETENTION_RULE_KEYS, SUBJECT_CATEGORIES } from './register.taxonomy.ts';
import { RETENTION_DEFAULTS } from './retention.rules.ts';
import { retentionHandlers } from './retention.service.ts';

describe('data inventory', () => {
  it('has the words of the records of processing for every module with an inventory and every retention rule, in fr and en', () => {
    for (const m of modules) {
      if (!m.inventory?.length) continue;
      for (const field of ['name', 'purposes', 'legalBasis', 'recipients']) {
        const key = `register.prefill.module.${m.name}.${field}`;
        expect(hasMessage(key), `module "${m.name}" has an inventory but no "${field}" for its register activity: add "prefill.module.${m.name}.${field}" to src/i18n/locales/fr/register.json and en/register.json`).toBe(true);
      }
    }
    for (const rule of RETENTION_RULE_KEYS) expect(hasMessage(`register.rule.${rule}.source`), `add "rule.${rule}.source" (the legal source in words) to src/i18n/locales/{fr,en}/register.json`).toBe(true);
    for (const c of DATA_CATEGORIES) expect(hasMessage(`register.dataCategory.${c.replaceAll('.', '_')}`), `add "dataCategory.${c.replaceAll('.', '_')}" to src/i18n/locales/{fr,en}/register.json`).toBe(true);
  });

  it('lists every table of each module’s subject-data handler', () => {
    for (const m of modules) {
      const listed = new Set((m.inventory ?? []).map((e) => e.table));
      for (const table of m.subjectData?.tables ?? []) expect(listed.has(table), `${m.name}: ${table} is not in its inventory`).toBe(true);
    }
  });

  it('names each table once, with closed-vocabulary categories and a known rule', () => {
    const seen = new Set<string>();
    for (const m of modules) {
      for (const e of m.inventory ?? []) {
        expect(seen.has(e.table), `${e.table} listed twice`).toBe(false);
        seen.add(e.table);
        expect(e.categories.length, e.table).toBeGreaterThan(0);
        expect(e.subjects.length, e.table).toBeGreaterThan(0);
        for (const c of e.categories) expect(DATA_CATEGORIES).toContain(c);
        for (const s of e.subjects) expect(SUBJECT_CATEGORIES).toContain(s);
        expect(RETENTION_RULE_KEYS).toContain(e.retention);
      }
    }
  });

  it('gives every automatic rule a handler, and every handler an automatic rule of its own module’s inventory', () => {
    const handlers = retentionHandlers(registriesOf(modules));
    for (const rule of RETENTION_RULE_KEYS) {
      const handled = handlers.filter((h) => h.handler.rule === rule);
      expect(handled.length, rule).toBe(RETENTION_DEFAULTS[rule].enforcement === 'auto' ? 1 : 0);
    }
    for (const { module, handler } of handlers) {
      const m = modules.find((x) => x.name === module);
      expect((m?.inventory ?? []).some((e) => e.retention === handler.rule), `${module}: ${handler.rule}`).toBe(true);
    }
  });

  it('runs the customer rule last, after the rules whose records hold a customer', () => {
    expect(retentionHandlers(registriesOf(modules)).at(-1)?.handler.rule).toBe('customer.inactive');
  });
});
