/**
 * Audit templates as data (issue 14): one versioned JSON file per template in ./templates, with
 * fr/en texts, each item citing its article, with guidance for the auditor and the evidence it
 * expects. Checked against a schema when the module loads, so a broken file stops the start,
 * not an audit. An audit copies its template's checklist (ethics-audit.tables.ts): edit a
 * template by raising its `version`, never by changing what an item means under the same key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const Text = z.object({ fr: z.string().min(1), en: z.string().min(1) }).strict();
const Key = z.string().regex(/^[a-z0-9_]{1,60}$/);

export const ChecklistItemSchema = z
  .object({
    key: Key,
    /**
     * The article, clause or internal rule the item checks, in each language ("RGPD art. 5",
     * "GDPR Art. 5"): an English page cited French abbreviations.
     */
    ref: Text,
    question: Text,
    guidance: Text,
    evidence: Text,
  })
  .strict();
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const ChecklistSectionSchema = z.object({ key: Key, title: Text, items: z.array(ChecklistItemSchema).min(1) }).strict();
export type ChecklistSection = z.infer<typeof ChecklistSectionSchema>;

/** A checklist item as an audit stored it: audits created before references were bilingual hold `ref` as the French text. */
export type StoredChecklistItem = Omit<ChecklistItem, 'ref'> & { ref: ChecklistItem['ref'] | string };
/** A checklist section as an audit stored it (see {@link StoredChecklistItem}). */
export type StoredChecklistSection = Omit<ChecklistSection, 'items'> & { items: StoredChecklistItem[] };

export const TemplateSchema = z
  .object({
    key: Key,
    version: z.number().int().positive(),
    title: Text,
    description: Text,
    /** Sources to check again (not shown): what was not verified at the primary text. */
    notes: z.string().optional(),
    sections: z.array(ChecklistSectionSchema).min(1),
  })
  .strict();
export type AuditTemplate = z.infer<typeof TemplateSchema>;

/** An item's key in an audit: `<section>.<item>`, unique in the template. */
export const itemKeyOf = (section: { key: string }, item: { key: string }): string => `${section.key}.${item.key}`;

/** Every item of a checklist with its audit key, in order. */
export function checklistItems<S extends { key: string; items: readonly { key: string }[] }>(
  sections: readonly S[],
): (S['items'][number] & { itemKey: string; section: S })[] {
  return sections.flatMap((section) => section.items.map((item) => ({ ...item, itemKey: itemKeyOf(section, item), section })));
}

function loadTemplates(): readonly AuditTemplate[] {
  const dir = new URL('./templates/', import.meta.url);
  const templates = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = TemplateSchema.safeParse(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
      if (!parsed.success) throw new Error(`audit template ${file}: ${parsed.error.message}`);
      const keys = checklistItems(parsed.data.sections).map((i) => i.itemKey);
      if (new Set(keys).size !== keys.length) throw new Error(`audit template ${file}: duplicate item keys`);
      return parsed.data;
    });
  if (new Set(templates.map((t) => t.key)).size !== templates.length) throw new Error('audit templates: duplicate template keys');
  return templates;
}

/**
 * An item's reference in `locale`. Audits created before references were written in both
 * languages hold the French text alone: the shipped template's item of the same key gives the
 * other language (an item key never changes meaning), else the text shows as written.
 */
export function refIn(templateKey: string, itemKey: string, ref: ChecklistItem['ref'] | string, locale: 'fr' | 'en'): string {
  if (typeof ref !== 'string') return ref[locale];
  const shipped = checklistItems(findTemplate(templateKey)?.sections ?? []).find((i) => i.itemKey === itemKey);
  return shipped && shipped.ref.fr === ref ? shipped.ref[locale] : ref;
}

/** The templates shipped with the product, in file order. */
export const AUDIT_TEMPLATES: readonly AuditTemplate[] = loadTemplates();

/** The template keys, for the create schema (an unknown key is a 400 naming the field). */
export const TEMPLATE_KEYS = AUDIT_TEMPLATES.map((t) => t.key) as [string, ...string[]];

export function findTemplate(key: string): AuditTemplate | undefined {
  return AUDIT_TEMPLATES.find((t) => t.key === key);
}
