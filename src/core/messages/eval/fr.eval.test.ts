import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Guards the frozen French evaluation set of the message checker (issue 12): the file must stay a
 * usable, balanced benchmark. It checks the shape of the data only, never the checker.
 */
const categories = [
  'urgency',
  'scarcity',
  'social_proof',
  'misdirection',
  'sneaking',
  'obstruction',
  'forced_action',
  'pressure',
  'misleading_free',
  'children',
  'greenwashing',
  'missing_information',
] as const;
const messageTypes = ['price_change', 'contract_change', 'renewal', 'marketing', 'reduction', 'other'];

interface EvalRow {
  id: string;
  text: string;
  label: 'fair' | 'manipulative';
  categories: string[];
  type: string;
}

const lines = readFileSync(new URL('./fr.eval.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');
const rows = lines.map((line) => JSON.parse(line) as EvalRow);
const hasDigit = (row: EvalRow) => /\d/.test(row.text);

describe('French evaluation set of the message checker', () => {
  it('has at least 300 lines, each one JSON object with exactly the expected fields', () => {
    expect(lines.length).toBeGreaterThanOrEqual(300);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['categories', 'id', 'label', 'text', 'type']);
      expect(row.id).toMatch(/^fr-\d{3,}$/);
      expect(row.text.trim().length).toBeGreaterThan(0);
      expect(['fair', 'manipulative']).toContain(row.label);
      expect(messageTypes).toContain(row.type);
    }
  });

  it('has unique ids and no text twice', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('uses only the closed set of category codes: none on fair texts, at least one on manipulative ones', () => {
    for (const row of rows) {
      for (const code of row.categories) expect(categories).toContain(code);
      expect(new Set(row.categories).size).toBe(row.categories.length);
      if (row.label === 'fair') expect(row.categories).toEqual([]);
      else expect(row.categories.length).toBeGreaterThan(0);
    }
  });

  it('has at least 20 manipulative texts per category', () => {
    for (const code of categories) {
      const count = rows.filter((r) => r.categories.includes(code)).length;
      expect(count, code).toBeGreaterThanOrEqual(20);
    }
  });

  it('is about half fair (45 % to 55 %)', () => {
    const fairShare = rows.filter((r) => r.label === 'fair').length / rows.length;
    expect(fairShare).toBeGreaterThanOrEqual(0.45);
    expect(fairShare).toBeLessThanOrEqual(0.55);
  });

  it('has digits in at least 30 % of each half, so "contains a number" cannot separate them', () => {
    for (const label of ['fair', 'manipulative'] as const) {
      const half = rows.filter((r) => r.label === label);
      expect(half.filter(hasDigit).length / half.length, label).toBeGreaterThanOrEqual(0.3);
    }
  });
});
