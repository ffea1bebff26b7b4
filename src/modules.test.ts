import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modules } from './modules.ts';
import { collectRegistries } from './runtime.ts';
import { isPermission } from './core/auth/permissions.ts';
import { hasMessage } from './i18n/index.ts';

/** Guard tests over every module manifest, present and future. */
describe('module manifests', () => {
  it('have unique names and register without duplicate events or jobs', () => {
    expect(new Set(modules.map((m) => m.name)).size).toBe(modules.length);
    expect(() => collectRegistries(modules)).not.toThrow();
  });

  it('name audit events resource.past_tense, each with a strict Zod object schema', () => {
    for (const m of modules) {
      for (const [type, schema] of Object.entries(m.auditEvents)) {
        expect(type, m.name).toMatch(/^[a-z_]+\.[a-z_]+$/);
        expect(schema, type).toBeInstanceOf(z.ZodObject);
        // Strict (catchall never): a payload with an unexpected, possibly personal, field is refused.
        expect((schema.def as { catchall?: unknown }).catchall, type).toBeInstanceOf(z.ZodNever);
      }
    }
  });

  it('declare only permissions of the closed set, and navigation with translated labels', () => {
    for (const m of modules) {
      for (const p of m.permissions) expect(isPermission(p), `${m.name}: ${p}`).toBe(true);
      for (const entry of m.nav ?? []) {
        expect(isPermission(entry.permission)).toBe(true);
        expect(entry.path).toMatch(/^\/app\//);
        expect(hasMessage(`backoffice.${entry.labelKey}`), entry.labelKey).toBe(true);
      }
    }
  });

  it('name the dashboard section of every module that contributes KPIs, in each language', () => {
    for (const m of modules) if (m.kpis?.length) expect(hasMessage(`kpi.module.${m.name}`), m.name).toBe(true);
  });

  it('give every cron a registered job type', () => {
    const { jobs, crons } = collectRegistries(modules);
    for (const cron of crons) expect(jobs.has(cron.jobType), cron.name).toBe(true);
  });
});
